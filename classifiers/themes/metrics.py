"""Agreement of a grouping with gold: NMI, pairwise F1, and recurrence pair precision/recall.

Shared by training (to tune on the train split) and `corpus/eval_themes.py` (to report on
held-out documents), so both measure exactly the same thing.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

from sklearn.metrics import normalized_mutual_info_score


def nmi(gold: list[str], pred: list[str]) -> float:
    return float(normalized_mutual_info_score(gold, pred)) if gold else 0.0


def pairwise_prf(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Over all item pairs: a pair is positive when both items share a theme."""
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    both = sum(pairs(c) for c in Counter(zip(gold, pred)).values())
    p_pairs = sum(pairs(c) for c in Counter(pred).values())
    g_pairs = sum(pairs(c) for c in Counter(gold).values())
    p = both / p_pairs if p_pairs else 1.0
    r = both / g_pairs if g_pairs else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def recurrence_pairs(groups) -> set[frozenset]:
    """Cross-document occurrence pairs implied by groups of (document, item id)."""
    out = set()
    for g in groups:
        for a, b in combinations(sorted(set(g)), 2):
            if a[0] != b[0]:
                out.add(frozenset((a, b)))
    return out


def recurrence_prf(gold_groups, pred_groups) -> dict[str, float]:
    gold = recurrence_pairs(gold_groups)
    pred = recurrence_pairs(pred_groups)
    hit = len(gold & pred)
    p = hit / len(pred) if pred else 1.0
    r = hit / len(gold) if gold else 1.0
    # occurrence recall: of the gold occurrences, how many were put in a recurrence together with
    # at least one other occurrence of their gold group (pair recall punishes a 15-report problem
    # found as two groups of 7 and 8 heavily; a reader still sees every occurrence flagged)
    found = {o for pair in gold & pred for o in pair}
    occurrences = {o for pair in gold for o in pair}
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "occurrence_recall": len(found) / len(occurrences) if occurrences else 1.0,
            "predicted_pairs": len(pred), "gold_pairs": len(gold)}
