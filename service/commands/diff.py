"""`jiandu diff OLD_DRAFT NEW_DRAFT`: the 修改对照表 between two versions of a draft.

Articles are aligned by content across renumbering (see classifiers/draft_diff.py); the JSON
lists every row with its status (unchanged / changed / moved / added / deleted), old and new
numbers and the character-level change spans; `--docx` writes the comparison table with
deletions struck through and insertions underlined.
"""
from __future__ import annotations

import argparse

from ..output import EXIT_INPUT, emit_json, report_bad_input, table


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD_DRAFT", help="the earlier version (.docx, .pdf, .txt)")
    parser.add_argument("new", metavar="NEW_DRAFT", help="the later version")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--docx", metavar="FILE", help="write the 修改对照表 as a Word document")
    parser.add_argument("--comments", nargs="+", metavar="COMMENT_FILE",
                        help="comments on the OLD draft: show which articles of the NEW draft they now address")
    parser.add_argument("--changes-only", action="store_true",
                        help="leave unchanged articles out of the table and the readable summary")


def run(args: argparse.Namespace) -> int:
    from classifiers.draft_diff import STATUS_CN, diff_drafts, explain, write_docx
    from classifiers.drafts import parse_draft
    from extractors import DocumentError, load

    drafts = []
    bad = False
    for path in (args.old, args.new):
        try:
            drafts.append(parse_draft(load(path)))
        except DocumentError as e:
            report_bad_input(path, e.reason)
            bad = True
    if bad:
        return EXIT_INPUT
    diff = diff_drafts(drafts[0], drafts[1])
    carried = _carry(args, drafts, diff) if args.comments else None
    if carried is not None and carried[1]:
        bad = True
    if args.docx:
        try:
            write_docx(diff, args.docx, include_unchanged=not args.changes_only)
        except OSError as e:
            import sys

            sys.stderr.write(f"jiandu: cannot write {args.docx}: {e.strerror or e}\n")
            return 1
    if args.json:
        out = diff.to_json()
        if carried is not None:
            out["comments"] = carried[0]
        emit_json(out)
        return EXIT_INPUT if bad else 0
    s = diff.summary()
    print(f"{diff.old.title} → {diff.new.title}")
    print(f"原稿 {len(diff.old.articles)} 条, 修改稿 {len(diff.new.articles)} 条: 新增 {s['added']}, 删除 {s['deleted']}, "
          f"移动 {s['moved']}, 修改 {s['changed']}, 条序调整 {s['renumbered']}")
    rows = []
    for r in diff.rows:
        if args.changes_only and r.status == "unchanged" and not r.renumbered:
            continue
        changes = "".join(f"[-{sp.old}-]{{+{sp.new}+}}" if sp.op == "replace" else
                          f"[-{sp.old}-]" if sp.op == "delete" else f"{{+{sp.new}+}}"
                          for sp in r.spans if sp.op != "equal")
        rows.append([str(r.old or "—"), str(r.new or "—"), STATUS_CN[r.status], explain(r), changes])
    print(table(rows, ["原条", "新条", "状态", "说明", "改动"]))
    if carried is not None:
        print()
        print(table([[c["id"], c["source"], "、".join(map(str, c["old_articles"])) or "总体",
                      "、".join(map(str, c["new_articles"])) or ("（条文已删除）" if c["deleted"] else "总体")]
                     for c in carried[0]], ["意见", "来源", "原稿条", "修改稿条"]))
    if args.docx:
        print(f"已写出 {args.docx}")
    return EXIT_INPUT if bad else 0


def _carry(args: argparse.Namespace, drafts, diff) -> tuple[list[dict], list[str]]:
    """Comments mapped on the old draft, carried through the alignment to the new one."""
    from classifiers.comment_intake import read_many
    from classifiers.comment_mapping import analyse
    from classifiers.draft_diff import carry_details

    bad: list[str] = []

    def on_error(path: str, reason: str) -> None:
        report_bad_input(path, reason)
        bad.append(path)

    comments = read_many(args.comments, on_error=on_error)
    analysis = analyse(drafts[0], comments)
    mapping = {m.comment.id: m.articles for m in analysis.mapped}
    texts = {m.comment.id: m.comment.text for m in analysis.mapped}
    details = carry_details(drafts[0], drafts[1], mapping, texts, diff)
    out = []
    for m in analysis.mapped:
        d = details[m.comment.id]
        out.append({"id": m.comment.id, "source": m.comment.source, "row": m.comment.row,
                    "old_articles": m.articles, "new_articles": d["articles"], "via": d["via"],
                    "deleted": d["deleted"], "duplicate_group": m.duplicate_group})
    return out, bad
