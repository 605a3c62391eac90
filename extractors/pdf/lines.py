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
WIDE_EM = 0.8       # a gap wider than this may be a (narrow) column gutter, if column starts line up
SPACE_EM = 0.22     # a gap wider than this between Latin characters is a word space


@dataclass(slots=True)
class Line:
    """One visual line: its box, page, text and the style facts reflow needs.

    The characters themselves are not kept: a 300-page report would otherwise hold every
    character tuple until the end of the parse.
    """

    n: int                       # number of characters
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    size: float = 0.0
    bold_chars: int = 0          # how many characters are bold
    bold_lead: int = 0           # how many leading characters are bold
    font: str = ""
    seq: int = 0                 # where the line starts in the content stream (the producer's order)
    head: float = 0.0            # width of the first unbreakable unit (a word, or a character and its closing marks)
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
    spaced = False
    for c in chars:
        ch, x0, t, x1, b, sid, seq = c
        if ch.isspace():
            spaced = bool(cur)            # a space the producer wrote: kept between Latin words
            continue
        if cur:
            size = sizes[sid] or (b - t) or 1.0
            overlap = (bottom if bottom < b else b) - (top if top > t else t)
            lim = right - 0.5 * size
            if last - 0.5 < lim:
                lim = last - 0.5      # back onto the previous glyph only (a ligature: "——")
            if overlap >= 0.5 * min(bottom - top, b - t) and lim <= x0 <= right + GAP_EM * size:
                if spaced:
                    cur.append((" ", right, t, max(right, x0), b, sid, seq))
                    spaced = False
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
        spaced = False
        top, bottom, right, last, left, btop, bbottom = t, b, x1, x0, x0, t, b
    if cur:
        frags.append(((left, btop, right, bbottom), cur))
    return frags


def _gutter_starts(rows: list[list[tuple[Box, list[Char]]]], sizes: list[float]) -> set[int]:
    """x positions where at least three fragments start after a wide gap: a column's left edge.

    A narrow gutter (a centimetre) is no wider than a generous word space, but word spaces do
    not line up down the page; column starts do.
    """
    starts: Counter[int] = Counter()
    for row in rows:
        for (a, _), (b, frag) in zip(row, row[1:]):
            if b[0] - a[2] > WIDE_EM * (sizes[frag[0][5]] or 10.0):
                starts[round(b[0])] += 1
    out: set[int] = set()
    for x, k in starts.items():
        if k + starts.get(x - 1, 0) + starts.get(x + 1, 0) >= 3:
            out.update((x - 1, x, x + 1))
    return out


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
    for row in rows:
        row.sort(key=lambda bf: bf[0][0])
    gutters = _gutter_starts(rows, sizes)
    out: list[tuple[Box, list[Char]]] = []
    for row in rows:
        if len(row) == 1:
            out.append(row[0])
            continue
        line, lbox = list(row[0][1]), row[0][0]
        unsorted = False
        for box, frag in row[1:]:
            size = sizes[frag[0][5]] or (box[3] - box[1]) or 1.0
            overlap = min(lbox[3], box[3]) - max(lbox[1], box[1])
            gap = box[0] - lbox[2]
            if (gap <= GAP_EM * size
                    and (gap <= WIDE_EM * size or round(box[0]) not in gutters)
                    and overlap >= 0.5 * min(lbox[3] - lbox[1], box[3] - box[1])):
                if gap < -0.5 * size:
                    unsorted = True        # drawn out of order into the line (a fallback-font glyph)
                line.extend(frag)
                lbox = (lbox[0], min(lbox[1], box[1]), max(lbox[2], box[2]), max(lbox[3], box[3]))
            else:
                out.append((lbox, _by_x(line) if unsorted else line))
                line, lbox, unsorted = list(frag), box, False
        out.append((lbox, _by_x(line) if unsorted else line))
    return out


def _by_x(chars: list[Char]) -> list[Char]:
    """Characters left to right; a space whose room another glyph was drawn into is dropped
    (LibreOffice writes a space where the font lacks a glyph, then draws it from another font)."""
    chars = sorted(chars, key=lambda c: c[1])
    glyphs = [c for c in chars if c[0] != " "]
    return [c for c in chars
            if c[0] != " " or not any(g[1] < c[3] - 0.5 and g[3] > c[1] + 0.5 for g in glyphs)]


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


_CLOSE = set("，。、；：！？）】」』》〉〕〗］｝…·%,.;:!?)]}")      # never start a line
_OPEN = set("（【「『《〈〔〖［｛([{")                              # never end a line
_QUOTE = set("\"'“”‘’")                                     # glue to both neighbours (UAX #14 class QU)


def _glued(a: str, b: str) -> bool:
    """No line break may fall between `a` and `b` (the rules LibreOffice and Word apply)."""
    if b in _CLOSE or a in _OPEN or a in _QUOTE or b in _QUOTE:
        return True
    if a in _CLOSE and b.isascii() and b.isdigit():
        return True                     # "，2023年": LibreOffice keeps a number with the comma before it
    if a in "+＋$￥#№":
        return True                     # a prefix sign goes with what follows it ("+信用")
    if a.isascii() and a.isdigit() and b in ".%‰℃-/:":
        return True                     # "4.1‰", "95%", "2024-5": a figure is never broken
    return a.isascii() and b.isascii() and (a.isalnum() or a in ".-/") and b.isalnum()


def _head_width(chars: list[Char]) -> float:
    """How much room the line's first unit needed: had the line above had that much left over,
    the typesetter would have put it there, so the line above ended its paragraph."""
    end = 1
    while end < len(chars) and end < 12 and _glued(chars[end - 1][0], chars[end][0]):
        end += 1
    return chars[end - 1][3] - chars[0][1]


def make_line(box: Box, chars: list[Char], pc: PageChars, sizes: list[float]) -> Line:
    """A line's style facts, counted per style rather than per character (it runs for every line)."""
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
    size = size_n.most_common(1)[0][0]
    if size < 0.5 * (bottom - top):
        size = round(bottom - top, 1)   # a font scaled by its text matrix, size not reported: the em box
    return Line(n=len(chars), x0=x0, top=top, x1=x1, bottom=bottom, page=pc.number, size=size,
                bold_chars=bold, bold_lead=lead, font=font_n.most_common(1)[0][0], seq=chars[0][6],
                head=_head_width(chars), text=clean(raw), raw=raw,
                lead_raw=line_text(chars[:lead], sizes) if 0 < lead < len(chars) else "")


def page_lines(pc: PageChars, chars: list[Char] | None = None) -> list[Line]:
    """The page's lines, top to bottom (left to right within a band)."""
    sizes = [st.size for st in pc.styles]
    frags = _fragments(pc.chars if chars is None else chars, sizes)
    lines = [make_line(box, f, pc, sizes) for box, f in _merge(frags, sizes)]
    return [ln for ln in lines if ln.text]
