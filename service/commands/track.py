"""`jiandu track INSPECTION RECTIFICATION...`: the 整改台账 — each feedback point and what became of it.

Staff check a rectification report point by point against the inspection's problems and
recommendations; this command does the reading and shows, for every point, its status and the
sentence (with its page) that proves it, so a person can verify each line in seconds.

Added fields beyond the contract: `title` (the point's lead sentence), `flags` (["evasive"] where
the answer talks around the point or fixes only its easy half), `parts` (a verdict per clause of
a compound point), `history` (status and evidence per later report, with several reports), and
top-level `rectifications` and `summary`. `score` is the probability that the later report
speaks to the point at all (alignment confidence), in [0, 1].
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..output import EXIT_INPUT, emit_json, report_bad_input, table

STATUS_CN = {"resolved": "已整改", "in_progress": "整改中", "not_addressed": "未回应"}
STATUS_NOTE = {"resolved": "措施已完成", "in_progress": "措施已启动或在计划中，尚未完成",
               "not_addressed": "报告未回应此项（或仅有原则性表态）"}


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("inspection", metavar="INSPECTION_FILE", help="inspection report or 审议意见 (.docx/.pdf/.txt)")
    p.add_argument("rectifications", metavar="RECTIFICATION_FILE", nargs="+",
                   help="later report(s) in time order: the first answer, then any 回头看 reports")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")
    p.add_argument("--xlsx", metavar="FILE", help="also write the ledger (整改台账) as an Excel workbook")


def to_json(inspection_doc, rect_docs, points) -> dict[str, Any]:
    counts = {s: sum(1 for p in points if p.status == s) for s in STATUS_CN}
    return {
        "inspection": inspection_doc.source,
        "rectification": rect_docs[-1].source if rect_docs else None,
        "rectifications": [d.source for d in rect_docs],
        "title": inspection_doc.title,
        "summary": counts,
        "points": [p.to_json() for p in points],
    }


def situation(p) -> str:
    """The 整改情况 column: status in words, parts, and a warning where the answer dodges."""
    text = STATUS_NOTE[p.status]
    if p.parts:
        text += "；" + "；".join(f"{part['text']}：{STATUS_CN[part['status']]}" for part in p.parts)
    if "evasive" in p.flags:
        text += "；答复回避要点（避重就轻或答非所问），请人工核查"
    if len(p.history) > 1:
        text += "；历次：" + " → ".join(STATUS_CN[h["status"]] for h in p.history)
    return text


def _pages(p) -> str:
    pages = []
    for e in p.evidence:
        if e.page is not None and str(e.page) not in pages:
            pages.append(str(e.page))
    return "、".join(pages) or "—"


def write_xlsx(path: str, title: str | None, points) -> None:
    """The ledger with the columns staff keep by hand: 序号、问题、整改情况、状态、依据原文、页码."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    headers = ["序号", "问题", "整改情况", "状态", "依据原文", "页码"]
    ws.append(headers)
    fills = {"resolved": "C6EFCE", "in_progress": "FFEB9C", "not_addressed": "FFC7CE"}
    for n, p in enumerate(points, 1):
        ws.append([n, f"{p.id} {p.text}", situation(p), STATUS_CN[p.status],
                   "\n".join(e.text for e in p.evidence[:4]), _pages(p)])
        ws.cell(row=n + 1, column=4).fill = PatternFill("solid", fgColor=fills[p.status])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEF", (6, 50, 36, 10, 60, 8)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if title:
        wb.properties.title = f"{title} 整改台账"
    wb.save(path)


def run(args: argparse.Namespace) -> int:
    from classifiers.items import extract_items
    from classifiers.tracking import track
    from extractors import DocumentError, load

    try:
        inspection = load(args.inspection)
    except DocumentError as e:
        report_bad_input(args.inspection, e.reason)
        return EXIT_INPUT
    bad = False
    docs, names = [], []
    for f in args.rectifications:
        try:
            docs.append(load(f))
            names.append(Path(f).name)
        except DocumentError as e:
            report_bad_input(f, e.reason)
            bad = True
    items = extract_items(inspection)
    points = track(items, docs, names=names)
    if args.xlsx:
        write_xlsx(args.xlsx, inspection.title, points)
    if args.json:
        emit_json(to_json(inspection, docs, points))
    else:
        print(f"整改台账：{inspection.title or inspection.source}")
        print("对照：" + "、".join(d.title or d.source for d in docs) if docs else "对照：（无可读的整改报告）")
        rows = []
        for p in points:
            flag = "（回避）" if "evasive" in p.flags else ""
            ev = p.evidence[0].text if p.evidence else "—"
            rows.append([p.id, "问题" if p.type == "problem" else "建议", p.title, STATUS_CN[p.status] + flag, ev, _pages(p)])
        print(table(rows, ["编号", "类型", "要点", "状态", "依据原文", "页码"]))
        counts = {s: sum(1 for p in points if p.status == s) for s in STATUS_CN}
        print("合计：" + "，".join(f"{STATUS_CN[s]} {n} 项" for s, n in counts.items()))
        if args.xlsx:
            print(f"台账已写入 {args.xlsx}")
    return EXIT_INPUT if bad else 0
