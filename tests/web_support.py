"""Shared set-up of the web-page tests: an app on a temporary store with the pages mounted,
the users of each role, corpus documents filed where the scenarios need them, and a real
uvicorn server on a free local port for the browser.

Filing: reports under 监督处 (the staff user's office); one draft with its comment table under
the contact point 城关街道联系点, another draft under a second point, so a point can be shown
not to see the other's.
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpus" / "documents"
COMMENTS = ROOT / "corpus" / "comments"

OFFICE = "监督处"
POINT_A = "城关街道联系点"
POINT_B = "河西镇联系点"
INSPECTION = DOCS / "t01_insp_xiaofang.docx"
RECTIFICATION = DOCS / "t01_rect_xiaofang.docx"
DRAFT_A = DOCS / "d1_01_zhiyuan_fuwu.docx"
COMMENTS_A = next(iter(sorted((COMMENTS / "d1_01_zhiyuan_fuwu").glob("*.xlsx"))), COMMENTS / "d1_01_zhiyuan_fuwu" / "missing.xlsx")
DRAFT_B = DOCS / "d1_03_yangquan.docx"
OTHER_REPORT = DOCS / "s1_04_xiaofang.docx"


@dataclass
class WebEnv:
    app: object
    tokens: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)


def build(data_dir: Path) -> WebEnv:
    """The service app with the pages mounted, and one user of each role."""
    from service.api import create_app
    from service.auth import create_user
    from service.settings import Settings
    from service.web import mount

    app = create_app(Settings(data_dir=data_dir), run_jobs_inline=True)
    mount(app)
    tokens = {}
    with app.state.store.write() as s:
        for name, role, office, point in [("管理员", "admin", "", ""), ("张科员", "staff", OFFICE, ""),
                                          ("李查阅", "viewer", OFFICE, ""),
                                          ("城关联系点", "contact_point", "", POINT_A),
                                          ("河西联系点", "contact_point", "", POINT_B)]:
            _, tokens[role if role != "contact_point" else f"cp_{point}"] = create_user(s, name, role, office, point)
    return WebEnv(app, tokens)


def upload(client, token: str, path: Path, **form: str) -> dict:
    with open(path, "rb") as fh:
        r = client.post("/api/documents", files={"file": (path.name, fh)}, data=form,
                        headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 202, r.text
    return r.json()


def wait_done(client, token: str, job_url: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(job_url, headers={"Authorization": f"Bearer {token}"}).json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def seed(env: WebEnv, client, reports: bool = True) -> None:
    """File the drafts, comments, a rectification report and another report as the admin (and,
    with `reports`, the inspection; the browser test uploads that one itself)."""
    admin = env.tokens["admin"]
    files = [("draft_a", DRAFT_A, {"office": POINT_A}), ("comments_a", COMMENTS_A, {"office": POINT_A, "kind": "comments"}),
             ("draft_b", DRAFT_B, {"office": POINT_B}), ("rect", RECTIFICATION, {"office": OFFICE}),
             ("other", OTHER_REPORT, {"office": OFFICE})]
    if reports:
        files.append(("insp", INSPECTION, {"office": OFFICE}))
    for key, path, form in files:
        body = upload(client, admin, path, **form)
        job = wait_done(client, admin, body["job"])
        # a comment table is kept as a file for the drafts page even where the reader refuses it
        assert job["state"] == "done" or path.suffix == ".xlsx", f"{path.name}: {job}"
        env.ids[key] = body["document_id"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """uvicorn in a thread on 127.0.0.1; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def gold_items(path: Path) -> list[dict]:
    """The corpus's hand-checked items of a document (corpus/gold/<name>.json), as the store
    keeps them; [] where the document has none."""
    import json

    gold = ROOT / "corpus" / "gold" / f"{path.stem}.json"
    if not gold.exists():
        return []
    items = json.loads(gold.read_text(encoding="utf-8")).get("items") or []
    return [{"id": it["id"], "type": it["type"], "title": it.get("title"), "text": it["text"],
             "section": it.get("section"), "page": it.get("page"),
             "themes": [it["theme"]] if it.get("theme") else []} for it in items]


def seed_direct(env: WebEnv) -> None:
    """File the scenario documents straight into the store, read by `extractors.load` with the
    corpus's gold items instead of the item classifier: the pages' unit tests then do not pay
    for loading the classifier. Uses the store's own functions (add_document, apply_analysis)."""
    from extractors import load
    from service.processing import Analysis
    from service.store import add_document, apply_analysis, latest_job

    app = env.app
    files = [("draft_a", DRAFT_A, POINT_A, None), ("comments_a", COMMENTS_A, POINT_A, "comments"),
             ("draft_b", DRAFT_B, POINT_B, None), ("rect", RECTIFICATION, OFFICE, None),
             ("other", OTHER_REPORT, OFFICE, None), ("insp", INSPECTION, OFFICE, None)]
    for key, path, office, kind in files:
        with app.state.store.write() as s:
            doc, _ = add_document(s, app.state.settings, path.read_bytes(), path.name, office=office,
                                  meta={"kind": kind} if kind else None)
            job = latest_job(s, doc.id)
            if path.suffix == ".xlsx":  # a comment table: kept as a file, not read as a document
                doc.state, job.state = "ready", "done"
            else:
                d = load(path)
                apply_analysis(s, doc, Analysis(format=d.format, title=d.title, kind=d.kind, pages=d.pages,
                                                meta={k: v for k, v in (d.meta or {}).items()
                                                      if isinstance(v, (str, int, float, bool))},
                                                blocks=[b.to_json() for b in d.blocks], items=gold_items(path)))
                job.state = "done"
            env.ids[key] = str(doc.id)
