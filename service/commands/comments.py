"""`jiandu comments DRAFT_FILE COMMENT_FILE...`: public comments mapped to the draft's articles.

Letters are one comment each, tables one per row; each comment gets the articles it addresses
(cited or by content), its near-duplicate group and themes. `--docx` / `--xlsx` write the
意见汇总表 grouped by article. A comment file that cannot be read is reported on stderr and
skipped; the others are still processed (exit code 3 at the end, as the contract says).
"""
from __future__ import annotations

import argparse
import sys

from ..output import EXIT_INPUT, emit_json, report_bad_input, table


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("draft", metavar="DRAFT_FILE", help="the draft regulation (.docx, .pdf, .txt)")
    parser.add_argument("comments", nargs="+", metavar="COMMENT_FILE",
                        help="letters (.docx, .pdf, .txt) and tables (.docx, .xlsx, .csv)")
    parser.add_argument("--json", action="store_true", help="print the contract's JSON object")
    parser.add_argument("--docx", metavar="FILE", help="write the 意见汇总表 as a Word document")
    parser.add_argument("--xlsx", metavar="FILE", help="write the 意见汇总表 (+ counts, originals) as an Excel workbook")


def run(args: argparse.Namespace) -> int:
    from classifiers.comment_intake import read_many
    from classifiers.comment_mapping import analyse
    from classifiers.drafts import parse_draft
    from extractors import DocumentError, load

    try:
        draft = parse_draft(load(args.draft))
    except DocumentError as e:
        report_bad_input(args.draft, e.reason)
        return EXIT_INPUT
    bad = []

    def on_error(path: str, reason: str) -> None:
        report_bad_input(path, reason)
        bad.append(path)

    comments = read_many(args.comments, on_error=on_error)
    if not args.json:
        print(f"{draft.title or args.draft}: {len(draft.articles)} 条; {len(comments)} 件意见", file=sys.stderr)
    analysis = analyse(draft, comments)
    written = []
    try:
        if args.docx:
            from classifiers.comment_summary import write_docx

            write_docx(analysis, args.docx)
            written.append(args.docx)
        if args.xlsx:
            from classifiers.comment_summary import write_xlsx

            write_xlsx(analysis, args.xlsx)
            written.append(args.xlsx)
    except OSError as e:
        sys.stderr.write(f"jiandu: cannot write export: {e.strerror or e}\n")
        return 1
    name = getattr(draft, "source", None) or args.draft
    if args.json:
        out = analysis.to_json(name)
        out["skipped"] = bad
        emit_json(out)
    else:
        rows = []
        for n, s in analysis.stats.items():
            art = draft.article(n)
            rows.append([art.label if art else str(n), str(s.submissions), str(s.distinct),
                         str(len(s.contact_points)), (art.text.split("\n")[0] if art else "")])
        print(table(rows, ["条款", "意见件数", "不同意见", "联系点", "条文"]))
        general = [m for m in analysis.mapped if not m.articles]
        groups = {m.duplicate_group for m in analysis.mapped if m.duplicate_group}
        print(f"\n总体意见 {len(general)} 件; 重复意见组 {len(groups)} 个")
        for path in written:
            print(f"已写出 {path}")
    return EXIT_INPUT if bad else 0
