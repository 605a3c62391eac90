"""The two stores every service test runs on: embedded SQLite and a throwaway PostgreSQL 15.

The PostgreSQL cluster is started once per test session from the machine's
`/usr/lib/postgresql/15/bin` in a temporary directory on a free port (as root, through
`runuser -u postgres`), and stopped at exit. Each test gets a fresh database cloned from a
migrated template, so tests never see each other's rows and the clone costs milliseconds.
Where the binaries are absent the PostgreSQL variant is skipped with the reason shown.

Import the fixtures into a test module with `from tests.service_backends import *`.
"""
from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("JIANDU_PG_BIN", "/usr/lib/postgresql/15/bin"))
_cluster: dict | None = None
_counter = itertools.count()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def pg_unavailable_reason() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL 15 binaries not found in {PG_BIN}"
    if os.geteuid() == 0:
        try:
            import pwd
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root but there is no 'postgres' user to run the cluster"
    return None


def pg_cluster() -> dict:
    """Start (once) a PostgreSQL cluster with a migrated template database; return its facts."""
    global _cluster
    if _cluster is not None:
        return _cluster
    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    tmp = Path(tempfile.mkdtemp(prefix="jiandu-pg-"))
    os.chmod(tmp, 0o755)
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    datadir = tmp / "data"
    port = _free_port()
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(datadir), "-U", "postgres",
                                 "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-l", str(tmp / "log"),
                                 "-w", "-o", f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 "
                                 "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                                 "start"]), check=True, capture_output=True)

    def stop() -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-m", "immediate",
                                     "stop"]), capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

    atexit.register(stop)
    base = f"postgresql://postgres@127.0.0.1:{port}"
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE jiandu_template")
    from service.db import Store
    from service.settings import Settings

    store = Store.open(Settings(data_dir=tmp / "tplfiles", database_url=f"{base}/jiandu_template"))
    store.dispose()
    _cluster = {"base": base, "dir": tmp, "stop": stop}
    return _cluster


def new_pg_database() -> str:
    """A fresh, migrated PostgreSQL database URL for one test."""
    cluster = pg_cluster()
    import psycopg

    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{cluster['base']}/postgres", autocommit=True) as conn:
        for _ in range(20):
            try:
                conn.execute(f"CREATE DATABASE {name} TEMPLATE jiandu_template STRATEGY FILE_COPY")
                break
            except psycopg.errors.ObjectInUse:  # template still busy for an instant
                time.sleep(0.05)
    return f"{cluster['base']}/{name}"


_shared_db: str | None = None
TABLES = "events, audit_log, corrections, search_entries, items, blocks, jobs, documents, tokens, users"


def emptied_pg_database() -> str:
    """One database shared by function-scoped tests, emptied before each (much cheaper than a
    new database per test, which costs a checkpoint)."""
    global _shared_db
    if _shared_db is None:
        _shared_db = new_pg_database()
    import psycopg

    with psycopg.connect(_shared_db, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    return _shared_db


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request, tmp_path):
    """Service settings on an empty store of each backend (data dir for files in tmp_path)."""
    from service.settings import Settings

    data = tmp_path / "data"
    if request.param == "postgresql":
        return Settings(data_dir=data, database_url=emptied_pg_database(), lease_seconds=2.0)
    return Settings(data_dir=data, lease_seconds=2.0)


@pytest.fixture
def store(settings):
    from service.db import Store

    st = Store.open(settings)
    yield st
    st.dispose()


__all__ = ["settings", "store", "new_pg_database", "emptied_pg_database", "pg_cluster", "pg_unavailable_reason"]


# ---------------------------------------------------------------- corpus documents as files

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_text(name: str) -> str:
    """A corpus source rendered as plain text (markup and gold markers removed): real content,
    cheap to parse, so service tests exercise the store rather than the Word reader."""
    import re

    src = (CORPUS / "sources" / f"{name}.jd").read_text(encoding="utf-8")
    header, _, body = src.partition("\n---\n")
    title = next((ln.split(":", 1)[1].strip() for ln in header.splitlines() if ln.startswith("title:")), "")
    lines = [title, ""]
    for ln in body.splitlines():
        ln = ln.rstrip()
        if not ln or ln.startswith("@@"):
            continue
        ln = re.sub(r"^(#{1,4}|\^|>)\s*", "", ln)
        ln = re.sub(r"\{[PR]\|[^}]*\}|\{/\}", "", ln).replace("**", "")
        if ln.startswith("| "):
            ln = "  ".join(c.strip() for c in ln.strip("| ").split(" | "))
        lines.append(ln)
    return "\n".join(lines) + "\n"


def corpus_file(tmp: Path, name: str) -> Path:
    """The corpus document `name` as a .txt file in `tmp`."""
    path = Path(tmp) / f"{name}.txt"
    path.write_text(corpus_text(name), encoding="utf-8")
    return path


def ingest_now(store, path: Path, office: str = "", user=None):  # noqa: ANN001
    """Add a file and run its job in this process; returns (document id, final state)."""
    from service.jobs import run_one
    from service.store import add_document, latest_job

    with store.write() as s:
        doc, _created = add_document(s, store.settings, Path(path).read_bytes(), Path(path).name,
                                     office=office, user=user)
        doc_id, job_id = doc.id, latest_job(s, doc.id).id
    state = run_one(store, "test-worker", job_id=job_id, isolate=False)
    return doc_id, state


__all__ += ["corpus_text", "corpus_file", "ingest_now", "CORPUS"]
