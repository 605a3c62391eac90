"""The PDF reader: clean paragraphs in reading order, tables as rows, furniture set apart.

The pipeline, one module per concern:
``page`` runs the per-page steps while the pdfium page is open: ``chars`` (characters with
box, size, weight), ``garbled`` (unreadable text layers reported; read by ``extractors.ocr``
when installed), ``tables`` (ruled tables with pdfplumber, only on pages that draw rules; their
characters leave the text flow), ``lines`` (characters → lines). Then, over the whole document:
``furniture`` (headers, footers, page numbers), ``columns`` (reading order per page) and
``reflow`` (lines → paragraphs, across page and column breaks).

Labels, heading levels, the title and the kind are not decided here: `extractors.structure`
does that for every format from the blocks and style facts this reader gives.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from ..base import Limits, Reader
from ..errors import DocumentError
from ..model import Document

# pdfium is not thread-safe; the service may parse in worker threads.
_PDFIUM_LOCK = threading.Lock()


class PdfReader(Reader):
    """Reads `.pdf` files with pdfium (text and geometry) and pdfplumber (ruled tables)."""

    format = "pdf"

    @classmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        return b"%PDF" in head[:1024]

    def read(self, path: Path, limits: Limits) -> Document:
        with _PDFIUM_LOCK:
            return _read(Path(path), limits)


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise DocumentError("encrypted PDF (password protected)") from None
        if "security" in msg.lower():
            raise DocumentError("encrypted PDF (unsupported security handler)") from None
        if "format" in msg.lower():
            raise DocumentError("corrupt PDF (damaged or truncated: no readable page tree)") from None
        raise DocumentError(f"corrupt PDF ({msg[:120]})") from None


def _read(path: Path, limits: Limits) -> Document:
    from .columns import order_page
    from .furniture import body_font_size, split_furniture
    from .page import read_page
    from .reflow import Placed, reflow
    from .tables import TableFinder

    started = time.monotonic()
    pdf = _open(path)
    finder = TableFinder(path)
    warnings: list[str] = []
    results = []
    try:
        n = len(pdf)
        if n == 0:
            raise DocumentError("PDF has no pages")
        if n > limits.max_pages:
            raise DocumentError(f"too many pages ({n}; the limit is {limits.max_pages})")
        for i in range(n):
            if time.monotonic() - started > limits.max_seconds:
                raise DocumentError(f"took longer than the {limits.max_seconds:.0f} s limit per document "
                                    f"(stopped at page {i + 1} of {n})")
            results.append(read_page(pdf, i, finder, warnings))
    finally:
        finder.close()
        pdf.close()
    if all(r.damaged for r in results):
        raise DocumentError("corrupt PDF (no page could be read)")

    pages = [r.lines for r in results]
    body_size = body_font_size(pages)
    bodies, furniture = split_furniture(pages, [r.height for r in results], body_size)
    placed: list[Placed] = []
    two_column: list[int] = []
    for i, (lines, r) in enumerate(zip(bodies, results)):
        ordered, cols = order_page([*lines, *r.tables])
        if 1 in cols:
            two_column.append(i + 1)
        placed.extend(Placed(item, i + 1, col) for item, col in zip(ordered, cols))
    meta = {"columns": two_column, "ocr": [i + 1 for i, r in enumerate(results) if r.ocr]}
    return Document(source=str(path), format="pdf", blocks=reflow(placed, body_size, {i + 1: r.width for i, r in enumerate(results)}), pages=n,
                    furniture=furniture, warnings=warnings, meta=meta)
