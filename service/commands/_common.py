"""Options and set-up shared by the store commands (ingest, search, serve, user, watch)."""
from __future__ import annotations

import argparse


def add_data_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR",
                   help="data directory of the embedded store (default $JIANDU_DATA or ./data); "
                        "$DATABASE_URL=postgresql://… selects PostgreSQL instead")


def open_store(args: argparse.Namespace):
    """Settings from the environment and `--data`, and the migrated store."""
    from ..db import Store
    from ..settings import Settings

    settings = Settings.from_env(getattr(args, "data", None))
    return Store.open(settings)
