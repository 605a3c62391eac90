"""Near-duplicate groups of comments (campaign letters with small edits), without pairwise work.

A national campaign sends the same letter tens of thousands of times with a changed name, an
added sentence or a typo. Comparing every pair is quadratic, so candidates come from MinHash
LSH (datasketch's `MinHashLSH`, banding over MinHash signatures of character shingles) and each
candidate is verified by the exact Jaccard similarity of the shingle sets. Only group
*representatives* (the first few members of each group) are indexed, so a campaign of 50,000
copies costs one candidate per copy instead of 50,000.

MinHash signatures are computed for all texts at once with numpy (the shingle hash of k
characters is their code points packed into one integer, so it needs no string hashing); the
permutations follow datasketch's "affine64" scheme and the signatures are ordinary `LeanMinHash`
objects, so the index is datasketch's `MinHashLSH` unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

_KEEP = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


def normalise(text: str) -> str:
    """What a duplicate check should compare: characters, not spacing or punctuation."""
    return _KEEP.sub("", text).lower()


def shingle_hashes(text: str, k: int = 3) -> np.ndarray:
    """Unique k-character shingles of the normalised text as uint64 (code points packed)."""
    s = normalise(text)
    if not s:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:
        cps = np.concatenate([cps, np.zeros(k - len(cps), dtype=np.uint64)])
    h = np.zeros(len(cps) - k + 1, dtype=np.uint64)
    for j in range(k):
        h = (h << np.uint64(21)) | cps[j:len(cps) - k + 1 + j]
    return np.unique(h)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads the packed code points over all 64 bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xFF51AFD7ED558CCD)
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xC4CEB9FE1A85EC53)
        return h ^ (h >> np.uint64(33))


def _signatures(shingles: list[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (n × num_perm): datasketch's "affine64" scheme, computed in bulk."""
    gen = np.random.RandomState(seed)  # affine permutations h → a·h + b mod 2^64, a odd (a bijection)
    perm_a = gen.randint(0, 1 << 62, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    perm_b = gen.randint(0, 1 << 62, num_perm, dtype=np.uint64)
    n = len(shingles)
    sig = np.full((n, num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    lengths = np.array([len(s) for s in shingles], dtype=np.int64)
    nonempty = np.flatnonzero(lengths)
    chunk_target = 200_000
    i = 0
    while i < len(nonempty):
        j, total = i, 0
        while j < len(nonempty) and (total == 0 or total + lengths[nonempty[j]] <= chunk_target):
            total += lengths[nonempty[j]]
            j += 1
        idx = nonempty[i:j]
        flat = np.concatenate([shingles[t] for t in idx])
        hv = _fmix64(flat)
        with np.errstate(over="ignore"):
            phv = hv[:, None] * perm_a[None, :] + perm_b[None, :]  # mod 2^64 by wraparound
        offsets = np.concatenate([[0], np.cumsum(lengths[idx])[:-1]])
        sig[idx] = np.minimum.reduceat(phv, offsets, axis=0)
        i = j
    return sig


def _lean(cls, seed: int, hashvalues: np.ndarray):
    """A LeanMinHash from our hash values (datasketch ≥ 2 asks for the scheme explicitly)."""
    try:
        return cls(seed=seed, hashvalues=hashvalues, scheme="affine64")
    except TypeError:  # datasketch 1.x: no schemes
        return cls(seed=seed, hashvalues=hashvalues)


@dataclass
class DuplicateParams:
    """Tuned on the training comments (see corpus/train_comment_mapping.py)."""

    threshold: float = 0.6  # Jaccard of 3-character shingles that makes two comments one opinion
    num_perm: int = 64
    lsh_threshold: float = 0.4  # looser than `threshold`: LSH only proposes, Jaccard decides
    shingle: int = 3
    max_reps: int = 8  # representatives indexed per group
    min_chars: int = 12  # shorter texts ("同意", "无意见") are not a campaign


def group_duplicates(texts: list[str], params: DuplicateParams | None = None, seed: int = 1) -> list[int | None]:
    """Group index per text (0, 1, … in order of first member) or None for a text with no twin."""
    from datasketch import LeanMinHash, MinHashLSH

    params = params or DuplicateParams()
    norm = [normalise(t) for t in texts]
    # identical texts need no MinHash: collapse them first (campaigns are mostly exact copies)
    first_of: dict[str, int] = {}
    canon = []
    for i, s in enumerate(norm):
        canon.append(first_of.setdefault(s, i))
    uniq = sorted(set(canon))
    shingles = {i: shingle_hashes(texts[i], params.shingle) for i in uniq}
    sig_rows = _signatures([shingles[i] for i in uniq], params.num_perm, seed)
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    group_of: dict[int, int] = {}
    members: dict[int, int] = {}
    n_groups = 0
    rep_sets: dict[int, set[int]] = {}  # python sets of the indexed representatives: fast to intersect
    row_of = {i: row for row, i in enumerate(uniq)}
    for row, i in enumerate(uniq):
        if len(norm[i]) < params.min_chars:
            continue
        mh = _lean(LeanMinHash, seed, sig_rows[row])
        best, best_j = None, 0.0
        mine = set(shingles[i].tolist())
        cands = list(lsh.query(mh))
        if len(cands) > 4:
            # the MinHash estimate of every candidate at once; exact Jaccard only where it is close
            est = (sig_rows[[row_of[c] for c in cands]] == sig_rows[row]).mean(axis=1)
            keep = np.argsort(-est)[:max(4, int((est >= params.threshold - 0.2).sum()))]
            cands = [cands[k] for k in keep]
        tried: set[int] = set()
        for cand in cands:
            if group_of[cand] in tried:
                continue  # one verified representative per group is enough
            other = rep_sets[cand]
            inter = len(mine & other)
            j = inter / (len(mine) + len(other) - inter) if mine or other else 1.0
            if j >= params.threshold:
                tried.add(group_of[cand])
                if j > best_j:
                    best, best_j = cand, j
        if best is None:
            g = n_groups
            n_groups += 1
        else:
            g = group_of[best]
        group_of[i] = g
        members[g] = members.get(g, 0) + 1
        if members[g] <= params.max_reps:
            lsh.insert(i, mh)
            rep_sets[i] = mine
    # exact copies follow their first occurrence; short texts only group when identical
    raw: list[int | None] = []
    short_group: dict[int, int] = {}
    for i, c in enumerate(canon):
        if c in group_of:
            raw.append(group_of[c])
        elif norm[i]:
            if c not in short_group:
                short_group[c] = n_groups
                n_groups += 1
            raw.append(short_group[c])
        else:
            raw.append(None)
    counts: dict[int, int] = {}
    for g in raw:
        if g is not None:
            counts[g] = counts.get(g, 0) + 1
    renum: dict[int, int] = {}
    out: list[int | None] = []
    for g in raw:
        if g is None or counts[g] < 2:
            out.append(None)
        else:
            out.append(renum.setdefault(g, len(renum)))
    return out
