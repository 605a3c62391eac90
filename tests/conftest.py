"""Shared fixtures: paths to the corpus and the shared external documents, golden-file switch."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed so a submission cannot fail on a draw nobody saw;
# local runs keep exploring new inputs (set CI=true to reproduce a CI run exactly).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCS = CORPUS / "documents"
SOURCES = CORPUS / "sources"
SHARED = Path(os.environ.get("JIANDU_SHARED", ROOT.parent / "shared"))
EXTERNAL = CORPUS / "external"  # byte-for-byte copies of ../shared/external (see its SOURCES.md)
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.json from the current output (review the diff!)")


@pytest.fixture
def regen(request) -> bool:
    return bool(request.config.getoption("--regen-golden"))


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path
