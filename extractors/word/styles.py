"""Paragraph and run properties resolved through Word's style inheritance.

Headings in Chinese offices' files come from many places: a heading style (whose display name is
标题 1, not Heading 1), a plain style based on one, w:outlineLvl set directly on a paragraph, or
numbering attached to a style. Everything here follows w:basedOn chains to the property itself,
so no decision rests on an English style name.
"""
from __future__ import annotations

from dataclasses import dataclass

from .numbering import W

_FALSE = ("0", "false", "off", "none")


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in _FALSE


@dataclass
class ParaStyle:
    outline: int | None = None       # 1-based outline level (Word's 0 = level 1; 9 = body text)
    num: tuple[str, int] | None = None
    bold: bool | None = None
    size: float | None = None
    font: str | None = None
    align: str | None = None
    name: str | None = None


def run_props(rpr) -> tuple[bool | None, float | None, str | None]:
    """(bold, size in pt, East Asian font) set directly in a w:rPr, None where unset."""
    if rpr is None:
        return None, None, None
    bold = _on(rpr.find(W + "b"))
    if bold is None:
        bold = _on(rpr.find(W + "bCs")) if rpr.find(W + "b") is None and False else None
    size = None
    sz = rpr.find(W + "sz")
    if sz is not None and (v := sz.get(W + "val", "")).isdigit():
        size = int(v) / 2
    font = None
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        font = fonts.get(W + "eastAsia") or fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
    return bold, size, font


class Styles:
    """styleId → resolved paragraph facts (cached), plus run styles' bold/size."""

    def __init__(self, styles_root):
        self._raw: dict[str, object] = {}
        self._cache: dict[str, ParaStyle] = {}
        self.default_size: float | None = None
        self.default_font: str | None = None
        self.default_para: str | None = None
        if styles_root is None:
            return
        for st in styles_root.iterchildren(W + "style"):
            sid = st.get(W + "styleId")
            if sid:
                self._raw[sid] = st
                if st.get(W + "default") in ("1", "true") and st.get(W + "type") == "paragraph":
                    self.default_para = sid
        defaults = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        _, self.default_size, self.default_font = run_props(defaults)

    def numbering_styles(self) -> dict[str, str]:
        """Numbering-style id → numId, for abstractNums that link to a style."""
        if getattr(self, "_numbering_styles", None) is not None:
            return self._numbering_styles
        out: dict[str, str] = {}
        self._numbering_styles = out
        for sid, st in self._raw.items():
            num = st.find(f"{W}pPr/{W}numPr/{W}numId")
            if num is not None:
                out[sid] = num.get(W + "val")
        return out

    def para(self, style_id: str | None) -> ParaStyle:
        style_id = style_id or self.default_para
        if not style_id or style_id not in self._raw:
            return ParaStyle(size=self.default_size, font=self.default_font)
        if style_id in self._cache:
            return self._cache[style_id]
        self._cache[style_id] = ParaStyle()  # guards against basedOn cycles
        st = self._raw[style_id]
        based = st.find(W + "basedOn")
        parent = self.para(based.get(W + "val")) if based is not None else ParaStyle(size=self.default_size, font=self.default_font)
        out = ParaStyle(**vars(parent))
        name = st.find(W + "name")
        out.name = name.get(W + "val") if name is not None else style_id
        ppr = st.find(W + "pPr")
        if ppr is not None:
            ol = ppr.find(W + "outlineLvl")
            if ol is not None and (v := ol.get(W + "val", "")).isdigit():
                out.outline = int(v) + 1 if int(v) < 9 else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                ilvl = numpr.find(W + "ilvl")
                if nid is not None:
                    out.num = (nid.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0)
            jc = ppr.find(W + "jc")
            if jc is not None:
                out.align = jc.get(W + "val")
        if out.outline is None and out.name and out.name.lower().startswith("heading ") and out.name[8:].isdigit():
            out.outline = int(out.name[8:])  # built-in heading styles are named so in every UI language
        if out.name and out.name.lower() == "title":
            out.outline = 0
        bold, size, font = run_props(st.find(W + "rPr"))
        out.bold = bold if bold is not None else out.bold
        out.size = size or out.size
        out.font = font or out.font
        self._cache[style_id] = out
        return out

    def char_bold(self, style_id: str | None) -> bool | None:
        seen = set()
        while style_id and style_id in self._raw and style_id not in seen:
            seen.add(style_id)
            st = self._raw[style_id]
            bold, _, _ = run_props(st.find(W + "rPr"))
            if bold is not None:
                return bold
            based = st.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return None
