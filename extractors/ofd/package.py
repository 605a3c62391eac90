"""The OFD package (GB/T 33190): a zip whose XML parts point to one another by path.

OFD.xml → DocBody/DocRoot (Document.xml) → CommonData (page size, PublicRes/DocumentRes with
fonts, TemplatePage) and Pages/Page@BaseLoc (each page's Content.xml). Paths are relative to the
part that names them, or to the package root when they start with "/".

Hostile input is refused before anything is parsed: the central directory's uncompressed sizes
are checked against `Limits.max_unzipped` (a zip bomb), each part is read with a size cap, and
XML goes through defusedxml with DTDs forbidden (no entity expansion, no external entities, no
network). A path that climbs out of the package ("../") is refused.
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from ..base import Limits
from ..errors import DocumentError

MAX_RATIO = 200
MAX_PART = 64 * 1024 * 1024


def local(tag: str) -> str:
    """Tag name without namespace: producers disagree on the prefix and even the URI."""
    return tag.rsplit("}", 1)[-1]


def children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: Element, name: str) -> Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def find_all(el: Element, name: str) -> list[Element]:
    return [c for c in el.iter() if local(c.tag) == name]


class Package:
    """Read-only access to the parts of one OFD zip, within the limits."""

    def __init__(self, path: Path, limits: Limits):
        try:
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise DocumentError("corrupt or truncated OFD file (not a valid zip)") from None
        infos = self.zf.infolist()
        self.names = {i.filename.lstrip("/"): i for i in infos}
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > limits.max_unzipped or (total > 10_000_000 and total / packed > MAX_RATIO):
            self.zf.close()
            raise DocumentError(f"refused: unpacks to {total / 1e6:.0f} MB (zip bomb protection)")
        if "OFD.xml" not in self.names:
            self.zf.close()
            raise DocumentError("a zip file, but not an OFD document (no OFD.xml)")

    def close(self) -> None:
        self.zf.close()

    @staticmethod
    def resolve(base: str, loc: str) -> str:
        """`loc` as named inside part `base` → a package path (refusing escapes)."""
        loc = loc.strip().replace("\\", "/")
        joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
        norm = posixpath.normpath(joined)
        if norm.startswith("../") or norm == ".." or norm.startswith("/"):
            raise DocumentError(f"corrupt OFD file (part path {loc!r} leaves the package)")
        return norm

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str) -> Element:
        """Parse one XML part safely; DocumentError when it is missing or malformed."""
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring

        info = self.names.get(name)
        if info is None:
            raise DocumentError(f"corrupt OFD file (missing part {name})")
        if info.file_size > MAX_PART:
            raise DocumentError(f"refused: OFD part {name} is {info.file_size / 1e6:.0f} MB")
        with self.zf.open(info) as fh:
            data = fh.read(MAX_PART + 1)
        try:
            return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException:
            raise DocumentError(f"refused: OFD part {name} declares a DTD or entities") from None
        except Exception as e:  # ParseError
            raise DocumentError(f"corrupt OFD file (bad XML in {name}: {str(e)[:80]})") from None
