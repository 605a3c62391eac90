"""Reading order on a page: two-column bands are read left column first, then right.

Offices put two-column sections below a full-width title and intro, and may return to one
column further down, so a page is cut into bands at every full-width item; a band is two
columns when a vertical gutter separates at least three column-aligned lines on each side
that sit beside each other. Single-column pages (the common case) are recognised cheaply:
hardly any of their lines start right of the middle.
"""
from __future__ import annotations

from typing import Protocol, Sequence, TypeVar


class Boxed(Protocol):
    x0: float
    x1: float
    top: float
    bottom: float


T = TypeVar("T", bound=Boxed)

MIN_SIDE = 3          # lines on each side of the gutter before a band counts as two columns


def _gutter(items: Sequence[Boxed], left: float, right: float) -> float | None:
    """The x in the middle half of the content that the fewest items cross (ties: nearest centre)."""
    width = right - left
    lo, hi = left + 0.25 * width, right - 0.25 * width
    centre = (left + right) / 2
    candidates = {x for it in items for x in (it.x1 + 1.0, it.x0 - 1.0) if lo <= x <= hi}
    best: tuple[int, float, float] | None = None
    for x in candidates:
        crossing = sum(1 for it in items if it.x0 < x < it.x1)
        key = (crossing, abs(x - centre), x)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _two_columns(band: list[T], gutter: float) -> tuple[list[T], list[T], list[T]] | None:
    """(left column, right column, single-column lines after them) or None for one column."""
    lefts = [it for it in band if it.x1 <= gutter]
    rights = [it for it in band if it.x0 >= gutter]
    if len(lefts) < MIN_SIDE or len(rights) < MIN_SIDE:
        return None
    edge = min(it.x0 for it in rights)
    if sum(1 for it in rights if it.x0 - edge < 2.0) < MIN_SIDE:
        return None                       # right-aligned signatures and dates, not a column
    if min(it.top for it in rights) >= max(it.bottom for it in lefts):
        return None                       # one below the other: plain single-column order
    lefts.sort(key=lambda it: it.top)
    rights.sort(key=lambda it: it.top)
    # A narrow line below the right column's end is either more of the left column or the
    # single-column text after the columns. Geometry cannot tell; the producer's order can,
    # when it is trustworthy: it drew the left column, then the right, then that line.
    end = max(it.bottom for it in rights)
    seq = [getattr(it, "seq", -1) for it in rights]
    beside = [getattr(it, "seq", -1) for it in lefts if it.top <= end]
    tail: list[T] = []
    if beside and max(beside) < min(seq):
        tail = [it for it in lefts if it.top > end and getattr(it, "seq", -1) > max(seq)]
    return [it for it in lefts if not any(it is t for t in tail)], rights, tail


def order_page(items: list[T]) -> tuple[list[T], list[int]]:
    """Items in reading order, and the column of each (0 full width, 1 left, 2 right)."""
    items = sorted(items, key=lambda it: (it.top, it.x0))
    if len(items) < 2 * MIN_SIDE:
        return items, [0] * len(items)
    left = min(it.x0 for it in items)
    right = max(it.x1 for it in items)
    middle = left + 0.4 * (right - left)
    if sum(1 for it in items if it.x0 > middle) < MIN_SIDE:
        return items, [0] * len(items)
    gutter = _gutter(items, left, right)
    if gutter is None:
        return items, [0] * len(items)
    out: list[T] = []
    cols: list[int] = []
    band: list[T] = []

    def flush() -> None:
        split = _two_columns(band, gutter) if band else None
        if split is None:
            out.extend(band)
            cols.extend([0] * len(band))
        else:
            out.extend(split[0] + split[1] + split[2])
            cols.extend([1] * len(split[0]) + [2] * len(split[1]) + [0] * len(split[2]))
        band.clear()

    for it in items:
        if it.x0 < gutter < it.x1:        # full-width item: ends the band above it
            flush()
            out.append(it)
            cols.append(0)
        else:
            band.append(it)
    flush()
    return out, cols
