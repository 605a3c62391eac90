"""Characters → text lines, by position rather than by the order they were drawn.

A PDF draws characters in any order and marks no spaces or line ends; a line is what shares a
baseline band and sits close enough horizontally. Fragments are first cut in stream order (a
jump back, down, or over a wide gap starts a new one), then fragments on the same band that
touch are merged, so out-of-order streams still give whole lines while the two halves of a
two-column page (separated by a gutter wider than any word space) stay apart.

Spaces are put where the gap between two characters says so; `cleanup.clean` later removes the
ones that justified Chinese lines leave between characters ("明 显 成 效").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..cleanup import clean, is_cjk
from .chars import Char, PageChars, Style

GAP_EM = 1.5        # a horizontal gap wider than this many font sizes ends a fragment (column gutter)
SPACE_EM = 0.22     # a gap wider than this between Latin characters is a word space


@dataclass(slots=True)
class Line:
    """One visual line: its box, page, characters and the style facts reflow needs."""

    chars: list[Char]
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    size: float = 0.0
    bold_chars: int = 0          # how many characters are bold
    bold_lead: int = 0           # how many leading characters are bold
    font: str = ""
    text: str = ""
    raw: str = field(default="", repr=False)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def all_bold(self) -> bool:
        return bool(self.chars) and self.bold_chars == len(self.chars)


def _fragments(chars: list[Char], styles: list[Style]) -> list[list[Char]]:
    frags: list[list[Char]] = []
    cur: list[Char] = []
    top = bottom = right = 0.0
    for c in chars:
        ch, x0, t, x1, b, sid = c
        if ch.isspace():
            continue
        if cur:
            size = styles[sid].size or (b - t) or 1.0
            overlap = min(bottom, b) - max(top, t)
            if (overlap >= 0.5 * min(bottom - top, b - t) and right - 0.5 * size <= x0 <= right + GAP_EM * size):
                cur.append(c)
                right = max(right, x1)
                continue
            frags.append(cur)
        cur = [c]
        top, bottom, right = t, b, x1
    if cur:
        frags.append(cur)
    return frags


def _box(chars: list[Char]) -> tuple[float, float, float, float]:
    return (min(c[1] for c in chars), min(c[2] for c in chars),
            max(c[3] for c in chars), max(c[4] for c in chars))


def _merge(frags: list[list[Char]], styles: list[Style]) -> list[list[Char]]:
    """Join fragments that share a band and touch horizontally (out-of-order streams)."""
    boxes = sorted(((_box(f), f) for f in frags), key=lambda bf: (bf[0][1], bf[0][0]))
    rows: list[list[tuple[tuple[float, float, float, float], list[Char]]]] = []
    for box, frag in boxes:
        if rows:
            rb = rows[-1][0][0]
            overlap = min(rb[3], box[3]) - max(rb[1], box[1])
            if overlap >= 0.5 * min(rb[3] - rb[1], box[3] - box[1]):
                rows[-1].append((box, frag))
                continue
        rows.append([(box, frag)])
    out: list[list[Char]] = []
    for row in rows:
        row.sort(key=lambda bf: bf[0][0])
        line, lbox = list(row[0][1]), list(row[0][0])
        for box, frag in row[1:]:
            size = styles[frag[0][5]].size or (box[3] - box[1]) or 1.0
            overlap = min(lbox[3], box[3]) - max(lbox[1], box[1])
            if (lbox[2] - 0.5 * size <= box[0] <= lbox[2] + GAP_EM * size
                    and overlap >= 0.5 * min(lbox[3] - lbox[1], box[3] - box[1])):
                line.extend(frag)
                lbox = [lbox[0], min(lbox[1], box[1]), max(lbox[2], box[2]), max(lbox[3], box[3])]
            else:
                out.append(line)
                line, lbox = list(frag), list(box)
        out.append(line)
    return out


def line_text(chars: list[Char], styles: list[Style]) -> str:
    """The characters with a space wherever the gap between two non-Chinese ones is a word space."""
    parts: list[str] = []
    prev = None
    for c in chars:
        if prev is not None:
            gap = c[1] - prev[3]
            size = styles[c[5]].size or 10.0
            if gap > SPACE_EM * size and not (is_cjk(prev[0]) and is_cjk(c[0])):
                parts.append(" ")
        parts.append(c[0])
        prev = c
    return "".join(parts)


def make_line(chars: list[Char], pc: PageChars) -> Line:
    styles = pc.styles
    x0, top, x1, bottom = _box(chars)
    sizes = Counter(styles[c[5]].size for c in chars)
    fonts = Counter(styles[c[5]].font for c in chars)
    bold_flags = [styles[c[5]].bold for c in chars]
    lead = 0
    for f in bold_flags:
        if not f:
            break
        lead += 1
    raw = line_text(chars, styles)
    return Line(chars=chars, x0=x0, top=top, x1=x1, bottom=bottom, page=pc.number,
                size=sizes.most_common(1)[0][0], bold_chars=sum(bold_flags), bold_lead=lead,
                font=fonts.most_common(1)[0][0], text=clean(raw), raw=raw)


def page_lines(pc: PageChars, chars: list[Char] | None = None) -> list[Line]:
    """The page's lines, top to bottom (left to right within a band)."""
    frags = _fragments(pc.chars if chars is None else chars, pc.styles)
    lines = [make_line(f, pc) for f in _merge(frags, pc.styles)]
    return [ln for ln in lines if ln.text]
