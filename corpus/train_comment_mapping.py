"""Tune the comment-mapping thresholds on the TRAIN comments: `python -m corpus.train_comment_mapping`.

Two numbers are learned, both from drafts marked `train` in corpus/comments/gold.json only:
- the content threshold (and margin): the lowest cosine at which a comment without any citation
  is mapped to its best article — chosen to maximise exact-set accuracy over the train comments,
  taking the midpoint of the best-scoring interval so it is not pinned to one example;
- the duplicate Jaccard threshold: the midpoint of the best-F1 interval over train pairs.
The result is plain JSON in classifiers/models/comment_mapping.json (no executable state).
"""
from __future__ import annotations

import numpy as np

from classifiers.comment_mapping import MappingParams, map_comments
from classifiers.near_duplicates import jaccard, shingle_hashes

from .eval_drafts import _key, load_split, score_mapping


def _best_interval(values: np.ndarray, scores: list[float]) -> float:
    """Midpoint of the longest run of grid values that reach the best score."""
    best = max(scores)
    runs, cur = [], []
    for v, s in zip(values, scores):
        if s == best:
            cur.append(v)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    run = max(runs, key=len)
    return float((run[0] + run[-1]) / 2)


def tune_content(data) -> tuple[float, float]:
    """Threshold maximising exact-set accuracy of the train comments that cite nothing."""
    cases = []  # (score, best article, gold articles)
    fixed_ok = 0
    for name, draft, comments, rows in data:
        params = MappingParams(threshold=-1.0, margin=-1.0)
        mapped = {m.comment.key: m for m in map_comments(draft, comments, params)}
        for g in rows:
            m = mapped[_key(g["source"], g["row"])]
            if m.how == "content":
                cases.append((m.score, m.articles, g["articles"]))
            else:
                fixed_ok += sorted(m.articles) == g["articles"]
    grid = np.round(np.arange(0.05, 0.6, 0.005), 3)
    scores = []
    for t in grid:
        ok = sum((arts if s >= t else []) == gold for s, arts, gold in cases)
        scores.append(ok)
    t = _best_interval(grid, scores)
    print(f"content: {len(cases)} train comments without citations; threshold {t:.3f} "
          f"({max(scores)}/{len(cases)} right on train)")
    for s, arts, gold in sorted(cases):
        print(f"   score {s:.3f}  best {arts}  gold {gold}")
    return t, 0.0


def tune_duplicates(data) -> float:
    pairs = []  # (jaccard, same gold group)
    for name, draft, comments, rows in data:
        gold = {_key(g["source"], g["row"]): g["duplicate_group"] for g in rows}
        sh = [(c.key, shingle_hashes(c.text)) for c in comments]
        for i in range(len(sh)):
            for j in range(i + 1, len(sh)):
                a, b = sh[i][0], sh[j][0]
                same = gold[a] is not None and gold[a] == gold[b]
                pairs.append((jaccard(sh[i][1], sh[j][1]), same))
    grid = np.round(np.arange(0.3, 0.96, 0.01), 2)
    f1s = []
    for t in grid:
        tp = sum(1 for j, s in pairs if j >= t and s)
        fp = sum(1 for j, s in pairs if j >= t and not s)
        fn = sum(1 for j, s in pairs if j < t and s)
        f1s.append(round(2 * tp / (2 * tp + fp + fn), 6) if tp else 0.0)
    t = _best_interval(grid, f1s)
    pos = [j for j, s in pairs if s]
    neg = [j for j, s in pairs if not s]
    print(f"duplicates: {len(pos)} same-group pairs (min Jaccard {min(pos):.2f}), "
          f"highest other pair {max(neg):.2f}; threshold {t:.2f}")
    return t


def main() -> int:
    data = load_split("train")
    threshold, margin = tune_content(data)
    params = MappingParams(threshold=threshold, margin=margin,
                           trained_on=[name for name, *_ in data])
    params.duplicates.threshold = tune_duplicates(data)
    params.save()
    r = score_mapping(data, params)
    print(f"train: exact-set accuracy {r['exact_set_accuracy']:.3f}, duplicate F1 {r['duplicate_f1']:.3f}")
    print("saved classifiers/models/comment_mapping.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
