"""Lines → paragraphs: in Chinese a line break is layout, not structure.

A paragraph of a Chinese official document is set justified with a two-character first-line
indent and no space between paragraphs, so the signals that one ends are: the next line is
indented; this line stops short of the right edge; the next line starts with a numbering label
(一、 （一） 1. （1） ① 第X条) after sentence-ending punctuation; the font size or weight changes;
or a vertical gap opens. Consecutive centred lines of one style stay one paragraph (a title
set on two lines). A paragraph continues across a page or column break when nothing says
otherwise — the last line was full and the next is not indented.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median

from ..cleanup import join_lines, clean
from ..model import Block
from ..numbering import split_label
from .lines import Line
from .tables import Table

INDENT_EM = 1.2      # first-line indent: the line starts this many font sizes right of the edge
SHORT_EM = 1.5       # a line ending this far before the right edge ends its paragraph
GAP_RATIO = 1.45     # a line pitch this many times the usual one is a paragraph gap
_END = "。！？；：…!?;:"


@dataclass(slots=True)
class Placed:
    """An item in reading order with where it was read: page and column (0 full, 1 left, 2 right)."""

    item: Line | Table
    page: int
    col: int


def _supported(values: list[float], reverse: bool) -> float:
    """The outermost value that another value confirms within 1 pt (one stray line cannot move a margin)."""
    vals = sorted(values, reverse=reverse)
    for a, b in zip(vals, vals[1:]):
        if abs(a - b) <= 1.0:
            return a
    return vals[0]


def _edges(placed: list[Placed]) -> dict[tuple[int, int], tuple[float, float]]:
    groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for p in placed:
        if isinstance(p.item, Line):
            groups[(p.page, p.col)].append(p.item)
    edges: dict[tuple[int, int], tuple[float, float]] = {}
    by_col: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for key, lines in groups.items():
        if len(lines) >= 3:
            edges[key] = (_supported([ln.x0 for ln in lines], False), _supported([ln.x1 for ln in lines], True))
            by_col[key[1]].append(edges[key])
    for key, lines in groups.items():
        if key not in edges:
            known = by_col.get(key[1])
            if known:
                edges[key] = (median(e[0] for e in known), median(e[1] for e in known))
            else:
                edges[key] = (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
    return edges


def _pitch(placed: list[Placed]) -> float:
    """The usual baseline-to-baseline distance, in font sizes."""
    ratios = []
    for a, b in zip(placed, placed[1:]):
        if (isinstance(a.item, Line) and isinstance(b.item, Line) and a.page == b.page and a.col == b.col
                and abs(a.item.size - b.item.size) < 0.1 and a.item.size > 0):
            d = b.item.bottom - a.item.bottom
            if d > 0:
                ratios.append(d / a.item.size)
    return median(ratios) if ratios else 1.5


class _Para:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.centred: list[bool] = []
        self.right: list[bool] = []
        self.page = 0


def _centred(ln: Line, left: float, right: float) -> bool:
    lm, rm = ln.x0 - left, right - ln.x1
    if lm > 2.5 * ln.size and rm > 2.5 * ln.size and abs(lm - rm) < 1.5 * ln.size:
        return True
    # a long centred line (a title nearly as wide as the page): margins equal to a third of a character
    return lm > 0.5 * ln.size and rm > 0.5 * ln.size and abs(lm - rm) < 0.35 * ln.size


def _right_aligned(ln: Line, left: float, right: float) -> bool:
    return right - ln.x1 < 1.0 * ln.size and ln.x0 - left > 4 * ln.size


def _starts_label(text: str) -> bool:
    label, _ = split_label(text, inline=True)
    return label is not None


def _break(p: Line, c: Line, pe: tuple[float, float], ce: tuple[float, float], same_flow: bool,
           pitch: float, p_centred: bool, c_centred: bool) -> bool:
    """True when line `c` starts a new paragraph after line `p`."""
    if abs(c.size - p.size) > 0.6:
        return True
    if same_flow and c.bottom - p.bottom > GAP_RATIO * pitch * max(c.size, 1.0):
        return True
    if p_centred and c_centred and p.all_bold == c.all_bold:
        return False                                     # a title set on several lines
    if p_centred != c_centred:
        return True
    if c.x0 - ce[0] >= INDENT_EM * c.size:
        return True
    short = SHORT_EM * p.size
    if p.raw[-1:].isascii() and p.raw[-1:].isalnum() and c.raw[:1].isascii() and c.raw[:1].isalnum():
        short = 8 * p.size                               # an English word that did not fit
    if pe[1] - p.x1 > short:
        return True
    ends = p.text[-1:] in _END
    if ends and _starts_label(c.text):
        return True
    if p.all_bold and c.bold_chars == 0 and (ends or p.font != c.font):
        return True
    return False


def _block(para: _Para) -> Block:
    lines = para.lines
    text = join_lines([ln.raw for ln in lines])
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for ln in lines:
        sizes[ln.size] += ln.n
        fonts[ln.font] += ln.n
    expanded = sorted(sizes.elements())
    size = expanded[len(expanded) // 2] if expanded else None
    bold = all(ln.all_bold for ln in lines)
    lead = None
    if not bold and lines[0].bold_chars:
        parts = []
        for ln in lines:
            if ln.all_bold:
                parts.append(ln.raw)
                continue
            if ln.lead_raw:
                parts.append(ln.lead_raw)
            break
        lead = join_lines(parts) or None
    align = None
    if all(para.centred):
        align = "center"
    elif len(lines) == 1 and para.right[0]:
        align = "right"
    return Block(type="paragraph", text=text, page=para.page, bold=bold, bold_lead=lead,
                 font_size=size, font=fonts.most_common(1)[0][0] or None, align=align)


def reflow(placed: list[Placed]) -> list[Block]:
    """Blocks in reading order: paragraphs rejoined from lines, one block per table row."""
    edges = _edges(placed)
    pitch = _pitch(placed)
    blocks: list[Block] = []
    para: _Para | None = None
    prev: Placed | None = None

    def flush() -> None:
        nonlocal para
        if para is not None and para.lines:
            blocks.append(_block(para))
        para = None

    for pl in placed:
        item = pl.item
        if isinstance(item, Table):
            flush()
            for row in item.rows:
                blocks.append(Block(type="table_row", text=" | ".join(row), cells=row, page=item.page))
            prev = None
            continue
        e = edges[(pl.page, pl.col)]
        centred = _centred(item, *e)
        if para is not None and prev is not None:
            pe = edges[(prev.page, prev.col)]
            same = prev.page == pl.page and prev.col == pl.col
            if _break(prev.item, item, pe, e, same, pitch, para.centred[-1], centred):
                flush()
        if para is None:
            para = _Para()
            para.page = pl.page
        para.lines.append(item)
        para.centred.append(centred)
        para.right.append(_right_aligned(item, *e))
        prev = pl
    flush()
    return [b for b in blocks if clean(b.text)]
