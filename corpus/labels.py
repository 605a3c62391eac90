"""Typed numbering labels (一、 （一） 1. （1） ① 一是) shared by the parser and the docx writer.

The gold strips these labels from item text, and ``numbering: auto`` replaces them with Word
automatic numbering, so both need one agreed definition of what a label is and what it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零一二三四五六七八九"
_CN = "一二三四五六七八九十百零"

# Kinds that Word automatic numbering can draw; the order is the canonical nesting order and is
# also the ilvl each kind gets in the generated abstractNum.
KINDS = ("cn", "cn_paren", "dec", "dec_paren", "circle")

_HEADING_LABEL = re.compile(
    rf"^(?:(?P<cn>[{_CN}]+)(?P<cn_p>、)"
    rf"|(?P<cnp_o>[（(])(?P<cnp>[{_CN}]+)(?P<cnp_c>[）)])"
    r"|(?P<dec>\d{1,2})(?P<dec_p>[.．、])(?!\d)"
    r"|(?P<decp_o>[（(])(?P<decp>\d{1,2})(?P<decp_c>[）)])"
    r"|(?P<circle>[①-⑳]))\s*"
)
# Labels that may start a body paragraph (continuation lines of an item) - headings' kinds plus
# the running-text enumerations 一是/二是, 第一/其一 style are deliberately limited to 一是.
_LEADING_LABEL = re.compile(
    rf"^\s*(?:[{_CN}]+、|[（(][{_CN}]+[）)]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]|[①-⑳]|[{_CN}]+是)\s*"
)
# A label left dangling at the end of an item because the next item's marker follows it
# (``……；二是{R|…}……``): it belongs to the next item, not to this one.
_TRAILING_LABEL = re.compile(
    rf"(?:[{_CN}]+是|[{_CN}]+、|[（(][{_CN}]+[）)]|\d{{1,2}}[.．、]|[（(]\d{{1,2}}[）)]|[①-⑳]|其[{_CN}]+[，,]?|第[{_CN}]+[，,]?|首先|其次|再次|最后)\s*$"
)


@dataclass(frozen=True)
class Label:
    """A typed label: its exact text, what kind of counter it is, and the value it shows."""

    text: str  # as typed, including trailing spaces that were stripped with it
    kind: str  # one of KINDS
    value: int
    template: str  # Word lvlText with %N standing for the counter, e.g. "（%N）"


def cn_to_int(s: str) -> int:
    """Value of a Chinese numeral up to the hundreds (一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105)."""
    total, num = 0, 0
    for ch in s:
        if ch == "百":
            total += (num or 1) * 100
            num = 0
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        else:
            num = CN_DIGITS.index(ch)
    return total + num


def parse_heading_label(text: str) -> Label | None:
    """The label at the start of a heading's text, if it is one Word numbering can reproduce."""
    m = _HEADING_LABEL.match(text)
    if not m:
        return None
    g = m.groupdict()
    if g["cn"]:
        return Label(m.group(0), "cn", cn_to_int(g["cn"]), "%N" + g["cn_p"])
    if g["cnp"]:
        return Label(m.group(0), "cn_paren", cn_to_int(g["cnp"]), g["cnp_o"] + "%N" + g["cnp_c"])
    if g["dec"]:
        return Label(m.group(0), "dec", int(g["dec"]), "%N" + g["dec_p"])
    if g["decp"]:
        return Label(m.group(0), "dec_paren", int(g["decp"]), g["decp_o"] + "%N" + g["decp_c"])
    return Label(m.group(0), "circle", ord(g["circle"]) - ord("①") + 1, "%N")


def strip_leading_label(text: str) -> str:
    """Text without a leading typed label (for lines inside an item's gold text)."""
    return _LEADING_LABEL.sub("", text, count=1)


def strip_trailing_label(text: str) -> str:
    """Text without the next item's label dangling at its end."""
    return _TRAILING_LABEL.sub("", text).rstrip()
