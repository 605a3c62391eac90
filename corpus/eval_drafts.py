"""Evaluation of drafts and public comments: `python -m corpus.eval_drafts [--split heldout|train|all]`.

Figures:
- articles/chapters exactness on every real regulation in ../shared/external/regulations (read
  through `extractors.load`, checked against independently counted expectations in
  `corpus/regulations_gold.json`) and on our own drafts as docx, PDF and txt;
- comment → article exact-set accuracy on the chosen split (HELD OUT by default: d1_03, which
  the content and duplicate thresholds were never tuned on);
- duplicate-pair precision / recall / F1 and the number of false groups (a predicted group
  whose members come from more than one gold group or from no gold group).
"""
from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
COMMENTS = ROOT / "comments"
REGULATIONS = PROJECT / "corpus" / "external" / "regulations"  # copies of ../shared/external/regulations
REG_GOLD = ROOT / "regulations_gold.json"


def draft_structure_scores() -> dict[str, Any]:
    """Exact article list and chapter→articles map per real regulation and per own draft file."""
    from classifiers.drafts import parse_draft
    from extractors import load

    gold = json.loads(REG_GOLD.read_text(encoding="utf-8"))
    rows = []
    for name, exp in gold.items():
        path = (REGULATIONS / name) if (REGULATIONS / name).exists() else (PROJECT / name)
        if not path.exists():
            rows.append({"file": name, "articles_ok": False, "chapters_ok": False, "missing": True})
            continue
        d = parse_draft(load(path))
        arts_ok = d.numbers == list(range(1, exp["articles"] + 1))
        chapters = {str(c.number): [c.articles[0], c.articles[-1]] if c.articles else [] for c in d.chapters}
        sections = {f"{s.chapter}.{s.number}": [s.articles[0], s.articles[-1]] if s.articles else [] for s in d.sections}
        ch_ok = chapters == exp.get("chapters", {}) and sections == exp.get("sections", {})
        items_ok = "items" not in exp or sum(len(a.items) for a in d.articles) == exp["items"]
        rows.append({"file": name, "articles_ok": arts_ok, "chapters_ok": ch_ok, "items_ok": items_ok,
                     "articles": len(d.articles)})
    real = [r for r in rows if not r["file"].startswith("corpus/")]
    own = [r for r in rows if r["file"].startswith("corpus/")]

    def frac(rs, key):
        return sum(1 for r in rs if r.get(key)) / len(rs) if rs else None

    return {"real_regulations": len(real), "real_articles_exact": frac(real, "articles_ok"),
            "real_chapters_exact": frac(real, "chapters_ok"), "real_items_exact": frac(real, "items_ok"),
            "own_drafts": len(own), "own_articles_exact": frac(own, "articles_ok"),
            "own_chapters_exact": frac(own, "chapters_ok"),
            "failures": [r for r in rows if not (r["articles_ok"] and r["chapters_ok"] and r.get("items_ok", True))]}


def load_split(split: str) -> list[tuple[str, Any, list, list[dict]]]:
    """(draft name, Draft, comments, gold rows) for each draft of the split ('all' for every draft)."""
    from classifiers.comment_intake import read_comments
    from classifiers.drafts import parse_draft
    from extractors import load

    gold = json.loads((COMMENTS / "gold.json").read_text(encoding="utf-8"))
    out = []
    for name, meta in gold["drafts"].items():
        if split != "all" and meta["split"] != split:
            continue
        draft = parse_draft(load(PROJECT / meta["document"]))
        comments = []
        for f in sorted((COMMENTS / name).iterdir()):
            comments.extend(read_comments(f))
        for i, c in enumerate(comments, start=1):
            c.id = f"C{i}"
        rows = [g for g in gold["comments"] if g["draft"] == name]
        out.append((name, draft, comments, rows))
    return out


def _key(source: str, row: int | None) -> str:
    return f"{source}#{row}" if row is not None else source


def score_mapping(data, params=None) -> dict[str, Any]:
    """Exact-set accuracy of comment → articles, and duplicate pairs, over the given drafts."""
    from classifiers.comment_mapping import analyse

    total = correct = 0
    per_draft: dict[str, list[int]] = {}
    tp = fp = fn = 0
    false_groups = 0
    errors = []
    for name, draft, comments, rows in data:
        res = analyse(draft, comments, params)
        by_key = {m.comment.key: m for m in res.mapped}
        for g in rows:
            k = _key(g["source"], g["row"])
            m = by_key.get(k)
            total += 1
            got = sorted(m.articles) if m else None
            tally = per_draft.setdefault(name, [0, 0])
            tally[1] += 1
            if got == g["articles"]:
                correct += 1
                tally[0] += 1
            else:
                errors.append({"draft": name, "comment": k, "gold": g["articles"], "got": got,
                               "how": m.how if m else None, "score": m.score if m else None})
        gold_group = {_key(g["source"], g["row"]): g["duplicate_group"] for g in rows}
        pred_group = {m.comment.key: m.duplicate_group for m in res.mapped}
        keys = sorted(gold_group)
        for a, b in combinations(keys, 2):
            same_gold = gold_group[a] is not None and gold_group[a] == gold_group[b]
            same_pred = pred_group.get(a) is not None and pred_group.get(a) == pred_group.get(b)
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
        groups: dict[str, set] = {}
        for k, g in pred_group.items():
            if g:
                groups.setdefault(g, set()).add(gold_group.get(k))
        false_groups += sum(1 for golds in groups.values() if len(golds) > 1 or None in golds)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"comments": total, "exact_set_accuracy": correct / total if total else None,
            "per_draft": {k: {"comments": n, "exact_set_accuracy": ok / n} for k, (ok, n) in per_draft.items()},
            "duplicate_pairs": tp + fn, "duplicate_precision": precision, "duplicate_recall": recall,
            "duplicate_f1": f1, "false_groups": false_groups, "errors": errors}


def diff_scores() -> dict[str, Any]:
    """Alignment of the two versions of d1_03 against corpus/diff_gold.json, in every format pair."""
    from classifiers.draft_diff import diff_drafts
    from classifiers.drafts import parse_draft
    from extractors import load

    gold = json.loads((ROOT / "diff_gold.json").read_text(encoding="utf-8"))
    want = {int(k): v for k, v in gold["mapping"].items()}
    results = []
    for old_ext, new_ext in (("docx", "docx"), ("docx", "pdf"), ("txt", "pdf")):
        old = parse_draft(load(PROJECT / gold["old"].replace(".docx", f".{old_ext}")))
        new = parse_draft(load(PROJECT / gold["new"].replace(".docx", f".{new_ext}")))
        d = diff_drafts(old, new)
        got = d.mapping
        right = sum(1 for k, v in want.items() if got.get(k) == v)
        added = sorted(r.new for r in d.rows if r.status == "added")
        moved = sorted(r.old for r in d.rows if r.status == "moved")
        results.append({"pair": f"{old_ext}->{new_ext}", "aligned": right / len(want),
                        "added_ok": added == gold["added"], "moved_ok": moved == gold["moved"]})
    return {"pairs": results, "alignment_accuracy": min(r["aligned"] for r in results),
            "all_exact": all(r["aligned"] == 1 and r["added_ok"] and r["moved_ok"] for r in results)}


def evaluate(split: str = "heldout") -> dict[str, Any]:
    """All figures; mapping and duplicates on `split` (held out unless asked otherwise)."""
    out: dict[str, Any] = {"split": split}
    out.update({f"diff_{k}": v for k, v in diff_scores().items()})
    out.update({f"structure_{k}": v for k, v in draft_structure_scores().items()})
    out.update({f"comments_{k}": v for k, v in score_mapping(load_split(split)).items()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.eval_drafts", description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="heldout", choices=["heldout", "train", "all"])
    ap.add_argument("--verbose", action="store_true", help="list every error")
    args = ap.parse_args(argv)
    r = evaluate(args.split)
    print(f"real regulations: {r['structure_real_regulations']}  articles exact {r['structure_real_articles_exact']:.0%}"
          f"  chapters/sections exact {r['structure_real_chapters_exact']:.0%}  items exact {r['structure_real_items_exact']:.0%}")
    print(f"own draft files:  {r['structure_own_drafts']}  articles exact {r['structure_own_articles_exact']:.0%}"
          f"  chapters exact {r['structure_own_chapters_exact']:.0%}")
    for f in r["structure_failures"]:
        print("  structure failure:", f)
    print(f"comments ({args.split}): {r['comments_comments']}  exact-set accuracy {r['comments_exact_set_accuracy']:.3f}")
    for name, d in r["comments_per_draft"].items():
        print(f"   {name}: {d['comments']} comments, exact-set accuracy {d['exact_set_accuracy']:.3f}")
    print(f"duplicate pairs: {r['comments_duplicate_pairs']}  precision {r['comments_duplicate_precision']:.3f}"
          f"  recall {r['comments_duplicate_recall']:.3f}  F1 {r['comments_duplicate_f1']:.3f}"
          f"  false groups {r['comments_false_groups']}")
    print(f"diff (d1_03 一审稿→二审稿, docx/pdf/txt pairs): alignment {r['diff_alignment_accuracy']:.0%}, "
          f"added/moved exact: {r['diff_all_exact']}")
    errs = r["comments_errors"]
    for e in errs if args.verbose else errs[:10]:
        print("  mapping error:", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
