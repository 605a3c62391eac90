"""Low-level WordprocessingML helpers for the corpus writer (python-docx has no API for these).

Kept apart from ``docx_writer`` so the rendering logic reads as document structure, not XML:
schema-ordered pPr insertion, East-Asian fonts, paragraph-mark properties, reproducible zips.
"""

from __future__ import annotations

import io
import zipfile

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .styles import StylePreset


PPR_ORDER = [f"w:{t}" for t in (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange").split()]


def put_ppr(ppr, el) -> None:
    """Insert ``el`` into ``w:pPr`` at its schema position (Word rejects out-of-order pPr)."""
    later = PPR_ORDER[PPR_ORDER.index(el.tag.replace(f"{{{el.nsmap['w']}}}", "w:")) + 1:]
    for tag in later:
        nxt = ppr.find(qn(tag))
        if nxt is not None:
            nxt.addprevious(el)
            return
    ppr.append(el)


def set_fonts(rpr, east_asia: str, latin: str) -> None:
    """Set ascii/hAnsi to the Latin font and eastAsia to the CJK font, dropping theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def add_run(paragraph, text: str, font: str | None, size: float | None, bold: bool | None, p: StylePreset):
    run = paragraph.add_run(text)
    if font:
        set_fonts(run._r.get_or_add_rPr(), font, p.latin_font)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    return run


def set_spacing(paragraph, p: StylePreset, exact: float | None = None) -> None:
    fmt = paragraph.paragraph_format
    if exact or p.line_exact_pt:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact or p.line_exact_pt)
    else:
        fmt.line_spacing = p.line_multiple
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(p.space_after_pt)


def first_line_indent(paragraph, p: StylePreset, size: float) -> None:
    paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    if p.indent_chars:
        ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), "200")


def mark_fonts(paragraph, font: str, size: float, bold: bool, p: StylePreset) -> None:
    """Paragraph-mark run properties: Word draws an automatic numbering label with these."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    set_fonts(rpr, font, p.latin_font)
    if bold:
        rpr.append(OxmlElement("w:b"))
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)
    put_ppr(ppr, rpr)


def reproducible_zip(data: bytes, year: int) -> bytes:
    """The .docx package with fixed zip time stamps, so an unchanged source gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(year, 6, 1, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
