"""Decisions over aligned evidence: is the point addressed, and is the work finished?

Two small logistic regressions, trained from the train pairs of `corpus/tracking/gold.json` by
`python -m corpus.train_tracking`. They are stored as plain JSON parameters (feature names,
coefficients, intercept) rather than pickles, so loading a model can never execute code.
Generic boilerplate never reaches them: it is filtered before alignment evidence is formed, so
"高度重视、逐条研究" can neither address a point nor make it look finished.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cues

MODELS = Path(__file__).resolve().parent.parent / "models"
ADDRESSED_MODEL = "tracking_addressed.json"
STATUS_MODEL = "tracking_status.json"
ADDRESSED_FEATURES = ["best", "best_cosine", "best_title_cov", "best_sent_cov", "best_figures", "best_cue",
                      "n_evidence", "margin", "share", "core_overlap"]
ORDER = ("not_addressed", "in_progress", "resolved")


@dataclass
class LinearModel:
    """A fitted binary logistic regression in portable form."""

    features: list[str]
    coef: list[float]
    intercept: float
    mean: list[float]
    scale: list[float]
    meta: dict[str, Any]

    def probability(self, x: dict[str, float]) -> float:
        z = self.intercept
        for name, c, m, s in zip(self.features, self.coef, self.mean, self.scale):
            z += c * ((x.get(name, 0.0) - m) / (s or 1.0))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"features": self.features, "coef": self.coef, "intercept": self.intercept,
                "mean": self.mean, "scale": self.scale, "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "LinearModel":
        return cls(list(d["features"]), [float(c) for c in d["coef"]], float(d["intercept"]),
                   [float(m) for m in d["mean"]], [float(s) for s in d["scale"]], dict(d.get("meta", {})))


def fit(rows: list[dict[str, float]], labels: list[int], features: list[str], meta: dict[str, Any],
        C: float = 1.0, seed: int = 0, balanced: bool = True) -> LinearModel:
    """Standardise and fit a seeded, class-balanced logistic regression (scikit-learn)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    X = np.array([[r.get(f, 0.0) for f in features] for r in rows], dtype=float)
    y = np.array(labels)
    pipe = Pipeline([("scale", StandardScaler()),
                     ("lr", LogisticRegression(C=C, class_weight="balanced" if balanced else None, random_state=seed, max_iter=1000))])
    pipe.fit(X, y)
    sc, lr = pipe.named_steps["scale"], pipe.named_steps["lr"]
    return LinearModel(features, [float(c) for c in lr.coef_[0]], float(lr.intercept_[0]),
                       [float(m) for m in sc.mean_], [float(s) for s in sc.scale_],
                       {**meta, "examples": int(len(y)), "positives": int(y.sum()), "seed": seed, "C": C})


def save(model: LinearModel, name: str) -> Path:
    MODELS.mkdir(parents=True, exist_ok=True)
    path = MODELS / name
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


@lru_cache(maxsize=4)
def load(name: str) -> LinearModel:
    path = MODELS / name
    if not path.exists():
        raise FileNotFoundError(f"tracking model {path} is missing; run `python -m corpus.train_tracking`")
    return LinearModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def addressed_probability(features: dict[str, float], model: LinearModel | None = None) -> float:
    return (model or load(ADDRESSED_MODEL)).probability(features)


def status_of(sentences: list[str], model: LinearModel | None = None) -> tuple[str, float]:
    """resolved or in_progress from the cue wording of the evidence, with P(resolved)."""
    features = cues.status_features(sentences)
    p = (model or load(STATUS_MODEL)).probability(features)
    if features["any_unfinished"]:
        p = min(p, 0.49)  # a point is only as finished as its least finished place ("剩下的58套……列入明年计划")
    return ("resolved" if p >= 0.5 else "in_progress"), p


def least_advanced(statuses: list[str]) -> str:
    return min(statuses, key=ORDER.index) if statuses else "not_addressed"
