"""Who is looking at a page: the caller's token, their role, and what the navigation shows them.

Pages are ordinary GET navigations, which cannot carry an `Authorization` header, so the sign-in
page keeps the token in a `jd_token` cookie (SameSite=Strict, so another site cannot make the
browser send it) as well as in localStorage for the scripts' API calls. Reading uses either;
every change (corrections, uploads) goes through the JSON API with `Authorization: Bearer`
only, so a forged cross-site request can never write anything.

The access rules themselves are `service.auth.Principal`'s — the same questions the API asks —
plus one rule for drafts, shared with the API's /api/drafts endpoints: which drafts a 基层立法联系点
may see (its own point's, i.e. draft documents whose owning office is the point's name).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import HTTPException, Request

from service.auth import Principal, authenticate

COOKIE = "jd_token"


@dataclass(frozen=True)
class NavEntry:
    key: str
    href: str
    label: str


ROLE_CN = {"admin": "系统管理员", "staff": "工作人员", "contact_point": "基层立法联系点", "viewer": "只读用户"}

_NAV = [
    NavEntry("home", "/", "首页"),
    NavEntry("upload", "/upload", "上传"),
    NavEntry("documents", "/documents", "文档"),
    NavEntry("tracking", "/tracking", "整改跟踪"),
    NavEntry("themes", "/themes", "主题"),
    NavEntry("drafts", "/drafts", "立法意见"),
    NavEntry("search", "/search", "检索"),
]


def allowed_pages(p: Principal) -> set[str]:
    """The page keys a role may open; the navigation shows exactly these."""
    if p.role == "contact_point":
        return {"drafts"}
    pages = {"home", "documents", "tracking", "themes", "drafts", "search"}
    if p.writes_documents:
        pages.add("upload")
    return pages


def nav_for(p: Principal) -> list[NavEntry]:
    allowed = allowed_pages(p)
    return [e for e in _NAV if e.key in allowed]


def token_of(request: Request) -> str | None:
    """The bearer header if there is one, else the sign-in cookie."""
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.cookies.get(COOKIE) or None


def principal_of(request: Request) -> Principal | None:
    token = token_of(request)
    if not token:
        return None
    store = request.app.state.store
    with store.read() as s:
        user = authenticate(s, token)
        return Principal.of(user) if user is not None else None


class LoginRequired(Exception):
    """Raised by page dependencies; the router's handler turns it into a redirect to 登录."""

    def __init__(self, next_url: str):
        super().__init__(next_url)
        self.next_url = next_url


def page_principal(request: Request) -> Principal:
    """The signed-in caller of a page (cookie or bearer), or a redirect to the sign-in page."""
    p = principal_of(request)
    if p is None:
        target = request.url.path + (("?" + request.url.query) if request.url.query else "")
        raise LoginRequired(quote(target, safe="/?=&"))
    return p


def api_principal(request: Request) -> Principal:
    """The caller of a /web-api endpoint: bearer header or the sign-in cookie, else 401."""
    p = principal_of(request)
    if p is None:
        raise HTTPException(401, "请先登录（需要有效的令牌） / a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return p


# ------------------------------------------------------------------ drafts (立法意见)

def can_see_draft(p: Principal, office: str) -> bool:
    """Drafts and comments: admins all; staff and viewers their office's; a contact point only
    those filed under its own point."""
    if p.is_admin:
        return True
    if p.role == "contact_point":
        return bool(p.point) and office == p.point
    return office == p.office


def draft_scope(p: Principal) -> list[str] | None:
    """Owning offices whose drafts the caller may see; None means all."""
    if p.is_admin:
        return None
    if p.role == "contact_point":
        return [p.point] if p.point else []
    return [p.office]
