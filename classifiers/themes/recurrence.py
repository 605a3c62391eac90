"""Recurring problems (屡查屡犯): the same problem raised again in another document.

Two problems recur when their blended word/char cosine reaches a threshold tuned on the train
split of `corpus/recurrences.json`. Only pairs from different documents count, and between any
two documents a problem is linked only to its mutual best match there: a report raising 执法力量
不足 once should not be tied to three different problems of the other report. Linked pairs are
then joined transitively into one recurrence with all its occurrences.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_CHUNK = 1000


@dataclass
class RecurrenceGroup:
    """Row indices of the occurrences and the index of the most central one (for the label)."""

    members: list[int]
    central: int


def link_pairs(X: sp.csr_matrix, docs: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Mutual-best cross-document pairs (i < j) with similarity ≥ threshold."""
    n = X.shape[0]
    doc_ids = {d: k for k, d in enumerate(dict.fromkeys(docs))}
    doc_of = np.array([doc_ids[d] for d in docs])
    # best[i][doc] = (j, sim): i's best partner in each other document
    best: list[dict[int, tuple[int, float]]] = [dict() for _ in range(n)]
    XT = X.T.tocsc()
    for start in range(0, n, _CHUNK):
        S = np.asarray((X[start:start + _CHUNK] @ XT).todense())
        rows, cols = np.nonzero(S >= threshold)
        for r, j in zip(rows, cols):
            i = start + r
            if doc_of[i] == doc_of[j]:
                continue
            s = float(S[r, j])
            cur = best[i].get(doc_of[j])
            if cur is None or s > cur[1]:
                best[i][doc_of[j]] = (int(j), s)
    pairs = []
    for i in range(n):
        for d, (j, s) in best[i].items():
            if i < j and best[j].get(doc_of[i], (None,))[0] == i:
                pairs.append((i, j, s))
    return pairs


def recurrences(X: sp.csr_matrix, docs: list[str], threshold: float) -> list[RecurrenceGroup]:
    """Groups of ≥2 occurrences in ≥2 documents, largest first."""
    n = X.shape[0]
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    pairs = link_pairs(X, docs, threshold)
    for i, j, _ in pairs:
        parent[find(i)] = find(j)
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    groups = []
    for members in comps.values():
        if len(members) < 2 or len({docs[m] for m in members}) < 2:
            continue
        sub = X[members]
        sims = np.asarray((sub @ sub.T).todense())
        central = members[int(sims.sum(axis=1).argmax())]
        groups.append(RecurrenceGroup(sorted(members), central))
    groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    return groups
