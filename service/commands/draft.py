"""`jiandu draft FILE`: the articles and chapters of a draft regulation.

The structure is what every later step (comment mapping, 意见汇总表, 修改对照表) keys on, so this
command exists to let a person check it at a glance before trusting the rest.
"""
from __future__ import annotations

import argparse

from ..output import EXIT_INPUT, emit_json, load_or_report, table


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="draft regulation (.docx, .pdf, .txt, .md)")
    parser.add_argument("--json", action="store_true", help="print the contract's JSON object")


def run(args: argparse.Namespace) -> int:
    from classifiers.drafts import contract_json, parse_draft

    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_INPUT
    draft = parse_draft(doc)
    if args.json:
        emit_json(contract_json(draft))
        return 0
    print(f"{draft.title or '（无标题）'}")
    print(f"{len(draft.articles)} 条, {len(draft.chapters)} 章, {len(draft.sections)} 节"
          + (f", {len(draft.parts)} 编" if draft.parts else ""))
    if draft.chapters:
        rows = []
        for c in draft.chapters:
            span = f"{c.articles[0]}–{c.articles[-1]}" if c.articles else "—"
            rows.append([c.label, c.title, span, str(len(c.articles))])
        print(table(rows, ["章", "标题", "条", "条数"]))
    else:
        rows = [[a.label, a.text.split("\n")[0]] for a in draft.articles[:200]]
        print(table(rows, ["条", "条文"]))
    return 0
