"""The web pages through FastAPI's TestClient: every page renders in Chinese for the roles that may
open it, the navigation follows the role, signed-out visitors are sent to 登录, and the
/web-api endpoints answer with the access rules of the API (a contact point sees only its own
point's drafts; viewers read but cannot correct).

The store is filled straight from corpus files with their gold items (tests/web_support.py),
so these tests do not wait for the item classifier; the browser suite covers real uploads.
"""
from __future__ import annotations

import io
import re

import pytest

from tests import web_support as ws

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ALL_NAV = ["首页", "上传", "文档", "整改跟踪", "主题", "立法意见", "检索"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = ws.build(tmp_path_factory.mktemp("web-pages"))
    ws.seed_direct(e)
    return e


@pytest.fixture(scope="module")
def client(env):
    from fastapi.testclient import TestClient

    return TestClient(env.app)


def get(client, env, role: str, url: str, **kw):
    """GET as a signed-in user of `role` (the sign-in cookie, as a browser sends it)."""
    return client.get(url, cookies={"jd_token": env.tokens[role]}, follow_redirects=False, **kw)


def nav(html: str) -> list[str]:
    block = re.search(r'<nav class="main".*?</nav>', html, re.S)
    return re.findall(r'data-nav="[^"]+"[^>]*>([^<]+)</a>', block.group(0)) if block else []


def test_signed_out_visitors_are_sent_to_the_sign_in_page(client):
    r = client.get("/documents?kind=comments", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=/documents")
    page = client.get("/login")
    assert page.status_code == 200 and "访问令牌" in page.text and 'lang="zh-CN"' in page.text


def test_an_unknown_token_in_the_cookie_counts_as_signed_out(client):
    r = client.get("/", cookies={"jd_token": "jd_forged"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_the_sign_in_page_only_redirects_inside_the_site(client):
    r = client.get("/login", params={"next": "//evil.example/"})
    assert 'data-next="/"' in r.text


@pytest.mark.parametrize("role, expected", [
    ("admin", ALL_NAV),
    ("staff", ALL_NAV),
    ("viewer", ["首页", "文档", "整改跟踪", "主题", "立法意见", "检索"]),
])
def test_the_navigation_follows_the_role(client, env, role, expected):
    r = get(client, env, role, "/")
    assert r.status_code == 200
    assert nav(r.text) == expected


def test_a_contact_point_gets_only_the_legislative_comments_page(client, env):
    cp = f"cp_{ws.POINT_A}"
    r = get(client, env, cp, "/")
    assert r.status_code == 303 and r.headers["location"] == "/drafts"
    r = get(client, env, cp, "/drafts")
    assert nav(r.text) == ["立法意见"]
    for url in ("/documents", "/upload", "/tracking", "/themes", "/search?q=消防", f"/documents/{env.ids['insp']}"):
        r = get(client, env, cp, url)
        assert r.status_code == 403, url
        assert "无权" in r.text


def test_viewers_cannot_open_the_upload_page_or_edit_items(client, env):
    assert get(client, env, "viewer", "/upload").status_code == 403
    r = get(client, env, "viewer", f"/documents/{env.ids['insp']}")
    assert r.status_code == 200
    assert "item-edit" not in r.text and "badge-problem" in r.text


def test_the_document_list_filters_by_kind_and_keeps_to_the_office(client, env):
    r = get(client, env, "staff", "/documents")
    assert ws.INSPECTION.name in r.text and ws.RECTIFICATION.name in r.text
    assert ws.DRAFT_A.name not in r.text  # filed under a contact point, not 监督处
    r = get(client, env, "staff", "/documents", params={"kind": "rectification_report"})
    assert ws.RECTIFICATION.name in r.text and ws.INSPECTION.name not in r.text
    r = get(client, env, "admin", "/documents", params={"office": ws.POINT_B})
    assert ws.DRAFT_B.name in r.text and ws.DRAFT_A.name not in r.text


def test_the_document_view_shows_structure_and_every_item_with_an_editor(client, env):
    r = get(client, env, "staff", f"/documents/{env.ids['insp']}")
    assert r.status_code == 200
    gold = ws.gold_items(ws.INSPECTION)
    for it in gold:
        assert f">{it['id']} {'问题' if it['type'] == 'problem' else '建议'}<" in r.text
    assert r.text.count('class="item-edit"') == len(gold)
    assert "存在的主要问题" in r.text  # a heading of the structure
    assert get(client, env, "staff", f"/documents/{env.ids['draft_a']}").status_code == 404  # another office


def test_a_correction_through_the_api_shows_on_the_document_page(client, env):
    from sqlalchemy import select

    from service.models import Item

    with env.app.state.store.read() as s:
        item = s.scalars(select(Item).where(Item.document_id == int(env.ids["other"])).order_by(Item.seq)).first()
    r = client.patch(f"/api/items/{item.id}", json={"theme": "部门协调"},
                     headers={"Authorization": f"Bearer {env.tokens['staff']}"})
    assert r.status_code == 200
    page = get(client, env, "staff", f"/documents/{env.ids['other']}")
    head = re.search(rf'<div class="item-head" id="item-{item.id}">.*?</form>', page.text, re.S).group(0)
    assert "主题：部门协调" in head and "已更正" in head


def test_tracking_page_offers_the_pairs_and_shows_the_ledger(client, env):
    r = get(client, env, "staff", "/tracking")
    assert "检查报告" in r.text and f'value="{env.ids["insp"]}"' in r.text and f'value="{env.ids["rect"]}"' in r.text
    r = get(client, env, "staff", "/tracking", params={"inspection": env.ids["insp"], "rectification": env.ids["rect"]})
    assert r.status_code == 200
    rows = re.findall(r'<tr class="pt st-row-(\w+)" data-status="\1"', r.text)
    assert len(rows) == len(ws.gold_items(ws.INSPECTION))
    assert set(rows) <= {"resolved", "in_progress", "not_addressed"}
    assert "导出 Excel 台账" in r.text


def test_ledger_json_and_excel_export_agree(client, env):
    params = {"inspection": env.ids["insp"], "rectification": env.ids["rect"]}
    js = get(client, env, "staff", "/web-api/tracking", params=params).json()
    assert [p["id"] for p in js["points"]] == [it["id"] for it in ws.gold_items(ws.INSPECTION)]
    x = get(client, env, "staff", "/web-api/tracking/export.xlsx", params=params)
    assert x.status_code == 200 and x.headers["content-type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(x.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    body = [r for r in rows[header + 1:] if r[0] is not None]
    cn = {"resolved": "已整改", "in_progress": "整改中", "not_addressed": "未回应"}
    assert [(r[1], r[4]) for r in body] == [(p["id"], cn[p["status"]]) for p in js["points"]]


def test_tracking_refuses_documents_of_another_office(client, env):
    params = {"inspection": env.ids["draft_a"], "rectification": env.ids["rect"]}
    assert get(client, env, "staff", "/web-api/tracking", params=params).status_code == 404
    assert client.get("/web-api/tracking", params=params).status_code == 401


def test_themes_page_draws_a_chart_and_lists_recurring_problems(client, env):
    r = get(client, env, "staff", "/themes")
    assert r.status_code == 200
    assert '<svg class="chart"' in r.text and "<rect" in r.text
    data = get(client, env, "staff", "/web-api/themes").json()
    assert sum(t["total"] for t in data["themes"]) == data["n_items"] > 0
    for t in data["themes"][:3]:
        assert t["label"] in r.text


def test_search_highlights_hits_and_links_into_documents(client, env):
    r = get(client, env, "staff", "/search", params={"q": "消防", "type": "problem"})
    assert "<mark>消防</mark>" in r.text
    links = re.findall(r'href="/documents/(\d+)#item-(\d+)"', r.text)
    assert links and all(doc in (env.ids["insp"], env.ids["other"]) for doc, _ in links)
    assert "badge-recommendation" not in r.text.split('id="hits"')[1]


def test_drafts_follow_the_contact_point(client, env):
    cp_a, cp_b = f"cp_{ws.POINT_A}", f"cp_{ws.POINT_B}"
    a, b = env.ids["draft_a"], env.ids["draft_b"]
    listing = get(client, env, cp_a, "/drafts").text
    assert f'href="/drafts/{a}"' in listing and f'href="/drafts/{b}"' not in listing
    assert get(client, env, cp_a, f"/drafts/{b}").status_code == 404
    assert get(client, env, cp_b, f"/drafts/{a}").status_code == 404
    assert get(client, env, cp_a, f"/web-api/drafts/{b}").status_code == 404
    assert get(client, env, cp_a, f"/web-api/drafts/{b}/summary.xlsx").status_code == 404
    names = [d["source"] for d in get(client, env, cp_b, "/web-api/drafts").json()["drafts"]]
    assert names == [ws.DRAFT_B.name]
    assert get(client, env, "staff", f"/drafts/{a}").status_code == 404  # staff of another office


def test_a_draft_page_counts_comments_per_article_and_shows_an_articles_comments(client, env):
    cp = f"cp_{ws.POINT_A}"
    a = env.ids["draft_a"]
    data = get(client, env, cp, f"/web-api/drafts/{a}").json()
    assert data["comments"] and data["article_stats"]
    number, stats = next(iter(data["article_stats"].items()))
    page = get(client, env, cp, f"/drafts/{a}", params={"article": number})
    assert page.status_code == 200
    assert re.search(rf'article={number}#comments"><b>{stats["submissions"]}</b>', page.text)
    shown = re.findall(r'<div class="c-head"><b>(C\d+)</b>', page.text)
    assert shown == data["articles"][number]
    for fmt, media in (("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")):
        x = get(client, env, cp, f"/web-api/drafts/{a}/summary.{fmt}")
        assert x.status_code == 200 and media in x.headers["content-type"] and len(x.content) > 1000


def test_the_comparison_table_is_offered_between_two_drafts_of_one_office(client, env):
    from service.store import add_document

    # a second version of draft B filed under the same point
    v2 = ws.DOCS / "d1_03_yangquan_v2.docx"
    with env.app.state.store.write() as s:
        doc, _ = add_document(s, env.app.state.settings, v2.read_bytes(), v2.name, office=ws.POINT_B,
                              meta={"kind": "draft_regulation"})
        doc.state = "ready"
        new_id = doc.id
    page = get(client, env, "admin", f"/drafts/{new_id}")
    assert "导出修改对照表" in page.text
    r = get(client, env, "admin", f"/web-api/drafts/{new_id}/diff.docx", params={"old": env.ids["draft_b"]})
    assert r.status_code == 200 and "wordprocessingml" in r.headers["content-type"]
    from docx import Document as Docx

    table = Docx(io.BytesIO(r.content)).tables[0]
    assert len(table.rows) > 10  # one row per article of either version, under a header


def test_static_files_and_chinese_font_stack_are_served_locally(client):
    css = client.get("/static/jiandu.css")
    assert css.status_code == 200
    assert '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif' in css.text
    assert "http" not in css.text  # no CDN, no web font
    assert client.get("/static/upload.js").status_code == 200


def test_the_year_filter_uses_the_year_the_report_is_dated(client, env):
    from classifiers.themes.docyear import document_year
    from extractors import load

    years = {p.name: document_year(load(p)) for p in (ws.INSPECTION, ws.OTHER_REPORT)}
    assert years[ws.INSPECTION.name] and years[ws.INSPECTION.name] != years[ws.OTHER_REPORT.name]
    r = get(client, env, "staff", "/documents", params={"year": years[ws.INSPECTION.name]})
    assert ws.INSPECTION.name in r.text and ws.OTHER_REPORT.name not in r.text
    assert f'<option value="{years[ws.OTHER_REPORT.name]}"' in r.text  # offered in the filter


def test_a_missing_library_piece_is_reported_as_unavailable_not_as_an_error(client, env, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "classifiers.tracking", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "classifiers.comment_mapping", None)
    r = get(client, env, "staff", "/tracking", params={"inspection": env.ids["insp"], "rectification": env.ids["rect"]})
    assert r.status_code == 200 and "暂不可用" in r.text
    r = get(client, env, "staff", "/web-api/tracking", params={"inspection": env.ids["insp"], "rectification": env.ids["rect"]})
    assert r.status_code == 503
    r = get(client, env, "admin", f"/drafts/{env.ids['draft_a']}")
    assert r.status_code == 200 and "暂不可用" in r.text


def test_an_admin_uploading_is_offered_the_offices_and_contact_points_in_use(client, env):
    r = get(client, env, "admin", "/upload")
    assert r.status_code == 200 and 'id="drop"' in r.text
    for place in (ws.OFFICE, ws.POINT_A, ws.POINT_B):
        assert f'<option value="{place}">' in r.text
    staff = get(client, env, "staff", "/upload")
    assert 'id="office"' not in staff.text  # staff always upload for their own office
