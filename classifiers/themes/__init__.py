"""Themes across documents and years, and recurring problems (`jiandu themes`).

`ThemeModel` classifies items onto the editable taxonomy (`corpus/themes.json`); `group_items`
puts every item in exactly one theme (taxonomy or discovered) and links recurring problems;
`train(seed)` fits and saves the model under `classifiers/models/`; `default_model()` loads it.
"""
from __future__ import annotations

from .grouping import Recurrence, ThemeGroup, ThemeItem, ThemesResult, group_items
from .model import ModelIntegrityError, ThemeModel
from .store import MODEL_PATH, default_model


def train(seed: int = 0):
    """Fit on the TRAIN split, tune on it, save; returns the model path (see `train.py`)."""
    from .train import train as _train

    return _train(seed=seed)


__all__ = ["ThemeModel", "ModelIntegrityError", "ThemeItem", "ThemeGroup", "Recurrence", "ThemesResult",
           "group_items", "default_model", "train", "MODEL_PATH"]
