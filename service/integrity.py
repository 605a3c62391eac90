"""Load a model (or any file that will be deserialised) only if its SHA-256 digest checks out.

Unpickling a swapped joblib file would run whatever code the attacker put in it, so a file is
trusted only when its digest matches one recorded when it was written: `NAME.sha256` beside it
(written by `write_digest`, one line `<hex>  <name>` as sha256sum prints) or a digest passed in
(e.g. from a manifest). Verification reads the bytes once and deserialises *those* bytes, so the
file cannot be swapped between the check and the load.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class IntegrityError(Exception):
    """The file's digest is missing or does not match: it must not be loaded."""


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def digest_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.name + ".sha256")


def write_digest(path: str | Path) -> str:
    """Record the file's digest beside it; returns the digest."""
    digest = sha256_file(path)
    digest_path(path).write_text(f"{digest}  {Path(path).name}\n", encoding="utf-8")
    return digest


def expected_digest(path: str | Path) -> str:
    dp = digest_path(path)
    if not dp.exists():
        raise IntegrityError(f"{Path(path).name}: no digest file {dp.name}; refusing to load it")
    text = dp.read_text(encoding="utf-8").split()
    if not text or len(text[0]) != 64:
        raise IntegrityError(f"{dp.name}: not a SHA-256 digest")
    return text[0].lower()


def verified_bytes(path: str | Path, digest: str | None = None) -> bytes:
    """The file's bytes, if their SHA-256 equals `digest` (or the recorded one)."""
    want = (digest or expected_digest(path)).lower()
    data = Path(path).read_bytes()
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), want):
        raise IntegrityError(f"{Path(path).name}: SHA-256 does not match the recorded digest; refusing to load it")
    return data


def verify_file(path: str | Path, digest: str | None = None) -> bool:
    """True if the file matches; raises IntegrityError otherwise."""
    verified_bytes(path, digest)
    return True


def load_verified(path: str | Path, loader: Callable[[bytes], T], digest: str | None = None) -> T:
    """Deserialise the verified bytes with `loader` (e.g. `json.loads`, `lambda b: joblib.load(BytesIO(b))`)."""
    return loader(verified_bytes(path, digest))
