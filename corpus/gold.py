"""Gold items from a parsed `.jd` document, following FORMAT.md's extent and title rules.

Extent: an item starts at its marker and runs to the next marker, the next heading line or
``{/}``; a marker inside a heading runs over the following blocks up to the next heading of the
same or a higher level (or the next marker / ``{/}``). One addition FORMAT.md does not spell
out: a right-aligned line (``> `` signature or date) also ends an item, because a signature is
never part of a point's explanation.

Title: the heading text for a marker in a heading; else the bold run the marker stands in or
directly before (from the marker to the run's end); else the text up to ``{.}`` if the author put
one in the item's first line, else up to and including the first 。；！？.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .jd import Block, EndItem, Inline, JdDocument, LeadEnd, Marker, Text, plain
from .labels import strip_leading_label, strip_trailing_label

_LEAD_END = re.compile(r"[。；！？]")


@dataclass
class _Open:
    """An item being collected: its lines are lists of inlines, one per block/row it spans."""

    marker: Marker
    section: str | None
    heading_level: int | None  # level of the heading holding the marker, None for body markers
    lines: list[list[Inline]] = field(default_factory=list)


@dataclass
class GoldItem:
    """One problem or recommendation as the gold JSON stores it."""

    id: str
    type: str
    title: str
    text: str
    theme: str
    section: str | None
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title, "text": self.text,
                "theme": self.theme, "section": self.section}


def _units(doc: JdDocument) -> list[tuple[Block, list[Inline]]]:
    """Text units in document order: each heading/paragraph line, each table row (cells joined by a space)."""
    units: list[tuple[Block, list[Inline]]] = []
    for b in doc.blocks:
        if b.kind == "table":
            for row in b.rows:
                joined: list[Inline] = []
                for i, cell in enumerate(row):
                    if i:
                        joined.append(Text(" "))
                    joined.extend(cell)
                units.append((b, joined))
        elif b.kind in ("heading", "paragraph", "right", "center"):
            units.append((b, b.inlines))
    return units


def _title(item: _Open) -> str:
    first = next((ln for ln in item.lines if plain(ln).strip()), [])
    if item.heading_level is not None:
        return plain(first).strip()
    texts = [i for i in first if isinstance(i, Text)]
    if texts and texts[0].bold and first and first[0] is texts[0]:
        run = []
        for i in first:
            if isinstance(i, Text) and i.bold:
                run.append(i.text)
            elif isinstance(i, Text) or isinstance(i, (Marker, EndItem)):
                break
        return "".join(run).strip()
    lead: list[str] = []
    for i in first:
        if isinstance(i, LeadEnd):
            return "".join(lead).strip()
        if isinstance(i, Text):
            lead.append(i.text)
    text = plain(first).strip()
    m = _LEAD_END.search(text)
    return text[: m.end()] if m else text


_CLOSING = re.compile(r"^(以上|上述|请|特此|此报告|妥否)")
LONG_TITLE = 50


def _close(item: _Open, by_marker: bool, counters: dict[str, int], out: list[GoldItem],
           warnings: list[str], path: str) -> None:
    lines = [plain(ln).strip() for ln in item.lines]
    lines = [lines[0]] + [strip_leading_label(ln).strip() for ln in lines[1:]] if lines else []
    if by_marker:
        while lines and not strip_trailing_label(lines[-1]):
            lines.pop()
        if lines:
            lines[-1] = strip_trailing_label(lines[-1])
    lines = [ln for ln in lines if ln]
    title = _title(item)
    if by_marker and len(lines) <= 1:
        # ``一是{R|…}充实力量，按照……；二是{R|…}``: no terminator before the next label.
        title = strip_trailing_label(title)
    prefix = "P" if item.marker.type == "problem" else "R"
    counters[prefix] += 1
    # Legal per FORMAT.md but usually an authoring slip, so say so (the build still succeeds).
    where = f"{path}:{item.marker.line}: {prefix}{counters[prefix]}"
    if len(lines) > 1 and _CLOSING.match(lines[-1]):
        warnings.append(f"{where} runs into a closing paragraph ({lines[-1][:12]}…); add {{/}} before it?")
    if item.heading_level is None and len(title) > LONG_TITLE:
        warnings.append(f"{where} lead sentence is {len(title)} characters; mark its end with {{.}}?")
    out.append(GoldItem(f"{prefix}{counters[prefix]}", item.marker.type, title, "\n".join(lines),
                        item.marker.theme, item.section, item.marker.line))


def gold_items(doc: JdDocument) -> list[GoldItem]:
    """All items of ``doc`` in document order; warnings about odd markup go to ``doc.warnings``."""
    out: list[GoldItem] = []
    counters = {"P": 0, "R": 0}
    section: str | None = None
    cur: _Open | None = None
    for block, inlines in _units(doc):
        if block.kind == "heading":
            assert block.level is not None
            if cur and (cur.heading_level is None or block.level <= cur.heading_level):
                _close(cur, False, counters, out, doc.warnings, doc.path)
                cur = None
            if block.level == 1:
                section = block.text.strip()
        elif block.kind == "right" and cur:
            _close(cur, False, counters, out, doc.warnings, doc.path)
            cur = None
        if cur:
            cur.lines.append([])
        for tok in inlines:
            if isinstance(tok, Marker):
                if block.kind == "right":
                    doc.warnings.append(f"{doc.path}:{tok.line}: item marker in a right-aligned line")
                if cur:
                    _close(cur, True, counters, out, doc.warnings, doc.path)
                level = block.level if block.kind == "heading" else None
                cur = _Open(tok, section, level, [[]])
            elif isinstance(tok, EndItem):
                if cur:
                    _close(cur, False, counters, out, doc.warnings, doc.path)
                    cur = None
                else:
                    doc.warnings.append(f"{doc.path}:{tok.line}: {{/}} with no open item (already ended)")
            elif cur:
                if isinstance(tok, LeadEnd) and len(cur.lines) > 1:
                    doc.warnings.append(f"{doc.path}:{tok.line}: {{.}} not in the item's first line; ignored")
                cur.lines[-1].append(tok)
            elif isinstance(tok, LeadEnd):
                doc.warnings.append(f"{doc.path}:{tok.line}: {{.}} outside any item; ignored")
    if cur:
        _close(cur, False, counters, out, doc.warnings, doc.path)
    return out
