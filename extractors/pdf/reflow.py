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
SHORT_EM = 0.6       # slack beyond the room the next line's first word needed (ragged-right text)
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


def _right_edge(lines: list[Line], body: float) -> float:
    """The right margin: where the longest body-size line ends (ragged-right text never lines up),
    unless that line sticks out more than a character beyond the next longest."""
    ends = sorted((ln.x1 for ln in lines if ln.size <= body + 0.5), reverse=True) or \
        sorted((ln.x1 for ln in lines), reverse=True)
    if len(ends) > 1 and ends[0] - ends[1] > body:
        return ends[1]
    return ends[0]


def _edges(placed: list[Placed], body: float) -> dict[tuple[int, int], tuple[float, float]]:
    groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for p in placed:
        if isinstance(p.item, Line):
            groups[(p.page, p.col)].append(p.item)
    edges: dict[tuple[int, int], tuple[float, float]] = {}
    by_col: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for key, lines in groups.items():
        if len(lines) >= 3:
            edges[key] = (_supported([ln.x0 for ln in lines], False), _right_edge(lines, body))
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


def _raggedness(placed: list[Placed], edges: dict[tuple[int, int], tuple[float, float]]) -> float:
    """How far short of the right edge (in font sizes) a line may end and still go on.

    Justified text ends every full line at the edge; ragged-right text (LibreOffice's and some
    offices' left alignment) ends lines up to three characters short, because the next word
    and the punctuation glued to it did not fit. Measured on the line ends followed by an
    unindented line, which are mostly continuations.
    """
    slack: list[float] = []
    for a, b in zip(placed, placed[1:]):
        p, c = a.item, b.item
        if not (isinstance(p, Line) and isinstance(c, Line)) or a.page != b.page or a.col != b.col:
            continue
        left, right = edges[(b.page, b.col)]
        if abs(p.size - c.size) > 0.6 or p.size <= 0 or c.x0 - left >= INDENT_EM * c.size:
            continue
        if p.x0 - left >= INDENT_EM * p.size and right - p.x1 > 4 * p.size:
            continue                     # an indented short line: a one-line paragraph
        slack.append(max(0.0, (right - p.x1) / p.size))
    if len(slack) < 8:
        return 1.0
    slack.sort()
    return min(4.0, max(SHORT_EM, slack[int(0.85 * (len(slack) - 1))] + 0.3))


class _Para:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.centred: list[bool] = []
        self.right: list[bool] = []
        self.page = 0


def _centred(ln: Line, left: float, right: float, body: float) -> bool:
    lm, rm = ln.x0 - left, right - ln.x1
    if lm > 2.5 * ln.size and rm > 2.5 * ln.size and abs(lm - rm) < 1.5 * ln.size:
        return True
    # a long line, nearly as wide as the page: equal margins, and either larger than the body
    # text (a title) or starting less far in than a first-line indent (a subtitle)
    # (a two-character first-line indent is exact, so a line starting there is a paragraph's first)
    return (lm > 0.3 * ln.size and rm > 0.3 * ln.size and abs(lm - rm) < 0.35 * ln.size
            and (ln.size >= body + 1 or (lm < 2.5 * ln.size and abs(lm - 2 * ln.size) > 0.15 * ln.size)))


def _full(ln: Line, left: float, right: float) -> bool:
    return ln.x0 - left < 0.5 * ln.size and right - ln.x1 < 0.5 * ln.size


def _right_aligned(ln: Line, left: float, right: float) -> bool:
    return right - ln.x1 < 1.0 * ln.size and ln.x0 - left > 4 * ln.size


def _starts_label(text: str) -> bool:
    label, _ = split_label(text, inline=True)
    return label is not None


def _break(p: Line, c: Line, pe: tuple[float, float], ce: tuple[float, float], same_flow: bool,
           pitch: float, ragged: float, p_centred: bool, c_centred: bool) -> bool:
    """True when line `c` starts a new paragraph after line `p`."""
    if abs(c.size - p.size) > 0.6:
        return True
    if same_flow and c.bottom - p.bottom > GAP_RATIO * pitch * max(c.size, 1.0):
        return True
    if (c_centred and p.all_bold == c.all_bold and p.font == c.font
            and (p_centred or (_full(p, *pe) and p.text[-1:] not in _END))):
        return False                                     # a centred paragraph set on several lines
    if p_centred != c_centred:
        return True
    if c.x0 - ce[0] >= INDENT_EM * c.size:
        return True
    if pe[1] - p.x1 > max(c.head + SHORT_EM * p.size, ragged * p.size):
        return True                                      # the next line's first word would have fitted
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


def reflow(placed: list[Placed], body_size: float) -> list[Block]:
    """Blocks in reading order: paragraphs rejoined from lines, one block per table row."""
    edges = _edges(placed, body_size)
    pitch = _pitch(placed)
    ragged = _raggedness(placed, edges)
    blocks: list[Block] = []
    para: _Para | None = None
    prev: Placed | None = None
    header: list[str] | None = None

    def flush() -> None:
        nonlocal para
        if para is not None and para.lines:
            blocks.append(_block(para))
        para = None

    for pl in placed:
        item = pl.item
        if isinstance(item, Table):
            flush()
            rows = item.rows
            if blocks and blocks[-1].type == "table_row" and header == rows[0]:
                rows = rows[1:]                # the header row repeated where the table crosses a page
            else:
                header = rows[0]
            for row in rows:
                blocks.append(Block(type="table_row", text=" | ".join(row), cells=row, page=item.page))
            prev = None
            continue
        e = edges[(pl.page, pl.col)]
        centred = _centred(item, *e, body_size)
        if para is not None and prev is not None:
            pe = edges[(prev.page, prev.col)]
            same = prev.page == pl.page and prev.col == pl.col
            if _break(prev.item, item, pe, e, same, pitch, ragged, para.centred[-1], centred):
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
