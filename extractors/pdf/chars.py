"""Characters with geometry and style from a PDF page, through pdfium's C API.

Why the raw API: pdfplumber (pdfminer) builds a Python object per character and per layout
element and reads ≈12–35 pages/s on Chinese reports; pdfium's text page already knows every
character's box, font size and weight, and three C calls per character read ≈200 pages/s.
Style facts (size, weight, font name, fake bold) belong to the text object a character was
drawn by, so they are looked up once per object, not per character.

Coordinates are turned top-down (``top`` grows down the page) so sorting by ``top`` is reading
order; a character is the tuple ``(text, x0, top, x1, bottom, style_index, stream_index)``.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

Char = tuple[str, float, float, float, float, int, int]

_BOLD_NAMES = ("bold", "black", "heavy", "hei", "黑体", "simhei", "heiti", "demi")
_FORCE_BOLD = 1 << 18          # PDF font descriptor flag ForceBold


@dataclass(slots=True)
class Style:
    """What a text object says about its characters."""

    size: float
    bold: bool
    font: str


@dataclass(slots=True)
class PageChars:
    """One page's characters in content-stream order, with the page's size."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    unmapped: int = 0            # characters pdfium could not map to Unicode (no ToUnicode)
    sampled: int = 0             # characters checked for that
    _known: dict[tuple[float, bool, str], int] = field(default_factory=dict)


def _font_facts(font) -> tuple[str, int]:
    """(base font name without subset prefix, weight); ForceBold counts as weight 700."""
    buf = ctypes.create_string_buffer(256)
    n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
    name = buf.value.decode("latin-1", "replace") if n else ""
    weight = pdfium_c.FPDFFont_GetWeight(font)
    flags = pdfium_c.FPDFFont_GetFlags(font)
    if flags > 0 and flags & _FORCE_BOLD:
        weight = max(weight, 700)
    return name.split("+", 1)[-1], weight


def is_bold(weight: int, font: str, render_mode: int) -> bool:
    """Bold by weight, by the font's name (黑体 faces count: offices set headings in them) or
    by Word's fake bold (fill and stroke the glyph outline)."""
    if weight >= 600 or render_mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE:
        return True
    low = font.lower()
    return any(k in low for k in _BOLD_NAMES)


def _page_text(raw, count: int) -> str | None:
    """All characters in one call; None when UTF-16 surrogates break the index alignment."""
    buf = ctypes.create_string_buffer((count + 1) * 2)
    got = pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", "replace")
    return text if len(text) == count else None


def read_chars(page, number: int) -> PageChars:
    """Characters of one pdfium page. The caller closes the page; the text page is closed here."""
    width, height = page.get_size()
    out = PageChars(number=number, width=width, height=height)
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        if count <= 0:
            return out
        text = _page_text(raw, count)
        rect = pdfium_c.FS_RECTF()
        get_obj = pdfium_c.FPDFText_GetTextObject
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        addressof = ctypes.addressof
        fonts: dict[int, tuple[str, int]] = {}
        chars = out.chars
        last_key, last_style = None, 0
        for i in range(count):
            obj = get_obj(raw, i)
            if not obj:                        # pdfium's generated spaces and line breaks
                continue
            key = addressof(obj.contents)
            if key != last_key:
                last_key, last_style = key, _style(out, raw, i, obj, fonts)
            ch = text[i] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD)
            get_box(raw, i, rect)
            chars.append((ch, rect.left, height - rect.top, rect.right, height - rect.bottom, last_style, i))
        return out
    finally:
        textpage.close()


def _style(out: PageChars, raw, index: int, obj, fonts: dict[int, tuple[str, int]]) -> int:
    """The style index of a text object, looked up by (font, size, render mode)."""
    out.sampled += 1
    if pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1:
        out.unmapped += 1
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    faddr = ctypes.addressof(font.contents) if font else 0
    facts = fonts.get(faddr)
    if facts is None:
        facts = fonts[faddr] = _font_facts(font) if font else ("", pdfium_c.FPDFText_GetFontWeight(raw, index))
    name, weight = facts
    size = round(pdfium_c.FPDFText_GetFontSize(raw, index), 1)
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    key = (size, is_bold(weight, name, mode), name)
    sid = out._known.get(key)
    if sid is None:
        sid = out._known[key] = len(out.styles)
        out.styles.append(Style(*key))
    return sid
