"""Ruled tables → rows of cells, with pdfplumber, only on pages that draw ruling lines.

pdfplumber's `find_tables()` reads ruled tables exactly but costs ≈30–80 ms a page, so pdfium's
page objects are asked first whether the page draws at least two horizontal and two vertical
rules (a grid); pages of plain prose never pay for pdfplumber. Each pdfplumber page is closed
right after use, because pdfplumber caches ≈1.7 MB of layout objects per page otherwise.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2.raw as pdfium_c

from ..cleanup import join_lines

RULE = 3.0            # a path thinner than this (pt) is a rule
MAX_OBJECTS = 20000   # pages with more page objects than this are drawings, not tables


@dataclass(slots=True)
class Table:
    """A table's box (top-down coordinates) and its rows of cleaned cell text."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    rows: list[list[str]] = field(default_factory=list)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.top - 1 <= y <= self.bottom + 1


def _walk(handle, count_fn, get_fn, depth: int, out: dict[str, int]) -> None:
    n = count_fn(handle)
    if n > MAX_OBJECTS:
        out["too_many"] = 1
        return
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(n):
        obj = get_fn(handle, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            w, h = right.value - left.value, top.value - bottom.value
            if h < RULE and w > 10:
                out["h"] += 1
            elif w < RULE and h > 10:
                out["v"] += 1
            elif w > 10 and h > 10:
                out["h"] += 2
                out["v"] += 2
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            out["images"] += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            _walk(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, depth + 1, out)


def graphics(page) -> dict[str, int]:
    """Counts of horizontal rules, vertical rules and images drawn on a pdfium page."""
    out = {"h": 0, "v": 0, "images": 0, "too_many": 0}
    _walk(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0, out)
    return out


def has_rulings(g: dict[str, int]) -> bool:
    return g["h"] >= 2 and g["v"] >= 2 and not g["too_many"]


class TableFinder:
    """Opens the file with pdfplumber once, on the first page that needs it."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None
        self._unreadable = False

    def find(self, index: int) -> list[Table]:
        """The ruled tables of page `index`; none when pdfplumber cannot read the page."""
        if self._pdf is None:
            if self._unreadable:
                return []
            import pdfplumber

            try:
                self._pdf = pdfplumber.open(self.path)
            except Exception:           # pdfium repaired what pdfminer cannot: tables stay text
                self._unreadable = True
                return []
        try:
            page = self._pdf.pages[index]
        except Exception:               # pdfminer reads some damaged page trees pdfium repaired
            return []
        try:
            return self._tables(page, index)
        except Exception:               # a table pdfplumber cannot read stays in the text flow
            return []
        finally:
            page.close()

    @staticmethod
    def _tables(page, index: int) -> list[Table]:
        out = []
        for t in page.find_tables():
            rows = [[join_lines((c or "").split("\n")) for c in row] for row in t.extract()]
            rows = [r for r in rows if any(r)]
            if not rows or (len(rows) < 2 and len(rows[0]) < 2):
                continue                  # a framed paragraph, not a table
            x0, top, x1, bottom = t.bbox
            out.append(Table(x0, top, x1, bottom, index + 1, rows))
        return out

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
