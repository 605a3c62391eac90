"""The taxonomy classifier: which of the editable themes an item belongs to, and how sure it is.

A logistic regression over word + char TF-IDF, trained on the labelled corpus items plus the
taxonomy's own descriptions and seed terms as weak examples, so a theme users add to
`corpus/themes.json` is recognisable before anyone labels items for it. Items whose best
probability is under `threshold` are not forced into a theme: `classifiers.themes.grouping`
sends them to clustering instead. Saved as plain arrays (npz, no pickle) with a SHA-256 digest
beside it, checked before anything is read.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from .features import Featurizer, Tfidf, item_text, tokenize
from .taxonomy import Theme, load_taxonomy

FORMAT_VERSION = 1


class ModelIntegrityError(Exception):
    """The saved model is missing its digest or does not match it: refuse to load it."""


def as_text(item: Any) -> str:
    """An item's classification text, from a string, a dict or an object with title/text."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return item_text(item.get("title"), item.get("text"))
    return item_text(getattr(item, "title", None), getattr(item, "text", None))


class ThemeModel(BaseEstimator, ClassifierMixin):
    """Estimator mapping items onto taxonomy labels (`fit(items, labels)`, `predict(items)`).

    `items` may be strings or objects/dicts with `title` and `text`. `predict` always gives the
    best label; `assign` gives None where the model is under `threshold`. The grouping settings
    tuned with it (`cluster_distance` for discovered themes, `recurrence_threshold` for linking
    problems) travel in the same saved file, so one artifact reproduces one behaviour.
    """

    def __init__(self, C: float = 8.0, char_weight: float = 0.5, weak_weight: float = 0.5,
                 threshold: float = 0.3, cluster_distance: float = 0.75,
                 recurrence_threshold: float = 0.45, pair_weight: float = 0.0,
                 class_weight: str | None = "balanced", random_state: int = 0,
                 recurrence_theme_weight: float = 0.3, recurrence_concept_weight: float = 0.0):
        self.C = C
        self.char_weight = char_weight
        self.weak_weight = weak_weight
        self.threshold = threshold
        self.cluster_distance = cluster_distance
        self.recurrence_threshold = recurrence_threshold
        self.pair_weight = pair_weight
        self.class_weight = class_weight
        self.random_state = random_state
        self.recurrence_theme_weight = recurrence_theme_weight
        self.recurrence_concept_weight = recurrence_concept_weight

    # -- training ---------------------------------------------------------------------------
    def fit(self, items: Iterable[Any], labels: Iterable[str], taxonomy: list[Theme] | None = None,
            sample_weight: Iterable[float] | None = None) -> "ThemeModel":
        texts = [as_text(i) for i in items]
        labels = list(labels)
        weights = list(sample_weight) if sample_weight is not None else [1.0] * len(texts)
        for theme in taxonomy if taxonomy is not None else load_taxonomy():
            for example in theme.weak_examples():
                texts.append(example)
                labels.append(theme.label)
                weights.append(self.weak_weight)
        tokens = tokenize(texts)
        self.featurizer_ = Featurizer.fit(texts, tokens, char_weight=self.char_weight)
        X = self.featurizer_.transform(texts, tokens)
        clf = LogisticRegression(C=self.C, max_iter=5000, class_weight=self.class_weight,
                                 random_state=self.random_state)
        clf.fit(X, labels, sample_weight=np.asarray(weights))
        self.classes_ = np.asarray(clf.classes_)
        self.coef_ = clf.coef_.astype(np.float64)
        self.intercept_ = clf.intercept_.astype(np.float64)
        return self

    # -- prediction -------------------------------------------------------------------------
    def transform(self, items: Iterable[Any], tokens: list[list[str]] | None = None):
        """Unit-length feature rows (also what recurrence similarity is measured on)."""
        texts = [as_text(i) for i in items]
        return self.featurizer_.transform(texts, tokens)

    def predict_proba_X(self, X) -> np.ndarray:
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        if scores.shape[1] == 1:  # binary case as scikit-learn stores it
            scores = np.hstack([-scores, scores])
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)

    def predict_proba(self, items: Iterable[Any]) -> np.ndarray:
        return self.predict_proba_X(self.transform(items))

    def predict(self, items: Iterable[Any]) -> np.ndarray:
        return self.classes_[self.predict_proba(items).argmax(axis=1)]

    def assign_X(self, X) -> tuple[list[str | None], np.ndarray]:
        """Best label per row or None under the threshold, and the best probabilities."""
        proba = self.predict_proba_X(X)
        best = proba.argmax(axis=1)
        conf = proba[np.arange(len(best)), best]
        labels = [str(self.classes_[b]) if c >= self.threshold else None for b, c in zip(best, conf)]
        return labels, conf

    def assign(self, items: Iterable[Any]) -> tuple[list[str | None], np.ndarray]:
        return self.assign_X(self.transform(items))

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        """Write `<path>` (npz of plain arrays) and `<path>.sha256`; returns the model path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        params = {"format": FORMAT_VERSION, **self.get_params()}
        f = self.featurizer_
        buf = io.BytesIO()
        np.savez_compressed(
            buf, params=np.array(json.dumps(params)), classes=self.classes_.astype(str),
            coef=self.coef_, intercept=self.intercept_,
            word_vocab=np.array(f.words.vocabulary, dtype=str), word_idf=f.words.idf,
            char_vocab=np.array(f.chars.vocabulary, dtype=str), char_idf=f.chars.idf)
        data = buf.getvalue()
        path.write_bytes(data)
        digest_path(path).write_text(hashlib.sha256(data).hexdigest() + "\n", encoding="ascii")
        return path

    @classmethod
    def load(cls, path: Path | str) -> "ThemeModel":
        """Read a saved model after checking its SHA-256 digest; never unpickles anything."""
        path = Path(path)
        data = path.read_bytes()
        dpath = digest_path(path)
        if not dpath.exists():
            raise ModelIntegrityError(f"{path.name}: no digest file {dpath.name}")
        expected = dpath.read_text(encoding="ascii").strip()
        if hashlib.sha256(data).hexdigest() != expected:
            raise ModelIntegrityError(f"{path.name}: SHA-256 does not match {dpath.name}")
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            params = json.loads(str(z["params"]))
            if params.pop("format", None) != FORMAT_VERSION:
                raise ModelIntegrityError(f"{path.name}: unknown model format")
            model = cls(**params)
            model.classes_ = z["classes"].astype(object)
            model.coef_ = z["coef"]
            model.intercept_ = z["intercept"]
            model.featurizer_ = Featurizer(Tfidf(list(z["word_vocab"]), z["word_idf"], "word"),
                                           Tfidf(list(z["char_vocab"]), z["char_idf"], "char"),
                                           char_weight=model.char_weight)
        return model


def digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")
