"""Bad input gets a clear error and nothing else: no traceback, exit code 3, one line on stderr."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extractors import DocumentError, Limits, load

from .conftest import DOCS, ROOT, need


def jiandu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"), (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 40, "unsupported"),
    (b"PK\x03\x04garbage", "corrupt|not a Word"), (b"%PDF-1.7\n%garbage", "corrupt|PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "unsupported|legacy|encrypted"),
    (b"%", "corrupt or truncated docx"),  # a cut file is damaged, not a text file
])
def test_unreadable_files_exit_3_with_one_line(tmp_path: Path, content: bytes, reason: str):
    p = tmp_path / "bad.docx"
    p.write_bytes(content)
    r = jiandu("parse", str(p), "--json")
    assert r.returncode == 3
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jiandu: {p}: ")
    import re
    assert re.search(reason, lines[0], re.I)


def test_missing_file_and_usage_errors():
    assert jiandu("parse", "/nonexistent/x.docx").returncode == 3
    assert jiandu("parse").returncode == 2
    assert jiandu("parse", "x", "--bogus").returncode == 2


def test_size_limit_is_enforced(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_text("执法检查。" * 1000, encoding="utf-8")
    with pytest.raises(DocumentError, match="too large"):
        load(p, Limits(max_bytes=1000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xd0\xcf\x11\xe0"]),
       body=st.binary(min_size=0, max_size=2048))
def test_random_bytes_never_crash_a_reader(tmp_path: Path, prefix: bytes, body: bytes):
    p = tmp_path / "fuzz.bin"
    p.write_bytes(prefix + body)
    try:
        doc = load(p)
    except DocumentError as e:
        assert e.reason
    else:
        assert doc.blocks or doc.warnings


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.05, max_value=0.95), flips=st.lists(st.integers(min_value=0, max_value=10**6), max_size=8))
def test_mutated_corpus_files_never_crash(tmp_path: Path, cut: float, flips: list[int]):
    for name in ("s1_01_shipin_anquan.docx", "s1_01_shipin_anquan.pdf"):
        src = DOCS / name
        if not src.exists():
            continue
        data = bytearray(src.read_bytes())
        for f in flips:
            data[f % len(data)] ^= 0xFF
        p = tmp_path / name
        p.write_bytes(bytes(data[: max(1, int(len(data) * cut))]) if cut < 0.9 else bytes(data))
        try:
            load(p)
        except DocumentError as e:
            assert e.reason
