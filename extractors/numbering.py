"""Chinese numbering: numerals, and the labels official documents put in front of headings.

Official documents (GB/T 9704) nest 一、 > （一） > 1. > （1） > ①, and regulations 第X编 > 第X章 >
第X节 > 第X条. Everything that reads a label — the structure pass, draft parsing, comment
references — goes through this module so they agree on what a label is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """第一百零五 → 105, 二十三 → 23, 一〇五 → 105; None when `text` is not a numeral."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    if not any(ch in CN_UNITS for ch in text):  # digit by digit: 一〇五
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + digit) * unit
                section = 0
            else:
                section += (digit or 1) * unit
            digit = 0
    return total + section + digit


def int_to_cn(n: int) -> str:
    """23 → 二十三, 105 → 一百零五, 10 → 十 (the forms 第X条 and Word's chineseCounting use)."""
    if n < 0:
        raise ValueError(n)
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n >= 10000:
        head, rest = divmod(n, 10000)
        tail = int_to_cn(rest) if rest else ""
        if rest and rest < 1000:
            tail = "零" + tail
        return int_to_cn(head) + "万" + tail
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
                zero = False
            out += digits[d] + unit
        elif out:
            zero = True
    return out


@dataclass(frozen=True)
class Label:
    """A numbering label split off a paragraph: its text, its kind and its value."""

    text: str
    kind: str
    value: int | None


# Order = the rank used for heading levels; kinds not here (articles, 一是) are not headings.
HIERARCHY = ("bian", "zhang", "jie", "cn", "cn_paren", "arabic", "arabic_paren", "circled")

_N = rf"[{CN_NUM_CHARS}]+"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("bian", re.compile(rf"^(第({_N})编)[\s　]*")),
    ("zhang", re.compile(rf"^(第({_N})章)[\s　]*")),
    ("jie", re.compile(rf"^(第({_N})节)[\s　]*")),
    ("article", re.compile(rf"^(第({_N}|\d+)条)(?:[\s　]+|(?=[^\s　，。、的款项规中所]))")),
    ("cn", re.compile(rf"^(({_N})[、．.])\s*")),
    ("cn_paren", re.compile(rf"^([（(]({_N})[）)])\s*")),
    ("arabic_paren", re.compile(r"^([（(](\d{1,3})[）)])\s*")),
    ("arabic", re.compile(r"^((\d{1,3})(?:[.．、](?!\d)|\s))\s*")),
    ("circled", re.compile(rf"^(([{CIRCLED}]))\s*")),
    ("ordinal", re.compile(r"^(([一二三四五六七八九十]+)是)(?=\S)")),
    ("first", re.compile(r"^((第[一二三四五六七八九十]+|首先|其次|再次|最后)[，,])")),
]


def split_label(text: str, inline: bool = False) -> tuple[Label | None, str]:
    """Split a leading numbering label off `text`; (None, text) when there is none.

    Inline ordinals (一是, 首先，) are only labels when `inline` is asked for: they are part of
    a sentence, so the parse output keeps them in the text and segmentation reads them.
    """
    for kind, pattern in _PATTERNS:
        if kind in ("ordinal", "first") and not inline:
            continue
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if not rest.strip():
            continue
        raw = m.group(2)
        if kind == "circled":
            value: int | None = CIRCLED.index(raw) + 1
        elif kind in ("arabic", "arabic_paren"):
            value = int(raw)
            if kind == "arabic" and (value > 200 or re.match(r"^\d", rest) or rest[:1] in "%％年月日万亿元个"):
                continue
        elif kind == "first":
            value = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}.get(raw) or cn_to_int(raw[1:])
        else:
            value = cn_to_int(raw)
            if value is None:
                continue
        return Label(m.group(1).strip(), kind, value), rest.strip()
    return None, text


def hierarchy_rank(kind: str) -> int | None:
    return HIERARCHY.index(kind) if kind in HIERARCHY else None
