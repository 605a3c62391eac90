"""The store's tables as typed SQLAlchemy 2 classes — the same schema on SQLite and PostgreSQL.

Design choices that matter for the promises of the service:
- a document's bytes live on disk content-addressed by SHA-256, and `(sha256, office)` is
  unique, so the same bytes uploaded twice by one office are recognised, never duplicated
  (even by two concurrent uploads: the second insert fails and finds the first);
- `office` is NOT NULL (empty string for the CLI's own store) because SQL unique constraints
  treat NULLs as distinct, which would let duplicates through;
- item corrections are rows of their own (`corrections`), never overwrites only, so the
  classifiers can be retrained on what people fixed; `items.type`/`items.theme` hold the
  effective value, `model_type`/`model_theme` what the classifier said;
- job leases are epoch seconds (a float), compared in SQL the same way on both backends;
- tokens are stored only as SHA-256 digests: a leaked database does not leak credentials.

The full-text index itself (an FTS5 table on SQLite, a tsvector column on PostgreSQL) is not an
ORM object: it is created by the migration for the backend in use and driven by
`service.search`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        DateTime)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("admin", "staff", "contact_point", "viewer")
JOB_STATES = ("queued", "running", "done", "failed")
DOC_STATES = ("pending", "ready", "failed")
KINDS_ALL = ("inspection_report", "rectification_report", "draft_regulation", "comments", "other")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    office: Mapped[str] = mapped_column(String(200), default="")
    point: Mapped[str] = mapped_column(String(200), default="")  # a contact point's own point
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    tokens: Mapped[list["Token"]] = relationship(back_populates="user", cascade="all, delete-orphan")


class Token(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="tokens")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("sha256", "office", name="uq_documents_sha_office"),
                      Index("ix_documents_office_kind", "office", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))  # original file name
    office: Mapped[str] = mapped_column(String(200), default="")  # owning office (access rules)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    # what the document says about itself (filled by parsing, or given at upload)
    format: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="other")
    issuer: Mapped[str | None] = mapped_column(String(200))  # issuing body named in the document
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    law: Mapped[str | None] = mapped_column(String(300))
    pages: Mapped[int | None] = mapped_column(Integer)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # supervision follow-up: when the answer to this document is due, and what a rectification
    # report answers (suggested by service.pairing, correctable by a person)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    answers_id: Mapped[int | None] = mapped_column(Integer, index=True)
    answers_set_by: Mapped[str | None] = mapped_column(String(20))  # "auto" | "person"

    blocks: Mapped[list["Block"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                 order_by="Block.seq", passive_deletes=True)
    items: Mapped[list["Item"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                               order_by="Item.seq", passive_deletes=True)
    jobs: Mapped[list["Job"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                             passive_deletes=True)


class Block(Base):
    __tablename__ = "blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="blocks")


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_doc_key", "document_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(20))  # P1, R3 … as `jiandu extract` numbers them
    type: Mapped[str] = mapped_column(String(20), index=True)  # effective (after corrections)
    model_type: Mapped[str] = mapped_column(String(20))
    theme: Mapped[str | None] = mapped_column(String(200), index=True)  # effective
    model_theme: Mapped[str | None] = mapped_column(String(200))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="items")
    corrections: Mapped[list["Correction"]] = relationship(back_populates="item", cascade="all, delete-orphan",
                                                           passive_deletes=True, order_by="Correction.id")


class Correction(Base):
    """A person's fix of an item's type or theme: kept for retraining and for the record."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))  # "type" | "theme"
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[Item] = relationship(back_populates="corrections")


class SearchEntry(Base):
    """One searchable unit (an item, or a block of a document without items) and its tokens.

    `tokens` is the jieba search-mode segmentation joined by spaces; the backend's full-text
    index is built over it (FTS5 rowid = this id; PostgreSQL `tsv` column on this row).
    `facets` holds opaque filter tokens (hashed office, kind, year, type, theme, law, document)
    indexed beside the words, so a filtered search is one index intersection, not a join.
    """

    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    tokens: Mapped[str] = mapped_column(Text)
    facets: Mapped[str] = mapped_column(Text, default="")  # filter tokens (office, kind, year …)


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_lease", "state", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[float | None] = mapped_column(Float)
    heartbeat: Mapped[float | None] = mapped_column(Float)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime)

    document: Mapped[Document] = relationship(back_populates="jobs")


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Event(Base):
    """A change other systems may want to hear about (document read or failed, item corrected …).

    The feed (`GET /api/events?after=N`) and the webhook read this table in id order, so a
    subscriber that was away catches up from the last id it saw. No foreign key to documents:
    the event that a document was deleted outlives the document.
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_office_id", "office", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(50))
    office: Mapped[str] = mapped_column(String(200), default="")
    document_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PointStatus(Base):
    """Where each feedback point of an inspection document stands, as tracking last found it.

    One row per point (item key P1, R2 …) of an inspection document, recomputed over all the
    rectification reports paired with it whenever a pairing is made, corrected or undone, or
    either side is read again (`service.statuses`). `promised_by` is the date the report
    promises for a point still in progress (`service.promises`), the ground of the
    `promise_overdue` warning. Rows go with their inspection document (ON DELETE CASCADE).
    """

    __tablename__ = "point_statuses"
    __table_args__ = (UniqueConstraint("inspection_id", "item_key", name="uq_point_statuses_inspection_item"),
                      Index("ix_point_statuses_status_promised", "status", "promised_by"))

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # resolved | in_progress | not_addressed
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{text, page}]
    promised_by: Mapped[dt.date | None] = mapped_column(Date)
    promise_text: Mapped[str | None] = mapped_column(Text)
    rectification_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # the reports considered, in time order
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
