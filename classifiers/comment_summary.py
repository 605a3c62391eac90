"""The 意见汇总表: comments grouped by article, one row per distinct opinion, general ones last.

This is the table the legislative affairs office actually works from: 序号、条款、条文内容、
意见摘要、提出人/来源、同类意见数. A campaign of 500 identical letters is one row with 同类意见数
500, so the table weighs content, not volume; the workbook also keeps every original comment
(sheet 原始意见) so nothing is lost by the grouping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .comment_mapping import CommentAnalysis, MappedComment
from .drafts import article_label

HEADERS = ["序号", "条款", "条文内容", "意见摘要", "提出人/来源", "同类意见数"]
GENERAL = "总体意见"


@dataclass
class SummaryRow:
    serial: int
    clause: str
    article: int | None
    article_text: str
    summary: str
    who: str
    count: int
    comment_ids: list[str]

    def cells(self) -> list[str]:
        return [str(self.serial), self.clause, self.article_text, self.summary, self.who, str(self.count)]


def summarise(text: str, limit: int = 120) -> str:
    """Whole sentences up to `limit` characters (the first sentence, cut, if it alone is longer)."""
    text = re.sub(r"\s+", "", text)
    if len(text) <= limit:
        return text
    out = ""
    for sent in re.findall(r"[^。！？；]+[。！？；]?", text):
        if len(out) + len(sent) > limit:
            break
        out += sent
    return out or text[:limit - 1] + "…"


def _who(ms: list[MappedComment]) -> str:
    names = []
    for m in ms:
        c = m.comment
        name = c.proposer or c.source
        if c.contact_point and c.contact_point not in name:
            name = f"{name}（{c.contact_point}）"
        if name not in names:
            names.append(name)
    if len(names) > 3:
        return "、".join(names[:3]) + f"等{len(ms)}件"
    return "、".join(names)


def _opinions(ms: list[MappedComment]) -> list[list[MappedComment]]:
    """Comments of one article merged by duplicate group, in order of first appearance."""
    groups: dict[str, list[MappedComment]] = {}
    for m in ms:
        groups.setdefault(m.duplicate_group or m.comment.id, []).append(m)
    return list(groups.values())


def summary_rows(analysis: CommentAnalysis) -> list[SummaryRow]:
    """Rows of the 意见汇总表 in draft order, general comments last."""
    draft = analysis.draft
    by_article: dict[int, list[MappedComment]] = {}
    general: list[MappedComment] = []
    for m in analysis.mapped:
        if not m.articles:
            general.append(m)
        for n in m.articles:
            by_article.setdefault(n, []).append(m)
    rows: list[SummaryRow] = []
    order = [a.number for a in draft.articles] + sorted(set(by_article) - set(draft.numbers))
    for n in order:
        if n not in by_article:
            continue
        art = draft.article(n)
        for ms in _opinions(by_article[n]):
            rows.append(SummaryRow(len(rows) + 1, art.label if art else article_label(n), n,
                                   art.text if art else "", summarise(ms[0].comment.text), _who(ms), len(ms),
                                   [m.comment.id for m in ms]))
    for ms in _opinions(general):
        rows.append(SummaryRow(len(rows) + 1, GENERAL, None, "", summarise(ms[0].comment.text), _who(ms), len(ms),
                               [m.comment.id for m in ms]))
    return rows


def write_docx(analysis: CommentAnalysis, path: str | Path) -> int:
    """The 意见汇总表 as a Word table (article text shown once per article); returns the row count."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    rows = summary_rows(analysis)
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"《{analysis.draft.title or '草案'}》意见汇总表")
    run.bold = True
    run.font.size = Pt(18)
    stats = analysis.stats
    doc.add_paragraph(f"共收到意见{len(analysis.mapped)}件，涉及{len(stats)}个条款；"
                      f"总体意见{sum(1 for m in analysis.mapped if not m.articles)}件。")
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, HEADERS):
        cell.text = h
        for r in cell.paragraphs[0].runs:
            r.bold = True
    spans: list[tuple[int, int]] = []  # table rows of one article: 条款 and 条文内容 merged
    for i, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        values = row.cells()
        same = i > 1 and row.article is not None and rows[i - 2].article == row.article
        if same:
            values[1] = values[2] = ""
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
        for cell, v in zip(cells, values):
            cell.text = v
    for start, end in spans:
        if end > start:
            for col in (1, 2):
                merged = table.cell(start, col).merge(table.cell(end, col))
                for para in merged.paragraphs[1:]:  # the empty paragraphs of the absorbed cells
                    if not para.text:
                        para._element.getparent().remove(para._element)
    set_column_widths(table, [Cm(1.2), Cm(2.2), Cm(8.0), Cm(8.6), Cm(3.8), Cm(1.8)])
    doc.save(str(path))
    return len(rows)


def write_xlsx(analysis: CommentAnalysis, path: str | Path) -> int:
    """Workbook: 意见汇总表, 条款统计 (submissions / distinct / contact points), 原始意见 (every comment)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = summary_rows(analysis)
    wb = Workbook()
    ws = wb.active
    ws.title = "意见汇总表"
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.serial, row.clause, row.article_text, row.summary, row.who, row.count])
    for col, width in zip("ABCDEF", (6, 12, 50, 60, 30, 10)):
        ws.column_dimensions[col].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in ws.iter_rows(min_row=2):
        for c in r:
            c.alignment = wrap
    for c in ws[1]:
        c.font = Font(bold=True)

    st = wb.create_sheet("条款统计")
    st.append(["条款", "意见件数", "不同意见数", "联系点数", "联系点", "意见编号"])
    for n, s in analysis.stats.items():
        st.append([article_label(n), s.submissions, s.distinct, len(s.contact_points),
                   "、".join(s.contact_points), "、".join(s.comments)])
    for c in st[1]:
        c.font = Font(bold=True)

    raw = wb.create_sheet("原始意见")
    raw.append(["编号", "来源", "行", "提出人", "联系点", "条款栏", "意见", "理由", "归属条款", "依据", "重复组", "主题"])
    for m in analysis.mapped:
        c = m.comment
        raw.append([c.id, c.source, c.row, c.proposer, c.contact_point, c.clause, c.text, c.reason,
                    "、".join(article_label(n) for n in m.articles) or GENERAL, m.how,
                    m.duplicate_group, "、".join(m.themes)])
    for c in raw[1]:
        c.font = Font(bold=True)
    wb.save(str(path))
    return len(rows)


def set_column_widths(table, widths) -> None:
    """Fix a Word table's column widths on the grid and on every cell: LibreOffice lays out by the
    grid, Word by the cells, so both must say the same."""
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = w
    for r in table.rows:
        for cell, w in zip(r.cells, widths):
            cell.width = w
