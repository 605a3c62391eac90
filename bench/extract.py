"""Extraction's cost on top of parsing (run by hand): `python bench/extract.py`.

Issue 3's goal: extraction adds at most 20 % to a document's parse time. Model loading and
jieba's dictionary load happen once per process and are reported separately.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from classifiers.items import _model, extract_items
    from extractors import load

    t0 = time.perf_counter()
    _model()
    from classifiers import lexicon
    lexicon.tokenizer()
    warm = time.perf_counter() - t0
    rows = []
    for fmt in ("docx", "pdf"):
        files = sorted((ROOT / "corpus" / "documents").glob(f"*.{fmt}"))
        parse_t, extract_t = [], []
        for f in files:
            for _ in range(3):
                t = time.perf_counter()
                doc = load(f)
                t1 = time.perf_counter()
                extract_items(doc)
                t2 = time.perf_counter()
            parse_t.append(t1 - t)
            extract_t.append(t2 - t1)
        if files:
            p, e = sum(parse_t), sum(extract_t)
            rows.append((fmt, len(files), p, e, e / p * 100, statistics.median(extract_t) * 1000))
    print(f"one-off per process: model + jieba dictionary load {warm:.2f} s")
    print("| format | files | parse s | extract s | extraction / parse | median extract ms |")
    print("|---|---|---|---|---|---|")
    for fmt, n, p, e, pct, med in rows:
        print(f"| {fmt} | {n} | {p:.2f} | {e:.2f} | {pct:.0f} % | {med:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
