"""Alembic migrations of the jiandu store (run by `service.db.Store.migrate`)."""
