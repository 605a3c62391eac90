"""Render a parsed `.jd` document to .docx the way a Chinese local office's Word/WPS file looks.

These files are what jiandu's parser is tested on, so realism matters more than tidiness:
East-Asian fonts go in ``w:rFonts/@w:eastAsia`` (where Word keeps them), headings are either Word
Heading styles or direct formatting on Normal paragraphs depending on the office preset, page
numbers are real PAGE fields, two-column parts are real continuous section breaks.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .ooxml import (add_run, first_line_indent, mark_fonts, put_ppr, reproducible_zip, set_fonts,
                    set_spacing)
from .jd import Block, Inline, JdDocument, Text, drop_prefix
from .numbering import NumberingPlan, next_ids, num_pr, plan_numbering, write_numbering
from .styles import StylePreset, preset as preset_for

HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}


class DocxWriter:
    """Builds one .docx from one ``JdDocument`` in its office style."""

    def __init__(self, jd: JdDocument) -> None:
        self.jd = jd
        self.p = preset_for(jd.meta.get("style", ""))
        self.doc = docx.Document()
        self.columns = 1
        self.plan: NumberingPlan | None = None

    # -- document set-up -------------------------------------------------------------------
    def _setup(self) -> None:
        p, sec = self.p, self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Cm(x) for x in p.margins_cm)
        sec.header_distance, sec.footer_distance = Cm(1.5), Cm(2.0)
        normal = self.doc.styles["Normal"]
        set_fonts(normal.element.get_or_add_rPr(), p.body_font, p.latin_font)
        normal.font.size = Pt(p.body_size)
        if p.heading_mode == "style":
            self._heading_styles()
        if self.jd.numbering == "auto":
            numbering_el = self.doc.part.numbering_part.element
            first_abs, first_num = next_ids(numbering_el)
            self.plan = plan_numbering(self.jd, p, first_abs, first_num)
            write_numbering(numbering_el, self.plan, p, HEADING_STYLE_IDS)
            if p.heading_mode == "style":
                for level, ilvl in self.plan.style_ilvl.items():
                    style = self.doc.styles[f"Heading {level}"]
                    put_ppr(style.element.get_or_add_pPr(), num_pr(first_num, ilvl))
        self._header_footer()

    def _heading_styles(self) -> None:
        """Make Heading 1..4 look like an official document instead of Word's blue defaults."""
        p = self.p
        for level, look in enumerate(p.headings, start=1):
            style = self.doc.styles[f"Heading {level}"]
            rpr = style.element.get_or_add_rPr()
            for child in list(rpr):
                rpr.remove(child)
            set_fonts(rpr, look.font, p.latin_font)
            style.font.bold = look.bold
            style.font.size = Pt(look.size)
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(p.space_after_pt)
            if p.line_exact_pt:
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(p.line_exact_pt)
            else:
                fmt.line_spacing = p.line_multiple
            fmt.first_line_indent = Pt(2 * p.body_size) if p.heading_indent else Pt(0)
            fmt.keep_with_next = True

    def _field(self, paragraph, instr: str, shown: str, font_size: float) -> None:
        p = self.p
        if p.page_field == "simple":
            fld = OxmlElement("w:fldSimple")
            fld.set(qn("w:instr"), f" {instr} ")
            r = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            set_fonts(rpr, p.footer_font, p.latin_font)
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(round(font_size * 2)))
            rpr.append(sz)
            r.append(rpr)
            t = OxmlElement("w:t")
            t.text = shown
            r.append(t)
            fld.append(r)
            paragraph._p.append(fld)
            return
        for kind in ("begin", "instr", "separate", "shown", "end"):
            run = add_run(paragraph, "", p.footer_font, font_size, None, p)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {instr} "
                run._r.append(el)
            elif kind == "shown":
                run.text = shown
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                run._r.append(el)

    def _header_footer(self) -> None:
        p, sec, meta = self.p, self.doc.sections[0], self.jd.meta
        if meta.get("header"):
            hp = sec.header.paragraphs[0]
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(hp, meta["header"], p.header_font, 10.5, None, p)
        kind = meta.get("footer", "dash")
        if kind == "none":
            return
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = p.footer_size if kind != "of" else 10.5
        parts = {"dash": ["— ", "PAGE", " —"], "hyphen": ["-", "PAGE", "-"], "plain": ["PAGE"],
                 "of": ["第", "PAGE", "页 共", "NUMPAGES", "页"]}[kind]
        for part in parts:
            if part in ("PAGE", "NUMPAGES"):
                self._field(fp, part, "1", size)
            else:
                add_run(fp, part, p.footer_font, size, None, p)

    # -- body --------------------------------------------------------------------------------
    def _add_inlines(self, paragraph, inlines: list[Inline], font: str | None, size: float | None,
                     bold: bool | None) -> None:
        for i in inlines:
            if isinstance(i, Text) and i.text:
                add_run(paragraph, i.text, font, size, True if i.bold else bold, self.p)

    def _title(self) -> None:
        p = self.p
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_spacing(para, p, exact=max(p.title_size * 1.6, p.line_exact_pt or 0) if p.line_exact_pt else None)
        para.paragraph_format.space_after = Pt(p.line_exact_pt or 24)
        add_run(para, self.jd.meta["title"], p.title_font, p.title_size, None, p)

    def _heading(self, b: Block) -> None:
        p = self.p
        assert b.level is not None
        look = p.headings[b.level - 1]
        inlines = b.inlines
        assign = self.plan.assignments.get(id(b)) if self.plan else None
        if assign and assign.num_id != 0 and b.label:
            inlines = drop_prefix(inlines, len(b.label.text))
        if p.heading_mode == "style":
            para = self.doc.add_paragraph(style=f"Heading {b.level}")
            self._add_inlines(para, inlines, None, None, None)
        else:
            para = self.doc.add_paragraph()
            set_spacing(para, p)
            if p.heading_indent:
                first_line_indent(para, p, p.body_size)
            para.paragraph_format.keep_with_next = True
            self._add_inlines(para, inlines, look.font, look.size, look.bold)
            if p.heading_mode == "outline":
                lvl = OxmlElement("w:outlineLvl")
                lvl.set(qn("w:val"), str(b.level - 1))
                put_ppr(para._p.get_or_add_pPr(), lvl)
        if assign and assign.num_id is not None:
            put_ppr(para._p.get_or_add_pPr(), num_pr(assign.num_id, assign.ilvl))
        if p.heading_mode != "style" or assign:
            mark_fonts(para, look.font, look.size, look.bold, p)

    def _paragraph(self, b: Block) -> None:
        p = self.p
        para = self.doc.add_paragraph()
        set_spacing(para, p)
        font = None if p.heading_mode == "style" else p.body_font
        if b.kind == "paragraph":
            first_line_indent(para, p, p.body_size)
        elif b.kind == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font = p.headings[1].font
        self._add_inlines(para, b.inlines, font, p.body_size if font else None, None)

    def _table(self, b: Block) -> None:
        p = self.p
        ncols = max(len(r) for r in b.rows)
        table = self.doc.add_table(rows=len(b.rows), cols=ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tblpr = table._tbl.tblPr
        tblw = tblpr.find(qn("w:tblW"))
        if tblw is None:
            tblw = OxmlElement("w:tblW")
            tblpr.append(tblw)
        tblw.set(qn("w:type"), "pct")
        tblw.set(qn("w:w"), "5000")
        for r, row in enumerate(b.rows):
            if r == 0:
                trpr = table.rows[0]._tr.get_or_add_trPr()
                trpr.append(OxmlElement("w:tblHeader"))
            for c in range(ncols):
                para = table.cell(r, c).paragraphs[0]
                para.paragraph_format.line_spacing = 1.0
                para.paragraph_format.first_line_indent = Pt(0)
                if r == 0:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                cell = row[c] if c < len(row) else []
                font = p.headings[0].font if r == 0 else p.body_font
                self._add_inlines(para, cell, font, p.table_size, None)

    def _columns(self, n: int) -> None:
        """End the current section with a continuous break and start one with ``n`` columns."""
        if n == self.columns:
            return
        body = self.doc.element.body
        sentinel = body.sectPr
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            last = self.doc.add_paragraph()._p
        closing = copy.deepcopy(sentinel)
        last.get_or_add_pPr()._insert_sectPr(closing)
        for ref in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
            sentinel.remove(ref)
        self.doc.sections[-1].start_type = WD_SECTION.CONTINUOUS
        cols = sentinel.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            sentinel.append(cols)
        cols.set(qn("w:num"), str(n))
        cols.set(qn("w:space"), "425")
        self.columns = n

    def render(self) -> docx.Document:
        """Build and return the python-docx Document."""
        self._setup()
        self._title()
        for b in self.jd.blocks:
            if b.kind == "heading":
                self._heading(b)
            elif b.kind in ("paragraph", "right", "center"):
                self._paragraph(b)
            elif b.kind == "table":
                self._table(b)
            elif b.kind == "columns":
                assert b.columns is not None
                self._columns(b.columns)
            elif b.kind == "pagebreak":
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return self.doc


def write_docx(jd: JdDocument, out: Path) -> bool:
    """Render ``jd`` to ``out`` reproducibly; the file is only rewritten when its bytes change
    (so render_pdfs.sh, which re-renders .docx newer than their .pdf, skips unchanged ones).
    Returns whether the file was written."""
    document = DocxWriter(jd).render()
    props = document.core_properties
    props.author = jd.meta.get("office", "")
    props.title = jd.meta["title"]
    props.last_modified_by = props.author
    props.revision = 1
    year = int(jd.meta.get("year") or 2024)
    props.created = props.modified = _dt.datetime(year, 6, 1, 9, 0, 0)
    props.comments = ""
    buf = io.BytesIO()
    document.save(buf)
    data = reproducible_zip(buf.getvalue(), max(year, 1980))
    if out.exists() and out.read_bytes() == data:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return True
