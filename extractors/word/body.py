"""Walk a .docx body: paragraphs and tables in order, runs with bold/size, drawn labels, furniture.

Text is taken from w:t/w:tab/w:br of runs directly (deleted revisions and text boxes skipped) so
that tracked changes, hyperlinks and fields all read as Word shows the final text. Pages are only
known where Word recorded them (w:lastRenderedPageBreak) or the author forced them (page breaks);
otherwise `page` stays null as the contract allows.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from ..base import Limits
from ..cleanup import clean
from ..errors import DocumentError
from ..model import Block, Document, Furniture
from .numbering import W, Numbering
from .styles import Styles, run_props

_SKIP_ANCESTORS = {W + "del", W + "moveFrom", W + "txbxContent", W + "fldData"}
_PAGE_NUMBER_CHARS = set("0123456789—–-第页共/ 　PAGENUM")


class _PageCounter:
    """Page of the current paragraph from rendered and explicit page breaks."""

    def __init__(self, body) -> None:
        self.rendered = body.find(f".//{W}lastRenderedPageBreak") is not None
        self.explicit = any(br.get(W + "type") == "page" for br in body.iter(W + "br"))
        self.page = 1

    @property
    def known(self) -> bool:
        return self.rendered or self.explicit

    def see(self, el) -> None:
        if el.tag == W + "lastRenderedPageBreak" and self.rendered:
            self.page += 1
        elif el.tag == W + "br" and el.get(W + "type") == "page" and not self.rendered:
            self.page += 1


def _runs(p, styles: Styles, para_bold: bool | None, pages: _PageCounter):
    """(text, bold, size, font) for each run of a paragraph, skipping deleted and boxed text."""
    out = []
    for r in p.iter(W + "r"):
        anc, skip = r.getparent(), False
        while anc is not None and anc is not p:
            if anc.tag in _SKIP_ANCESTORS:
                skip = True
                break
            anc = anc.getparent()
        if skip:
            continue
        rpr = r.find(W + "rPr")
        bold, size, font = run_props(rpr)
        if bold is None and rpr is not None and (rs := rpr.find(W + "rStyle")) is not None:
            bold = styles.char_bold(rs.get(W + "val"))
        if bold is None:
            bold = bool(para_bold)
        parts = []
        for child in r:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append(" ")
            elif tag in (W + "br", W + "cr"):
                pages.see(child)
                if child.get(W + "type") != "page":
                    parts.append("\n")
            elif tag == W + "lastRenderedPageBreak":
                pages.see(child)
            elif tag == W + "noBreakHyphen":
                parts.append("-")
        if parts:
            out.append(("".join(parts), bold, size, font))
    return out


def _paragraph(p, styles: Styles, numbering: Numbering, pages: _PageCounter) -> Block | None:
    ppr = p.find(W + "pPr")
    style_id = None
    direct_outline = None
    num = None
    align = None
    if ppr is not None:
        ps = ppr.find(W + "pStyle")
        style_id = ps.get(W + "val") if ps is not None else None
        ol = ppr.find(W + "outlineLvl")
        if ol is not None and (v := ol.get(W + "val", "")).isdigit():
            direct_outline = int(v) + 1 if int(v) < 9 else 0
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            nid, ilvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
            num = (nid.get(W + "val") if nid is not None else None, int(ilvl.get(W + "val", "0")) if ilvl is not None else None)
        jc = ppr.find(W + "jc")
        align = jc.get(W + "val") if jc is not None else None
        if ppr.find(W + "pageBreakBefore") is not None and not pages.rendered:
            pages.page += 1
    style = styles.para(style_id)
    runs = _runs(p, styles, style.bold, pages)
    raw = "".join(t for t, *_ in runs)
    text = clean(raw.replace("\n", " ") if any(ord(c) < 0x2E80 for c in raw if not c.isspace()) else raw)
    # numbering: direct numPr, completed by the style's numPr
    num_id, ilvl = None, 0
    if num is not None:
        num_id = num[0] if num[0] is not None else (style.num[0] if style.num else None)
        ilvl = num[1] if num[1] is not None else (style.num[1] if style.num else 0)
    elif style.num:
        num_id, ilvl = style.num
    label = fmt = None
    if num_id and num_id != "0" and text:
        label, fmt = numbering.label(num_id, ilvl)
    if not text:
        return None
    outline = direct_outline if direct_outline is not None else style.outline
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for t, _, size, font in runs:
        n = len(t.strip())
        if size or style.size:
            sizes[size or style.size] += n
        if font or style.font:
            fonts[font or style.font] += n
    bold_chars = sum(len(t.strip()) for t, b, *_ in runs if b)
    all_chars = sum(len(t.strip()) for t, *_ in runs) or 1
    lead = ""
    for t, b, *_ in runs:
        if not b:
            break
        lead += t
    lead = clean(lead)
    segments: list[str] = []
    current, in_lead = "", True
    for t, b, *_ in runs:
        if in_lead and b:
            continue
        in_lead = False
        if b:
            current += t
        elif current.strip():
            segments.append(clean(current))
            current = ""
    if current.strip():
        segments.append(clean(current))
    block = Block(type="heading" if outline else ("list_item" if fmt == "bullet" else "paragraph"), text=text,
                  label=label, page=pages.page if pages.known else None,
                  bold=bold_chars >= all_chars * 0.9, bold_lead=lead if lead and bold_chars < all_chars * 0.9 else None,
                  bold_segments=[s for s in segments if len(s) >= 4] or None,
                  font_size=sizes.most_common(1)[0][0] if sizes else None,
                  font=fonts.most_common(1)[0][0] if fonts else None,
                  align="center" if (align or style.align) in ("center", "centre") else (align or style.align),
                  outline_level=outline or None, style=style.name)
    if outline == 0:
        block.style = "Title"
    return block


def _cell_text(tc) -> str:
    return clean(" ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in tc.iter(W + "p")))


def _table(tbl, pages: _PageCounter) -> list[Block]:
    rows = []
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not None and tr.getparent().getparent() is not tbl and tr.getparent() is not tbl:
            continue  # rows of nested tables are read as their cell's text
        cells = []
        for tc in tr.findall(W + "tc"):
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue":
                cells.append("")
                continue
            cells.append(_cell_text(tc))
        if any(cells):
            rows.append(Block(type="table_row", text=" | ".join(cells), cells=cells,
                              page=pages.page if pages.known else None))
    return rows


def _furniture(document) -> list[Furniture]:
    out: list[Furniture] = []
    seen = set()
    for section in document.sections:
        for role, parts in (("header", (section.header, section.first_page_header, section.even_page_header)),
                            ("footer", (section.footer, section.first_page_footer, section.even_page_footer))):
            for part in parts:
                try:
                    if part.is_linked_to_previous:
                        continue
                    text = clean(" ".join(p.text for p in part.paragraphs))
                    has_field = any(True for _ in part._element.iter(W + "fldSimple", W + "instrText"))
                except Exception:  # a damaged header must not cost the body
                    continue
                if has_field and (not text or set(text) <= _PAGE_NUMBER_CHARS):
                    key = ("page_number", text)
                    if key not in seen:
                        seen.add(key)
                        out.append(Furniture(role="page_number", text=text or "PAGE"))
                elif text and (role, text) not in seen:
                    seen.add((role, text))
                    out.append(Furniture(role=role, text=text))
    return out


def read_body(path: Path, limits: Limits) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    started = time.monotonic()
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise DocumentError("not a Word document") from None
    except KeyError as e:
        raise DocumentError(f"corrupt Word document (missing part {e})") from None
    part = document.part
    try:
        styles_root = part.styles.element if part._styles_part is not None else None  # noqa: SLF001
    except Exception:
        styles_root = None
    styles = Styles(styles_root)
    try:
        numbering_root = part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_root = None
    numbering = Numbering(numbering_root, styles.numbering_styles)
    body = document.element.body
    pages = _PageCounter(body)
    blocks: list[Block] = []

    def walk(container) -> None:
        for el in container.iterchildren():
            if el.tag == W + "p":
                b = _paragraph(el, styles, numbering, pages)
                if b is not None:
                    blocks.append(b)
            elif el.tag == W + "tbl":
                blocks.extend(_table(el, pages))
            elif el.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
                walk(el.find(W + "sdtContent") if el.tag == W + "sdt" and el.find(W + "sdtContent") is not None else el)
            if time.monotonic() - started > limits.max_seconds:
                raise DocumentError(f"took longer than the {limits.max_seconds:.0f} s limit per document")

    walk(body)
    doc = Document(source=path.name, format="docx", blocks=blocks,
                   pages=pages.page if pages.known else None, furniture=_furniture(document))
    core = document.core_properties
    doc.meta = {k: v for k, v in (("author", core.author), ("created", core.created.isoformat() if core.created else None)) if v}
    return doc
