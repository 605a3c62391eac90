"""Offline OCR for scanned PDF pages: the page image becomes characters like a text layer's.

Why characters and not blocks: the PDF reader already turns positioned characters into lines,
sets running headers and page numbers apart, orders columns and reflows lines into paragraphs
across page breaks. A scanned page handed over as `PageChars` (the text-layer reader's own
type) goes through exactly that pipeline, so a scanned report, a text report and a mixed one
come out alike, and a paragraph that runs from a text page onto a scanned page is still one.

The PDF reader (`extractors.pdf.page`) calls `ocr_chars(page, number)` for a page it found
without a usable text layer, before it closes the page, and names the page in the warnings as
read by OCR. When the `ocr` extra is not installed, `is_available()` is False and the warning
says what to install (`MISSING`) instead of the parse failing.

OCR runs on `rapidocr-onnxruntime`, whose Chinese PP-OCR models ship inside the wheel: nothing
is downloaded at run time and no page leaves the machine.
"""
from __future__ import annotations

import importlib.util

MISSING = "OCR not installed: install jiandu[ocr] to read scanned pages"
DPI = 150

__all__ = ["is_available", "ocr_chars", "MISSING", "DPI"]


def is_available() -> bool:
    """True when the OCR engine and its runtime can be imported (without importing them)."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2"))


def ocr_chars(page, number: int, dpi: int = DPI):
    """OCR one pdfium page → `extractors.pdf.chars.PageChars` in PDF points, red ink ignored.

    Raises `extractors.errors.DocumentError` when OCR is not installed.
    """
    from .page import read_page

    return read_page(page, number, dpi)

