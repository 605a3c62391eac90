"""The web pages of jiandu (in Chinese) on top of the JSON API: `mount(app)` adds them to an app
built by `service.api.create_app`.

Pages live at `/` (登录, 首页, 上传, 文档, 整改跟踪, 主题, 立法意见, 检索), their static files at
`/static`, and the few read-only endpoints the pages need that /api/ lacks under `/web-api/`.
No CDN and no front-end build: Jinja2 templates, one stylesheet, small scripts.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from .access import LoginRequired
from .pages import router as pages_router
from .webapi import router as webapi_router

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter()
router.include_router(pages_router)
router.include_router(webapi_router)


def mount(app: FastAPI) -> FastAPI:
    """Include the pages and /web-api routes, serve /static, and send signed-out visitors of a
    page to 登录. The API's plain placeholder at `/` (if any) gives way to the 首页.
    Idempotent: `create_app` mounts the pages, and mounting again changes nothing."""
    if getattr(app.state, "web_mounted", False):
        return app
    app.state.web_mounted = True
    app.router.routes[:] = [r for r in app.router.routes
                            if not (getattr(r, "path", None) == "/" and "GET" in (getattr(r, "methods", None) or ()))]
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    return app


__all__ = ["router", "mount"]
