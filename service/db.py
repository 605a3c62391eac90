"""Opening the store: engine, sessions and migrations, for embedded SQLite or PostgreSQL.

SQLite is the zero-set-up default (DATA/jiandu.db). It is made safe for several processes (API
plus workers) by WAL (readers never block the writer), a busy_timeout (writers wait instead of
failing) and `BEGIN IMMEDIATE` for write transactions: a deferred transaction that reads and
then writes can hit SQLITE_BUSY without waiting when another writer got there first, which
would surface as random 500s under load. Read sessions stay deferred so searches run in
parallel with ingestion.

PostgreSQL (`DATABASE_URL=postgresql://…`) is for a province-wide deployment where several API
processes and workers share one database; nothing else changes.

`Store.open` runs `alembic upgrade head` at start-up under a lock (a file lock on SQLite, an
advisory lock on PostgreSQL) so several processes starting at once do not race on DDL.
"""
from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATE_LOCK = 7_470_233_001


def make_engine(settings: Settings) -> Engine:
    """An engine with the per-backend connection settings the service relies on."""
    if settings.is_postgres:
        return create_engine(settings.url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.url, connect_args={"timeout": settings.sqlite_busy_ms / 1000,
                                                       "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Take transaction control from pysqlite so that BEGIN is ours (IMMEDIATE for writers).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


class Store:
    """One deployment's database and file area: sessions for reading and for writing."""

    def __init__(self, settings: Settings, engine: Engine | None = None):
        self.settings = settings
        self.engine = engine or make_engine(settings)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_bind = self.engine if settings.is_postgres else self.engine.execution_options(sqlite_immediate=True)
        self._write = sessionmaker(write_bind, expire_on_commit=False)

    @classmethod
    def open(cls, settings: Settings, migrate: bool = True) -> "Store":
        store = cls(settings)
        settings.files_dir.mkdir(parents=True, exist_ok=True)
        if migrate:
            store.migrate()
        return store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; closed at the end (its transaction is discarded, and objects
        keep the values they were read with)."""
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any exception."""
        with self._write() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self) -> None:
        """`alembic upgrade head`, serialised across processes."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.settings.url.replace("%", "%%"))
        if self.settings.is_postgres:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATE_LOCK})
                conn.commit()
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    conn.commit()
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATE_LOCK})
                    conn.commit()
            return
        lock_path = self.settings.data_dir / ".migrate.lock"
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with self.engine.connect() as conn:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    conn.commit()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def dispose(self) -> None:
        self.engine.dispose()
