"""Where the trained theme model lives, and how a command gets one.

`default_model()` loads `classifiers/models/themes.npz` (digest-checked). When it has not been
trained yet — a fresh checkout — it fits one in memory from the corpus's train split (about a
second) rather than failing, so `jiandu themes` works before `jiandu train themes` has run.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .model import ThemeModel

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "themes.npz"
_cached: ThemeModel | None = None


def default_model(path: Path | None = None) -> ThemeModel:
    """The saved model; a tampered file raises `ModelIntegrityError` rather than being used."""
    global _cached
    if path is not None:
        return ThemeModel.load(path)
    if _cached is None:
        if MODEL_PATH.exists():
            _cached = ThemeModel.load(MODEL_PATH)
        else:
            from .train import fit_model

            sys.stderr.write("jiandu: theme model not trained yet; fitting one from corpus/ "
                             "(run `jiandu train themes` to save it)\n")
            _cached = fit_model(seed=0)
    return _cached
