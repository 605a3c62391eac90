"""Stored documents back as the library's inputs: an `extractors` Document rebuilt from the
stored blocks, or the stored file under its original name.

Tracking reads only blocks (text, page, heading level), which the store already holds, so a
ledger is computed without parsing the report again. Drafts and comment tables need what the
blocks do not keep (table cells, Excel sheets), so they read the stored file; readers take the
format from the name's suffix, hence the hard link under the original name, as
`service.processing.analyse_file` does.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.model import Block as LibBlock
from extractors.model import Document as LibDocument
from service.models import Block, Document
from service.settings import Settings
from service.store import file_path


def library_document(s: Session, doc: Document) -> LibDocument:
    """The stored document as `extractors.model.Document` (blocks in reading order)."""
    blocks = [LibBlock(type=b.type, text=b.text, level=b.level, label=b.label, page=b.page)
              for b in s.scalars(select(Block).where(Block.document_id == doc.id).order_by(Block.seq))]
    return LibDocument(source=doc.source, format=doc.format or "", blocks=blocks, title=doc.title,
                       kind=doc.kind, pages=doc.pages, meta=dict(doc.meta or {}))


@contextlib.contextmanager
def original_files(settings: Settings, docs: list[Document]) -> Iterator[list[Path]]:
    """Paths to the stored files under their original names, in a temporary directory."""
    work = settings.data_dir / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="jiandu-web-", dir=work))
    try:
        out = []
        for n, d in enumerate(docs):
            sub = tmp / str(n)
            sub.mkdir()
            link = sub / (Path(d.source).name or "document")
            src = file_path(settings, d.sha256)
            if not src.exists():
                raise FileNotFoundError(f"stored file of {d.source} is missing")
            try:
                os.link(src, link)
            except OSError:
                shutil.copyfile(src, link)
            out.append(link)
        yield out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def document_year(s: Session, doc: Document) -> int | None:
    """The year a document belongs to: the stored one, else read from its own dated lines."""
    if doc.year:
        return doc.year
    try:
        from classifiers.themes.docyear import document_year as from_text
    except ImportError:
        return None
    return from_text(library_document(s, doc))


_YEARS: dict[tuple[int, str, str], int | None] = {}


def effective_years(s: Session, docs: list[Document]) -> dict[int, int | None]:
    """`document_year` of many documents, remembered per (id, digest, state) so a list page
    reads each document's dated lines once, not on every visit."""
    out: dict[int, int | None] = {}
    for d in docs:
        if d.year:
            out[d.id] = d.year
            continue
        key = (d.id, d.sha256, d.state)
        if key not in _YEARS:
            if len(_YEARS) > 20000:
                _YEARS.clear()
            _YEARS[key] = document_year(s, d) if d.state == "ready" else None
        out[d.id] = _YEARS[key]
    return out
