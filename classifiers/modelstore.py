"""Saving and loading trained models without trusting whatever file lies on disk.

Unpickling runs code, so a model is only unpickled after its SHA-256 matches the digest recorded
in `classifiers/models/MANIFEST.json` at training time (the manifest ships with the code and is
reviewed in commits). A swapped or corrupted model file is refused with a clear error instead of
being executed.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

MODELS = Path(__file__).resolve().parent / "models"
MANIFEST = MODELS / "MANIFEST.json"


class ModelIntegrityError(RuntimeError):
    """The model file does not match the digest recorded when it was trained."""


def _manifest() -> dict[str, Any]:
    if MANIFEST.exists():
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(obj: Any, name: str, meta: dict[str, Any] | None = None) -> Path:
    """Write `models/<name>` and record its digest and metadata in the manifest."""
    import joblib

    MODELS.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    joblib.dump(obj, buf, compress=3)
    data = buf.getvalue()
    path = MODELS / name
    path.write_bytes(data)
    manifest = _manifest()
    manifest[name] = {"sha256": sha256(data), **(meta or {})}
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load(name: str, path: Path | None = None) -> Any:
    """Load a model only if its bytes match the manifest's digest."""
    import joblib

    path = path or MODELS / name
    entry = _manifest().get(name)
    if entry is None:
        raise ModelIntegrityError(f"model {name} is not in the manifest; retrain with `jiandu train`")
    data = path.read_bytes()
    if sha256(data) != entry["sha256"]:
        raise ModelIntegrityError(f"model file {path} does not match its recorded digest; refusing to load it")
    return joblib.load(io.BytesIO(data))
