"""The rectification ledger (整改台账) of one inspection against its rectification report(s).

The points are the inspection's stored items with their *corrected* types, so a person's fix on
the document page changes the ledger; the reports are read from their stored blocks. The
tracking itself is `classifiers.tracking.track`, the same function `jiandu track` uses. When
that package is not installed yet the caller gets `Unavailable` and the page says 暂不可用.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Document, Item

from .stored import library_document

STATUS_CN = {"resolved": "已整改", "in_progress": "整改中", "not_addressed": "未回应"}
TYPE_CN = {"problem": "问题", "recommendation": "建议"}
FLAG_CN = {"evasive": "回应含糊"}


class Unavailable(Exception):
    """A library piece this page needs is not installed yet."""


@dataclass
class Ledger:
    inspection: Document
    rectifications: list[Document]
    points: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in STATUS_CN}
        for p in self.points:
            out[p["status"]] = out.get(p["status"], 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection.source, "inspection_id": str(self.inspection.id),
                "rectification": ", ".join(d.source for d in self.rectifications),
                "rectification_ids": [str(d.id) for d in self.rectifications],
                "counts": self.counts(), "points": self.points}


def build_ledger(s: Session, inspection: Document, rectifications: list[Document]) -> Ledger:
    try:
        from classifiers.tracking import track
    except ImportError as e:  # pragma: no cover - depends on the tracking helper's package
        raise Unavailable(f"整改跟踪模块暂不可用（{e}）") from None
    items = s.scalars(select(Item).where(Item.document_id == inspection.id).order_by(Item.seq)).all()
    points = [{"id": it.key, "type": it.type, "title": it.title or "", "text": it.text} for it in items]
    docs = [library_document(s, d) for d in rectifications]
    try:
        tracked = track(points, docs, names=[d.source for d in rectifications])
    except FileNotFoundError as e:  # a model not trained yet
        raise Unavailable(f"整改跟踪模型暂不可用（{e}）") from None
    by_key = {it.key: it for it in items}
    out = []
    for tp in tracked:
        row = tp.to_json()
        it = by_key.get(tp.id)
        row["item"] = it.id if it is not None else None
        row["page"] = it.page if it is not None else None
        row["theme"] = it.theme if it is not None else None
        out.append(row)
    return Ledger(inspection, rectifications, out)


def ledger_xlsx(ledger: Ledger) -> bytes:
    """The ledger as an Excel workbook: one row per point, status coloured as on the page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append([f"整改跟踪台账：{ledger.inspection.title or ledger.inspection.source}"])
    ws.append([f"整改报告：{'；'.join(d.title or d.source for d in ledger.rectifications)}"])
    c = ledger.counts()
    ws.append([f"共 {len(ledger.points)} 项：已整改 {c['resolved']}，整改中 {c['in_progress']}，未回应 {c['not_addressed']}"])
    ws.append([])
    headers = ["序号", "编号", "类型", "问题/建议", "整改状态", "整改情况（原文摘录）", "页码", "备注"]
    ws.append(headers)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
    fills = {"resolved": "D7EFD9", "in_progress": "FCEBC4", "not_addressed": "F6D4D1"}
    for n, p in enumerate(ledger.points, start=1):
        evidence = "\n".join(e["text"] for e in p["evidence"])
        pages = "、".join(str(e["page"]) for e in p["evidence"] if e.get("page"))
        flags = "、".join(FLAG_CN.get(f, f) for f in p.get("flags") or [])
        ws.append([n, p["id"], TYPE_CN.get(p["type"], p["type"]), p["text"], STATUS_CN.get(p["status"], p["status"]),
                   evidence, pages, flags])
        ws.cell(ws.max_row, 5).fill = PatternFill("solid", fgColor=fills.get(p["status"], "FFFFFF"))
    for col, width in zip(range(1, 9), (6, 8, 8, 50, 10, 60, 8, 12)):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=head_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
