"""Every operation in /openapi.json, fed generated requests by schemathesis: never a 5xx.

Runs as an administrator (who reaches every endpoint), on the embedded store in a temporary
directory (15 examples per operation) and on the throwaway PostgreSQL 15 cluster of
service_backends.py (valid requests only, two generated examples per operation besides the
boundary values: what differs there is the SQL — integer ranges, text the server refuses — not
the request shapes; skipped with the reason shown where PostgreSQL is absent). The access rules
themselves are the property test in test_api.py.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from service.api import create_app
from service.auth import create_user
from service.settings import Settings
from tests.service_backends import new_pg_database

_DATA = Path(tempfile.mkdtemp(prefix="jiandu-schemathesis-"))
_APP = create_app(Settings(data_dir=_DATA), run_jobs_inline=True)
with _APP.state.store.write() as _s:
    _user, _TOKEN = create_user(_s, "admin", "admin", "")
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    _APP.state.store.dispose()
    shutil.rmtree(_DATA, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=15, deadline=None)
def test_no_operation_answers_a_server_error(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {_TOKEN}"}, checks=[not_a_server_error])


# ---------------------------------------------------------------- the same on PostgreSQL

@pytest.fixture(scope="module")
def pg_app(tmp_path_factory):
    """The API on a fresh PostgreSQL database (skips where the cluster cannot be started),
    with its administrator's token."""
    url = new_pg_database()
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("schemathesis-pg"), database_url=url),
                     run_jobs_inline=True)
    with app.state.store.write() as s:
        _u, token = create_user(s, "admin", "admin", "")
    yield app, token
    app.state.store.dispose()


# The OpenAPI document does not depend on the store, so the operations come from the app above
# and each case is sent to the PostgreSQL app instead (a lazy schema from a fixture,
# `schemathesis.pytest.from_fixture`, does not run under this pytest: it sets `Function._nodeid`).
# Only valid requests reach the database (FastAPI answers the invalid ones before any SQL, the
# same on both stores), so PostgreSQL gets the positive cases: the coverage phase's boundary
# values (largest integers, empty and odd strings) and two generated examples per operation.
schema_pg = schemathesis.openapi.from_asgi(
    "/openapi.json", _APP, config=SchemathesisConfig.from_dict({"generation": {"mode": "positive"}}))


@schema_pg.parametrize()
@settings(max_examples=2, deadline=None)
def test_no_operation_answers_a_server_error_on_postgresql(case, pg_app):
    app, token = pg_app
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error], app=app)
