"""One PDF page → its lines and tables, with OCR standing in for a missing or garbled text layer.

Everything that needs the open pdfium page happens here, so the page is closed as soon as its
characters are out (memory stays flat however long the document). A page without a usable
text layer — a scan, or CID fonts without a ToUnicode map — is rendered and recognised by
`extractors.ocr` when that extra is installed; its characters then go through the same lines,
furniture, columns and reflow as any other page. Either way the page is named in the warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .chars import PageChars, read_chars
from .garbled import unreadable, warning
from .lines import Line, page_lines
from .tables import Table, TableFinder, graphics, has_rulings


@dataclass(slots=True)
class PageResult:
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    height: float = 0.0
    width: float = 0.0
    ocr: bool = False
    damaged: bool = False


def _ocr(page, pc: PageChars) -> tuple[PageChars, bool, str]:
    from .. import ocr

    if not ocr.is_available():
        pc.chars = []
        return pc, False, f"; {ocr.MISSING}"
    return ocr.ocr_chars(page, pc.number), True, "; read by OCR"


def read_page(pdf, index: int, finder: TableFinder, warnings: list[str]) -> PageResult:
    number = index + 1
    try:
        page = pdf[index]
    except Exception as e:              # pdfium could not load this page's content
        warnings.append(f"page {number}: cannot be read ({str(e)[:80]})")
        return PageResult(lines=[], damaged=True)
    try:
        g = graphics(page)
        pc = read_chars(page, number)
        reason = unreadable(pc)
        used_ocr = False
        if reason or (not pc.chars and g["images"]):
            note = warning(number, reason) if reason else f"page {number}: no text layer (a scanned image)"
            pc, used_ocr, how = _ocr(page, pc)
            warnings.append(note + how)
    finally:
        page.close()
    found = finder.find(index) if pc.chars and not used_ocr and has_rulings(g) else []
    chars = pc.chars
    if found:
        chars = [c for c in chars if not any(t.contains((c[1] + c[3]) / 2, (c[2] + c[4]) / 2) for t in found)]
    return PageResult(lines=page_lines(pc, chars), tables=found, height=pc.height, width=pc.width, ocr=used_ocr)
