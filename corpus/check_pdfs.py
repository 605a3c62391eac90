"""Check rendered PDFs against their sources: ``python -m corpus.check_pdfs [NAMES...]``.

LibreOffice is the only independent judge of what Word numbering draws, so after
``render_pdfs.sh`` this confirms, from the PDF text, that every heading shows its typed label
(in ``numbering: auto`` documents the label exists only in numbering.xml), that every gold item
title is on the page, and that the page header text appears. Needs no LibreOffice itself.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pypdfium2 as pdfium

from .gold import gold_items
from .jd import parse_file

ROOT = Path(__file__).resolve().parent


def pdf_text(pdf: Path) -> list[str]:
    """Text of each page with all whitespace removed (line breaks split Chinese text anywhere)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [re.sub(r"\s+", "", doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def check(name: str, root: Path = ROOT) -> list[str]:
    """Problems found for one document (empty when the PDF matches its source)."""
    src, pdf = root / "sources" / f"{name}.jd", root / "documents" / f"{name}.pdf"
    if not pdf.exists():
        return [f"{pdf}: missing"]
    jd = parse_file(src)
    pages = pdf_text(pdf)
    text = "".join(pages)
    norm = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    problems = []
    for b in jd.blocks:
        if b.kind == "heading":
            want = norm(b.text)[:20]
            if want not in text:
                problems.append(f"{src}:{b.line}: heading not shown as typed: {want!r}")
    for item in gold_items(jd):
        if norm(item.title)[:30] not in text:
            problems.append(f"{src}:{item.line}: {item.id} title not in PDF: {item.title[:30]!r}")
    header = norm(jd.meta.get("header", ""))
    if header and not all(header in p for p in pages):
        problems.append(f"{pdf}: running header missing on some page")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.check_pdfs")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args(argv)
    names = args.names or sorted(p.stem for p in (ROOT / "sources").glob("*.jd"))
    bad = 0
    for name in names:
        for problem in check(name):
            print(problem)
            bad += 1
    print(f"{len(names)} documents checked, {bad} problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
