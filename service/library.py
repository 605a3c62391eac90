"""The analyses of other parts of jiandu (themes, tracking) run on what the store holds.

The API calls the same library functions as the CLI (`classifiers.themes.group_items`,
`classifiers.tracking.track`) and shapes the answer with the CLI's own `to_json`, so an answer
over HTTP is the answer `jiandu themes` / `jiandu track` would give for the same files. Stored
blocks are turned back into an `extractors.model.Document` — no file is parsed again.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Block, Document, Item

MAX_THEME_ITEMS = 5000


def stored_document(session: Session, doc: Document):
    """The parsed document as it was when it was read (blocks from the store)."""
    from extractors.model import Block as XBlock, Document as XDocument

    blocks = [XBlock(type=b.type, text=b.text, level=b.level, label=b.label, page=b.page)
              for b in session.scalars(select(Block).where(Block.document_id == doc.id).order_by(Block.seq))]
    return XDocument(source=doc.source, format=doc.format or "txt", blocks=blocks, title=doc.title,
                     kind=doc.kind, pages=doc.pages, meta=dict(doc.meta or {}))


def themes(session: Session, documents: list[Document]) -> dict[str, Any]:
    """`jiandu themes` over stored documents; items carry their corrected type."""
    from classifiers.themes import ThemeItem, default_model, group_items

    from .commands.themes import to_json

    by_id = {d.id: d for d in documents}
    rows = session.scalars(select(Item).where(Item.document_id.in_(list(by_id))).order_by(Item.document_id, Item.seq)
                           .limit(MAX_THEME_ITEMS)).all() if by_id else []
    items = [ThemeItem(source=by_id[it.document_id].source, id=it.key, type=it.type, title=it.title or "",
                       text=it.text, year=by_id[it.document_id].year, doc=str(it.document_id)) for it in rows]
    out = to_json(group_items(items, default_model()))
    out["documents"] = [str(d.id) for d in documents]
    return out


def tracking(session: Session, inspection: Document, rectifications: list[Document]) -> dict[str, Any]:
    """`jiandu track` for an inspection document and its rectification report(s), in time order."""
    from classifiers.tracking import track

    from .commands.track import to_json

    insp = stored_document(session, inspection)
    rects = [stored_document(session, r) for r in rectifications]
    # the stored items, with people's corrections, are the points (not a fresh extraction)
    items = [{"id": it.key, "type": it.type, "title": it.title, "text": it.text}
             for it in session.scalars(select(Item).where(Item.document_id == inspection.id).order_by(Item.seq))]
    points = track(items, rects, names=[r.source for r in rectifications])
    out = to_json(insp, rects, points)
    out["inspection_id"] = str(inspection.id)
    out["rectification_ids"] = [str(r.id) for r in rectifications]
    return out
