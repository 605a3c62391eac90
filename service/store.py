"""Documents in the store: content-addressed files, de-duplication, results, deletion, audit.

The functions here are the one way documents enter and leave the database, shared by the CLI
(`jiandu ingest`), the HTTP API and the workers, so the guarantees hold whichever door is used:
- bytes are written to DATA/files/ab/cdef… (SHA-256) atomically (temp file, fsync, rename)
  *before* the row that points at them is committed, so a crash never leaves a row without its
  file;
- the same bytes for the same office give the same document (a unique constraint decides races);
- every write by a person is recorded in the audit log.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import search
from .models import AuditLog, Block, Document, Event, Item, Job, User
from .processing import Analysis
from .settings import Settings


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_path(settings: Settings, sha: str) -> Path:
    return settings.files_dir / sha[:2] / sha[2:]


def save_file(settings: Settings, data: bytes) -> str:
    """Store bytes content-addressed; idempotent; durable before it returns."""
    sha = sha256_bytes(data)
    path = file_path(settings, sha)
    if path.exists() and path.stat().st_size == len(data):
        return sha
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return sha


def audit(session: Session, user: User | None, action: str, target: str | None = None,
          office: str = "", **detail: Any) -> None:
    session.add(AuditLog(user_id=user.id if user else None, actor=user.name if user else "system",
                         action=action, target=target, office=office or "", detail=detail))


EVENT_LOCK = 7_470_233_002  # PostgreSQL advisory lock: event-writing transactions commit one at a time
_PENDING = "jiandu_pending_events"


def emit(session: Session, kind: str, office: str = "", document_id: int | None = None, /,
         **data: Any) -> None:
    """Record a change for the event feed and the webhook (same transaction as the change).

    Readers of the feed (`GET /api/events?after=ID`, the webhook) poll by id and move past the
    last id they saw, so an event must never become visible after one with a larger id. On
    PostgreSQL ids come from a sequence when the row is inserted, and concurrent transactions
    can commit in any order: a transaction that took id 7 and then spent a second on tracking
    would commit after one that took id 8, and a poller already at 8 would never see 7.

    So the event is not inserted here. It is kept with the (sub)transaction it was emitted in
    (dropped if that savepoint rolls back, like any other row), and all of a transaction's
    events are inserted just before it commits (`_insert_pending_events`, a `before_commit`
    hook): the rest of the transaction is flushed first, then, on PostgreSQL, the transaction
    takes the transaction-scoped advisory lock EVENT_LOCK and inserts its events. The lock is
    released only after the commit is visible, so the transaction that takes the next ids
    starts after this one's ids are visible: committed event ids are always a prefix of the
    sequence (with gaps only where a transaction rolled back). Only the inserts and the commit
    run under the lock, never the work of the transaction (reading a document, rerunning
    tracking), so writers wait on each other for milliseconds. Taking the lock at emit time
    instead would hold it through all the work that follows an emit (jobs.follow_up emits
    `tracking.paired` before recomputing statuses), serialising whole ingestions.

    The alternative, the feed serving only events older than the oldest transaction in flight
    (pg_snapshot_xmin), does not fit a cursor that is an event id: ids are not in xid order,
    so it would need another cursor and column. SQLite needs no lock: its write transactions
    (BEGIN IMMEDIATE) already run one at a time.

    Consequences: `Event.at` is the commit time; an event is not in the events table (nor has
    an id) before its transaction commits; commit through `Session.commit()` (as `Store.write`
    does), which releases open savepoints before the transaction itself.
    """
    tx = session.get_nested_transaction() or session.get_transaction() or session.begin()
    session.info.setdefault(_PENDING, []).append(
        (tx, Event(kind=kind, office=office or "", document_id=document_id, data=data)))


def _chain(tx: Any) -> Iterator[Any]:
    while tx is not None:
        yield tx
        tx = tx.parent


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_events(session: Session, previous_transaction: Any) -> None:
    pending = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [(tx, ev) for tx, ev in pending if previous_transaction not in _chain(tx)]


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_events(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the whole transaction is over (committed or not)
        session.info.pop(_PENDING, None)


@sa_event.listens_for(Session, "before_commit")
def _insert_pending_events(session: Session) -> None:
    """Insert the transaction's events last, in commit order (see `emit`)."""
    if session.get_nested_transaction() is not None:
        # a savepoint is released: its events stay pending until the transaction commits
        # (Session.commit() releases the open savepoints first, so this runs once more at the end)
        return
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the transaction's own changes first, outside the lock
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("SELECT pg_advisory_xact_lock(:k)"), {"k": EVENT_LOCK})
    session.add_all([ev for _tx, ev in pending])


def add_document(session: Session, settings: Settings, data: bytes, source: str, *, office: str = "",
                 user: User | None = None, meta: dict[str, Any] | None = None) -> tuple[Document, bool]:
    """The document for these bytes in this office: (existing, False) or (new with a queued job, True).

    A new document gets a queued job in the same transaction, so a document is never left
    without the job that will read it.
    """
    sha = save_file(settings, data)
    existing = session.scalar(select(Document).where(Document.sha256 == sha, Document.office == office))
    if existing is not None:
        return existing, False
    meta = dict(meta or {})
    if meta.get("kind"):  # a kind a person gave is kept over the one the reader detects
        meta["kind_given"] = True
    doc = Document(sha256=sha, size=len(data), source=Path(source).name or "document", office=office,
                   uploaded_by=user.id if user else None, state="pending",
                   kind=meta.pop("kind", None) or "other", year=meta.pop("year", None),
                   law=meta.pop("law", None), issuer=meta.pop("issuer", None), meta=meta)
    try:
        with session.begin_nested():
            session.add(doc)
            session.flush()
            session.add(Job(document_id=doc.id, state="queued"))
            session.flush()
    except IntegrityError:  # a concurrent upload of the same bytes won the race
        existing = session.scalar(select(Document).where(Document.sha256 == sha, Document.office == office))
        if existing is None:
            raise
        return existing, False
    audit(session, user, "document.upload", f"document:{doc.id}", office, source=doc.source, sha256=sha)
    emit(session, "document.uploaded", office, doc.id, source=doc.source)
    return doc, True


def latest_job(session: Session, document_id: int) -> Job | None:
    return session.scalar(select(Job).where(Job.document_id == document_id).order_by(Job.id.desc()).limit(1))


def requeue(session: Session, doc: Document, user: User | None = None) -> Job:
    """A new job for a document (after a failure, or to re-read it with newer extractors)."""
    job = Job(document_id=doc.id, state="queued")
    doc.state = "pending"
    doc.error = None
    session.add(job)
    session.flush()
    audit(session, user, "document.reprocess", f"document:{doc.id}", doc.office)
    return job


def _year(value: Any) -> int | None:
    try:
        y = int(str(value)[:4])
    except (TypeError, ValueError):
        return None
    return y if 1949 <= y <= 2100 else None


def apply_analysis(session: Session, doc: Document, a: Analysis) -> None:
    """Replace a document's blocks, items and index entries with a fresh analysis."""
    search.clear_document(session, doc.id)
    session.query(Item).filter(Item.document_id == doc.id).delete(synchronize_session=False)
    session.query(Block).filter(Block.document_id == doc.id).delete(synchronize_session=False)
    doc.format, doc.title, doc.pages = a.format, a.title, a.pages
    meta = dict(doc.meta or {})
    if not (meta.get("kind_given") and doc.kind):
        doc.kind = a.kind or doc.kind or "other"
    if doc.kind in ("draft_regulation", "comments"):
        a.items = []  # drafts and comments have articles and opinions, not problems and recommendations
    meta.update({k: v for k, v in a.meta.items() if v not in (None, "")})
    if a.warnings:
        meta["warnings"] = a.warnings
    doc.meta = meta
    doc.year = doc.year or _year(a.meta.get("year") or a.meta.get("date"))
    doc.law = doc.law or a.meta.get("law")
    doc.issuer = doc.issuer or a.meta.get("office") or a.meta.get("issuer")
    for n, b in enumerate(a.blocks):
        session.add(Block(document_id=doc.id, seq=n, type=b.get("type") or "paragraph", level=b.get("level"),
                          label=b.get("label"), text=b.get("text") or "", page=b.get("page")))
    items = []
    for n, it in enumerate(a.items):
        themes = [t for t in it.get("themes") or [] if t]
        item = Item(document_id=doc.id, seq=n, key=str(it.get("id") or f"I{n + 1}"),
                    type=it.get("type") or "problem", model_type=it.get("type") or "problem",
                    theme=themes[0] if themes else None, model_theme=themes[0] if themes else None,
                    themes=themes, title=it.get("title"), text=it.get("text") or "",
                    section=it.get("section"), page=it.get("page"))
        session.add(item)
        items.append(item)
    session.flush()
    # Items are the main search units; the rest of the document's text (title, background,
    # headings, drafts and comments with no items) is indexed block by block so that searching
    # document text works too, without repeating what an item already holds.
    entries: list[tuple[Item | None, str]] = [(it, it.text) for it in items]
    item_texts = [it.text for it in items]
    if doc.title:
        entries.append((None, doc.title))
    for b in a.blocks:
        text = (b.get("label") or "") + (b.get("text") or "")
        body = b.get("text") or ""
        if not body.strip() or body == doc.title or any(body in t for t in item_texts):
            continue
        entries.append((None, text))
    search.index_entries(session, doc, entries)
    doc.state = "ready"
    doc.error = None


def delete_document(session: Session, settings: Settings, doc: Document, user: User | None = None) -> None:
    """Remove a document and everything derived from it; its file goes when no row uses it."""
    sha, doc_id, office, answered = doc.sha256, doc.id, doc.office, doc.answers_id
    search.clear_document(session, doc_id)
    session.delete(doc)
    session.flush()
    audit(session, user, "document.delete", f"document:{doc_id}", office, sha256=sha)
    emit(session, "document.deleted", office, doc_id)
    if answered is not None:  # a report that answered an inspection: its statuses lose this answer
        from .statuses import refresh_guarded

        refresh_guarded(session, [answered], trigger_id=doc_id, by="person" if user is not None else "auto")
    still_used = session.scalar(select(func.count()).select_from(Document).where(Document.sha256 == sha))
    if not still_used:
        session.info.setdefault("unlink_after_commit", []).append(file_path(settings, sha))


def unlink_pending(session: Session) -> None:
    """Delete files of deleted documents once the deletion is committed."""
    for path in session.info.pop("unlink_after_commit", []):
        try:
            Path(path).unlink()
        except OSError:
            pass
