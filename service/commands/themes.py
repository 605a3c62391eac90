"""`jiandu themes FILE...`: every problem and recommendation of the files in exactly one theme,
and the problems that recur across documents (屡查屡犯).

JSON per the contract (`themes` with T1… ids, labels, keywords, items) plus `recurrences`; the
readable form shows each theme's count per year — what a leader scanning a year's reports wants
first — and then the recurrences with where and when each occurred.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..output import EXIT_INPUT, emit_json, report_bad_input, table


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="reports (.docx, .pdf, .txt)")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")


def _collect(files: list[str]):
    """ThemeItems of every readable file; bad files reported on stderr and skipped."""
    from classifiers.items import extract_items
    from classifiers.themes import ThemeItem
    from classifiers.themes.docyear import document_year
    from extractors import DocumentError, load

    items, bad, years = [], False, {}
    for path in files:
        try:
            doc = load(path)
        except DocumentError as e:
            report_bad_input(path, e.reason)
            bad = True
            continue
        source = Path(path).name  # as the contract's example: the file's name, whatever the reader says
        year = document_year(doc)
        years[source] = year
        for it in extract_items(doc):
            items.append(ThemeItem(source=source, id=it.id, type=it.type, title=it.title or "",
                                   text=it.text, year=year, doc=path))
    return items, bad, years


def _item_json(it) -> dict:
    return {"source": it.source, "id": it.id, "type": it.type, "text": it.text}


def to_json(result) -> dict:
    return {
        "themes": [{"id": g.id, "label": g.label, "keywords": g.keywords, "discovered": g.discovered,
                    "items": [_item_json(it) for it in g.items]} for g in result.themes],
        "recurrences": [{"id": r.id, "label": r.label, "keywords": r.keywords,
                         "occurrences": [{**{"source": o.source, "id": o.id, "text": o.text},
                                          **({"year": o.year} if o.year else {})}
                                         for o in r.occurrences]}
                        for r in result.recurrences],
    }


def _overview(result, n_files: int) -> None:
    years = sorted({it.year for g in result.themes for it in g.items if it.year})
    n_items = sum(len(g.items) for g in result.themes)
    print(f"{n_files} 份文件，{n_items} 条问题与建议，{len(result.themes)} 个主题 / themes")
    print()
    headers = ["编号", "主题 theme", "合计"] + [str(y) for y in years] + ["关键词 keywords"]
    rows = []
    for g in result.themes:
        per_year = [str(sum(1 for it in g.items if it.year == y) or "") for y in years]
        label = g.label + ("（新发现）" if g.discovered else "")
        rows.append([g.id, label, str(len(g.items)), *per_year, "、".join(g.keywords[:5])])
    print(table(rows, headers))
    print()
    if not result.recurrences:
        print("未发现跨文件重复出现的问题 / no recurring problems across documents")
        return
    print(f"反复出现的问题 / recurring problems（{len(result.recurrences)}）")
    for r in result.recurrences:
        print(f"  {r.id} {r.label}")
        for o in r.occurrences:
            when = f"{o.year}年 " if o.year else ""
            print(f"      {when}{o.source} {o.id}：{o.title or o.text[:40]}")


def run(args: argparse.Namespace) -> int:
    from classifiers.themes import default_model, group_items

    items, bad, _ = _collect(args.files)
    result = group_items(items, default_model())
    if args.json:
        emit_json(to_json(result))
    else:
        _overview(result, len(args.files))
    sys.stdout.flush()
    return EXIT_INPUT if bad else 0
