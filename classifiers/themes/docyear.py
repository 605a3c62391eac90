"""The year a report belongs to, read from its own text (the documents carry no metadata field).

Reports are dated in the subtitle (——2023年9月26日在……会议上) or the signature line at the end;
failing that the title often names the year (2023年度……). A full date wins over a bare year
because body text quotes other years (2021年以来) freely.
"""
from __future__ import annotations

import re

_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def document_year(doc) -> int | None:
    """Year from the dated subtitle/signature, else from the title, else None."""
    meta_year = (getattr(doc, "meta", None) or {}).get("year")
    if meta_year:
        try:
            return int(str(meta_year)[:4])
        except ValueError:
            pass
    blocks = list(getattr(doc, "blocks", []))
    edges = blocks[:3] + blocks[-4:]
    for b in reversed(edges):  # the signature date at the end, then the subtitle at the start
        m = _DATE.search(b.text)
        if m and len(b.text) < 80:
            return int(m.group(1))
    for b in edges:
        m = _DATE.search(b.text)
        if m:
            return int(m.group(1))
    m = _YEAR.search(getattr(doc, "title", None) or "")
    return int(m.group(1)) if m else None
