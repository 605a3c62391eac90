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
from .chars import Char, PageChars

GAP_EM = 1.5        # a horizontal gap wider than this many font sizes ends a fragment (column gutter)
SPACE_EM = 0.22     # a gap wider than this between Latin characters is a word space


@dataclass(slots=True)
class Line:
    """One visual line: its box, page, text and the style facts reflow needs.

    The characters themselves are not kept: a 300-page report would otherwise hold every
    character tuple until the end of the parse.
    """

    n: int                       # number of (non-space) characters
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
    lead_raw: str = field(default="", repr=False)   # the leading bold run, when the line goes on regular

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def all_bold(self) -> bool:
        return self.n > 0 and self.bold_chars == self.n


Box = tuple[float, float, float, float]     # x0, top, x1, bottom


def _fragments(chars: list[Char], sizes: list[float]) -> list[tuple[Box, list[Char]]]:
    """Runs of characters in stream order that continue one another on one band."""
    frags: list[tuple[Box, list[Char]]] = []
    cur: list[Char] = []
    top = bottom = right = last = left = btop = bbottom = 0.0
    for c in chars:
        ch, x0, t, x1, b, sid = c
        if ch.isspace():
            continue
        if cur:
            size = sizes[sid] or (b - t) or 1.0
            overlap = (bottom if bottom < b else b) - (top if top > t else t)
            lim = right - 0.5 * size
            if last - 0.5 < lim:
                lim = last - 0.5      # back onto the previous glyph only (a ligature: "——")
            if overlap >= 0.5 * min(bottom - top, b - t) and lim <= x0 <= right + GAP_EM * size:
                cur.append(c)
                if x1 > right:
                    right = x1
                if t < btop:
                    btop = t
                if b > bbottom:
                    bbottom = b
                last = x0
                continue
            frags.append(((left, btop, right, bbottom), cur))
        cur = [c]
        top, bottom, right, last, left, btop, bbottom = t, b, x1, x0, x0, t, b
    if cur:
        frags.append(((left, btop, right, bbottom), cur))
    return frags


def _merge(frags: list[tuple[Box, list[Char]]], sizes: list[float]) -> list[tuple[Box, list[Char]]]:
    """Join fragments that share a band and touch horizontally (out-of-order streams)."""
    frags = sorted(frags, key=lambda bf: (bf[0][1], bf[0][0]))
    rows: list[list[tuple[Box, list[Char]]]] = []
    for box, frag in frags:
        if rows:
            rb = rows[-1][0][0]
            overlap = min(rb[3], box[3]) - max(rb[1], box[1])
            if overlap >= 0.5 * min(rb[3] - rb[1], box[3] - box[1]):
                rows[-1].append((box, frag))
                continue
        rows.append([(box, frag)])
    out: list[tuple[Box, list[Char]]] = []
    for row in rows:
        if len(row) == 1:
            out.append(row[0])
            continue
        row.sort(key=lambda bf: bf[0][0])
        line, lbox = list(row[0][1]), row[0][0]
        for box, frag in row[1:]:
            size = sizes[frag[0][5]] or (box[3] - box[1]) or 1.0
            overlap = min(lbox[3], box[3]) - max(lbox[1], box[1])
            if (lbox[2] - 0.5 * size <= box[0] <= lbox[2] + GAP_EM * size
                    and overlap >= 0.5 * min(lbox[3] - lbox[1], box[3] - box[1])):
                line.extend(frag)
                lbox = (lbox[0], min(lbox[1], box[1]), max(lbox[2], box[2]), max(lbox[3], box[3]))
            else:
                out.append((lbox, line))
                line, lbox = list(frag), box
        out.append((lbox, line))
    return out


def line_text(chars: list[Char], sizes: list[float]) -> str:
    """The characters with a space wherever the gap between two non-Chinese ones is a word space."""
    parts: list[str] = []
    prev = None
    for c in chars:
        if prev is not None and c[1] - prev[3] > SPACE_EM * (sizes[c[5]] or 10.0) \
                and not (is_cjk(prev[0]) and is_cjk(c[0])):
            parts.append(" ")
        parts.append(c[0])
        prev = c
    return "".join(parts)


def make_line(box: Box, chars: list[Char], pc: PageChars, sizes: list[float]) -> Line:
    styles = pc.styles
    x0, top, x1, bottom = box
    per_style = Counter(c[5] for c in chars)
    size_n: Counter[float] = Counter()
    font_n: Counter[str] = Counter()
    bold = 0
    for sid, k in per_style.items():
        st = styles[sid]
        size_n[st.size] += k
        font_n[st.font] += k
        if st.bold:
            bold += k
    lead = 0
    if bold:
        for c in chars:
            if not styles[c[5]].bold:
                break
            lead += 1
    raw = line_text(chars, sizes)
    return Line(n=len(chars), x0=x0, top=top, x1=x1, bottom=bottom, page=pc.number,
                size=size_n.most_common(1)[0][0], bold_chars=bold, bold_lead=lead,
                font=font_n.most_common(1)[0][0], text=clean(raw), raw=raw,
                lead_raw=line_text(chars[:lead], sizes) if 0 < lead < len(chars) else "")


def page_lines(pc: PageChars, chars: list[Char] | None = None) -> list[Line]:
    """The page's lines, top to bottom (left to right within a band)."""
    sizes = [st.size for st in pc.styles]
    frags = _fragments(pc.chars if chars is None else chars, sizes)
    lines = [make_line(box, f, pc, sizes) for box, f in _merge(frags, sizes)]
    return [ln for ln in lines if ln.text]
