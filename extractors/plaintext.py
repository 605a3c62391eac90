"""Plain text (and the light Markdown that law databases export): encoding, then paragraphs.

Offices send .txt saved by Notepad in GBK as often as in UTF-8, and text copied out of PDFs with
hard line breaks every 15 characters. Paragraphs are blank-line separated blocks when the text is
hard-wrapped, single lines otherwise; `#` lines are headings so a Markdown regulation keeps its
chapters.
"""
from __future__ import annotations

import re
from pathlib import Path

from .base import Limits, Reader
from .cleanup import clean, join_lines
from .errors import DocumentError
from .model import Block, Document
from .numbering import split_label

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SENTENCE_END = tuple("。！？；：”」』)）")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise DocumentError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError("text in an unknown encoding (neither UTF-8 nor GB18030)") from None


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        if e.start > len(head) - 4:  # a multi-byte character cut by the 4 KB window
            return True
    try:
        head.decode("gb18030")
        return True
    except UnicodeDecodeError:
        return False


class TextReader(Reader):
    format = "txt"

    @classmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        return _looks_textual(head)

    def read(self, path: Path, limits: Limits) -> Document:
        text = decode(path.read_bytes())
        fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
        doc = Document(source=path.name, format=fmt, pages=None)
        doc.blocks = paragraphs(_COMMENT.sub("", text))
        return doc


def _hard_wrapped(groups: list[list[str]]) -> bool:
    """True when blank-line groups hold wrapped lines of one paragraph (PDF copy, newspapers)."""
    multi = [g for g in groups if len(g) > 1]
    if not multi:
        return False
    lines = [line for g in multi for line in g[:-1]]
    unfinished = sum(1 for line in lines if not line.rstrip().endswith(_SENTENCE_END))
    return len(multi) >= len(groups) * 0.3 and unfinished >= len(lines) * 0.5


def _split_wrapped(lines: list[str]) -> list[list[str]]:
    """Inside one wrapped group, a numbered line after a finished sentence starts a new paragraph."""
    out: list[list[str]] = [[]]
    for line in lines:
        label, _ = split_label(line.strip())
        if out[-1] and label and out[-1][-1].rstrip().endswith(_SENTENCE_END):
            out.append([])
        out[-1].append(line)
    return out


def _merge_broken_groups(groups: list[list[str]]) -> list[list[str]]:
    """Join a group to the previous one when a column or page break cut a paragraph mid-line.

    The previous group then ends in a full-width line without sentence punctuation, which a
    heading (a short line) or a finished paragraph never does.
    """
    lengths = sorted(len(clean(line)) for g in groups for line in g)
    full = lengths[len(lengths) // 2] * 0.8 if lengths else 0
    out: list[list[str]] = []
    for group in groups:
        if out:
            last = clean(out[-1][-1])
            label, _ = split_label(clean(group[0]))
            if len(last) >= full and not last.endswith(_SENTENCE_END) and label is None:
                out[-1] = out[-1] + group
                continue
        out.append(group)
    return out


def paragraphs(text: str) -> list[Block]:
    groups: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    wrapped = _hard_wrapped(groups)
    if wrapped:
        groups = _merge_broken_groups(groups)
    blocks: list[Block] = []
    for group in groups:
        if wrapped:
            paras = _split_wrapped(group)
        else:
            paras = [[line] for line in group]
        for para in paras:
            m = _MD_HEADING.match(para[0].strip()) if len(para) == 1 else None
            if m:
                blocks.append(Block(type="heading", text=clean(m.group(2)), outline_level=len(m.group(1)),
                                    style=f"md{len(m.group(1))}"))
                continue
            body = join_lines(para) if wrapped else clean(para[0])
            if body:
                blocks.append(Block(type="paragraph", text=body))
    return blocks
