"""Extraction figures: precision/recall/F1 per type, per format, on one split, with the misses.

The figure that counts is on `heldout`: documents in office styles the training split does not
contain. `train` is printed only to show how much is learnt versus generalised.
"""
from __future__ import annotations

import argparse
from collections import defaultdict

from corpus.dataset import match, renditions

TYPES = ("problem", "recommendation")


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def evaluate(split: str = "heldout", formats: tuple[str, ...] = ("docx", "pdf"),
             only: list[str] | None = None) -> dict:
    """`only`: glob patterns of document names (a batch such as `h17*`), to score one batch alone."""
    from fnmatch import fnmatch

    from classifiers.items import extract_items
    from extractors import DocumentError

    counts = {fmt: {t: [0, 0, 0] for t in TYPES} for fmt in formats}
    by_style: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    docs = 0
    for g, fmt, doc in renditions(split, formats):
        if only and not any(fnmatch(g.name, pat) for pat in only):
            continue
        if isinstance(doc, DocumentError):
            misses[fmt].append(f"{g.name}.{fmt}: unreadable ({doc.reason})")
            continue
        docs += 1
        items = extract_items(doc)
        preds = [(it.type, it.title, it.text) for it in items]
        pairs, extra, missed = match(preds, g.items)
        st = by_style[f"{g.style or '?'} {fmt}"]
        st[0], st[1], st[2] = st[0] + len(pairs), st[1] + len(extra), st[2] + len(missed)
        for i, j in pairs:
            counts[fmt][g.items[j]["type"]][0] += 1
        for i in extra:
            counts[fmt][preds[i][0]][1] += 1
            misses[fmt].append(f"{g.name}.{fmt}: spurious {preds[i][0]}: {preds[i][1][:40]}")
        for j in missed:
            counts[fmt][g.items[j]["type"]][2] += 1
            misses[fmt].append(f"{g.name}.{fmt}: missed {g.items[j]['type']}: {g.items[j]['title'][:40]}")
    result: dict = {"split": split, "documents": docs, "formats": {},
                    "styles": {k: _prf(*v) for k, v in sorted(by_style.items())}}
    for fmt in formats:
        per = {t: _prf(*counts[fmt][t]) for t in TYPES}
        tp = sum(counts[fmt][t][0] for t in TYPES)
        fp = sum(counts[fmt][t][1] for t in TYPES)
        fn = sum(counts[fmt][t][2] for t in TYPES)
        result["formats"][fmt] = {"types": per, "micro": _prf(tp, fp, fn), "misses": misses[fmt]}
    return result


def report(result: dict, show_misses: int = 30) -> str:
    lines = [f"## Items — split {result['split']} ({result['documents']} document renditions)", "",
             "| format | type | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|---|"]
    for fmt, r in result["formats"].items():
        for t, v in list(r["types"].items()) + [("micro", r["micro"])]:
            lines.append(f"| {fmt} | {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
    lines += ["", "| office style, format | micro-F1 | tp | fp | fn |", "|---|---|---|---|---|"]
    for k, v in result["styles"].items():
        lines.append(f"| {k} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
    for fmt, r in result["formats"].items():
        if r["misses"]:
            lines.append(f"\nmisses ({fmt}, {len(r['misses'])}):")
            lines.extend(f"  - {m}" for m in r["misses"][:show_misses])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="heldout")
    ap.add_argument("--only", nargs="+", metavar="GLOB", help="only these documents (e.g. 'h17*' 'h2*')")
    ap.add_argument("--misses", type=int, default=30)
    args = ap.parse_args(argv)
    print(report(evaluate(args.split, only=args.only), args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
