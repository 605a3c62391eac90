"""`jiandu parse FILE`: the document model as JSON, or a readable outline."""
from __future__ import annotations

import argparse

from ..output import EXIT_INPUT, emit_json, load_or_report


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a .docx, .pdf, .ofd, .doc/.wps or .txt file")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")
    p.add_argument("--no-furniture", action="store_true", help="leave the furniture layer out of the JSON")


def run(args: argparse.Namespace) -> int:

    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_INPUT
    if args.json:
        out = doc.to_json(furniture=not args.no_furniture)
        out["source"] = args.file if "/" not in args.file else doc.source
        emit_json(out)
        return 0
    print(f"{doc.source}  格式 {doc.format}  类型 {doc.kind}  页数 {doc.pages if doc.pages is not None else '—'}")
    print(f"标题：{doc.title or '（未识别）'}")
    for w in doc.warnings:
        print(f"注意：{w}")
    for b in doc.blocks:
        if b.type == "heading":
            print("  " * ((b.level or 1) - 1) + f"■ {b.full_text}")
        elif b.type == "table_row":
            print("    │ " + " │ ".join(b.cells or []))
        else:
            t = b.full_text
            print("    " + (t[:70] + "…" if len(t) > 70 else t))
    if doc.furniture:
        print(f"（页眉页脚 {len(doc.furniture)} 处已分离）")
    return 0
