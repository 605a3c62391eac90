"""Word automatic numbering rendered into the labels Word shows (一、 （一） 1. （1） ①).

python-docx exposes numPr but never computes the label, so a report whose 一、二、三、 come from a
template loses its structure. This follows the OOXML rules Word applies: counters per abstract
numbering definition, lower levels restart when a higher level advances (unless w:lvlRestart says
otherwise), w:startOverride restarts a list instance, w:isLgl forces decimal, and %1…%9 in
w:lvlText are replaced by each level's counter in its own number format.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..numbering import CIRCLED, int_to_cn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = dict(zip("零一二三四五六七八九十百千万", "零壹贰叁肆伍陆柒捌玖拾佰仟万"))


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in one of Word's w:numFmt formats."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return int_to_cn(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL.get(c, c) for c in int_to_cn(n))
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"({n})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # restart after this (1-based) level; None = after any higher level
    legal: bool = False


@dataclass
class _Instance:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)
    used: bool = False


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _parse_level(lvl) -> Level:
    level = Level()
    if (v := _val(lvl, "start")) is not None and v.lstrip("-").isdigit():
        level.start = int(v)
    level.fmt = _val(lvl, "numFmt") or "decimal"
    level.text = _val(lvl, "lvlText") if lvl.find(W + "lvlText") is not None else ""
    level.text = level.text or ""
    if (v := _val(lvl, "lvlRestart")) is not None and v.isdigit():
        level.restart = int(v)
    isl = lvl.find(W + "isLgl")
    level.legal = isl is not None and isl.get(W + "val", "true") not in ("0", "false", "off")
    return level


class Numbering:
    """Stateful renderer: call `label(num_id, ilvl)` for each numbered paragraph in document order."""

    def __init__(self, numbering_root, style_num):
        """`style_num` is a callable giving numbering-style id → numId, asked only when needed.

        Definitions are parsed on first use: templates carry dozens of unused lists, and a
        document without numbered paragraphs should not pay for them.
        """
        self.counters: dict[str, dict[int, int]] = {}
        self._style_num = style_num
        self._abstract_raw: dict[str, object] = {}
        self._num_raw: dict[str, object] = {}
        self._abstracts: dict[str, dict[int, Level]] = {}
        self.instances: dict[str, _Instance] = {}
        if numbering_root is None:
            return
        for an in numbering_root.iterchildren(W + "abstractNum"):
            self._abstract_raw[an.get(W + "abstractNumId")] = an
        for num in numbering_root.iterchildren(W + "num"):
            self._num_raw[num.get(W + "numId")] = num

    def _abstract(self, aid: str, depth: int = 0) -> dict[int, Level]:
        if aid in self._abstracts:
            return self._abstracts[aid]
        an = self._abstract_raw.get(aid)
        levels: dict[int, Level] = {}
        self._abstracts[aid] = levels
        if an is None:
            return levels
        levels.update({int(l.get(W + "ilvl", "0")): _parse_level(l) for l in an.findall(W + "lvl")})
        link = _val(an, "numStyleLink")
        if link is not None and depth < 3:  # an abstractNum that only links to a numbering style
            target = self._instance(self._style_num().get(link) or "", depth + 1)
            if target and target.abstract != aid:
                levels.update(self._abstract(target.abstract, depth + 1))
        return levels

    def _instance(self, num_id: str, depth: int = 0) -> _Instance | None:
        if num_id in self.instances:
            return self.instances[num_id]
        num = self._num_raw.get(num_id)
        if num is None:
            return None
        inst = _Instance(abstract=_val(num, "abstractNumId") or "")
        for ov in num.findall(W + "lvlOverride"):
            ilvl = int(ov.get(W + "ilvl", "0"))
            if (v := _val(ov, "startOverride")) is not None and v.isdigit():
                inst.overrides[ilvl] = int(v)
            if (lvl := ov.find(W + "lvl")) is not None:
                inst.levels[ilvl] = _parse_level(lvl)
        self.instances[num_id] = inst
        self._abstract(inst.abstract, depth)
        return inst

    def _level(self, inst: _Instance, ilvl: int) -> Level | None:
        return inst.levels.get(ilvl) or self._abstract(inst.abstract).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, str | None]:
        """(label text, number format) for the next paragraph of this list, or (None, None)."""
        inst = self._instance(num_id)
        if inst is None:
            return None, None
        level = self._level(inst, ilvl)
        if level is None:
            return None, None
        counters = self.counters.setdefault(inst.abstract, {})
        if not inst.used:
            inst.used = True
            for lv, start in inst.overrides.items():
                counters[lv] = start - 1
                for deeper in [k for k in counters if k > lv]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            lv = self._level(inst, deeper)
            restart = lv.restart if lv else None  # 1-based level that restarts it; 0 = never
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return None, "bullet"
        text = level.text
        for i in range(9):
            token = f"%{i + 1}"
            if token in text:
                lv = self._level(inst, i) or Level()
                value = counters.get(i, lv.start)
                fmt = "decimal" if (level.legal and i < ilvl) else lv.fmt
                text = text.replace(token, format_number(value, fmt))
        return (text.strip() or None), level.fmt
