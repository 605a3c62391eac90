"""Stored point statuses: tracking rerun by itself whenever what an inspection is answered by changes.

When a rectification report is paired with an inspection document (by `jobs.follow_up` after it
is read, or by a person through PATCH /api/documents/{id}), unpaired, deleted, or when either
side is read again, `refresh` reruns tracking (`library.tracking`, the same ledger as
GET /api/documents/{id}/tracking) over *all* the ready reports paired with the inspection in
time order, stores each point's status, evidence and promised date (`point_statuses`), and
emits one `tracking.status` event per point whose status changed — through `store.emit`, so the
event feed and the webhook carry it. With no report left, the stored statuses are cleared (each
announced with `new: null`).

Recomputations of one inspection are serialised by locking its document row (PostgreSQL; SQLite
has one writer anyway), so two reports read at once by two workers cannot leave a ledger that
misses one of them. `refresh_guarded` runs a refresh inside a savepoint: tracking failing must
never fail the ingestion job or the correction that asked for it; the failure is noted in the
triggering document's `meta["warnings"]` instead.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Block, Document, Item, PointStatus, utcnow
from .store import emit

log = logging.getLogger(__name__)
WARNING_PREFIX = "tracking: "


def answers_of(s: Session, inspection: Document) -> list[Document]:
    """The ready reports of the inspection's office paired with it, oldest first."""
    return list(s.scalars(select(Document).where(Document.answers_id == inspection.id, Document.state == "ready",
                                                 Document.office == inspection.office)
                          .order_by(Document.created, Document.id)))


def report_reference(s: Session, doc: Document) -> tuple[int, dt.date | None]:
    """The year a report's relative dates (年底、明年) count from, and its date when known: the
    date it is signed with if that agrees with its year, else its year alone, else the day it
    was stored."""
    from .promises import signature_date

    first = [b.text for b in s.scalars(select(Block).where(Block.document_id == doc.id).order_by(Block.seq).limit(3))]
    last = [b.text for b in s.scalars(select(Block).where(Block.document_id == doc.id)
                                      .order_by(Block.seq.desc()).limit(4))][::-1]
    signed = signature_date(first + last) if first else None
    if signed is not None and (doc.year is None or signed.year == doc.year):
        return signed.year, signed
    if doc.year:
        return doc.year, None
    created = (doc.created or utcnow()).date()
    return created.year, created


def _source_report(point: dict[str, Any], answers: list[Document]) -> Document:
    """The report whose words are the point's evidence: the latest one that speaks to it."""
    history = point.get("history") or []
    texts = {e.get("text") for e in point.get("evidence") or []}
    for i in range(min(len(history), len(answers)) - 1, -1, -1):
        if texts & {e.get("text") for e in history[i].get("evidence") or []}:
            return answers[i]
    for i in range(min(len(history), len(answers)) - 1, -1, -1):
        if history[i].get("status") != "not_addressed":
            return answers[i]
    return answers[-1]


def compute(s: Session, inspection: Document, answers: list[Document]) -> dict[str, dict[str, Any]]:
    """Status, evidence and promise of every point of the inspection over `answers` (time order)."""
    from . import library
    from .promises import find_promise

    ledger = library.tracking(s, inspection, answers)
    ids = [str(a.id) for a in answers]
    refs: dict[int, tuple[int, dt.date | None]] = {}
    out: dict[str, dict[str, Any]] = {}
    for point in ledger["points"]:
        evidence = [{"text": e.get("text"), "page": e.get("page")} for e in point.get("evidence") or []]
        promise = None
        if point["status"] == "in_progress" and evidence:
            src = _source_report(point, answers)
            if src.id not in refs:
                refs[src.id] = report_reference(s, src)
            year, reported = refs[src.id]
            promise = find_promise(evidence, year, reported)
        out[str(point["id"])] = {"status": point["status"], "evidence": evidence,
                                 "promised_by": promise.date if promise else None,
                                 "promise_text": promise.text if promise else None,
                                 "rectification_ids": ids, "title": point.get("title")}
    return out


def refresh(s: Session, inspection_id: int, trigger_id: int | None = None, by: str = "auto") -> list[dict[str, Any]]:
    """Recompute and store the statuses of one inspection document; returns the changes
    announced (one `tracking.status` event each). `trigger_id` is the report whose pairing,
    reading or deletion caused it; `by` says who ("auto", "person")."""
    # lock the inspection's row (PostgreSQL) and read it afresh: what it is now, not what this
    # session saw before another recomputation committed
    insp = s.scalars(select(Document).where(Document.id == inspection_id).with_for_update()
                     .execution_options(populate_existing=True)).first()
    if insp is None or insp.state != "ready":
        return []  # gone, or being read again: its own reading will refresh it
    answers = answers_of(s, insp)
    new = compute(s, insp, answers) if answers else {}
    rows = {r.item_key: r for r in s.scalars(select(PointStatus).where(PointStatus.inspection_id == insp.id))}
    titles = {}
    if set(rows) - set(new):
        titles = {it.key: it.title for it in s.scalars(select(Item).where(Item.document_id == insp.id))}
    changes: list[dict[str, Any]] = []
    for key, row in rows.items():
        if key not in new:
            changes.append({"item_id": key, "title": titles.get(key), "old": row.status, "new": None})
            s.delete(row)
    for key, values in new.items():
        row = rows.get(key)
        old = row.status if row is not None else None
        if row is None:
            row = PointStatus(inspection_id=insp.id, item_key=key)
            s.add(row)
        for field in ("status", "evidence", "promised_by", "promise_text", "rectification_ids"):
            setattr(row, field, values[field])
        row.updated = utcnow()
        if old != values["status"]:
            changes.append({"item_id": key, "title": values["title"], "old": old, "new": values["status"]})
    s.flush()
    trigger = str(trigger_id) if trigger_id is not None else None
    considered = [str(a.id) for a in answers]
    for c in changes:
        emit(s, "tracking.status", insp.office, insp.id, **c, rectification_id=trigger,
             rectification_ids=considered, by=by)
    return changes


def _note(doc: Document | None, message: str | None) -> None:
    """Set (or clear, with None) the tracking warning in a document's meta."""
    if doc is None:
        return
    meta = dict(doc.meta or {})
    kept = [w for w in meta.get("warnings") or [] if not str(w).startswith(WARNING_PREFIX)]
    if message:
        kept.append(WARNING_PREFIX + message)
    if kept != list(meta.get("warnings") or []):
        if kept:
            meta["warnings"] = kept
        else:
            meta.pop("warnings", None)
        doc.meta = meta


def refresh_guarded(s: Session, inspection_ids: list[int | None], trigger: Document | None = None,
                    trigger_id: int | None = None, by: str = "auto") -> bool:
    """`refresh` each inspection (in id order, the lock order), each in a savepoint; a failure
    is logged and noted on `trigger` instead of raised. True if all succeeded."""
    ok, failures = True, []
    trigger_id = trigger_id if trigger_id is not None else (trigger.id if trigger is not None else None)
    for insp_id in sorted({i for i in inspection_ids if i is not None}):
        try:
            with s.begin_nested():
                refresh(s, insp_id, trigger_id, by)
        except Exception as e:  # noqa: BLE001 — tracking must not fail what asked for it
            ok = False
            log.warning("tracking of document %s failed: %s", insp_id, e, exc_info=True)
            failures.append(f"the statuses of document {insp_id} could not be updated "
                            f"({type(e).__name__}: {str(e)[:200]})")
    _note(trigger, "; ".join(failures) or None)
    return ok


def status_json(row: PointStatus, item: Item | None = None) -> dict[str, Any]:
    return {"item_id": row.item_key, "type": item.type if item else None, "title": item.title if item else None,
            "status": row.status, "evidence": row.evidence or [],
            "promised_by": row.promised_by.isoformat() if row.promised_by else None,
            "promise_text": row.promise_text, "rectification_ids": row.rectification_ids or [],
            "updated": row.updated.isoformat() + "Z" if row.updated else None}
