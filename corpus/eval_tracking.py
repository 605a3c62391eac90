"""Tracking evaluation: ``python -m corpus.eval_tracking`` (held-out pairs by default).

Figures: status accuracy over every point of every later report, the confusion matrix (gold rows,
predicted columns), how often a point the report does not address was called resolved (must be
0), and evidence accuracy — for gold-addressed points, the top evidence sentence overlaps a gold
evidence sentence. Inspection items come from the gold annotation so extraction errors do not
blur tracking figures; the later reports are read from their rendered .docx by the real reader.
"""
from __future__ import annotations

import argparse
import json
import re
from typing import Any

STATUSES = ("resolved", "in_progress", "not_addressed")


def _overlap(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    from classifiers.tracking.align import bigrams
    ba, bb = bigrams(a), bigrams(b)
    return bool(ba and bb) and len(ba & bb) / min(len(ba), len(bb)) >= 0.6


def evaluate(split: str = "heldout", verbose: bool = False, pairs: list[dict[str, Any]] | None = None,
             models: tuple[Any, Any] | None = None) -> dict[str, Any]:
    from classifiers.tracking import track_report
    from classifiers.tracking.align import point_query
    from corpus import tracking_data as data

    addressed_model, status_model = models or (None, None)

    confusion = {g: {p: 0 for p in STATUSES} for g in STATUSES}
    ev_right = ev_total = flag_tp = flag_fp = flag_fn = 0
    errors = []
    n_pairs = 0
    for pair in (pairs if pairs is not None else data.pairs(split)):
        n_pairs += 1
        queries = [point_query(it) for it in data.inspection_items(pair["inspection"])]
        for rect, gold in zip(pair["rectifications"], data.report_gold(pair)):
            verdicts = track_report(queries, data.document(rect), addressed_model, status_model)
            for q, v in zip(queries, verdicts):
                g = gold[q.id]
                confusion[g["status"]][v.status] += 1
                if g["status"] != "not_addressed":
                    ev_total += 1
                    ok = bool(v.evidence) and any(_overlap(v.evidence[0].text, e) for e in g["evidence"])
                    ev_right += ok
                else:
                    ok = True
                ge, pe = "evasive" in g["flags"], "evasive" in v.flags
                flag_tp += ge and pe
                flag_fp += pe and not ge
                flag_fn += ge and not pe
                if verbose and (g["status"] != v.status or not ok or ge != pe):
                    errors.append(f"{rect} {q.id} gold={g['status']}{'/ev' if ge else ''} pred={v.status}"
                                  f"{'/ev' if pe else ''} evidence_ok={ok} top={v.evidence[0].text[:40] if v.evidence else '-'}"
                                  f" feats={ {k: round(x, 2) for k, x in v.features.items()} }")
    total = sum(sum(r.values()) for r in confusion.values())
    correct = sum(confusion[s][s] for s in STATUSES)
    out = {
        "split": split, "pairs": n_pairs, "points": total,
        "status_accuracy": round(correct / total, 3) if total else 0.0,
        "confusion": confusion,
        "not_addressed_called_resolved": confusion["not_addressed"]["resolved"],
        "evidence_accuracy": round(ev_right / ev_total, 3) if ev_total else 0.0,
        "addressed_points": ev_total,
        "evasive_precision": round(flag_tp / (flag_tp + flag_fp), 3) if flag_tp + flag_fp else 0.0,
        "evasive_recall": round(flag_tp / (flag_tp + flag_fn), 3) if flag_tp + flag_fn else 0.0,
        "evasive_counts": [flag_tp, flag_fp, flag_fn],
    }
    if verbose:
        out["errors"] = errors
    return out


def batches() -> list[list[dict[str, Any]]]:
    """The dev pairs in the batches they were written in (`history_of_heldout` in gold.json)."""
    from corpus import tracking_data as data

    history = json.loads(data.GOLD.read_text(encoding="utf-8")).get("history_of_heldout", [])
    ranges = [tuple(int(x.strip()[1:]) for x in h["pairs"].split("-")) for h in history]
    groups: dict[int, list[dict[str, Any]]] = {}
    for pair in data.pairs("dev"):
        number = int(re.match(r"t(\d+)_", pair["inspection"]).group(1))   # t07_…, t101_…
        k = next((k for k, (lo, hi) in enumerate(ranges) if lo <= number <= hi), len(ranges))
        groups.setdefault(k, []).append(pair)
    return [groups[k] for k in sorted(groups)]


def cross_validate(verbose: bool = False) -> dict[str, Any]:
    """Each dev batch scored by models fitted without it: the development figure to watch.

    Dev accuracy with models trained on dev itself flatters; this does not (the cue lists were
    still written with the dev batches in view, so it is a development figure, not a held-out one).
    """
    from classifiers.tracking.train import fit_models

    confusion = {g: {p: 0 for p in STATUSES} for g in STATUSES}
    per_batch, errors, ev_right, ev_total = [], [], 0.0, 0
    tp = fp = fn = 0
    for group in batches():
        names = frozenset(p["inspection"] for p in group)
        addressed, status, _, _ = fit_models(exclude=names)
        r = evaluate("dev", verbose, pairs=group, models=(addressed, status))
        for g in STATUSES:
            for p in STATUSES:
                confusion[g][p] += r["confusion"][g][p]
        ev_right += r["evidence_accuracy"] * r["addressed_points"]
        ev_total += r["addressed_points"]
        tp, fp, fn = (a + b for a, b in zip((tp, fp, fn), r["evasive_counts"]))
        per_batch.append((sorted(names)[0][:3] + "–" + sorted(names)[-1][:3], r["status_accuracy"], r["points"]))
        errors += r.get("errors", [])
    total = sum(sum(r.values()) for r in confusion.values())
    return {"split": "dev (cross-validated by batch)", "pairs": sum(1 for g in batches() for _ in g), "points": total,
            "status_accuracy": round(sum(confusion[s][s] for s in STATUSES) / total, 3),
            "confusion": confusion, "not_addressed_called_resolved": confusion["not_addressed"]["resolved"],
            "evidence_accuracy": round(ev_right / ev_total, 3) if ev_total else 0.0, "addressed_points": ev_total,
            "evasive_precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "evasive_recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "per_batch": per_batch, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.eval_tracking")
    ap.add_argument("--split", default="heldout", choices=["heldout", "dev", "train", "all"])
    ap.add_argument("--verbose", action="store_true", help="list every wrong point")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--cross", action="store_true", help="dev batches, each scored by models fitted without it")
    args = ap.parse_args(argv)
    r = cross_validate(args.verbose) if args.cross else evaluate(args.split, args.verbose)
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    print(f"tracking ({r['split']}): {r['pairs']} pairs, {r['points']} point verdicts")
    print(f"  status accuracy            {r['status_accuracy']:.3f}")
    print(f"  not_addressed → resolved   {r['not_addressed_called_resolved']}")
    print(f"  evidence accuracy          {r['evidence_accuracy']:.3f} (of {r['addressed_points']} addressed points)")
    print(f"  evasive flag P/R           {r['evasive_precision']:.2f} / {r['evasive_recall']:.2f}")
    print("  confusion (rows gold, columns predicted):")
    print("    " + " ".join(f"{s:>14}" for s in ("",) + STATUSES))
    for g in STATUSES:
        print("    " + f"{g:>14}" + " ".join(f"{r['confusion'][g][p]:>14}" for p in STATUSES))
    for name, acc, n in r.get("per_batch", []):
        print(f"  batch {name}: {acc:.3f} of {n}")
    for e in r.get("errors", []):
        print("  ✗", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
