"""Running headers, footers and page numbers: found, moved to the furniture layer, kept out of blocks.

A line is furniture when it sits among the top or bottom lines of a page (in the margin band)
and either reads as a page number in one of the forms offices use (— 3 —, -3-, 3, 第3页 共9页,
3/9) or repeats, digits aside, on other pages in the same band. On a one-page document nothing
can repeat, so a margin line set smaller than the body text and standing apart from it counts too.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import Furniture
from .lines import Line

BAND = 0.14          # top/bottom share of the page height where furniture lives
EDGE_LINES = 2       # how many lines from each edge are candidates

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－一~～•·_\s]*\d{1,4}[-–—－一~～•·_\s]*"
    r"|第\d{1,4}页(?:[,，/\s]*共\d{1,4}页)?"
    r"|共\d{1,4}页[,，\s]*第\d{1,4}页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def is_page_number(text: str, pages: int) -> bool:
    if not _PAGE_NUMBER.match(text.strip()):
        return False
    return all(int(n) <= pages + 1000 for n in _DIGITS.findall(text))


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.replace(" ", ""))


def _candidates(lines: list[Line], height: float) -> list[tuple[Line, str]]:
    """(line, 'top'|'bottom') for the few lines nearest each edge inside the margin band."""
    out: list[tuple[Line, str]] = []
    by_top = sorted(lines, key=lambda ln: ln.top)
    for ln in by_top[:EDGE_LINES]:
        if ln.bottom <= BAND * height:
            out.append((ln, "top"))
    for ln in by_top[::-1][:EDGE_LINES]:
        if ln.top >= (1 - BAND) * height and all(ln is not c for c, _ in out):
            out.append((ln, "bottom"))
    return out


def _apart(line: Line, lines: list[Line], where: str) -> bool:
    """Separated from the body by more than two of its own line heights."""
    others = [ln for ln in lines if ln is not line]
    if not others:
        return False
    if where == "top":
        gap = min(ln.top for ln in others) - line.bottom
    else:
        gap = line.top - max(ln.bottom for ln in others)
    return gap > 2 * line.height


def split_furniture(pages: list[list[Line]], heights: list[float],
                    body_size: float) -> tuple[list[list[Line]], list[Furniture]]:
    """Each page's body lines, and the furniture found, in page order."""
    n = len(pages)
    cands = [_candidates(lines, h) for lines, h in zip(pages, heights)]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, cs in enumerate(cands):
        for ln, where in cs:
            seen[(where, _shape(ln.text))].add(i)
    need = max(2, round(0.25 * n))
    furniture: list[Furniture] = []
    bodies: list[list[Line]] = []
    for i, (lines, cs) in enumerate(zip(pages, cands)):
        drop: list[tuple[Line, str]] = []
        taken: set[tuple[str, str]] = set()
        for ln, where in cs:
            key = (where, _shape(ln.text))
            if is_page_number(ln.text, n):
                drop.append((ln, "page_number"))
            elif len(seen[key]) >= need and key not in taken:
                # once per page and band: the same words again just inside the band are body text
                # (the signature 清溪市人民政府 at the top of a last page, under that same header)
                taken.add(key)
                drop.append((ln, "header" if where == "top" else "footer"))
            elif n == 1 and ln.size < body_size - 0.5 and _apart(ln, lines, where):
                drop.append((ln, "header" if where == "top" else "footer"))
        drop.sort(key=lambda d: d[0].top)
        furniture.extend(Furniture(role=role, text=ln.text, page=i + 1) for ln, role in drop)
        ids = {id(ln) for ln, _ in drop}
        bodies.append([ln for ln in lines if id(ln) not in ids])
    return bodies, furniture


def body_font_size(pages: list[list[Line]]) -> float:
    """The size most characters are set in: the body text."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            sizes[ln.size] += ln.n
    return sizes.most_common(1)[0][0] if sizes else 0.0
