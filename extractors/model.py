"""The one document model that every reader produces and everything downstream reads.

A reader only has to fill in blocks in reading order (with whatever label and style facts its
format knows); `extractors.structure` then derives labels from typed text, heading levels, the
title and the kind, the same way for every format. Page furniture (running headers, footers,
page numbers) lives in its own layer so it can be shown or audited but never leaks into the
text that extraction, tracking and search read.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockType = Literal["heading", "paragraph", "list_item", "table_row"]
Kind = Literal["inspection_report", "rectification_report", "draft_regulation", "comments", "other"]
KINDS: tuple[str, ...] = ("inspection_report", "rectification_report", "draft_regulation", "comments", "other")


@dataclass
class Block:
    """One unit of body text: a heading, a paragraph, a numbered item or a table row.

    `bold_segments` are the later bold runs of a paragraph (a second bold lead inside it).
    `label` is the numbering marker (一、 （一） 1. 第十二条 …) kept apart from `text`, whether the
    author typed it or Word drew it by automatic numbering. The style facts (`bold_lead`,
    `bold`, `font_size`, `font`, `align`, `outline_level`) are what later stages use to find
    lead sentences and headings; they are optional because not every format knows them.
    """

    type: BlockType
    text: str
    level: int | None = None
    label: str | None = None
    page: int | None = None
    bold: bool = False
    bold_lead: str | None = None
    bold_segments: list[str] | None = None
    font_size: float | None = None
    font: str | None = None
    align: str | None = None
    outline_level: int | None = None
    style: str | None = None
    cells: list[str] | None = None
    label_kind: str | None = None

    @property
    def full_text(self) -> str:
        """Label and text as a reader of the page sees them."""
        return f"{self.label}{self.text}" if self.label else self.text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "level": self.level, "label": self.label,
                               "text": self.text, "page": self.page}
        if self.cells is not None:
            out["cells"] = self.cells
        if self.bold_lead:
            out["bold_lead"] = self.bold_lead
        if self.font_size:
            out["font_size"] = self.font_size
        return out


@dataclass
class Furniture:
    """Text that belongs to the page, not to the document: headers, footers, page numbers."""

    role: Literal["header", "footer", "page_number"]
    text: str
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """A parsed document: metadata, body blocks in reading order, and the furniture layer."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    kind: str = "other"
    pages: int | None = None
    furniture: list[Furniture] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The whole body as plain text, one block a line (for search and similarity)."""
        return "\n".join(b.full_text for b in self.blocks)

    def to_json(self, furniture: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "format": self.format, "title": self.title,
                               "kind": self.kind, "pages": self.pages,
                               "blocks": [b.to_json() for b in self.blocks]}
        if furniture:
            out["furniture"] = [f.to_json() for f in self.furniture]
        if self.warnings:
            out["warnings"] = self.warnings
        return out
