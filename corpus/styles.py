"""Office style presets S1..S10: one preset = one issuing office's formatting habits.

The parser under test must cope with what real offices produce, so the presets deliberately
differ where offices differ: Word Heading styles vs. direct formatting on Normal paragraphs
(with or without w:outlineLvl), fonts (_GB2312 fonts vs. their plain namesakes), exact vs.
proportional line spacing, margins, and how automatic numbering is attached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class HeadingLook:
    """Font of one heading level."""

    font: str
    bold: bool = False
    size: float = 16.0


@dataclass(frozen=True)
class StylePreset:
    """Formatting of one office; see module docstring for why the fields vary."""

    title_font: str = "方正小标宋简体"
    title_size: float = 22.0
    body_font: str = "仿宋_GB2312"
    body_size: float = 16.0
    latin_font: str = "Times New Roman"
    headings: tuple[HeadingLook, ...] = (
        HeadingLook("黑体"), HeadingLook("楷体_GB2312"),
        HeadingLook("仿宋_GB2312", True), HeadingLook("仿宋_GB2312", True),
    )
    # "style": Word Heading 1..4 styles; "outline": Normal + direct formatting + w:outlineLvl;
    # "plain": Normal + direct formatting only (what many offices type by hand).
    heading_mode: str = "plain"
    heading_indent: bool = True  # GB/T 9704: headings indented two characters like body text
    # How ``numbering: auto`` attaches numbering: "direct" numPr on each paragraph, "style"
    # numPr in the Heading styles, "restart" direct with a new w:num (startOverride) per section.
    numbering_via: str = "direct"
    line_exact_pt: float | None = 28.0  # exact line pitch; None → proportional
    line_multiple: float = 1.0
    space_after_pt: float = 0.0
    indent_chars: bool = True  # first-line indent as firstLineChars=200 (else 32pt)
    margins_cm: tuple[float, float, float, float] = (3.7, 3.5, 2.8, 2.6)  # top bottom left right
    page_field: str = "complex"  # "complex" fldChar PAGE or "simple" fldSimple
    footer_font: str = "宋体"
    footer_size: float = 14.0
    table_size: float = 14.0
    header_font: str = "仿宋_GB2312"


DEFAULT = StylePreset()

_FANGSONG = (HeadingLook("黑体"), HeadingLook("楷体", True), HeadingLook("仿宋", True), HeadingLook("仿宋", True))

PRESETS: dict[str, StylePreset] = {
    # A county committee that follows GB/T 9704 strictly and types everything by hand.
    "S1": DEFAULT,
    # A city committee's template: Heading styles, Word numbering attached directly.
    "S2": replace(DEFAULT, heading_mode="style", line_exact_pt=29.0, page_field="simple"),
    # An office on WPS with the plain fonts, outline levels set, proportional 1.5 lines.
    "S3": replace(DEFAULT, heading_mode="outline", body_font="仿宋", headings=_FANGSONG,
                  line_exact_pt=None, line_multiple=1.5, indent_chars=False,
                  margins_cm=(2.54, 2.54, 3.18, 3.18), title_font="宋体"),
    # Heading styles with bold 楷体 at level 2 and some space after paragraphs.
    "S4": replace(DEFAULT, heading_mode="style", line_exact_pt=None, line_multiple=1.25,
                  space_after_pt=6.0, headings=(HeadingLook("黑体"), HeadingLook("楷体_GB2312", True),
                                                 HeadingLook("仿宋_GB2312", True), HeadingLook("仿宋_GB2312"))),
    # A template where numbering lives in the Heading styles (numPr in the style).
    "S5": replace(DEFAULT, heading_mode="style", numbering_via="style", page_field="simple"),
    # A legislative office: 宋体 body, left-aligned headings, plain paragraphs.
    "S6": replace(DEFAULT, body_font="宋体", heading_indent=False, title_font="方正小标宋_GBK",
                  headings=(HeadingLook("黑体"), HeadingLook("黑体", size=16.0),
                            HeadingLook("宋体", True), HeadingLook("宋体", True)),
                  line_exact_pt=None, line_multiple=1.5, indent_chars=False),
    # Outline levels on Normal paragraphs; numbering restarted per section via startOverride.
    "S7": replace(DEFAULT, heading_mode="outline", numbering_via="restart", line_exact_pt=30.0),
    # Heading styles, 1.5 lines, Word default margins (documents drafted outside a template).
    "S8": replace(DEFAULT, heading_mode="style", line_exact_pt=None, line_multiple=1.5,
                  margins_cm=(2.54, 2.54, 3.17, 3.17), body_size=15.0, page_field="simple"),
    # Hand-typed, bold level-2 headings, exact 28pt.
    "S9": replace(DEFAULT, headings=(HeadingLook("黑体"), HeadingLook("楷体_GB2312", True),
                                      HeadingLook("仿宋_GB2312", True), HeadingLook("仿宋_GB2312", True))),
    # WPS-style fonts with outline levels, exact 30pt.
    "S10": replace(DEFAULT, heading_mode="outline", body_font="仿宋", headings=_FANGSONG,
                   line_exact_pt=30.0, title_font="方正小标宋_GBK", indent_chars=False),
}


def preset(style: str) -> StylePreset:
    """The preset for a style id; unknown ids fall back to the GB/T 9704 default."""
    return PRESETS.get(style.strip().upper(), DEFAULT)
