"""OFD text objects → positioned characters, the same `PageChars` a PDF text layer gives.

A TextObject has a Boundary (x y w h, millimetres, y down), a Font (an ID into the resources),
a Size (mm), an optional CTM and Weight, and one or more TextCode elements: a run of characters
with the pen position of the first (X, Y, the baseline, relative to the Boundary) and the
advances between them (DeltaX, where "g 5 3.5" means five advances of 3.5). Producers differ:
some write one object per line, some one per character; positions make both read the same.
"""
from __future__ import annotations

from xml.etree.ElementTree import Element

from ..cleanup import is_cjk
from .package import Package, child, children, find_all

MM = 72 / 25.4                  # millimetres → points
ASCENT, DESCENT = 0.88, 0.12    # glyph box around the baseline, in font sizes (as pdfium's loose box)


def floats(value: str | None) -> list[float]:
    out = []
    for tok in (value or "").replace(",", " ").split():
        try:
            out.append(float(tok))
        except ValueError:
            continue
    return out


def deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY with the "g count value" repetition expanded."""
    toks = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                n, v = int(float(toks[i + 1])), float(toks[i + 2])
            except ValueError:
                break
            out.extend([v] * max(0, min(n, 100_000)))
            i += 3
            continue
        try:
            out.append(float(toks[i]))
        except ValueError:
            pass
        i += 1
    return out


class Fonts:
    """Font ID → (name, bold) from every resource file the document names."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[str, bool]] = {}

    def load(self, pkg: Package, res_path: str) -> None:
        if not pkg.has(res_path):
            return
        root = pkg.xml(res_path)
        for font in find_all(root, "Font"):
            name = font.get("FontName") or font.get("FamilyName") or ""
            self.by_id[font.get("ID", "")] = (name, font.get("Bold", "").lower() == "true")


def text_objects(root: Element) -> list[Element]:
    """TextObjects of a page or template in drawing order (layers and nested PageBlocks included)."""
    content = child(root, "Content")
    return find_all(content, "TextObject") if content is not None else []


def page_box(root: Element, default: list[float]) -> list[float]:
    area = child(root, "Area")
    if area is not None:
        box = child(area, "PhysicalBox")
        if box is not None and len(floats(box.text)) == 4:
            return floats(box.text)
    return default


def add_object(out, obj: Element, fonts: Fonts, style_ids: dict) -> None:
    """Append one TextObject's characters to `out` (a PageChars), in points, top-down."""
    from ..pdf.chars import Style, is_bold

    bx, by = (floats(obj.get("Boundary")) + [0.0, 0.0])[:2]
    size = (floats(obj.get("Size")) or [3.5])[0]
    ctm = floats(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    name, font_bold = fonts.by_id.get(obj.get("Font", ""), ("", False))
    weight = int((floats(obj.get("Weight")) or [700 if font_bold else 400])[0])
    size_pt = round(size * scale * MM, 1)
    key = (size_pt, is_bold(weight, name, 0), name)
    sid = style_ids.get(key)
    if sid is None:
        sid = style_ids[key] = len(out.styles)
        out.styles.append(Style(*key))
    x = y = 0.0
    for code in children(obj, "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = (floats(code.get("X")) or [0.0])[0]
        if code.get("Y") is not None:
            y = (floats(code.get("Y")) or [0.0])[0]
        dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            advance = dx[i] if i < len(dx) else (size if is_cjk(ch) else size * 0.5)
            px, py = a * x + c * y + e + bx, b * x + d * y + f + by
            w = advance * scale if i < len(dx) else (size if is_cjk(ch) else size * 0.5) * scale
            if not ch.isspace():
                out.chars.append((ch, px * MM, (py - ASCENT * size * scale) * MM, (px + w) * MM,
                                  (py + DESCENT * size * scale) * MM, sid, len(out.chars)))
            x += advance
            if i < len(dy):
                y += dy[i]
