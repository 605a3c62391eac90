"""The HTTP API (FastAPI), under /api/, with bearer tokens and per-office access rules.

`create_app(settings)` builds an app on one store; `jiandu serve` runs it with uvicorn next to
the ingestion workers. Uploads answer 202 with a job id at once: the bytes are stored and a job
row is committed before the response, and a worker does the reading. Every endpoint that
touches a document checks `Principal` rules (service.auth); a document of another office is
answered 404, exactly as one that does not exist, so ids cannot be probed. Every write goes to
the audit log.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy.exc import DataError as DBDataError
from sqlalchemy.exc import IntegrityError as DBIntegrityError
from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import search as search_mod
from .auth import Principal, UserError, authenticate, create_user
from .db import Store
from .jobs import job_json
from .models import KINDS_ALL, AuditLog, Block, Correction, Document, Event, Item, Job, PointStatus, User
from .settings import Settings
from .store import add_document, audit, delete_document, emit, latest_job, requeue, unlink_pending

ItemType = Literal["problem", "recommendation"]
bearer = HTTPBearer(auto_error=False, description="a token from `jiandu user add` or DATA/admin-token.txt")

INDEX_HTML = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>监督 jiandu</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;line-height:1.6}</style></head>
<body><h1>监督 jiandu</h1><p>人大监督与立法工作文档智能 · document intelligence for people's congresses.</p>
<p><a href="/docs">API 文档 / API documentation</a> · <a href="/openapi.json">OpenAPI</a></p></body></html>"""


# ------------------------------------------------------------------ request / response shapes

class ItemPatch(BaseModel):
    type: ItemType | None = None
    theme: str | None = Field(default=None, max_length=200)


class DocumentPatch(BaseModel):
    answers_id: int | None = None
    due_date: dt.date | None = None
    kind: Literal["inspection_report", "rectification_report", "draft_regulation", "comments", "other"] | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    law: str | None = Field(default=None, max_length=300)


class TrackingIn(BaseModel):
    inspection_id: int
    rectification_ids: list[int] = Field(min_length=1, max_length=10)


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["admin", "staff", "contact_point", "viewer"]
    office: str = Field(default="", max_length=200)
    point: str = Field(default="", max_length=200)


def doc_json(d: Document, job: Job | None = None) -> dict[str, Any]:
    out = {"id": str(d.id), "source": d.source, "title": d.title, "kind": d.kind, "format": d.format,
           "office": d.office, "issuer": d.issuer, "year": d.year, "law": d.law, "pages": d.pages,
           "state": d.state, "error": d.error, "sha256": d.sha256, "size": d.size,
           "created": d.created.isoformat() + "Z" if d.created else None,
           "due_date": d.due_date.isoformat() if d.due_date else None,
           "answers_id": str(d.answers_id) if d.answers_id is not None else None,
           "answers_set_by": d.answers_set_by, "warnings": list((d.meta or {}).get("warnings") or [])}
    if job is not None:
        out["job"] = job_json(job)
    return out


def item_json(it: Item, doc: Document | None = None) -> dict[str, Any]:
    out = {"id": it.id, "item_id": it.key, "document_id": str(it.document_id), "type": it.type,
           "theme": it.theme, "themes": it.themes or [], "title": it.title, "text": it.text,
           "section": it.section, "page": it.page, "model_type": it.model_type, "model_theme": it.model_theme}
    if doc is not None:
        out["source"] = doc.source
        out["kind"] = doc.kind
    return out


def event_json(e: Event) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat() + "Z", "kind": e.kind, "office": e.office,
            "document_id": str(e.document_id) if e.document_id is not None else None, "data": e.data}


# ------------------------------------------------------------------ the app

def create_app(settings: Settings | None = None, store: Store | None = None, run_jobs_inline: bool = False) -> FastAPI:
    """The API on one store. With `run_jobs_inline` an upload's job runs after the response in
    this process (for tests and single-process use); otherwise workers take it."""
    settings = settings or Settings.from_env()
    store = store or Store.open(settings)
    app = FastAPI(title="jiandu 监督", version="0.1.0",
                  description="人大监督与立法工作文档智能 — documents, items, search, jobs.")
    app.state.store = store
    app.state.settings = settings

    def read_session():
        with store.read() as s:
            yield s

    class _Write:
        """A write transaction committed *before* the response is built (not in a dependency's
        exit, which may run after the client already heard "OK")."""

        def __enter__(self) -> Session:
            self.cm = store.write()
            self.s = self.cm.__enter__()
            return self.s

        def __exit__(self, *exc):
            out = self.cm.__exit__(*exc)
            if exc[0] is None:
                unlink_pending(self.s)
            return out

    def principal(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
        if creds is None or creds.scheme.lower() != "bearer":
            raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        with store.read() as s:
            user = authenticate(s, creds.credentials)
            if user is None:
                raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
            return Principal.of(user)

    def reader(p: Principal = Depends(principal)) -> Principal:
        if not p.reads_documents:
            raise HTTPException(403, f"role {p.role} cannot read documents")
        return p

    def writer(p: Principal = Depends(principal)) -> Principal:
        if not p.writes_documents:
            raise HTTPException(403, f"role {p.role} cannot change documents")
        return p

    def admin(p: Principal = Depends(principal)) -> Principal:
        if not p.is_admin:
            raise HTTPException(403, "administrators only")
        return p

    def get_doc(s: Session, p: Principal, doc_id: int) -> Document:
        d = s.get(Document, doc_id)
        if d is None or not p.can_read(d.office):
            raise HTTPException(404, "no such document")
        return d

    def get_item(s: Session, p: Principal, item_id: int) -> tuple[Item, Document]:
        it = s.get(Item, item_id)
        if it is None:
            raise HTTPException(404, "no such item")
        d = s.get(Document, it.document_id)
        if d is None or not p.can_read(d.office):
            raise HTTPException(404, "no such item")
        return it, d

    def user_row(s: Session, p: Principal) -> User | None:
        return s.get(User, p.id)

    def documents_query(q, p: Principal, office: str | None, kind: str | None, year: int | None):
        """Documents the caller may read, narrowed by the common filters."""
        scope = p.office_scope()
        if scope is not None:
            q = q.where(Document.office.in_(scope))
        if office is not None:
            q = q.where(Document.office == office)
        if kind:
            q = q.where(Document.kind == kind)
        if year is not None:
            q = q.where(Document.year == year)
        return q

    def accepted(body: dict[str, Any], job_id: int, job_state: str) -> JSONResponse:
        """202 with the job to poll; in tests (`run_jobs_inline`) the job runs after the answer."""
        if run_jobs_inline and job_state == "queued":
            from starlette.background import BackgroundTask

            from .jobs import run_one

            return JSONResponse(body, status_code=202,
                                background=BackgroundTask(run_one, store, None, job_id, False))
        return JSONResponse(body, status_code=202)

    async def read_upload(file: UploadFile) -> bytes:
        """The uploaded bytes, read in 1 MB pieces so an oversized file is refused (413) before
        it is all in memory; an empty one is refused (422)."""
        chunks, size = [], 0
        while True:
            chunk = await file.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > settings.max_bytes:
                raise HTTPException(413, f"file too large (the limit is {settings.max_bytes / 1e6:.0f} MB)")
            chunks.append(chunk)
        if not chunks:
            raise HTTPException(422, "empty file")
        return b"".join(chunks)

    @app.exception_handler(OverflowError)
    async def _overflow(_req: Request, exc: OverflowError):
        # an id or year beyond what the database stores: the request is wrong, not the server
        return JSONResponse({"detail": "a number in the request is out of range"}, status_code=422)

    @app.exception_handler(DBIntegrityError)
    async def _integrity(_req: Request, exc: DBIntegrityError):
        return JSONResponse({"detail": "the change conflicts with stored data"}, status_code=409)

    @app.exception_handler(DBDataError)
    async def _data_error(_req: Request, exc: DBDataError):
        return JSONResponse({"detail": "a value in the request is out of range for the database"}, status_code=422)

    @app.exception_handler(search_mod.SearchTimeout)
    async def _timeout(_req: Request, exc: search_mod.SearchTimeout):
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return INDEX_HTML

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "database": store.dialect}

    @app.get("/api/me", tags=["meta"])
    def me(p: Principal = Depends(principal)) -> dict[str, Any]:
        return {"id": p.id, "name": p.name, "role": p.role, "office": p.office, "point": p.point}

    # -------------------------------------------------------------- documents

    @app.post("/api/documents", status_code=202, tags=["documents"])
    async def upload(request: Request, file: UploadFile = File(...), office: str | None = Form(None),
                     kind: str | None = Form(None), year: int | None = Form(None, ge=1949, le=2100),
                     law: str | None = Form(None, max_length=300), due: dt.date | None = Form(None),
                     p: Principal = Depends(writer)):
        """Store the file and queue it for reading; answers at once with the job to poll."""
        target = office if (p.is_admin and office is not None) else p.office
        if not p.can_write(target):
            raise HTTPException(403, "you can upload only for your own office")
        if kind is not None and kind not in KINDS_ALL:
            raise HTTPException(422, f"kind must be one of {', '.join(KINDS_ALL)}")
        data = await read_upload(file)
        meta = {k: v for k, v in {"kind": kind, "year": year, "law": law}.items() if v is not None}
        with store.write() as s:
            doc, created = add_document(s, settings, data, file.filename or "document", office=target,
                                        user=user_row(s, p), meta=meta)
            if due is not None and created:
                doc.due_date = due
            job = latest_job(s, doc.id)
            if job is None or (not created and doc.state == "failed"):
                job = requeue(s, doc, user_row(s, p))
            body = {"job_id": job.id, "document_id": str(doc.id), "duplicate": not created,
                    "state": job.state, "job": f"/api/jobs/{job.id}", "document": f"/api/documents/{doc.id}"}
            job_id, job_state = job.id, job.state
        return accepted(body, job_id, job_state)

    @app.get("/api/documents", tags=["documents"])
    def list_documents(kind: str | None = None, year: int | None = None, office: str | None = None,
                       law: str | None = None, state: str | None = None,
                       limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                       p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        q = documents_query(select(Document), p, office, kind, year)
        if law:
            q = q.where(Document.law.contains(law))
        if state:
            q = q.where(Document.state == state)
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        docs = s.scalars(q.order_by(Document.id.desc()).limit(limit).offset(offset)).all()
        return {"total": total, "documents": [doc_json(d) for d in docs]}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def get_document(doc_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        d = get_doc(s, p, doc_id)
        out = doc_json(d, latest_job(s, d.id))
        out["blocks"] = [{"type": b.type, "level": b.level, "label": b.label, "text": b.text, "page": b.page}
                         for b in s.scalars(select(Block).where(Block.document_id == d.id).order_by(Block.seq))]
        out["items"] = [item_json(it) for it in
                        s.scalars(select(Item).where(Item.document_id == d.id).order_by(Item.seq))]
        return out

    @app.get("/api/documents/{doc_id}/file", tags=["documents"])
    def get_file(doc_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> Response:
        from .store import file_path

        d = get_doc(s, p, doc_id)
        path = file_path(settings, d.sha256)
        if not path.exists():
            raise HTTPException(410, "the stored file is missing")
        from urllib.parse import quote

        return Response(path.read_bytes(), media_type="application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(d.source)}"})

    @app.delete("/api/documents/{doc_id}", status_code=204, tags=["documents"])
    def remove_document(doc_id: int, p: Principal = Depends(writer)) -> Response:
        with _Write() as s:
            d = get_doc(s, p, doc_id)
            if not p.can_write(d.office):
                raise HTTPException(403, "you can delete only your own office's documents")
            delete_document(s, settings, d, user_row(s, p))
            return Response(status_code=204)

    @app.post("/api/documents/{doc_id}/reprocess", status_code=202, tags=["documents"])
    def reprocess(doc_id: int, p: Principal = Depends(writer)) -> dict[str, Any]:
        with _Write() as s:
            d = get_doc(s, p, doc_id)
            if not p.can_write(d.office):
                raise HTTPException(403, "you can change only your own office's documents")
            job = requeue(s, d, user_row(s, p))
            return {"job_id": job.id, "document_id": str(d.id), "state": job.state}

    @app.patch("/api/documents/{doc_id}", tags=["documents"])
    def correct_document(doc_id: int, patch: DocumentPatch, p: Principal = Depends(writer)) -> dict[str, Any]:
        """Correct what a document is, what it answers, or when its answer is due."""
        with _Write() as s:
            d = get_doc(s, p, doc_id)
            if not p.can_write(d.office):
                raise HTTPException(403, "you can change only your own office's documents")
            changes = patch.model_dump(exclude_unset=True)
            if "kind" in changes and changes["kind"] is None:
                raise HTTPException(422, "a document always has a kind; give one of the kinds instead of null")
            if "answers_id" in changes and changes["answers_id"] is not None:
                target = get_doc(s, p, changes["answers_id"])
                if target.office != d.office or target.id == d.id:
                    raise HTTPException(422, "a report answers a document of its own office")
            before = d.answers_id
            for field, value in changes.items():
                setattr(d, field, value)
            if changes.get("kind"):  # kept when the document is read again
                d.meta = {**(d.meta or {}), "kind_given": True}
            if "answers_id" in changes:
                d.answers_set_by = "person"
                emit(s, "tracking.paired", d.office, d.id, by="person",
                     answers_id=str(d.answers_id) if d.answers_id is not None else None)
                # tracking reruns on the corrected pair: the inspection it left and the one it answers
                from .statuses import refresh_guarded

                s.flush()
                refresh_guarded(s, [before, d.answers_id], trigger=d, by="person")
            audit(s, user_row(s, p), "document.correct", f"document:{d.id}", d.office,
                  **{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in changes.items()})
            s.flush()
            return doc_json(d)

    @app.get("/api/documents/{doc_id}/tracking", tags=["tracking"])
    def ledger(doc_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """The rectification ledger of an inspection document, over the reports paired with it."""
        from . import library

        d = get_doc(s, p, doc_id)
        if d.state != "ready":
            raise HTTPException(409, "the document has not been read yet (or could not be read)")
        from .statuses import answers_of

        return library.tracking(s, d, answers_of(s, d))

    @app.get("/api/documents/{doc_id}/statuses", tags=["tracking"])
    def point_statuses(doc_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """The stored status of each point of an inspection document, as tracking last found it
        over the reports paired with it (kept up to date on every pairing, correction and deletion)."""
        from .statuses import status_json

        d = get_doc(s, p, doc_id)
        rows = s.scalars(select(PointStatus).where(PointStatus.inspection_id == d.id)).all()
        items = {it.key: it for it in s.scalars(select(Item).where(Item.document_id == d.id))}
        rows = sorted(rows, key=lambda r: (items[r.item_key].seq if r.item_key in items else 1 << 30, r.item_key))
        summary = {k: sum(1 for r in rows if r.status == k) for k in ("resolved", "in_progress", "not_addressed")}
        considered = rows[0].rectification_ids if rows else []
        return {"document_id": str(d.id), "title": d.title, "rectification_ids": considered or [],
                "summary": summary, "statuses": [status_json(r, items.get(r.item_key)) for r in rows]}

    @app.get("/api/warnings", tags=["tracking"])
    def warnings(as_of: dt.date | None = None, kind: Literal["answer_overdue", "promise_overdue"] | None = None,
                 p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """`answer_overdue`: inspection documents whose answer is past due with no rectification
        report yet. `promise_overdue`: points still in progress after the date their report
        promised (力争年底前完成 …). `kind` keeps one of the two."""
        today = as_of or dt.date.today()
        scope = p.office_scope()
        out = []
        if kind in (None, "answer_overdue"):
            q = select(Document).where(Document.kind == "inspection_report", Document.due_date.is_not(None),
                                       Document.due_date < today)
            if scope is not None:
                q = q.where(Document.office.in_(scope))
            for d in s.scalars(q.order_by(Document.due_date)):
                answered = s.scalar(select(func.count()).select_from(Document).where(
                    Document.answers_id == d.id, Document.state == "ready", Document.office == d.office))
                if not answered:
                    out.append({"kind": "answer_overdue", "document_id": str(d.id), "title": d.title,
                                "office": d.office, "due_date": d.due_date.isoformat(),
                                "days_overdue": (today - d.due_date).days})
        if kind in (None, "promise_overdue"):
            q = (select(PointStatus, Document).join(Document, Document.id == PointStatus.inspection_id)
                 .where(PointStatus.status == "in_progress", PointStatus.promised_by.is_not(None),
                        PointStatus.promised_by < today))
            if scope is not None:
                q = q.where(Document.office.in_(scope))
            rows = s.execute(q.order_by(PointStatus.promised_by, PointStatus.inspection_id, PointStatus.id)).all()
            items = {}
            if rows:
                items = {(it.document_id, it.key): it for it in s.scalars(
                    select(Item).where(Item.document_id.in_({r.inspection_id for r, _d in rows})))}
            for r, d in rows:
                it = items.get((d.id, r.item_key))
                out.append({"kind": "promise_overdue", "document_id": str(d.id), "item_id": r.item_key,
                            "title": it.title if it else None, "document_title": d.title, "office": d.office,
                            "promise_text": r.promise_text, "promised_by": r.promised_by.isoformat(),
                            "days_overdue": (today - r.promised_by).days, "evidence": r.evidence or [],
                            "rectification_ids": r.rectification_ids or []})
        return {"as_of": today.isoformat(), "warnings": out}

    # -------------------------------------------------------------- jobs

    @app.get("/api/jobs/{job_id}", tags=["jobs"])
    def get_job(job_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        job = s.get(Job, job_id)
        if job is None:
            raise HTTPException(404, "no such job")
        d = s.get(Document, job.document_id)
        if d is None or not p.can_read(d.office):
            raise HTTPException(404, "no such job")
        return job_json(job)

    @app.get("/api/jobs", tags=["jobs"])
    def list_jobs(state: Literal["queued", "running", "done", "failed"] | None = None,
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                  p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        q = select(Job).join(Document, Document.id == Job.document_id)
        scope = p.office_scope()
        if scope is not None:
            q = q.where(Document.office.in_(scope))
        if state:
            q = q.where(Job.state == state)
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        return {"total": total, "jobs": [job_json(j) for j in
                                         s.scalars(q.order_by(Job.id.desc()).limit(limit).offset(offset))]}

    # -------------------------------------------------------------- items

    @app.get("/api/items", tags=["items"])
    def list_items(document_id: int | None = None, type: ItemType | None = None, theme: str | None = None,
                   kind: str | None = None, year: int | None = None,
                   limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
                   p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        q = documents_query(select(Item, Document).join(Document, Document.id == Item.document_id),
                            p, None, kind, year)
        if document_id is not None:
            q = q.where(Item.document_id == document_id)
        if type:
            q = q.where(Item.type == type)
        if theme:
            q = q.where(Item.theme == theme)
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        rows = s.execute(q.order_by(Item.document_id, Item.seq).limit(limit).offset(offset)).all()
        return {"total": total, "items": [item_json(it, d) for it, d in rows]}

    @app.get("/api/items/{item_id}", tags=["items"])
    def get_item_ep(item_id: int, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        it, d = get_item(s, p, item_id)
        out = item_json(it, d)
        out["corrections"] = [{"field": c.field, "old": c.old_value, "new": c.new_value,
                               "created": c.created.isoformat() + "Z"} for c in it.corrections]
        return out

    @app.patch("/api/items/{item_id}", tags=["items"])
    def correct_item(item_id: int, patch: ItemPatch, p: Principal = Depends(writer)) -> dict[str, Any]:
        """Correct an item's type or theme; the correction is kept (for retraining and the record)."""
        with _Write() as s:
            it, d = get_item(s, p, item_id)
            if not p.can_write(d.office):
                raise HTTPException(403, "you can correct only your own office's items")
            changes = patch.model_dump(exclude_unset=True)
            if not changes:
                raise HTTPException(422, "nothing to change: give type and/or theme")
            for field, new in changes.items():
                old = getattr(it, field)
                if field == "type" and new is None:
                    raise HTTPException(422, "type cannot be empty")
                if new == old:
                    continue
                s.add(Correction(item_id=it.id, field=field, old_value=old, new_value=new, user_id=p.id))
                setattr(it, field, new)
            search_mod.reindex_item(s, d, it)
            audit(s, user_row(s, p), "item.correct", f"item:{it.id}", d.office, **changes)
            emit(s, "item.corrected", d.office, d.id, item=it.id, item_id=it.key, **changes)
            s.flush()
            return item_json(it, d)

    @app.get("/api/items/{item_id}/similar", tags=["items", "search"])
    def similar_items(item_id: int, limit: int = Query(10, ge=1, le=50), p: Principal = Depends(reader),
                      s: Session = Depends(read_session)) -> dict[str, Any]:
        """Items of other documents most like this one: similar problems in past inspections."""
        it, _ = get_item(s, p, item_id)
        hits = search_mod.similar(s, it.id, search_mod.Filters(offices=p.office_scope()), limit=limit,
                                  timeout=settings.query_timeout)
        return {"item": it.id, "hits": [h.to_json() for h in hits]}

    # -------------------------------------------------------------- search

    @app.get("/api/search", tags=["search"])
    def search(q: str = Query(..., min_length=1, max_length=200), kind: str | None = None,
               type: ItemType | None = None, theme: str | None = None, year: int | None = None,
               office: str | None = None, law: str | None = None, items_only: bool = False,
               limit: int = Query(20, ge=0, le=200), offset: int = Query(0, ge=0, le=100000),
               p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """Items and document text; hits outside items have `item_id` and `type` null."""
        f = search_mod.Filters(kind=kind, type=type, theme=theme, year=year, office=office, law=law,
                               offices=p.office_scope(), items_only=items_only)
        return search_mod.search(s, q, f, limit=limit, offset=offset, timeout=settings.query_timeout).to_json()

    # -------------------------------------------------------------- themes and tracking

    @app.get("/api/themes", tags=["themes"])
    def themes(kind: str | None = None, year: int | None = None, office: str | None = None,
               p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """Every item of the documents you may read, each in one theme, and recurring problems."""
        from . import library

        q = documents_query(select(Document).where(Document.state == "ready"), p, office, kind, year)
        return library.themes(s, list(s.scalars(q.order_by(Document.id).limit(500))))

    @app.post("/api/tracking", tags=["tracking"])
    def tracking(body: TrackingIn, p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """The rectification ledger: each point of the inspection with its status in the later reports."""
        from . import library

        docs = [get_doc(s, p, i) for i in [body.inspection_id, *body.rectification_ids]]
        if any(d.state != "ready" for d in docs):
            raise HTTPException(409, "a document has not been read yet (or could not be read)")
        return library.tracking(s, docs[0], docs[1:])

    # -------------------------------------------------------------- drafts and comments
    # A draft is a document of kind `draft_regulation`; its comments are the `comments` documents
    # of the same owning office (a contact point's name for a point) and law — the rule of
    # service.web.drafts, shared with the 立法意见 pages. Contact points see only their own
    # point's drafts; anything else is answered 404, as for another office's documents.

    def drafts_of(s: Session, p: Principal, doc_id: int) -> Document:
        from .web.access import can_see_draft

        d = s.get(Document, doc_id)
        if d is None or d.kind != "draft_regulation" or not can_see_draft(p, d.office):
            raise HTTPException(404, "no such draft")
        return d

    def draft_analysis(doc_id: int, p: Principal) -> tuple[Document, list[Document], Any, list[str]]:
        from extractors.errors import DocumentError

        from .web import drafts as drafts_mod

        with store.read() as s:
            d = drafts_of(s, p, doc_id)
            cdocs = drafts_mod.comment_documents(s, d)
        try:
            analysis, bad = drafts_mod.analyse(settings, d, cdocs)
        except drafts_mod.Unavailable as e:
            raise HTTPException(503, str(e)) from None
        except (DocumentError, FileNotFoundError) as e:
            raise HTTPException(422, f"the draft cannot be read: {getattr(e, 'reason', None) or e}") from None
        return d, cdocs, analysis, bad

    def draft_ref(d: Document) -> dict[str, Any]:
        return {"id": str(d.id), "source": d.source, "title": d.title, "kind": d.kind, "office": d.office,
                "year": d.year, "law": d.law, "state": d.state, "error": d.error,
                "created": d.created.isoformat() + "Z" if d.created else None}

    def download(data: bytes, media: str, name: str) -> Response:
        from urllib.parse import quote

        return Response(data, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    @app.get("/api/drafts", tags=["drafts"])
    def list_drafts(p: Principal = Depends(principal), s: Session = Depends(read_session)) -> dict[str, Any]:
        """Drafts the caller may see, each with the number of comment files filed for it."""
        from .web import drafts as drafts_mod
        from .web.access import draft_scope

        q = select(Document).where(Document.kind == "draft_regulation")
        scope = draft_scope(p)
        if scope is not None:
            q = q.where(Document.office.in_(scope))
        out = []
        for d in s.scalars(q.order_by(Document.id.desc())):
            out.append({**draft_ref(d), "comment_files": len(drafts_mod.comment_documents(s, d))})
        return {"drafts": out}

    @app.get("/api/drafts/{doc_id}", tags=["drafts"])
    def get_draft(doc_id: int, p: Principal = Depends(principal)) -> dict[str, Any]:
        """A draft's articles, each with its comment counts: submissions, distinct opinions after
        duplicates are merged, and the contact points that sent them."""
        from .web import drafts as drafts_mod

        d, cdocs, analysis, bad = draft_analysis(doc_id, p)
        view = drafts_mod.view_model(analysis)
        return {**draft_ref(d), "title": view["title"] or d.title,
                "articles": [{k: a[k] for k in ("number", "label", "chapter", "text", "submissions", "distinct",
                                                "contact_points")} for a in view["articles"]],
                "comments": len(view["comments"]), "general_comments": len(view["general"]),
                "duplicate_groups": len(view["groups"]),
                "comment_files": [draft_ref(c) for c in cdocs], "skipped": bad}

    @app.get("/api/drafts/{doc_id}/files", tags=["drafts"])
    def draft_files(doc_id: int, p: Principal = Depends(principal), s: Session = Depends(read_session)) -> dict[str, Any]:
        """The comment files filed for a draft with their reading state — what a contact point
        polls after submitting (it has no access to /api/jobs, which is for the offices)."""
        from .web import drafts as drafts_mod

        d = drafts_of(s, p, doc_id)
        return {"draft": draft_ref(d), "files": [draft_ref(c) for c in drafts_mod.comment_documents(s, d)]}

    @app.get("/api/drafts/{doc_id}/comments", tags=["drafts"])
    def draft_comments(doc_id: int, article: int | None = Query(None, ge=0),
                       p: Principal = Depends(principal)) -> dict[str, Any]:
        """Every comment on the draft with the articles it maps to; `article=N` keeps one
        article's comments, `article=0` the general ones that name no article."""
        from .web import drafts as drafts_mod

        _d, _c, analysis, _bad = draft_analysis(doc_id, p)
        view = drafts_mod.view_model(analysis)
        if article is None:
            return {"comments": view["comments"]}
        if article == 0:
            return {"article": 0, "comments": view["general"]}
        if article not in {a["number"] for a in view["articles"]}:
            raise HTTPException(404, "the draft has no such article")
        return {"article": article, "comments": view["by_article"].get(article, [])}

    @app.get("/api/drafts/{doc_id}/articles/{number}/comments", tags=["drafts"])
    def article_comments(doc_id: int, number: int, p: Principal = Depends(principal)) -> dict[str, Any]:
        """The comments mapped onto one article (第N条)."""
        if number < 1:
            raise HTTPException(404, "the draft has no such article")
        return draft_comments(doc_id, number, p)

    @app.get("/api/drafts/{doc_id}/duplicates", tags=["drafts"])
    def draft_duplicates(doc_id: int, p: Principal = Depends(principal)) -> dict[str, Any]:
        """Groups of comments that say the same thing (campaign letters, repeats), largest first."""
        from .web import drafts as drafts_mod

        _d, _c, analysis, _bad = draft_analysis(doc_id, p)
        view = drafts_mod.view_model(analysis)
        return {"groups": [{"group": g, "size": len(rows), "comments": rows} for g, rows in view["groups"].items()]}

    @app.get("/api/drafts/{doc_id}/summary.{fmt}", tags=["drafts"])
    def draft_summary(doc_id: int, fmt: str, p: Principal = Depends(principal)) -> Response:
        """The 意见汇总表 as Word (.docx) or Excel (.xlsx)."""
        from .web import drafts as drafts_mod

        if fmt not in ("docx", "xlsx"):
            raise HTTPException(404, "the 意见汇总表 is exported as .docx or .xlsx")
        d, _c, analysis, _bad = draft_analysis(doc_id, p)
        try:
            data = drafts_mod.export_summary(analysis, fmt)
        except drafts_mod.Unavailable as e:
            raise HTTPException(503, str(e)) from None
        stem = (d.title or d.source).split(".")[0][:40]
        media = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if fmt == "docx"
                 else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return download(data, media, f"意见汇总表_{stem}.{fmt}")

    @app.get("/api/drafts/{doc_id}/diff.docx", tags=["drafts"])
    def draft_diff(doc_id: int, old: int, p: Principal = Depends(principal)) -> Response:
        """The 修改对照表 from draft `old` (the earlier version) to this one."""
        from extractors.errors import DocumentError

        from .web import drafts as drafts_mod

        with store.read() as s:
            new_doc = drafts_of(s, p, doc_id)
            old_doc = drafts_of(s, p, old)
        try:
            data, _summary = drafts_mod.export_diff(settings, old_doc, new_doc)
        except drafts_mod.Unavailable as e:
            raise HTTPException(503, str(e)) from None
        except (DocumentError, FileNotFoundError) as e:
            raise HTTPException(422, f"a draft cannot be read: {getattr(e, 'reason', None) or e}") from None
        stem = (new_doc.title or new_doc.source).split(".")[0][:40]
        return download(data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        f"修改对照表_{stem}.docx")

    @app.post("/api/drafts/{doc_id}/comments", status_code=202, tags=["drafts"])
    async def submit_comments(doc_id: int, file: UploadFile = File(...), p: Principal = Depends(principal)):
        """Submit a comment file for a draft: a letter (.docx/.pdf/.txt) or a table
        (.xlsx/.csv/.docx). A contact point submits for its own point's drafts, staff and
        admins for their office's; the file is filed as a `comments` document of the draft's
        office and law, so it joins the draft's comments."""
        from .web.access import can_see_draft

        with store.read() as s:
            d = drafts_of(s, p, doc_id)
            office, law = d.office, d.law
        may = p.can_write(office) or (p.role == "contact_point" and can_see_draft(p, office))
        if not may:
            raise HTTPException(403, f"role {p.role} cannot submit comments")
        name = file.filename or "comments"
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in ("docx", "pdf", "txt", "xlsx", "xlsm", "csv", "tsv", "doc", "wps", "ofd"):
            raise HTTPException(422, "a comment file is a letter (.docx/.pdf/.txt) or a table (.xlsx/.csv/.docx)")
        data = await read_upload(file)
        meta = {"kind": "comments", "draft_id": doc_id, **({"law": law} if law else {})}
        with store.write() as s:
            user = user_row(s, p)
            doc, created = add_document(s, settings, data, name, office=office, user=user, meta=meta)
            job = latest_job(s, doc.id)
            if job is None or (not created and doc.state == "failed"):
                job = requeue(s, doc, user)
            audit(s, user, "comments.submit", f"document:{doc.id}", office, draft=str(doc_id), source=doc.source)
            body = {"job_id": job.id, "document_id": str(doc.id), "draft_id": str(doc_id), "duplicate": not created,
                    "state": job.state, "draft": f"/api/drafts/{doc_id}"}
            job_id, job_state = job.id, job.state
        return accepted(body, job_id, job_state)

    # -------------------------------------------------------------- event feed

    @app.get("/api/events", tags=["events"])
    def events(after: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000),
               p: Principal = Depends(reader), s: Session = Depends(read_session)) -> dict[str, Any]:
        """Changes after event id `after`, oldest first: poll with the last id you saw (`last`).
        Ids become visible in id order (see `store.emit`), so no event appears later below it."""
        q = select(Event).where(Event.id > after)
        scope = p.office_scope()
        if scope is not None:
            q = q.where(Event.office.in_(scope))
        rows = s.scalars(q.order_by(Event.id).limit(limit)).all()
        return {"events": [event_json(e) for e in rows], "last": rows[-1].id if rows else after}

    # -------------------------------------------------------------- users and audit

    @app.post("/api/users", status_code=201, tags=["users"])
    def add_user(body: UserIn, p: Principal = Depends(admin)) -> dict[str, Any]:
        with _Write() as s:
            try:
                user, token = create_user(s, body.name, body.role, body.office, body.point)
            except UserError as e:
                raise HTTPException(422, str(e)) from None
            audit(s, user_row(s, p), "user.add", f"user:{user.id}", user.office, role=user.role)
            return {"id": user.id, "name": user.name, "role": user.role, "office": user.office,
                    "point": user.point, "token": token}

    @app.get("/api/users", tags=["users"])
    def list_users(p: Principal = Depends(admin), s: Session = Depends(read_session)) -> dict[str, Any]:
        return {"users": [{"id": u.id, "name": u.name, "role": u.role, "office": u.office, "point": u.point,
                           "active": u.active} for u in s.scalars(select(User).order_by(User.id))]}

    @app.get("/api/audit", tags=["users"])
    def audit_log(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
                  p: Principal = Depends(principal), s: Session = Depends(read_session)) -> dict[str, Any]:
        if p.role not in ("admin", "staff"):
            raise HTTPException(403, "administrators and staff only")
        q = select(AuditLog)
        if not p.is_admin:
            q = q.where(AuditLog.office == p.office)
        rows = s.scalars(q.order_by(AuditLog.id.desc()).limit(limit).offset(offset)).all()
        return {"entries": [{"id": a.id, "at": a.at.isoformat() + "Z", "actor": a.actor, "action": a.action,
                             "target": a.target, "office": a.office, "detail": a.detail} for a in rows]}

    from .web import mount  # the Chinese web pages share this app, its auth and its store

    mount(app)
    return app
