"""Alembic environment: runs on the connection `service.db.Store.migrate` hands over.

Run by the service at start-up (`upgrade head`); by hand for a new revision:
`alembic -c service/migrations/alembic.ini revision -m "…"` with `sqlalchemy.url` set.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from service.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                    prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run()
