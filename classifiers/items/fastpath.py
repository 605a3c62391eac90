"""Prediction straight from the fitted pipeline's parameters, for one document's few candidates.

scikit-learn's transform machinery costs ~0.5 ms per vectorizer call whatever the input size,
which on a 20-candidate document is more than the arithmetic. This reads the fitted vocabularies,
idf weights and coefficients once and scores candidates with the same analyzers and the same
formulas (sublinear tf × idf, l2 norm, union weights, multinomial softmax), so the numbers are the
pipeline's own — `tests/test_items.py` checks they agree with `Pipeline.predict_proba`.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np


class FastScorer:
    def __init__(self, pipeline):
        union = pipeline.named_steps["features"]
        self.model = pipeline.named_steps["model"]
        self.classes = list(self.model.classes_)
        weights = union.transformer_weights or {}
        self.parts = []
        offset = 0
        for name, sub in union.transformer_list:
            select, vec = sub.steps[0][1], sub.steps[-1][1]
            w = weights.get(name, 1.0)
            if hasattr(vec, "idf_"):
                self.parts.append(("tfidf", select, vec.build_analyzer(), vec.vocabulary_, vec.idf_,
                                   bool(vec.sublinear_tf), vec.norm, w, offset))
                offset += len(vec.vocabulary_)
            else:  # DictVectorizer over hand-made features
                self.parts.append(("dict", select, None, vec.vocabulary_, None, False, None, w, offset))
                offset += len(vec.vocabulary_)
        self.coef = np.asarray(self.model.coef_)
        self.intercept = np.asarray(self.model.intercept_)
        self.multinomial = self.coef.shape[0] > 1

    def _row(self, values: list, part) -> tuple[list[int], list[float]]:
        kind, select, analyze, vocab, idf, sublinear, norm, w, offset = part
        cols: list[int] = []
        vals: list[float] = []
        if kind == "dict":
            for key, v in values.items():
                j = vocab.get(key)
                if j is not None and v:
                    cols.append(offset + j)
                    vals.append(float(v) * w)
            return cols, vals
        counts = Counter(j for j in (vocab.get(g) for g in analyze(values)) if j is not None)
        if not counts:
            return cols, vals
        row = {j: ((1.0 + math.log(c)) if sublinear else float(c)) * idf[j] for j, c in counts.items()}
        scale = math.sqrt(sum(v * v for v in row.values())) if norm == "l2" else 1.0
        for j, v in row.items():
            cols.append(offset + j)
            vals.append(v / scale * w if scale else 0.0)
        return cols, vals

    def predict_proba(self, candidates: list) -> np.ndarray:
        per_part = [part[1].transform(candidates) for part in self.parts]
        out = np.empty((len(candidates), len(self.classes)))
        memo: dict[tuple[int, str], tuple[list[int], list[float]]] = {}  # section context repeats
        for i in range(len(candidates)):
            cols: list[int] = []
            vals: list[float] = []
            for k, (part, values) in enumerate(zip(self.parts, per_part)):
                value = values[i]
                if isinstance(value, str):
                    key = (k, value)
                    if key not in memo:
                        memo[key] = self._row(value, part)
                    c, v = memo[key]
                else:
                    c, v = self._row(value, part)
                cols += c
                vals += v
            scores = self.coef[:, cols] @ np.asarray(vals) + self.intercept if cols else self.intercept.copy()
            if self.multinomial:
                scores = scores - scores.max()
                e = np.exp(scores)
                out[i] = e / e.sum()
            else:
                p = 1.0 / (1.0 + math.exp(-scores[0]))
                out[i] = (1 - p, p)
        return out
