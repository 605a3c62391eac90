"""The pages (server-rendered Jinja2), one handler per page, each asking the same access rules as
the JSON API and reading the store with the same queries.

Pages render everything a person reads on the server, so they work with scripts blocked and
are quick to test; scripts only add what needs them — uploads with progress, saving a
correction without leaving the page, filtering the ledger as one clicks.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select

from service.auth import Principal
from service.models import KINDS_ALL, Block, Document, Item, Job, User

from . import drafts as drafts_mod
from . import ledger as ledger_mod
from . import themes as themes_mod
from .stored import document_year, effective_years
from .access import (COOKIE, ROLE_CN, allowed_pages, can_see_draft, draft_scope, nav_for,
                     page_principal)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))

KIND_CN = {"inspection_report": "执法检查/审议意见", "rectification_report": "整改情况报告",
           "draft_regulation": "法规草案", "comments": "意见材料", "other": "其他"}
STATE_CN = {"pending": "处理中", "ready": "已完成", "failed": "失败"}
TYPE_CN = ledger_mod.TYPE_CN
STATUS_CN = ledger_mod.STATUS_CN
TEMPLATES.env.globals.update(KIND_CN=KIND_CN, STATE_CN=STATE_CN, TYPE_CN=TYPE_CN, STATUS_CN=STATUS_CN,
                             ROLE_CN=ROLE_CN, KINDS=KINDS_ALL)

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, p: Principal | None, active: str, status_code: int = 200,
           **ctx: Any) -> HTMLResponse:
    base = {"request": request, "me": p, "nav": nav_for(p) if p else [], "active": active}
    base.update(ctx)
    return TEMPLATES.TemplateResponse(request, name, base, status_code=status_code)


def refuse(request: Request, p: Principal, status: int, title: str, message: str, active: str = "") -> HTMLResponse:
    return render(request, "error.html", p, active, status_code=status, title=title, message=message)


def guard(request: Request, p: Principal, key: str) -> HTMLResponse | None:
    if key not in allowed_pages(p):
        return refuse(request, p, 403, "无权访问", "您的角色无权使用此页面。如需使用，请联系系统管理员。")
    return None


def store(request: Request):
    return request.app.state.store


def settings(request: Request):
    return request.app.state.settings


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


# ------------------------------------------------------------------ sign-in

@router.get("/login", response_class=HTMLResponse)
def login(request: Request, next: str = "/") -> HTMLResponse:
    safe_next = next if next.startswith("/") and not next.startswith("//") else "/"
    return render(request, "login.html", None, "login", next=safe_next)


@router.get("/logout", response_class=HTMLResponse)
def logout(request: Request) -> HTMLResponse:
    resp = render(request, "logout.html", None, "login")
    resp.delete_cookie(COOKIE, path="/")
    return resp


# ------------------------------------------------------------------ home

@router.get("/", response_class=HTMLResponse)
def home(request: Request, p: Principal = Depends(page_principal)) -> Response:
    if "home" not in allowed_pages(p):
        return RedirectResponse("/drafts", status_code=303)
    scope = p.office_scope()
    with store(request).read() as s:
        q = select(Document.kind, func.count()).group_by(Document.kind)
        jq = select(func.count()).select_from(Job).join(Document, Document.id == Job.document_id) \
            .where(Job.state.in_(("queued", "running")))
        rq = select(Document).order_by(Document.id.desc()).limit(8)
        iq = select(Item.type, func.count()).join(Document, Document.id == Item.document_id).group_by(Item.type)
        if scope is not None:
            q, jq, rq, iq = (x.where(Document.office.in_(scope)) for x in (q, jq, rq, iq))
        counts = dict(s.execute(q).all())
        pending = s.scalar(jq) or 0
        recent = s.scalars(rq).all()
        items = dict(s.execute(iq).all())
    return render(request, "home.html", p, "home", counts=counts, pending=pending, recent=recent,
                  items=items, total=sum(counts.values()))


# ------------------------------------------------------------------ upload

@router.get("/upload", response_class=HTMLResponse)
def upload(request: Request, p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "upload")) is not None:
        return r
    places: list[str] = []
    if p.is_admin:  # where an admin may file a document: the offices and contact points in use
        with store(request).read() as s:
            found = set(s.scalars(select(Document.office)).all()) | set(s.scalars(select(User.office)).all()) \
                | set(s.scalars(select(User.point)).all())
        places = sorted(x for x in found if x)
    return render(request, "upload.html", p, "upload", places=places, max_mb=round(settings(request).max_bytes / 1048576),
                  max_bytes=settings(request).max_bytes)


# ------------------------------------------------------------------ documents

@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, kind: str = "", year: str = "", office: str = "", law: str = "",
              page: int = Query(1, ge=1, le=10000), p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "documents")) is not None:
        return r
    per_page = 30
    scope = p.office_scope()
    with store(request).read() as s:
        q = select(Document)
        if scope is not None:
            q = q.where(Document.office.in_(scope))
        everything = s.scalars(q).all()
        offices = sorted({d.office for d in everything})
        year_of = effective_years(s, everything)  # the stored year, else the one the text names
        years = sorted({y for y in year_of.values() if y}, reverse=True)
        if kind:
            q = q.where(Document.kind == kind)
        if _int(year) is not None:
            q = q.where(Document.id.in_([i for i, y in year_of.items() if y == _int(year)]))
        if office:
            q = q.where(Document.office == office)
        if law:
            q = q.where(Document.law.contains(law) | Document.title.contains(law))
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        docs = s.scalars(q.order_by(Document.id.desc()).limit(per_page).offset((page - 1) * per_page)).all()
        ids = [d.id for d in docs]
        n_items = dict(s.execute(select(Item.document_id, func.count()).where(Item.document_id.in_(ids))
                                 .group_by(Item.document_id)).all()) if ids else {}
    return render(request, "documents.html", p, "documents", docs=docs, total=total, n_items=n_items, year_of=year_of,
                  f={"kind": kind, "year": year, "office": office, "law": law}, offices=offices, years=years,
                  page=page, pages=max(1, (total + per_page - 1) // per_page))


def _attach_items(blocks: list[Block], items: list[Item]) -> tuple[dict[int, Item], dict[int, bool], list[Item]]:
    """Which block shows which item: an item's text is its lead block's text plus what follows,
    so blocks are matched in order against the next few items. Returns (block seq → item,
    block seq → is the item's first block, items matched to no block)."""
    of: dict[int, Item] = {}
    first: dict[int, bool] = {}
    seen: set[int] = set()
    j = 0
    for b in blocks:
        text = (b.text or "").strip()
        if len(text) < 4 or b.type == "heading":
            continue
        for k in range(j, min(j + 4, len(items))):
            if text in items[k].text or items[k].text.startswith(text[:40]):
                of[b.seq] = items[k]
                first[b.seq] = items[k].id not in seen
                seen.add(items[k].id)
                j = k
                break
    return of, first, [it for it in items if it.id not in seen]


def _theme_labels() -> list[str]:
    try:
        from classifiers.themes.taxonomy import load_taxonomy

        return [t.label for t in load_taxonomy()]
    except Exception:  # noqa: BLE001 — the list only helps typing; free text still works
        return []


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: int, p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "documents")) is not None:
        return r
    with store(request).read() as s:
        d = s.get(Document, doc_id)
        if d is None or not p.can_read(d.office):
            return refuse(request, p, 404, "没有找到该文档", "该文档不存在，或不属于您所在的单位。", "documents")
        blocks = s.scalars(select(Block).where(Block.document_id == d.id).order_by(Block.seq)).all()
        items = s.scalars(select(Item).where(Item.document_id == d.id).order_by(Item.seq)).all()
        job = s.scalar(select(Job).where(Job.document_id == d.id).order_by(Job.id.desc()).limit(1))
        corrected = {it.id for it in items if it.corrections}
        year = document_year(s, d)
    of, first, loose = _attach_items(blocks, items)
    return render(request, "document.html", p, "documents", d=d, year=year, blocks=blocks, items=items, item_of=of,
                  first=first, loose=loose, job=job, corrected=corrected, can_write=p.can_write(d.office),
                  theme_labels=_theme_labels(),
                  n_problems=sum(1 for it in items if it.type == "problem"),
                  n_recs=sum(1 for it in items if it.type == "recommendation"))


# ------------------------------------------------------------------ tracking

def tracking_choices(s, p: Principal) -> tuple[list[Document], list[Document]]:
    scope = p.office_scope()
    q = select(Document).where(Document.state == "ready")
    if scope is not None:
        q = q.where(Document.office.in_(scope))
    insp = s.scalars(q.where(Document.kind == "inspection_report").order_by(Document.id.desc())).all()
    rect = s.scalars(q.where(Document.kind == "rectification_report").order_by(Document.id.desc())).all()
    return list(insp), list(rect)


def load_pair(s, p: Principal, inspection: int | None, rectification: list[int]):
    """(inspection, [rectifications]) the caller may read, or an error message."""
    if inspection is None or not rectification:
        return None, [], None
    d = s.get(Document, inspection)
    if d is None or not p.can_read(d.office):
        return None, [], "没有找到所选的检查报告。"
    rects = []
    for rid in rectification:
        r = s.get(Document, rid)
        if r is None or not p.can_read(r.office):
            return None, [], "没有找到所选的整改报告。"
        rects.append(r)
    rects.sort(key=lambda x: ((x.year or 0), x.id))  # time order: the latest report decides
    return d, rects, None


@router.get("/tracking", response_class=HTMLResponse)
def tracking(request: Request, inspection: str = "", rectification: list[str] = Query(default=[]),
             status: str = "", p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "tracking")) is not None:
        return r
    insp_id = _int(inspection)
    rect_ids = [i for i in (_int(x) for x in rectification) if i is not None]
    ledger, error = None, None
    with store(request).read() as s:
        insp, rect = tracking_choices(s, p)
        d, rects, error = load_pair(s, p, insp_id, rect_ids)
        if d is not None:
            try:
                ledger = ledger_mod.build_ledger(s, d, rects)
            except ledger_mod.Unavailable as e:
                error = f"暂不可用：{e}"
    return render(request, "tracking.html", p, "tracking", insp=insp, rect=rect, ledger=ledger, error=error,
                  sel_insp=insp_id, sel_rect=rect_ids, status=status if status in STATUS_CN else "")


# ------------------------------------------------------------------ themes

@router.get("/themes", response_class=HTMLResponse)
def themes(request: Request, p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "themes")) is not None:
        return r
    error, data, chart = None, None, None
    with store(request).read() as s:
        try:
            data = themes_mod.overview(s, p.office_scope())
            chart = themes_mod.bar_chart(data["themes"], data["years"])
        except themes_mod.Unavailable as e:
            error = f"暂不可用：{e}"
    return render(request, "themes.html", p, "themes", data=data, chart=chart, error=error)


# ------------------------------------------------------------------ drafts and comments

def visible_drafts(s, p: Principal) -> list[Document]:
    q = select(Document).where(Document.kind == "draft_regulation")
    scope = draft_scope(p)
    if scope is not None:
        q = q.where(Document.office.in_(scope))
    return list(s.scalars(q.order_by(Document.id.desc())).all())


@router.get("/drafts", response_class=HTMLResponse)
def drafts(request: Request, p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "drafts")) is not None:
        return r
    with store(request).read() as s:
        ds = visible_drafts(s, p)
        n_comments = {d.id: len(drafts_mod.comment_documents(s, d)) for d in ds}
    return render(request, "drafts.html", p, "drafts", drafts=ds, n_comments=n_comments)


@router.get("/drafts/{doc_id}", response_class=HTMLResponse)
def draft(request: Request, doc_id: int, article: str = "", p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "drafts")) is not None:
        return r
    with store(request).read() as s:
        d = s.get(Document, doc_id)
        if d is None or d.kind != "draft_regulation" or not can_see_draft(p, d.office):
            return refuse(request, p, 404, "没有找到该草案", "该草案不存在，或不属于您所在的单位或联系点。", "drafts")
        cdocs = drafts_mod.comment_documents(s, d)
        versions = drafts_mod.other_versions(s, d)
    error, view, bad = None, None, []
    try:
        analysis, bad = drafts_mod.analyse(settings(request), d, cdocs)
        view = drafts_mod.view_model(analysis)
    except drafts_mod.Unavailable as e:
        error = f"暂不可用：{e}"
    except Exception as e:  # noqa: BLE001 — an unreadable draft is a message, not a 500
        error = f"无法读取该草案：{getattr(e, 'reason', None) or e}"
    sel = _int(article)
    return render(request, "draft.html", p, "drafts", d=d, cdocs=cdocs, versions=versions, view=view,
                  error=error, bad=bad, article=sel)


# ------------------------------------------------------------------ search

@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", kind: str = "", type: str = "", year: str = "", office: str = "",
           law: str = "", page: int = Query(1, ge=1, le=500), p: Principal = Depends(page_principal)) -> HTMLResponse:
    if (r := guard(request, p, "search")) is not None:
        return r
    from service import search as search_mod

    per_page = 20
    result, error = None, None
    q = q.strip()[:200]
    if q:
        f = search_mod.Filters(kind=kind or None, type=type if type in TYPE_CN else None, year=_int(year),
                               office=office or None, law=law or None, offices=p.office_scope())
        with store(request).read() as s:
            try:
                result = search_mod.search(s, q, f, limit=per_page, offset=(page - 1) * per_page,
                                           timeout=settings(request).query_timeout)
            except search_mod.SearchTimeout:
                error = "检索超时，请缩小检索范围或换用更具体的词语。"
    return render(request, "search.html", p, "search", q=q, result=result, error=error, page=page,
                  pages=max(1, ((result.total if result else 0) + per_page - 1) // per_page),
                  f={"kind": kind, "type": type, "year": year, "office": office, "law": law})
