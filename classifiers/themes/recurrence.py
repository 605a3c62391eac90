"""Recurring problems (屡查屡犯): the same problem raised again in another document.

Problems are compared on unit-length vectors (what they say, plus which theme they are about;
see `grouping.find_recurrences`). Candidate pairs are those from different documents whose
similarity reaches a threshold tuned on the train split of `corpus/recurrences.json`. Groups
grow from the most similar pair down, agglomeratively, under two rules: a recurrence holds at
most one occurrence per document (a report raising 执法力量不足 once is one occurrence), and two
groups merge only if their average similarity still reaches the threshold — so a chain of
near neighbours (经费不足 ~ 人员不足 ~ 人才不足) cannot drag unrelated problems into one recurrence.
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


def candidate_pairs(X: sp.csr_matrix, doc_of: np.ndarray, threshold: float) -> list[tuple[float, int, int]]:
    """Cross-document pairs (i < j) with similarity ≥ threshold, most similar first."""
    n = X.shape[0]
    XT = X.T.tocsc()
    pairs = []
    for start in range(0, n, _CHUNK):
        S = (X[start:start + _CHUNK] @ XT).toarray()
        rows, cols = np.nonzero(S >= threshold)
        keep = (rows + start < cols) & (doc_of[rows + start] != doc_of[cols])
        for r, j in zip(rows[keep], cols[keep]):
            pairs.append((float(S[r, j]), int(r + start), int(j)))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def recurrences(X: sp.csr_matrix, docs: list[str], threshold: float) -> list[RecurrenceGroup]:
    """Groups of ≥2 occurrences, each from a different document, largest first."""
    n = X.shape[0]
    doc_ids = {d: k for k, d in enumerate(dict.fromkeys(docs))}
    doc_of = np.array([doc_ids[d] for d in docs])
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    doc_sets: dict[int, set[int]] = {i: {int(doc_of[i])} for i in range(n)}
    for _, i, j in candidate_pairs(X, doc_of, threshold):
        a, b = group_of[i], group_of[j]
        if a == b or doc_sets[a] & doc_sets[b]:
            continue
        if len(members[a]) > 1 or len(members[b]) > 1:
            link = (X[members[a]] @ X[members[b]].T).toarray().mean()
            if link < threshold:
                continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for m in members[b]:
            group_of[m] = a
        members[a].extend(members.pop(b))
        doc_sets[a] |= doc_sets.pop(b)
    groups = []
    for m in members.values():
        if len(m) < 2:
            continue
        sub = X[m]
        central = m[int((sub @ sub.T).toarray().sum(axis=1).argmax())]
        groups.append(RecurrenceGroup(sorted(m), central))
    groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    return groups
