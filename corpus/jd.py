"""Parser for the `.jd` corpus source format (see corpus/FORMAT.md).

A `.jd` file holds a document and its gold annotation together so they cannot drift apart.
This module turns it into a typed in-memory document (rendered by ``docx_writer``) and derives
the gold items from the same structure (``gold.py``), so the rendered text and the gold text
come from one parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from .labels import Label, parse_heading_label

KINDS = {"inspection_report", "rectification_report", "draft_regulation", "comments", "other"}
FOOTERS = {"dash", "of", "hyphen", "plain", "none"}
HEADER_KEYS = {
    "title", "kind", "office", "year", "law", "style", "split", "numbering", "header", "footer",
    "answers",
}


class JdError(Exception):
    """A source that violates FORMAT.md; str() is ``file:line: reason`` so authors can fix it."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class Text:
    """A run of visible text; ``bold`` when it came from ``**…**``."""

    text: str
    bold: bool = False


@dataclass
class Marker:
    """``{P|主题}`` / ``{R|主题}``: an item starts here."""

    type: Literal["problem", "recommendation"]
    theme: str
    line: int


@dataclass
class EndItem:
    """``{/}``: the open item ends here."""

    line: int


@dataclass
class LeadEnd:
    """``{.}``: the open item's lead sentence ends here."""

    line: int


Inline = Union[Text, Marker, EndItem, LeadEnd]


def plain(inlines: list[Inline]) -> str:
    """Visible text of an inline sequence (markup removed)."""
    return "".join(i.text for i in inlines if isinstance(i, Text))


@dataclass
class Block:
    """One body line of the source (a table is one block of several rows)."""

    kind: Literal["heading", "paragraph", "right", "center", "table", "columns", "pagebreak"]
    line: int
    inlines: list[Inline] = field(default_factory=list)
    level: int | None = None  # heading level 1..4
    label: Label | None = None  # typed heading label Word numbering can reproduce
    rows: list[list[list[Inline]]] = field(default_factory=list)  # table: rows of cells
    row_lines: list[int] = field(default_factory=list)
    columns: int | None = None

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass
class JdDocument:
    """A parsed source: header values and body blocks."""

    name: str
    path: str
    meta: dict[str, str]
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    @property
    def numbering(self) -> str:
        return self.meta.get("numbering", "typed")


_INLINE = re.compile(r"\*\*|\{([PR])\|([^{}|]*)\}|\{/\}|\{\.\}|\{[^{}]*\}")


def parse_inlines(text: str, path: str, line: int) -> list[Inline]:
    """Split a line into text runs and markers; reject unknown ``{…}`` markup and open ``**``."""
    out: list[Inline] = []
    bold, pos = False, 0

    def add(s: str) -> None:
        if s:
            out.append(Text(s, bold))

    for m in _INLINE.finditer(text):
        add(text[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok == "**":
            bold = not bold
        elif tok == "{/}":
            out.append(EndItem(line))
        elif tok == "{.}":
            out.append(LeadEnd(line))
        elif m.group(1):
            theme = m.group(2).strip()
            if not theme:
                raise JdError(path, line, f"item marker {tok} has no theme (write {{P|主题}})")
            out.append(Marker("problem" if m.group(1) == "P" else "recommendation", theme, line))
        else:
            raise JdError(path, line, f"unknown markup {tok!r} (allowed: {{P|主题}} {{R|主题}} {{/}} {{.}})")
    add(text[pos:])
    if bold:
        raise JdError(path, line, "unterminated ** (bold run not closed on this line)")
    return out


def drop_prefix(inlines: list[Inline], n: int) -> list[Inline]:
    """The inlines without their first ``n`` visible characters (markers kept in place)."""
    out: list[Inline] = []
    for i in inlines:
        if n and isinstance(i, Text):
            if len(i.text) <= n:
                n -= len(i.text)
                continue
            i = Text(i.text[n:], i.bold)
            n = 0
        out.append(i)
    return out


_HEADING = re.compile(r"^(#+)\s+(.*)$")
_HEADER_LINE = re.compile(r"^([A-Za-z_]+)\s*[:：]\s*(.*)$")
_TABLE_RULE = re.compile(r"^[\s|:：\-—]+$")


def _parse_header(lines: list[str], path: str) -> tuple[dict[str, str], int]:
    meta: dict[str, str] = {}
    for idx, raw in enumerate(lines):
        line = raw.strip()
        if line == "---":
            return meta, idx + 1
        if not line:
            continue
        m = _HEADER_LINE.match(line)
        if not m:
            raise JdError(path, idx + 1, f"header line is not 'key: value' (and no '---' before it): {line[:40]!r}")
        key, value = m.group(1).lower(), m.group(2).strip()
        if key not in HEADER_KEYS:
            raise JdError(path, idx + 1, f"unknown header key {key!r} (known: {', '.join(sorted(HEADER_KEYS))})")
        meta[key] = value
    raise JdError(path, len(lines), "header not closed by a line '---'")


def _check_header(meta: dict[str, str], path: str, lines: list[str]) -> None:
    def where(key: str) -> int:
        for i, l in enumerate(lines):
            if l.strip().lower().startswith(key):
                return i + 1
        return 1

    for key in ("title", "kind", "style"):
        if not meta.get(key):
            raise JdError(path, 1, f"header key {key!r} is required")
    checks = {
        "kind": KINDS, "footer": FOOTERS, "split": {"train", "heldout"}, "numbering": {"typed", "auto"},
    }
    for key, allowed in checks.items():
        if key in meta and meta[key] not in allowed:
            raise JdError(path, where(key), f"{key}: {meta[key]!r} is not one of {', '.join(sorted(allowed))}")
    if meta.get("year") and not re.fullmatch(r"\d{4}", meta["year"]):
        raise JdError(path, where("year"), f"year: {meta['year']!r} is not a four-digit year")


def parse(text: str, name: str = "doc", path: str = "<string>") -> JdDocument:
    """Parse a `.jd` source text into a ``JdDocument``; raise ``JdError`` on format violations."""
    lines = text.splitlines()
    meta, start = _parse_header(lines, path)
    _check_header(meta, path, lines)
    doc = JdDocument(name, path, meta, [])
    table: Block | None = None
    for idx in range(start, len(lines)):
        lineno = idx + 1
        line = lines[idx].rstrip()
        stripped = line.strip()
        if not stripped:
            continue  # blank lines are ignored, so they do not split a table either
        if stripped.startswith("|"):
            if _TABLE_RULE.match(stripped):
                doc.warnings.append(f"{path}:{lineno}: markdown table rule line ignored")
                continue
            body = stripped[1:]
            if body.endswith("|"):
                body = body[:-1]
            cells = [parse_inlines(c.strip(), path, lineno) for c in body.split("|")]
            if table is None:
                table = Block("table", lineno)
                doc.blocks.append(table)
            table.rows.append(cells)
            table.row_lines.append(lineno)
            continue
        table = None
        hm = _HEADING.match(stripped)
        if stripped.startswith("#") and hm:
            level = len(hm.group(1))
            if level > 4:
                raise JdError(path, lineno, f"heading level {level} (only # to #### exist)")
            inlines = parse_inlines(hm.group(2).strip(), path, lineno)
            block = Block("heading", lineno, inlines, level=level)
            block.label = parse_heading_label(block.text)
            if inlines and isinstance(inlines[0], Marker) and block.label:
                raise JdError(path, lineno, "item marker placed before the numbering label "
                              f"{block.label.text.strip()!r}; put it after the label")
            doc.blocks.append(block)
        elif stripped.startswith("@@"):
            parts = stripped[2:].split()
            if parts == ["pagebreak"]:
                doc.blocks.append(Block("pagebreak", lineno))
            elif len(parts) == 2 and parts[0] == "columns" and parts[1] in ("1", "2"):
                doc.blocks.append(Block("columns", lineno, columns=int(parts[1])))
            else:
                raise JdError(path, lineno, f"unknown directive {stripped!r} (allowed: @@columns 2, @@columns 1, @@pagebreak)")
        elif stripped.startswith(">"):
            doc.blocks.append(Block("right", lineno, parse_inlines(stripped[1:].strip(), path, lineno)))
        elif stripped.startswith("^ ") or stripped == "^":
            doc.blocks.append(Block("center", lineno, parse_inlines(stripped[1:].strip(), path, lineno)))
        else:
            doc.blocks.append(Block("paragraph", lineno, parse_inlines(stripped, path, lineno)))
    return doc


def parse_file(path: Path) -> JdDocument:
    """Parse ``path``; the document name is the file stem (``x1_sample_auto``)."""
    return parse(path.read_text(encoding="utf-8"), path.stem, str(path))
