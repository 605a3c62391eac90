"""Pages whose text layer cannot be trusted: reported, never passed on as text.

A PDF can draw perfect Chinese while its text layer holds nothing readable: CID fonts without a
ToUnicode map give glyph ids (control characters to a reader), some producers map glyphs into
the private-use area, and scans have no text at all. Passing such text on would poison
extraction and search, so the page is named in `doc.warnings` with the reason instead (and
read by OCR when that extra is installed, see `page`). Judged per page: pdfium says which
characters it could not map, and the characters themselves show private-use or control codes.
"""
from __future__ import annotations

import re

from ..cleanup import garbage_ratio
from .chars import PageChars

_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]|\(cid:")

LIMIT = 0.3      # share of unreadable characters above which a page is unreadable


def unreadable(pc: PageChars) -> str | None:
    """Why the page's text layer is unreadable, or None when it reads."""
    if not pc.chars:
        return None
    if pc.sampled and pc.unmapped / pc.sampled > LIMIT:
        return "fonts without a ToUnicode map"
    text = "".join(c[0] for c in pc.chars)
    if not _SUSPECT.search(text):
        return None                       # the common case, without a per-character pass
    body = [ch for ch in text if not ch.isspace()]
    if not body:
        return None
    private = sum(1 for ch in body if "\ue000" <= ch <= "\uf8ff")
    if private / len(body) > LIMIT:
        return "private-use characters"
    ratio = garbage_ratio(text)
    if ratio > LIMIT:
        return f"{ratio:.0%} of characters are unmapped glyph codes"
    return None


def warning(page: int, reason: str) -> str:
    return f"page {page}: text layer unreadable ({reason})"
