"""Themes the taxonomy does not name: cluster the items the classifier is unsure of, and name
each cluster by the words that set it apart (class-based TF-IDF), never by a number.

Agglomerative clustering with a distance threshold decides the number of themes itself, which
is what an unseen set of reports needs; average linkage on cosine distance keeps one odd item
from pulling two topics together. Above a few thousand items the merge is restricted to each
item's nearest neighbours (a sparse connectivity graph), which keeps memory linear.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.neighbors import kneighbors_graph
from sklearn.preprocessing import normalize

_DENSE_LIMIT = 1500
_SVD_DIMS = 100
_DENSE_CELLS = 20_000_000


def cluster(X: sp.csr_matrix, distance_threshold: float, min_size: int = 2,
            random_state: int = 0) -> np.ndarray:
    """Cluster index per row, or -1 for rows left alone (clusters smaller than `min_size`)."""
    n = X.shape[0]
    if n < 2:
        return np.full(n, -1)
    if n * X.shape[1] > _DENSE_CELLS and X.shape[1] > _SVD_DIMS and n > _SVD_DIMS:
        dense = TruncatedSVD(_SVD_DIMS, random_state=random_state).fit_transform(X)
    else:  # small enough to cluster on the exact vectors (an SVD would cost more than it saves)
        dense = X.toarray()
    dense = normalize(dense)
    connectivity = None
    if n > _DENSE_LIMIT:
        connectivity = kneighbors_graph(dense, n_neighbors=15, metric="cosine", include_self=False)
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=distance_threshold,
                                    metric="cosine", linkage="average", connectivity=connectivity)
    raw = model.fit_predict(dense)
    sizes = Counter(raw)
    out = np.full(n, -1)
    next_id = 0
    for c, _ in sizes.most_common():
        if sizes[c] < min_size:
            continue
        out[raw == c] = next_id
        next_id += 1
    return out


# Words that name no topic: the addressees and verbs of official requests (请市人民政府……研究处理),
# and figures. They may still count for similarity; they only never become a theme's name.
_NOT_A_NAME = frozenset("""人民政府 政府 请市 请区 请县 市政府 区政府 县政府 研究 处理 各级 有关部门 部门要
    要求 建议 确保 推动 推进 提升 提高 完善 健全 建立 强化 落实 加大 加快 压实 不够 不足 不高 不到位 较多
    仍然 依然 明显 突出 较为 普遍 逐步 及时 主要 重点 全市 全省 全县 全区 我市 我省 我县 我区""".split())


@lru_cache(maxsize=1 << 16)
def nameable(word: str) -> bool:
    """A word that can stand in a theme's name: Chinese, no digits, not official boilerplate."""
    return not any(ch.isdigit() or ch.isascii() for ch in word) and word not in _NOT_A_NAME


def class_terms(groups: list[list[list[str]]], top: int = 6) -> list[list[str]]:
    """The most distinctive terms of each group of tokenized documents (c-TF-IDF).

    Each group is one pseudo-document; a term weighs tf(term, group) · log(1 + A / f(term)),
    with A the mean group length and f the term's count over all groups, so words common to
    every theme (监管, 部门 in a supervision corpus) sink and the group's own words rise.
    """
    counts = [Counter(w for doc in g for w in set(doc) if nameable(w)) for g in groups]
    total = Counter()
    for c in counts:
        total.update(c)
    lengths = [sum(c.values()) for c in counts]
    avg = (sum(lengths) / len(lengths)) if lengths else 1.0
    out = []
    for c, length in zip(counts, lengths):
        if not length:
            out.append([])
            continue
        scored = sorted(c.items(), key=lambda kv: (-(kv[1] / length) * np.log(1 + avg / total[kv[0]]), kv[0]))
        out.append([w for w, _ in scored[:top]])
    return out
