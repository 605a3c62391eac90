"""Recurring problems (屡查屡犯): the same problem raised again in another document.

Problems are compared on unit-length vectors (what they say, plus which theme they are about;
see `grouping.find_recurrences`). Candidate pairs are those from different documents whose
similarity reaches a threshold tuned on the train split of `corpus/recurrences.json`. Groups
grow from the most similar pair down, agglomeratively, under two rules: a recurrence holds at
most one occurrence per document (a report raising 执法力量不足 once is one occurrence), and two
a problem joins a recurrence only if its average similarity to all its occurrences still reaches
the threshold, and two formed recurrences never fuse — so a chain of near neighbours (经费不足 ~
人员不足 ~ 人才不足) cannot drag unrelated problems into one recurrence. (It also keeps the cost
of each join to the size of one problem's vector, so 10,000 items link in about a second.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_CHUNK = 1000
_NEIGHBOURS = 20


@dataclass
class RecurrenceGroup:
    """Row indices of the occurrences and the index of the most central one (for the label)."""

    members: list[int]
    central: int


def candidate_pairs(X: sp.csr_matrix, doc_of: np.ndarray, threshold: float) -> list[tuple[float, int, int]]:
    """Cross-document pairs (i < j) with similarity ≥ threshold, most similar first.

    Each problem keeps only its `_NEIGHBOURS` most similar partners: a recurrence larger than
    that still forms through its members' own neighbours, and a batch of 10,000 items stays
    linear instead of quadratic in the pairs it must consider.
    """
    n = X.shape[0]
    XT = X.T.tocsc()

    def block(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        S = (X[start:start + _CHUNK] @ XT).toarray()
        S[doc_of[start:start + _CHUNK][:, None] == doc_of[None, :]] = 0.0  # same document: never
        k = min(_NEIGHBOURS, S.shape[1] - 1)
        top = np.argpartition(-S, k, axis=1)[:, :k] if k > 0 else np.zeros((S.shape[0], 0), dtype=int)
        rows = np.repeat(np.arange(S.shape[0]), top.shape[1])
        cols = top.ravel()
        sims = S[rows, cols]
        keep = sims >= threshold
        return rows[keep] + start, cols[keep], sims[keep]

    starts = range(0, n, _CHUNK)
    if len(starts) > 1:
        # the sparse product and the partition run in C without the GIL: two threads use both cores
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            found = list(pool.map(block, starts))
    else:
        found = [block(s) for s in starts]
    if not found:
        return []
    found_i, found_j, found_s = zip(*found)
    i = np.concatenate(found_i)
    j = np.concatenate(found_j)
    sim = np.concatenate(found_s)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    _, first = np.unique(lo.astype(np.int64) * n + hi, return_index=True)  # each pair once
    lo, hi, sim = lo[first], hi[first], sim[first]
    order = np.lexsort((hi, lo, -sim))
    return [(float(sim[k]), int(lo[k]), int(hi[k])) for k in order]


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def recurrences(X: sp.csr_matrix, docs: list[str], threshold: float) -> list[RecurrenceGroup]:
    """Groups of ≥2 occurrences, each from a different document, largest first.

    A group keeps the sum of its unit rows (as a dict), so a problem's average similarity to the
    group is one sparse dot product over the problem's own non-zeros, divided by the size.
    """
    X = X.tocsr()
    n = X.shape[0]
    doc_ids = {d: k for k, d in enumerate(dict.fromkeys(docs))}
    doc_of = np.array([doc_ids[d] for d in docs])

    def row(i: int) -> dict[int, float]:
        lo, hi = X.indptr[i], X.indptr[i + 1]
        return dict(zip(X.indices[lo:hi].tolist(), X.data[lo:hi].tolist()))

    group_of = list(range(n))
    members: dict[int, list[int]] = {}
    sums: dict[int, dict[int, float]] = {}
    doc_sets: dict[int, set[int]] = {}
    for _, i, j in candidate_pairs(X, doc_of, threshold):
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        ma, mb = members.get(a, [a]), members.get(b, [b])
        da, db = doc_sets.get(a, {int(doc_of[a])}), doc_sets.get(b, {int(doc_of[b])})
        if da & db:
            continue
        if len(ma) > 1 and len(mb) > 1:
            continue  # two formed recurrences never fuse: groups grow one problem at a time
        va, vb = sums.get(a) or row(a), sums.get(b) or row(b)
        if (len(ma) > 1 or len(mb) > 1) and _dot(va, vb) / (len(ma) * len(mb)) < threshold:
            continue
        if len(ma) < len(mb):
            a, b, ma, mb, va, vb, da, db = b, a, mb, ma, vb, va, db, da
        merged = dict(va)
        for k, v in vb.items():
            merged[k] = merged.get(k, 0.0) + v
        for m in mb:
            group_of[m] = a
        members[a] = ma + mb
        sums[a] = merged
        doc_sets[a] = da | db
        for store in (members, sums, doc_sets):
            store.pop(b, None)
    groups = []
    for a, m in members.items():
        central = max(m, key=lambda i: (_dot(row(i), sums[a]), -i))
        groups.append(RecurrenceGroup(sorted(m), central))
    groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    return groups
