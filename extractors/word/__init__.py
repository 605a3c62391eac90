"""The .docx reader: body paragraphs and tables in order, with drawn numbering and typography.

Split by concern: `numbering` renders Word's automatic labels, `styles` resolves inheritance,
`package` guards the zip against bombs before python-docx opens it, and this module walks the
body. Headers and footers go to the furniture layer.
"""
from __future__ import annotations

from pathlib import Path

from ..base import Limits, Reader
from ..model import Document
from .package import check_package


class DocxReader(Reader):
    format = "docx"

    @classmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        return suffix in (".docx", ".docm", ".dotx", ".wps") or b"word/" in head or b"[Content_Types].xml" in head

    def read(self, path: Path, limits: Limits) -> Document:
        check_package(path, limits)
        from .body import read_body

        return read_body(path, limits)
