"""JSON and file endpoints the pages need that the service's /api/ does not have (yet):
tracking pairs and the ledger with its Excel export, themes per year, drafts with their comments
and the 意见汇总表 / 修改对照表 exports. Same tokens, same access rules (service.auth.Principal),
all read-only: they compute from what the store holds and change nothing.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from service.auth import Principal
from service.models import Document

from . import drafts as drafts_mod
from . import ledger as ledger_mod
from . import themes as themes_mod
from .access import api_principal, can_see_draft
from .pages import load_pair, tracking_choices, visible_drafts

router = APIRouter(prefix="/web-api", tags=["web"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _reader(p: Principal = Depends(api_principal)) -> Principal:
    if not p.reads_documents:
        raise HTTPException(403, f"role {p.role} cannot read documents")
    return p


def _download(data: bytes, media: str, name: str) -> Response:
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _doc_ref(d: Document) -> dict[str, Any]:
    return {"id": str(d.id), "source": d.source, "title": d.title, "kind": d.kind, "year": d.year,
            "office": d.office, "law": d.law, "state": d.state}


# ------------------------------------------------------------------ tracking

@router.get("/tracking/choices")
def tracking_pairs(request: Request, p: Principal = Depends(_reader)) -> dict[str, Any]:
    """Inspections and rectification reports the caller may pair."""
    with request.app.state.store.read() as s:
        insp, rect = tracking_choices(s, p)
        return {"inspections": [_doc_ref(d) for d in insp], "rectifications": [_doc_ref(d) for d in rect]}


def _ledger(request: Request, p: Principal, inspection: int, rectification: list[int]) -> ledger_mod.Ledger:
    with request.app.state.store.read() as s:
        d, rects, error = load_pair(s, p, inspection, rectification)
        if error or d is None:
            raise HTTPException(404, error or "give an inspection and at least one rectification report")
        try:
            return ledger_mod.build_ledger(s, d, rects)
        except ledger_mod.Unavailable as e:
            raise HTTPException(503, str(e)) from None


@router.get("/tracking")
def tracking(request: Request, inspection: int, rectification: list[int] = Query(...),
             p: Principal = Depends(_reader)) -> dict[str, Any]:
    """The ledger as JSON: `jiandu track`'s points plus each point's item id in the store."""
    return _ledger(request, p, inspection, rectification).to_json()


@router.get("/tracking/export.xlsx")
def tracking_export(request: Request, inspection: int, rectification: list[int] = Query(...),
                    p: Principal = Depends(_reader)) -> Response:
    led = _ledger(request, p, inspection, rectification)
    stem = (led.inspection.title or led.inspection.source).split(".")[0][:40]
    return _download(ledger_mod.ledger_xlsx(led), XLSX, f"整改台账_{stem}.xlsx")


# ------------------------------------------------------------------ themes

@router.get("/themes")
def themes(request: Request, p: Principal = Depends(_reader)) -> dict[str, Any]:
    with request.app.state.store.read() as s:
        try:
            return themes_mod.overview(s, p.office_scope())
        except themes_mod.Unavailable as e:
            raise HTTPException(503, str(e)) from None


# ------------------------------------------------------------------ drafts

def _draft(request: Request, p: Principal, doc_id: int) -> tuple[Document, list[Document]]:
    with request.app.state.store.read() as s:
        d = s.get(Document, doc_id)
        if d is None or d.kind != "draft_regulation" or not can_see_draft(p, d.office):
            raise HTTPException(404, "no such draft")
        return d, drafts_mod.comment_documents(s, d)


def _analysis(request: Request, d: Document, cdocs: list[Document]):
    from extractors.errors import DocumentError

    try:
        return drafts_mod.analyse(request.app.state.settings, d, cdocs)
    except drafts_mod.Unavailable as e:
        raise HTTPException(503, str(e)) from None
    except (DocumentError, FileNotFoundError) as e:
        raise HTTPException(422, f"the draft cannot be read: {getattr(e, 'reason', None) or e}") from None


@router.get("/drafts")
def drafts(request: Request, p: Principal = Depends(api_principal)) -> dict[str, Any]:
    with request.app.state.store.read() as s:
        return {"drafts": [{**_doc_ref(d), "comment_files": [_doc_ref(c) for c in drafts_mod.comment_documents(s, d)]}
                           for d in visible_drafts(s, p)]}


@router.get("/drafts/{doc_id}")
def draft(request: Request, doc_id: int, p: Principal = Depends(api_principal)) -> dict[str, Any]:
    """The `jiandu comments` JSON for a stored draft and its comment files."""
    d, cdocs = _draft(request, p, doc_id)
    analysis, bad = _analysis(request, d, cdocs)
    out = analysis.to_json(d.source)
    out["skipped"] = bad
    out["comment_files"] = [_doc_ref(c) for c in cdocs]
    return out


@router.get("/drafts/{doc_id}/summary.{fmt}")
def draft_summary(request: Request, doc_id: int, fmt: str, p: Principal = Depends(api_principal)) -> Response:
    if fmt not in ("docx", "xlsx"):
        raise HTTPException(404, "the 意见汇总表 is exported as .docx or .xlsx")
    d, cdocs = _draft(request, p, doc_id)
    analysis, _ = _analysis(request, d, cdocs)
    try:
        data = drafts_mod.export_summary(analysis, fmt)
    except drafts_mod.Unavailable as e:
        raise HTTPException(503, str(e)) from None
    stem = (d.title or d.source).split(".")[0][:40]
    return _download(data, DOCX if fmt == "docx" else XLSX, f"意见汇总表_{stem}.{fmt}")


@router.get("/drafts/{doc_id}/diff.docx")
def draft_diff(request: Request, doc_id: int, old: int, p: Principal = Depends(api_principal)) -> Response:
    """The 修改对照表 from draft `old` (earlier version) to this one."""
    new_doc, _ = _draft(request, p, doc_id)
    old_doc, _ = _draft(request, p, old)
    try:
        data, _summary = drafts_mod.export_diff(request.app.state.settings, old_doc, new_doc)
    except drafts_mod.Unavailable as e:
        raise HTTPException(503, str(e)) from None
    stem = (new_doc.title or new_doc.source).split(".")[0][:40]
    return _download(data, DOCX, f"修改对照表_{stem}.docx")
