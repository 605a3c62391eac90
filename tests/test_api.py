"""The HTTP API end to end (FastAPI TestClient) on SQLite and PostgreSQL: uploads answer 202 at
once and are read by a job, documents/items/search/jobs read back, corrections are kept, every
write is audited, and no role reaches another office's data by any endpoint (a property test
over endpoints × roles)."""
from __future__ import annotations

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


def upload(client, who, path, **form):
    with open(path, "rb") as fh:
        return client.post("/api/documents", files={"file": (path.name, fh, "text/plain")},
                           data={k: str(v) for k, v in form.items()}, headers=auth(client, who))


def test_index_page_and_openapi_are_served(api):
    page = api.get("/")
    assert page.status_code == 200 and "监督 jiandu" in page.text and "/docs" in page.text
    spec = api.get("/openapi.json").json()
    for path in ["/api/documents", "/api/documents/{doc_id}", "/api/jobs/{job_id}", "/api/items/{item_id}",
                 "/api/search", "/api/items/{item_id}/similar"]:
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
    """One document of 东湖区人大 (with items) and one of 西山区人大; returns ids of 东湖区人大's resources."""
    a = upload(api, "staff_a", corpus_file(api.tmp, "t04_insp_yanglao")).json()
    upload(api, "staff_b", corpus_file(api.tmp, "s3_02_yanglao_fuwu"))
    item = api.get("/api/items", params={"document_id": a["document_id"]}, headers=auth(api, "staff_a")).json()["items"][0]
    return {"doc": a["document_id"], "job": a["job_id"], "item": item["id"]}


ENDPOINTS = [
    ("GET", "/api/documents/{doc}", None), ("GET", "/api/documents/{doc}/file", None),
    ("DELETE", "/api/documents/{doc}", None), ("POST", "/api/documents/{doc}/reprocess", None),
    ("GET", "/api/jobs/{job}", None), ("GET", "/api/items/{item}", None),
    ("PATCH", "/api/items/{item}", {"type": "problem"}), ("GET", "/api/items/{item}/similar", None),
    ("GET", "/api/documents", None), ("GET", "/api/items", None), ("GET", "/api/jobs", None),
    ("GET", "/api/search?q={word}", None), ("GET", "/api/audit", None),
]


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), who=st.sampled_from(["staff_b", "viewer_b", "point"]),
       word=st.sampled_from(["养老", "服务", "问题", "机构", "护理"]))
def test_no_role_reaches_another_offices_data_by_any_endpoint(api, two_offices, endpoint, who, word):
    method, template, body = endpoint
    url = template.format(word=word, **two_offices)
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
    other = api.post("/api/tracking", json={"inspection_id": int(insp["document_id"]),
                                           "rectification_ids": [int(rect["document_id"])]},
                     headers=auth(api, "staff_b"))
    assert other.status_code == 404
