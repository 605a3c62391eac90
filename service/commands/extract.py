"""`jiandu extract FILE`: problems and recommendations, each with its lead sentence and evidence."""
from __future__ import annotations

import argparse

from ..output import EXIT_INPUT, emit_json, load_or_report, table


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a .docx, .pdf or .txt report")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")


def run(args: argparse.Namespace) -> int:
    from classifiers.items import add_themes, extract_items

    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_INPUT
    items = add_themes(extract_items(doc))
    if args.json:
        emit_json({"source": doc.source, "title": doc.title, "kind": doc.kind,
                   "items": [it.to_json() for it in items]})
        return 0
    print(f"{doc.title or doc.source}（{doc.kind}）")
    if not items:
        print("未找到问题或建议。" if doc.kind not in ("rectification_report", "draft_regulation", "comments")
              else f"此类文档（{doc.kind}）不抽取问题与建议。")
        return 0
    rows = [[it.id, "问题" if it.type == "problem" else "建议", it.title, str(it.page or "—")] for it in items]
    print(table(rows, ["编号", "类型", "要点", "页码"]))
    return 0
