"""Every operation in /openapi.json, fed generated requests by schemathesis: never a 5xx.

Runs as an administrator (who reaches every endpoint) on the embedded store in a temporary
directory; the access rules themselves are the property test in test_api.py.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error

from service.api import create_app
from service.auth import create_user
from service.settings import Settings

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
