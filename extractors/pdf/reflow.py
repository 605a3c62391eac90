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


def _left_edge(lines: list[Line]) -> float:
    """The leftmost x0 that another line shares (within 1.5 pt): continuation lines all start
    at the margin, while one stray line (a hanging label) does not count."""
    xs = sorted(ln.x0 for ln in lines)
    for a, b in zip(xs, xs[1:]):
        if b - a <= 1.5:
            return a
    return xs[0]


def _right_edge(lines: list[Line]) -> float:
    """The right margin: where nearly all lines end at most (the 95th percentile), so ragged-right
    text and one line sticking out beyond the margin do not move it."""
    ends = sorted(ln.x1 for ln in lines)
    return ends[int(0.95 * (len(ends) - 1))]


MIN_LINES = 8        # a page with fewer body lines than this takes the document's margins


def _edges(placed: list[Placed], body: float) -> dict[tuple[int, int], tuple[float, float]]:
    """Left and right margin for each (page, column), from its body-size lines when it has
    enough of them, else from all such lines of the document in that column position."""
    groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for p in placed:
        if isinstance(p.item, Line):
            groups[(p.page, p.col)].append(p.item)
    body_lines = {k: [ln for ln in v if ln.size <= body + 0.5] for k, v in groups.items()}
    by_col: dict[int, list[Line]] = defaultdict(list)
    for (page, col), lines in body_lines.items():
        by_col[col].extend(lines)
    doc = {col: (_left_edge(lines), _right_edge(lines)) for col, lines in by_col.items() if lines}
    edges: dict[tuple[int, int], tuple[float, float]] = {}
    for key, lines in groups.items():
        own = body_lines[key]
        if len(own) >= MIN_LINES or key[1] not in doc:
            use = own if len(own) >= 3 else lines
            edges[key] = (_left_edge(use), _right_edge(use))
        else:
            edges[key] = doc[key[1]]
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


def _centring_box(e: tuple[float, float], pl: Placed, widths: dict[int, float]) -> tuple[float, float]:
    """What a full-width line is centred in: the text area, whose right edge is the mirror of its
    left one when the page's margins are symmetric (ragged-right text never reaches it)."""
    width = widths.get(pl.page)
    if pl.col == 0 and width and abs((width - e[0]) - e[1]) < 24:
        return e[0], width - e[0]
    return e


def _centred_under(c: Line, p: Line) -> bool:
    """`c` is narrower than `p` on both sides and shares its centre: the two lines of a centred
    title, whatever the margins are taken to be."""
    em = c.size or 1.0
    return (c.x0 > p.x0 + em and c.x1 < p.x1 - em
            and abs((c.x0 + c.x1) - (p.x0 + p.x1)) / 2 < 0.1 * em)


def _ended_centred(para: _Para, edges: tuple[float, float]) -> bool:
    """A centred paragraph that wrapped has shown its last line: only the last line of a wrapped
    paragraph is short ("——2025年4月23日在……常务委员" / "会第二十五次会议上"), so the centred
    line after it (the speaker's name) is a paragraph of its own."""
    if len(para.lines) < 2 or not para.centred[-1]:
        return False
    before, last = para.lines[-2], para.lines[-1]
    return _full(before, *edges) and _centred_under(last, before)


def _full(ln: Line, left: float, right: float) -> bool:
    return ln.x0 - left < 0.5 * ln.size and right - ln.x1 < 0.5 * ln.size


def _right_aligned(ln: Line, left: float, right: float) -> bool:
    return right - ln.x1 < 1.0 * ln.size and ln.x0 - left > 4 * ln.size


def _starts_label(text: str) -> bool:
    """A structural label (一、（一）1.) — not a run-in ordinal (二是, 第二，): those continue a
    paragraph as often as they start one, and a new paragraph is told by its indent."""
    label, _ = split_label(text)
    return label is not None


def _break(p: Line, c: Line, pe: tuple[float, float], ce: tuple[float, float], same_flow: bool,
           pitch: float, ragged: float, p_centred: bool, c_centred: bool) -> bool:
    """True when line `c` starts a new paragraph after line `p`."""
    if abs(c.size - p.size) > 0.6:
        return True
    if same_flow and c.bottom - p.bottom > GAP_RATIO * pitch * max(c.size, 1.0):
        return True
    if (p.all_bold == c.all_bold and p.font == c.font and p.text[-1:] not in _END
            and ((c_centred and (p_centred or _full(p, *pe))) or _centred_under(c, p))):
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
    if p.all_bold and c.bold_chars == 0 and p.font != c.font and not ends:
        return True                                      # a full-width heading in its own face
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


def reflow(placed: list[Placed], body_size: float, widths: dict[int, float] | None = None) -> list[Block]:
    """Blocks in reading order: paragraphs rejoined from lines, one block per table row."""
    edges = _edges(placed, body_size)
    widths = widths or {}
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
            last = blocks[-1] if blocks and blocks[-1].type == "table_row" else None
            if last is not None and header == rows[0]:
                rows = rows[1:]                # the header row repeated where the table crosses a page
            elif last is None:
                header = rows[0]
            if (last is not None and rows and last.page != item.page and last.cells
                    and len(rows[0]) == len(last.cells) and any(not c for c in rows[0])
                    and all(last.cells[k] for k, c in enumerate(rows[0]) if not c)):
                # a row split by the page break: the cells it leaves empty were finished on the page
                # before ("具有专业背景的一线 | 5人 | 13人" then "执法人员 |  | ")
                last.cells = [join_lines([a, b]) for a, b in zip(last.cells, rows[0])]
                last.text = " | ".join(last.cells)
                rows = rows[1:]
            for row in rows:
                blocks.append(Block(type="table_row", text=" | ".join(row), cells=row, page=item.page))
            prev = None
            continue
        e = edges[(pl.page, pl.col)]
        centred = _centred(item, *_centring_box(e, pl, widths), body_size)
        if para is not None and prev is not None:
            pe = edges[(prev.page, prev.col)]
            same = prev.page == pl.page and prev.col == pl.col
            if _break(prev.item, item, pe, e, same, pitch, ragged, para.centred[-1], centred) \
                    or (centred and _ended_centred(para, pe)):
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
