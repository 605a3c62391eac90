"""Format readers → one document model.

`load(path)` is the only entry point the rest of jiandu uses: it checks the file against the
limits, picks a reader by the file's first bytes (the suffix is only a tie-breaker), lets the
reader produce blocks, then runs the shared structure pass (labels, heading levels, title, kind).
Any failure becomes a `DocumentError` with a reason a person can act on.
"""
from __future__ import annotations

import importlib
import time
from pathlib import Path

from .base import Limits, Reader
from .errors import DocumentError
from .model import Block, Document, Furniture

__all__ = ["load", "Document", "Block", "Furniture", "DocumentError", "Limits", "READERS"]

# (module, class) in the order they are asked; imported lazily so `jiandu parse x.txt` stays light.
READERS: list[tuple[str, str]] = [
    ("extractors.pdf", "PdfReader"),
    ("extractors.ofd", "OfdReader"),
    ("extractors.legacy", "LegacyReader"),
    ("extractors.word", "DocxReader"),
    ("extractors.plaintext", "TextReader"),
]


_BINARY_SUFFIXES = (".pdf", ".docx", ".docm", ".doc", ".wps", ".ofd", ".xlsx", ".xls")


def _reader_for(head: bytes, suffix: str) -> Reader | None:
    for module, name in READERS:
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):  # an optional reader whose library is not installed
            continue
        if cls.accepts(head, suffix):
            return cls()
    return None


def load(path: str | Path, limits: Limits | None = None) -> Document:
    """Read any supported file into a finished `Document`, or raise `DocumentError`."""
    limits = limits or Limits.from_env()
    p = Path(path)
    try:
        if not p.exists():
            raise DocumentError("no such file")
        if p.is_dir():
            raise DocumentError("is a directory, not a file")
        size = p.stat().st_size
        if size == 0:
            raise DocumentError("empty file")
        if size > limits.max_bytes:
            raise DocumentError(f"file too large ({size / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB)")
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError as e:
        raise DocumentError(f"cannot be opened: {e.strerror or e}") from None
    reader = _reader_for(head, p.suffix.lower())
    if reader is None and head.startswith(b"\xd0\xcf\x11\xe0"):
        data = p.read_bytes()[:1 << 20]
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError("encrypted Office document (password protected): remove the password and upload again")
        raise DocumentError("legacy Word/WPS binary format (.doc/.wps): save it as .docx and upload again")
    if reader is None:
        raise DocumentError(f"unsupported format{' (' + p.suffix + ')' if p.suffix else ''}: "
                            "jiandu reads .docx, .pdf, .ofd, .doc/.wps (with LibreOffice) and plain text")
    if reader.format == "txt" and p.suffix.lower() in _BINARY_SUFFIXES:
        # a .pdf or .docx whose bytes are not one is damaged, not a text file
        raise DocumentError(f"corrupt or truncated {p.suffix.lower()[1:]} file (it does not start like one)")
    started = time.monotonic()
    try:
        doc = reader.read(p, limits)
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError("too large to read within the memory limit") from None
    except RecursionError:
        raise DocumentError(f"malformed {reader.format} file (nested too deeply)") from None
    except Exception as e:  # a reader bug or a malformed file must not become a traceback
        raise DocumentError(f"corrupt or unreadable {reader.format} file ({type(e).__name__}: {str(e)[:120]})") from None
    if time.monotonic() - started > limits.max_seconds:
        raise DocumentError(f"took longer than the {limits.max_seconds:.0f} s limit per document")
    from .structure import finish

    finish(doc)
    if not doc.blocks and not doc.warnings:
        raise DocumentError("no text found in the document")
    return doc
