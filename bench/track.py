"""Benchmark: track a pair of ~20-page documents (``python -m bench.track``; target < 2 s).

The pair is built from the corpus: inspections one after another up to ~20 pages of text (900
characters a page) give the points, and the rectification reports one after another give a
~20-page later report, so the timing covers realistic sentences, not lorem ipsum. CPU time is
printed next to wall time because a loaded machine inflates the latter. Tracking time is measured after jieba's one-off dictionary load, which is reported
separately (a server pays it once at start-up).
"""
from __future__ import annotations

import time


def build_pair(pages: int = 20):
    from corpus import tracking_data as data
    from extractors.model import Block, Document

    items, blocks = [], []
    counts = {"problem": 0, "recommendation": 0}
    chars_per_page = 900
    chars = 0
    pairs = data.pairs("all")
    insp_chars = 0
    for pair in pairs:  # inspections one after another up to `pages` pages of full text
        if insp_chars >= pages * chars_per_page:
            break
        insp_chars += len(data.document(pair["inspection"]).text)
        for it in data.inspection_items(pair["inspection"]):
            counts[it["type"]] += 1
            items.append(dict(it, id=f"{'P' if it['type'] == 'problem' else 'R'}{counts[it['type']]}"))
    while chars < pages * chars_per_page:  # the reports, again from the start if needed, up to `pages`
        for pair in pairs:
            for rect in pair["rectifications"]:
                for b in data.document(rect).blocks:
                    chars += len(b.text or "")
                    blocks.append(Block(b.type, b.text, level=b.level, label=b.label, cells=b.cells,
                                        page=1 + chars // chars_per_page))
            if chars >= pages * chars_per_page:
                break
    doc = Document(source="bench_rect.docx", format="docx", blocks=blocks, kind="rectification_report",
                   pages=1 + chars // chars_per_page)
    return items, doc, insp_chars


def main() -> int:
    from classifiers.lexicon import tokenizer
    from classifiers.tracking import track

    t0 = time.perf_counter()
    tokenizer()
    t_jieba = time.perf_counter() - t0
    items, doc, insp_chars = build_pair()
    t0, c0 = time.perf_counter(), time.process_time()
    points = track(items, [doc])
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_sent = sum(1 for b in doc.blocks if b.text)
    print(f"pair: inspection ~{insp_chars // 900} pages ({insp_chars} chars, {len(items)} points); "
          f"rectification {doc.pages} pages, {n_sent} paragraphs")
    print(f"jieba dictionary load (once per process): {t_jieba:.2f} s")
    print(f"tracking time: {elapsed:.2f} s wall, {cpu:.2f} s CPU (target < 2 s) — "
          f"{sum(p.status == 'resolved' for p in points)} resolved, "
          f"{sum(p.status == 'in_progress' for p in points)} in progress, "
          f"{sum(p.status == 'not_addressed' for p in points)} not addressed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
