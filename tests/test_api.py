"""The HTTP API end to end (FastAPI TestClient) on SQLite and PostgreSQL: uploads answer 202 at
once and are read by a job, documents/items/search/jobs read back, corrections are kept, every
write is audited, and no role reaches another office's data by any endpoint (a property test
over endpoints × roles)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tests.service_backends import *  # noqa: F403
from service.api import create_app
from service.auth import create_user
from service.db import Store


@pytest.fixture
def api(settings, tmp_path):
    """An app whose upload jobs run right after the response, plus a token per role."""
    store = Store.open(settings.with_(max_bytes=200_000))
    tokens = {}
    with store.write() as s:
        for name, role, office in [("admin", "admin", ""), ("staff_a", "staff", "东湖区人大"),
                                   ("staff_b", "staff", "西山区人大"), ("viewer_a", "viewer", "东湖区人大"),
                                   ("viewer_b", "viewer", "西山区人大"), ("point", "contact_point", "")]:
            _u, tokens[name] = create_user(s, name, role, office, point="城南联系点" if role == "contact_point" else "")
    client = TestClient(create_app(store.settings, store, run_jobs_inline=True))
    client.tokens = tokens
    client.tmp = tmp_path
    yield client
    store.dispose()


def auth(client, who):
    return {"Authorization": f"Bearer {client.tokens[who]}"}


ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "corpus" / "documents" / "d1_01_zhiyuan_fuwu.docx"
COMMENT_TABLE = next((ROOT / "corpus" / "comments" / "d1_01_zhiyuan_fuwu").glob("*.xlsx"))
LETTERS = sorted((ROOT / "corpus" / "comments" / "d1_01_zhiyuan_fuwu").glob("l0*.txt"))


def submit(client, who, draft_id, path):
    with open(path, "rb") as fh:
        return client.post(f"/api/drafts/{draft_id}/comments", files={"file": (path.name, fh)},
                           headers=auth(client, who))


def upload(client, who, path, **form):
    with open(path, "rb") as fh:
        return client.post("/api/documents", files={"file": (path.name, fh, "text/plain")},
                           data={k: str(v) for k, v in form.items()}, headers=auth(client, who))


def test_index_page_and_openapi_are_served(api):
    page = api.get("/")  # signed out: the web pages send a person to 登录 first
    assert page.status_code == 200 and "登录" in page.text and "/login" in str(page.url)
    spec = api.get("/openapi.json").json()
    for path in ["/api/documents", "/api/documents/{doc_id}", "/api/jobs/{job_id}", "/api/items/{item_id}",
                 "/api/search", "/api/items/{item_id}/similar", "/api/drafts", "/api/drafts/{doc_id}",
                 "/api/drafts/{doc_id}/comments", "/api/drafts/{doc_id}/duplicates"]:
        assert path in spec["paths"], path


def test_every_api_call_needs_a_valid_token(api):
    assert api.get("/api/documents").status_code == 401
    assert api.get("/api/documents", headers={"Authorization": "Bearer jd_forged"}).status_code == 401
    assert api.get("/api/me", headers=auth(api, "staff_a")).json()["office"] == "东湖区人大"


def test_upload_answers_202_with_a_job_and_the_document_is_read(api):
    path = corpus_file(api.tmp, "s3_02_yanglao_fuwu")
    r = upload(api, "staff_a", path)
    assert r.status_code == 202
    body = r.json()
    assert body["job_id"] and body["document_id"] and body["duplicate"] is False
    job = api.get(f"/api/jobs/{body['job_id']}", headers=auth(api, "staff_a")).json()
    assert job["state"] == "done" and job["error"] is None
    doc = api.get(f"/api/documents/{body['document_id']}", headers=auth(api, "staff_a")).json()
    assert doc["state"] == "ready" and doc["office"] == "东湖区人大" and doc["kind"] == "inspection_report"
    assert doc["blocks"] and doc["items"]
    assert {i["type"] for i in doc["items"]} <= {"problem", "recommendation"}
    listed = api.get("/api/documents", params={"kind": "inspection_report"}, headers=auth(api, "viewer_a")).json()
    assert [d["id"] for d in listed["documents"]] == [body["document_id"]]
    hits = api.get("/api/search", params={"q": "养老"}, headers=auth(api, "viewer_a")).json()
    assert hits["total"] > 0 and all("<mark>" in h["highlight"] for h in hits["hits"])
    original = api.get(f"/api/documents/{body['document_id']}/file", headers=auth(api, "staff_a"))
    assert original.content == path.read_bytes()


def test_the_same_bytes_uploaded_again_are_recognised(api):
    path = corpus_file(api.tmp, "s3_02_yanglao_fuwu")
    first = upload(api, "staff_a", path).json()
    again = upload(api, "staff_a", path).json()
    assert again["duplicate"] is True and again["document_id"] == first["document_id"]
    assert api.get("/api/documents", headers=auth(api, "staff_a")).json()["total"] == 1


def test_a_bad_file_fails_its_job_with_a_clear_reason(api):
    bad = api.tmp / "scan.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    r = upload(api, "staff_a", bad)
    assert r.status_code == 202
    job = api.get(f"/api/jobs/{r.json()['job_id']}", headers=auth(api, "staff_a")).json()
    assert job["state"] == "failed" and job["error"] and "Traceback" not in job["error"]
    assert api.get("/api/health").json()["status"] == "ok"  # the service is still fine


def test_too_large_and_empty_uploads_are_refused(api):
    big = api.tmp / "big.txt"
    big.write_bytes("很长的报告。".encode() * 20_000)
    assert upload(api, "staff_a", big).status_code == 413
    empty = api.tmp / "empty.txt"
    empty.write_bytes(b"")
    assert upload(api, "staff_a", empty).status_code == 422


def test_corrections_are_kept_and_every_write_is_audited(api):
    doc = upload(api, "staff_a", corpus_file(api.tmp, "s3_02_yanglao_fuwu")).json()
    items = api.get("/api/items", params={"document_id": doc["document_id"]}, headers=auth(api, "staff_a")).json()
    item = items["items"][0]
    new_type = "recommendation" if item["type"] == "problem" else "problem"
    r = api.patch(f"/api/items/{item['id']}", json={"type": new_type, "theme": "养老服务"}, headers=auth(api, "staff_a"))
    assert r.status_code == 200 and r.json()["type"] == new_type and r.json()["model_type"] == item["type"]
    fixed = api.get(f"/api/items/{item['id']}", headers=auth(api, "staff_a")).json()
    assert {(c["field"], c["new"]) for c in fixed["corrections"]} == {("type", new_type), ("theme", "养老服务")}
    assert api.patch(f"/api/items/{item['id']}", json={"type": "nonsense"}, headers=auth(api, "staff_a")).status_code == 422
    # search filters follow the correction
    word = next(w for w in ["养老", "服务", "老年人", "机构"] if w in item["text"])
    found = api.get("/api/search", params={"q": word, "type": new_type, "limit": 200}, headers=auth(api, "staff_a")).json()
    assert item["item_id"] in [h["item_id"] for h in found["hits"]]
    themed = api.get("/api/search", params={"q": word, "theme": "养老服务"}, headers=auth(api, "staff_a")).json()
    assert [h["item_id"] for h in themed["hits"]] == [item["item_id"]]
    assert api.delete(f"/api/documents/{doc['document_id']}", headers=auth(api, "staff_a")).status_code == 204
    assert api.get(f"/api/documents/{doc['document_id']}", headers=auth(api, "staff_a")).status_code == 404
    actions = [e["action"] for e in api.get("/api/audit", headers=auth(api, "admin")).json()["entries"]]
    assert {"document.upload", "item.correct", "document.delete"} <= set(actions)


def test_roles_that_may_not_write_cannot(api):
    path = corpus_file(api.tmp, "s3_02_yanglao_fuwu")
    assert upload(api, "viewer_a", path).status_code == 403
    assert upload(api, "point", path).status_code == 403
    assert api.get("/api/search", params={"q": "养老"}, headers=auth(api, "point")).status_code == 403
    assert api.post("/api/users", json={"name": "x", "role": "admin"}, headers=auth(api, "staff_a")).status_code == 403
    made = api.post("/api/users", json={"name": "new", "role": "viewer", "office": "东湖区人大"}, headers=auth(api, "admin"))
    assert made.status_code == 201
    assert api.get("/api/me", headers={"Authorization": f"Bearer {made.json()['token']}"}).json()["role"] == "viewer"


def test_staff_cannot_upload_into_another_office(api):
    r = upload(api, "staff_b", corpus_file(api.tmp, "s3_02_yanglao_fuwu"), office="东湖区人大")
    doc = api.get(f"/api/documents/{r.json()['document_id']}", headers=auth(api, "staff_b")).json()
    assert doc["office"] == "西山区人大"


# ------------------------------------------------------------------ access property

@pytest.fixture
def two_offices(api):
    """One document of 东湖区人大 (with items), a draft of 东湖区人大 with a comment table, and one
    document of 西山区人大; returns ids of 东湖区人大's resources."""
    a = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao")).json()
    upload(api, "staff_b", corpus_file(api.tmp, "s3_02_yanglao_fuwu"))
    item = api.get("/api/items", params={"document_id": a["document_id"]}, headers=auth(api, "staff_a")).json()["items"][0]
    draft = upload(api, "staff_a", DRAFT).json()["document_id"]
    r = submit(api, "staff_a", draft, COMMENT_TABLE)
    assert r.status_code == 202, r.text
    return {"doc": a["document_id"], "job": a["job_id"], "item": item["id"], "draft": draft}


ENDPOINTS = [
    ("GET", "/api/documents/{doc}", None), ("GET", "/api/documents/{doc}/file", None),
    ("DELETE", "/api/documents/{doc}", None), ("POST", "/api/documents/{doc}/reprocess", None),
    ("GET", "/api/jobs/{job}", None), ("GET", "/api/items/{item}", None),
    ("PATCH", "/api/items/{item}", {"type": "problem"}), ("GET", "/api/items/{item}/similar", None),
    ("GET", "/api/documents", None), ("GET", "/api/items", None), ("GET", "/api/jobs", None),
    ("GET", "/api/search?q={word}", None), ("GET", "/api/audit", None),
    ("PATCH", "/api/documents/{doc}", {"due_date": "2020-01-01"}), ("GET", "/api/documents/{doc}/tracking", None),
    ("GET", "/api/warnings?as_of=2100-01-01", None), ("GET", "/api/events", None), ("GET", "/api/themes", None),
    ("POST", "/api/tracking", {"inspection_id": "{doc}", "rectification_ids": ["{doc}"]}),
    ("GET", "/api/drafts", None), ("GET", "/api/drafts/{draft}", None), ("GET", "/api/drafts/{draft}/files", None),
    ("GET", "/api/drafts/{draft}/comments", None),
    ("GET", "/api/drafts/{draft}/articles/1/comments", None), ("GET", "/api/drafts/{draft}/duplicates", None),
    ("GET", "/api/drafts/{draft}/summary.xlsx", None), ("GET", "/api/drafts/{draft}/summary.docx", None),
    ("GET", "/api/drafts/{draft}/diff.docx?old={draft}", None), ("POST", "/api/drafts/{draft}/comments", "FILE"),
]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), who=st.sampled_from(["staff_b", "viewer_b", "point"]),
       word=st.sampled_from(["养老", "服务", "问题", "机构", "护理"]))
def test_no_role_reaches_another_offices_data_by_any_endpoint(api, two_offices, endpoint, who, word):
    method, template, body = endpoint
    url = template.format(word=word, **two_offices)
    if body:
        body = json.loads(json.dumps(body).replace('"{doc}"', two_offices["doc"]))
    if body == "FILE":
        r = api.post(url, files={"file": ("意见.txt", "第三条建议增加志愿服务时长认定。".encode(), "text/plain")},
                     headers=auth(api, who))
        assert r.status_code == 404, f"{who} could submit comments to another office's draft"
    else:
        r = api.request(method, url, json=body, headers=auth(api, who))
    assert r.status_code < 500
    if r.status_code < 300 and r.content:
        payload = r.text
        assert "东湖区人大" not in payload, f"{who} saw 东湖区人大's data via {method} {url}"
        assert f'"document_id":"{two_offices["doc"]}"' not in payload.replace(" ", "")
    # whatever was attempted, 东湖区人大's document is intact
    still = api.get(f"/api/documents/{two_offices['doc']}", headers=auth(api, "staff_a"))
    assert still.status_code == 200 and still.json()["state"] in ("ready", "pending")


def test_themes_and_tracking_run_on_stored_documents(api):
    insp = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao")).json()
    rect = upload(api, "staff_a", corpus_file(api.tmp, "t04_rect_yanglao")).json()
    upload(api, "staff_b", corpus_file(api.tmp, "s3_02_yanglao_fuwu"))
    themes = api.get("/api/themes", headers=auth(api, "staff_a")).json()
    items = api.get("/api/items", params={"limit": 1000}, headers=auth(api, "staff_a")).json()
    placed = [(it["source"], it["id"]) for t in themes["themes"] for it in t["items"]]
    assert sorted(placed) == sorted((it["source"], it["item_id"]) for it in items["items"])  # each once, own office only
    ledger = api.post("/api/tracking", json={"inspection_id": int(insp["document_id"]),
                                            "rectification_ids": [int(rect["document_id"])]},
                      headers=auth(api, "viewer_a")).json()
    inspection_items = [it for it in items["items"] if it["document_id"] == insp["document_id"]]
    assert [pt["id"] for pt in ledger["points"]] == [it["item_id"] for it in inspection_items]
    assert {pt["status"] for pt in ledger["points"]} <= {"resolved", "in_progress", "not_addressed"}
    # the same ledger `jiandu track` gives for the same files
    from classifiers.items import extract_items
    from classifiers.tracking import track
    from extractors import load

    direct = track(extract_items(load(api.tmp / "t04_insp_yanglao.txt")), [load(api.tmp / "t04_rect_yanglao.txt")])
    assert [(pt["id"], pt["status"]) for pt in ledger["points"]] == [(pt.id, pt.status) for pt in direct]
    other = api.post("/api/tracking", json={"inspection_id": int(insp["document_id"]),
                                           "rectification_ids": [int(rect["document_id"])]},
                     headers=auth(api, "staff_b"))
    assert other.status_code == 404


def test_changes_appear_in_the_event_feed_of_their_office_only(api):
    doc = upload(api, "staff_a", corpus_file(api.tmp, "s3_02_yanglao_fuwu")).json()
    feed = api.get("/api/events", headers=auth(api, "viewer_a")).json()
    kinds = [(e["kind"], e["document_id"]) for e in feed["events"]]
    assert ("document.uploaded", doc["document_id"]) in kinds and ("document.ready", doc["document_id"]) in kinds
    assert feed["last"] == feed["events"][-1]["id"]
    assert api.get("/api/events", params={"after": feed["last"]}, headers=auth(api, "viewer_a")).json()["events"] == []
    assert api.get("/api/events", headers=auth(api, "viewer_b")).json()["events"] == []


def test_events_are_posted_to_the_webhook_signed_and_resent_after_a_failure(settings, tmp_path):
    import hashlib
    import hmac
    import http.server
    import json
    import threading

    from service import webhook
    from service.store import add_document

    received, status = [], [500]

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers.get("X-Jiandu-Signature")))
            self.send_response(status[0])
            self.end_headers()

        def log_message(self, *a):  # noqa: ANN002
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = Store.open(settings.with_(webhook_url=f"http://127.0.0.1:{server.server_port}/hook",
                                      webhook_secret="s3cret"))
    try:
        with store.write() as s:
            add_document(s, store.settings, "报告\n".encode(), "a.txt", office="东湖区人大")
        assert webhook.deliver_once(store) == 0  # receiver answers 500: nothing counts as delivered
        status[0] = 204
        assert webhook.deliver_once(store) == 1  # the same event again
        assert webhook.deliver_once(store) == 0  # and only once it was accepted
        body, sig = received[-1]
        assert json.loads(body)["events"][0]["kind"] == "document.uploaded"
        assert sig == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert len(received) == 2 and received[0][0] == received[1][0]
    finally:
        server.shutdown()
        store.dispose()


def test_a_rectification_report_is_paired_and_overdue_answers_are_warned(api):
    import datetime as dt

    insp = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao"), due="2025-03-31").json()
    other = upload(api, "staff_a", corpus_file(api.tmp, "t07_insp_anquan_shengchan")).json()
    doc = api.get(f"/api/documents/{other['document_id']}", headers=auth(api, "staff_a")).json()
    assert doc["due_date"] == (dt.date.today() + dt.timedelta(days=90)).isoformat()  # the default term
    late = api.get("/api/warnings", params={"as_of": "2025-06-30"}, headers=auth(api, "viewer_a")).json()
    assert [w["document_id"] for w in late["warnings"]] == [insp["document_id"]]
    assert late["warnings"][0]["days_overdue"] == 91
    assert api.get("/api/warnings", params={"as_of": "2025-06-30"}, headers=auth(api, "viewer_b")).json()["warnings"] == []
    rect = upload(api, "staff_a", corpus_file(api.tmp, "t04_rect_yanglao")).json()
    paired = api.get(f"/api/documents/{rect['document_id']}", headers=auth(api, "staff_a")).json()
    assert paired["answers_id"] == insp["document_id"] and paired["answers_set_by"] == "auto"
    assert api.get("/api/warnings", params={"as_of": "2025-06-30"}, headers=auth(api, "viewer_a")).json()["warnings"] == []
    book = api.get(f"/api/documents/{insp['document_id']}/tracking", headers=auth(api, "viewer_a")).json()
    assert book["rectification_ids"] == [rect["document_id"]] and book["points"]
    # a person corrects the pairing; the ledger follows
    r = api.patch(f"/api/documents/{rect['document_id']}", json={"answers_id": int(other["document_id"])},
                  headers=auth(api, "staff_a"))
    assert r.status_code == 200 and r.json()["answers_set_by"] == "person"
    assert api.get(f"/api/documents/{insp['document_id']}/tracking", headers=auth(api, "staff_a")).json()["rectification_ids"] == []
    kinds = [e["kind"] for e in api.get("/api/events", headers=auth(api, "staff_a")).json()["events"]]
    assert kinds.count("tracking.paired") == 2


# ------------------------------------------------------------------ drafts and comments

POINT = "城南联系点"  # the `point` user's contact point


def test_a_contact_point_submits_comments_and_reads_its_own_drafts_only(api):
    mine = upload(api, "admin", DRAFT, office=POINT).json()["document_id"]
    other = upload(api, "admin", ROOT / "corpus" / "documents" / "d1_03_yangquan.docx", office="河西镇联系点").json()["document_id"]
    listed = [d["id"] for d in api.get("/api/drafts", headers=auth(api, "point")).json()["drafts"]]
    assert listed == [mine]
    # a table and letters, as a point sends them
    for path in [COMMENT_TABLE, *LETTERS[:3]]:
        r = submit(api, "point", mine, path)
        assert r.status_code == 202, r.text
    files = api.get(f"/api/drafts/{mine}/files", headers=auth(api, "point")).json()["files"]
    assert sorted(f["source"] for f in files) == sorted(p.name for p in [COMMENT_TABLE, *LETTERS[:3]])
    draft = api.get(f"/api/drafts/{mine}", headers=auth(api, "point")).json()
    assert {c["kind"] for c in draft["comment_files"]} == {"comments"} and len(draft["comment_files"]) == 4
    assert all(c["state"] == "ready" for c in draft["comment_files"]), draft["comment_files"]
    assert not draft["skipped"]
    commented = [a for a in draft["articles"] if a["submissions"]]
    assert commented, "the comments map onto articles"
    a = commented[0]
    assert 1 <= a["distinct"] <= a["submissions"]
    rows = api.get(f"/api/drafts/{mine}/articles/{a['number']}/comments", headers=auth(api, "point")).json()["comments"]
    assert len(rows) == a["submissions"] and all(a["number"] in r["articles"] for r in rows)
    everything = api.get(f"/api/drafts/{mine}/comments", headers=auth(api, "point")).json()["comments"]
    assert len(everything) == draft["comments"] >= len(rows)
    for g in api.get(f"/api/drafts/{mine}/duplicates", headers=auth(api, "point")).json()["groups"]:
        assert g["size"] == len(g["comments"]) >= 2
    for fmt in ("docx", "xlsx"):
        x = api.get(f"/api/drafts/{mine}/summary.{fmt}", headers=auth(api, "point"))
        assert x.status_code == 200 and x.content[:2] == b"PK"
    # another point's draft does not exist for this point, whatever it tries
    for url in [f"/api/drafts/{other}", f"/api/drafts/{other}/comments", f"/api/drafts/{other}/files", f"/api/drafts/{other}/summary.xlsx",
                f"/api/drafts/{mine}/diff.docx?old={other}"]:
        assert api.get(url, headers=auth(api, "point")).status_code == 404, url
    assert submit(api, "point", other, LETTERS[0]).status_code == 404
    # nor do its documents through the document endpoints
    assert api.get("/api/documents", headers=auth(api, "point")).status_code == 403
    # staff of an office see neither point's drafts; a viewer may read but not submit
    assert api.get(f"/api/drafts/{mine}", headers=auth(api, "staff_a")).status_code == 404
    assert submit(api, "staff_a", mine, LETTERS[0]).status_code == 404


def test_staff_submit_for_their_office_and_viewers_cannot(api):
    d = upload(api, "staff_a", DRAFT).json()["document_id"]
    assert submit(api, "viewer_a", d, LETTERS[0]).status_code == 403
    assert api.get(f"/api/drafts/{d}", headers=auth(api, "viewer_a")).status_code == 200
    assert submit(api, "staff_a", d, LETTERS[0]).status_code == 202
    audit_actions = [e["action"] for e in api.get("/api/audit", headers=auth(api, "staff_a")).json()["entries"]]
    assert "comments.submit" in audit_actions
    # the 修改对照表 between two versions of the office's draft
    v2 = upload(api, "staff_a", ROOT / "corpus" / "documents" / "d1_01_zhiyuan_fuwu.txt", kind="draft_regulation").json()
    r = api.get(f"/api/drafts/{v2['document_id']}/diff.docx", params={"old": d}, headers=auth(api, "staff_a"))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_comment_tables_are_kept_as_comments_and_a_given_kind_is_not_overwritten(api):
    table = upload(api, "staff_a", COMMENT_TABLE, kind="comments").json()
    doc = api.get(f"/api/documents/{table['document_id']}", headers=auth(api, "staff_a")).json()
    assert doc["state"] == "ready" and doc["kind"] == "comments", doc.get("error")
    assert doc["blocks"], "the table's opinions are kept as text (searchable)"
    csv_path = api.tmp / "意见.csv"
    csv_path.write_text("序号,条款,修改意见,理由\n1,第三条,建议明确志愿服务记录的认定主体,便于操作\n", encoding="utf-8")
    r = upload(api, "staff_a", csv_path).json()
    doc = api.get(f"/api/documents/{r['document_id']}", headers=auth(api, "staff_a")).json()
    assert doc["state"] == "ready" and doc["kind"] == "comments", doc.get("error")
    # a report filed as `other` by a person stays `other` after it is read, and again when re-read
    given = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao"), kind="other").json()["document_id"]
    assert api.get(f"/api/documents/{given}", headers=auth(api, "staff_a")).json()["kind"] == "other"
    api.post(f"/api/documents/{given}/reprocess", headers=auth(api, "staff_a"))
    assert api.get(f"/api/documents/{given}", headers=auth(api, "staff_a")).json()["kind"] == "other"


def test_ingest_fills_the_year_and_item_themes(api):
    r = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao")).json()
    doc = api.get(f"/api/documents/{r['document_id']}", headers=auth(api, "staff_a")).json()
    assert doc["year"] is not None
    items = doc["items"]
    assert items and any(it["theme"] for it in items)
    by_year = api.get("/api/items", params={"year": doc["year"]}, headers=auth(api, "staff_a")).json()
    assert by_year["total"] == len(items)
    theme = next(it["theme"] for it in items if it["theme"])
    by_theme = api.get("/api/items", params={"theme": theme}, headers=auth(api, "staff_a")).json()
    assert by_theme["total"] == sum(it["theme"] == theme for it in items)
