"""Stored point statuses, promised dates and their warnings (issue 7).

What the service promises, as specifications:
- when a rectification report is read and paired with the inspection it answers, tracking runs
  by itself and each point's status, evidence and promised date are stored (`point_statuses`);
- tracking always covers *all* the reports paired with the inspection, in time order; a person
  correcting the pairing, or deleting a report, makes it run again;
- every point whose status changed is announced once as a `tracking.status` event (feed and
  webhook);
- a point still in progress after the date its report promised (力争年底前完成) raises a
  `promise_overdue` warning; before that date it does not;
- another office sees none of it;
- a failure of tracking never fails the ingestion job: the document is read, paired, and says
  what went wrong.

The end-to-end tests go through the HTTP API with the real worker path (jobs run after each
upload), on SQLite and on PostgreSQL. The date phrases are a table at the top.
"""
from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.service_backends import *  # noqa: F403
from service.api import create_app
from service.auth import create_user
from service.db import Store
from service.promises import find_promise, find_promises, signature_date

D = dt.date

# ------------------------------------------------------------------ promised dates: the table

REPORTED = D(2024, 6, 18)  # the report's signature date in most rows; its year is 2024

PROMISES = [
    # (evidence sentence, report year, report date, promised date)
    # the measure's own deadline, relative to the report's year
    ("其他老旧小区改造力争年底前完成", 2024, REPORTED, D(2024, 12, 31)),
    ("其余县区的审查工作将于年底前完成", 2024, REPORTED, D(2024, 12, 31)),
    ("第一批已到位，第二批年内到位", 2024, REPORTED, D(2024, 12, 31)),
    ("平台已完成立项，计划年底上线试运行", 2024, REPORTED, D(2024, 12, 31)),
    ("争取今年底前实现具备条件的学校应开尽开", 2026, D(2026, 3, 20), D(2026, 12, 31)),
    ("年内全部完成湿地勘界立标", 2023, None, D(2023, 12, 31)),
    # next year
    ("政策性保险方案尚处于调研论证阶段，争取明年上半年提交市政府常务会议审议", 2024, REPORTED, D(2025, 6, 30)),
    ("力争下一年年底前全部建成", 2024, REPORTED, D(2025, 12, 31)),
    ("主体工程预计明年6月底前完工", 2024, REPORTED, D(2025, 6, 30)),
    ("心理关爱服务拟纳入明年政府购买服务目录", 2023, D(2023, 5, 16), D(2024, 12, 31)),
    ("有望在明年二季度末建成", 2025, D(2025, 10, 15), D(2026, 6, 30)),
    ("监测站点预计明年汛期前投入使用", 2024, REPORTED, D(2025, 5, 31)),
    ("余下车辆将在明后两年分批退出", 2023, D(2023, 12, 20), D(2025, 12, 31)),
    ("首批6所已动工，其余11所排在后两年实施", 2025, D(2025, 4, 2), D(2027, 12, 31)),
    # explicit years and months: the last day of that month or year
    ("力争2024年底前完成首批120个小区改造", 2024, D(2024, 1, 10), D(2024, 12, 31)),
    ("确保2025年6月底前全部整改到位", 2024, REPORTED, D(2025, 6, 30)),
    ("力争2025年底前全部整治完毕", 2024, REPORTED, D(2025, 12, 31)),
    ("计划2026年3月交付使用", 2025, D(2025, 12, 10), D(2026, 3, 31)),
    ("力争2024年内出台", 2024, D(2024, 1, 30), D(2024, 12, 31)),
    ("预计2025年全部完成", 2024, REPORTED, D(2025, 12, 31)),
    ("预计2024年10月建成投用", 2024, D(2024, 3, 15), D(2024, 10, 31)),
    ("计划于2024年上半年挂牌运行", 2023, D(2023, 11, 20), D(2024, 6, 30)),
    ("计划在2024年秋季学期前实现每所学校配备1名专兼职心理健康教师", 2024, D(2024, 3, 22), D(2024, 8, 31)),
    ("力争二〇二五年六月底前完成", 2024, REPORTED, D(2025, 6, 30)),
    ("力争２０２５年底前完成", 2024, REPORTED, D(2025, 12, 31)),  # full-width digits
    # parts of the report's year
    ("受援人回访办法拟于上半年出台", 2024, D(2024, 3, 1), D(2024, 6, 30)),
    ("受援人回访办法拟于上半年出台", 2024, D(2024, 9, 1), D(2025, 6, 30)),  # said in September: next year's
    ("防沉迷联合检查工作预计下半年组织开展", 2024, D(2024, 10, 9), D(2024, 12, 31)),
    ("力争三季度末前完成全部排查", 2024, REPORTED, D(2024, 9, 30)),
    ("排查工作预计6月底结束，届时将视排查结果组织集中执法", 2024, D(2024, 5, 20), D(2024, 6, 30)),
    ("另有12个正在施工，计划10月底前完工", 2024, D(2024, 9, 20), D(2024, 10, 31)),
    ("剩余9处安排在明年汛前完成", 2024, D(2024, 10, 11), D(2025, 5, 31)),
    # spans from the report's date (or from the end of its year when only the year is known)
    ("两年内全部完成改造", 2024, REPORTED, D(2026, 6, 18)),
    ("两年内全部完成改造", 2024, None, D(2026, 12, 31)),
    ("渣土运输车辆密闭化改造尚需半年左右完成", 2023, D(2023, 12, 20), D(2024, 6, 20)),
    ("计划用三个月时间完成集中整治", 2024, REPORTED, D(2024, 9, 18)),
]

NO_PROMISE = [
    # no date at all
    "已完成12处濒危文物建筑抢救性修缮工程，其余正在按计划分批实施",
    "剩余地块将结合种植茬口分类推进",
    # dates in a past or running context: facts, not promises
    "2023年底前已完成全部改造",
    "已于2024年3月完成验收",
    "截至8月底已完成整治29处",
    "今年以来农村地区事故死亡人数同比下降12%",
    "今年上半年办结率99.2%",
    "2024年上半年发放岗位津贴3200万元",
    "每亩最高补偿额自今年1月起由300元调至600元",
    "全市一般湿地名录于今年7月向社会公布",
    "今年已完成更新改造410台",
    "今年争取中央和省级资金6800万元",
    "去年底前已全部完成",
    "近三年内共查处案件120起",
    "对2000年前建成的老旧小区进行排查",
    "全年新建市政消火栓436个",
    "制定三年行动方案，明确检测、维修和改造任务",
    # promises to begin are not promises to finish
    "研究制定改造提升方案，拟于2024年下半年启动实施",
    "市光荣院改扩建项目已完成选址和可研，明年开工",
    "非在编教师工资保障办法已起草完成，计划明年起分步实施",
    "受援人回访制度拟于下半年试行",
]


@pytest.mark.parametrize("text,year,reported,expected", PROMISES)
def test_the_promised_date_is_read_from_the_measure(text, year, reported, expected):
    found = find_promise([text], year, reported)
    assert found is not None, text
    assert found.date == expected
    assert found.text in text and found.phrase in found.text


@pytest.mark.parametrize("text", NO_PROMISE)
def test_facts_and_plans_to_begin_promise_no_date(text):
    assert find_promise([text], 2024, REPORTED) is None
    assert find_promises([text], 2024, None) == []


def test_the_same_words_count_from_the_year_of_the_report_that_says_them():
    assert find_promise(["其余县区的审查工作将于年底前完成"], 2023, None).date == D(2023, 12, 31)
    assert find_promise(["其余县区的审查工作将于年底前完成"], 2025, None).date == D(2025, 12, 31)
    assert find_promise(["预计明年上线"], 2025, None).date == D(2026, 12, 31)


def test_the_earliest_promise_wins_and_keeps_its_clause_and_page():
    evidence = [{"text": "北部片区处理中心力争2025年底前全部建成", "page": 3},
                {"text": "已完成选址，首批收集点预计明年6月底前建成，其余分批推进", "page": 4}]
    found = find_promise(evidence, 2024, REPORTED)
    assert (found.date, found.text, found.page) == (D(2025, 6, 30), "首批收集点预计明年6月底前建成", 4)
    assert [p.date for p in find_promises(evidence, 2024, REPORTED)] == [D(2025, 12, 31), D(2025, 6, 30)]


def test_a_report_is_dated_by_its_signature():
    assert signature_date(["关于……的报告", "正文很长的一段话。" * 10, "甲省人民政府", "2024年6月18日"]) == D(2024, 6, 18)
    assert signature_date(["某某县人民政府", "二〇二四年六月十八日"]) == D(2024, 6, 18)
    assert signature_date(["我们于2024年6月18日召开专题会议研究部署整改工作，明确责任单位和完成时限。"]) is None


# ------------------------------------------------------------------ through the HTTP API

A, B = "东湖区人大", "西山区人大"


@pytest.fixture
def api(settings, tmp_path):
    """An app whose upload jobs run right after the response (the worker's own code), and a
    token per role."""
    store = Store.open(settings)
    tokens = {}
    with store.write() as s:
        for name, role, office in [("admin", "admin", ""), ("staff_a", "staff", A), ("staff_b", "staff", B),
                                   ("viewer_a", "viewer", A), ("viewer_b", "viewer", B),
                                   ("point", "contact_point", "")]:
            _u, tokens[name] = create_user(s, name, role, office, point="城南联系点" if role == "contact_point" else "")
    client = TestClient(create_app(store.settings, store, run_jobs_inline=True))
    client.tokens, client.tmp, client.store = tokens, tmp_path, store
    yield client
    store.dispose()


def auth(client, who):
    return {"Authorization": f"Bearer {client.tokens[who]}"}


def upload(client, who, name, **form):
    """Upload a corpus document (as text); the job has run when this returns."""
    path = corpus_file(client.tmp, name)
    with open(path, "rb") as fh:
        r = client.post("/api/documents", files={"file": (path.name, fh, "text/plain")},
                        data={k: str(v) for k, v in form.items()}, headers=auth(client, who))
    assert r.status_code == 202, r.text
    body = r.json()
    assert client.get(f"/api/jobs/{body['job_id']}", headers=auth(client, who)).json()["state"] == "done"
    return body["document_id"]


def statuses(client, doc_id, who="viewer_a"):
    r = client.get(f"/api/documents/{doc_id}/statuses", headers=auth(client, who))
    assert r.status_code == 200, r.text
    return r.json()


def by_point(body):
    return {s["item_id"]: s["status"] for s in body["statuses"]}


def ledger(client, doc_id):
    book = client.get(f"/api/documents/{doc_id}/tracking", headers=auth(client, "viewer_a")).json()
    return {p["id"]: p["status"] for p in book["points"]}, book["rectification_ids"]


def status_events(client, after=0, who="staff_a"):
    events = client.get("/api/events", params={"after": after, "limit": 1000}, headers=auth(client, who)).json()["events"]
    return [e for e in events if e["kind"] == "tracking.status"]


def last_event_id(client):
    return client.get("/api/events", params={"limit": 1000}, headers=auth(client, "admin")).json()["last"]


def promise_warnings(client, as_of, who="viewer_a"):
    r = client.get("/api/warnings", params={"as_of": as_of}, headers=auth(client, who))
    assert r.status_code == 200, r.text
    return [w for w in r.json()["warnings"] if w["kind"] == "promise_overdue"]


def test_statuses_are_stored_when_a_rectification_report_is_paired_by_itself(api):
    insp = upload(api, "staff_a", "t01_insp_xiaofang")
    assert statuses(api, insp)["statuses"] == []  # nothing answers it yet
    rect = upload(api, "staff_a", "t01_rect_xiaofang")
    assert api.get(f"/api/documents/{rect}", headers=auth(api, "staff_a")).json()["answers_id"] == insp

    stored = statuses(api, insp)
    points, considered = ledger(api, insp)
    assert by_point(stored) == points and len(points) == 10  # the ledger's verdict, every point
    assert stored["rectification_ids"] == considered == [rect]
    assert sum(stored["summary"].values()) == 10 and stored["summary"]["in_progress"] > 0
    for s in stored["statuses"]:
        assert s["rectification_ids"] == [rect] and s["title"] and s["type"] in ("problem", "recommendation")
        if s["status"] != "not_addressed":  # evidence quoted from the report, with its page
            assert s["evidence"] and all(e["text"] and "page" in e for e in s["evidence"])
    p3 = next(s for s in stored["statuses"] if s["item_id"] == "P3")
    assert p3["status"] == "in_progress"
    assert p3["promised_by"] == "2024-12-31" and p3["promise_text"] == "力争2024年底前完成首批120个小区改造"

    # each new status announced once, on the inspection, naming the report that caused it
    events = status_events(api)
    assert sorted(e["data"]["item_id"] for e in events) == sorted(points)
    for e in events:
        assert e["document_id"] == insp and e["office"] == A
        assert e["data"]["old"] is None and e["data"]["new"] == points[e["data"]["item_id"]]
        assert e["data"]["rectification_id"] == rect and e["data"]["by"] == "auto"


def test_a_later_report_recomputes_over_all_answers_and_only_changes_are_announced(api):
    insp = upload(api, "staff_a", "t03_insp_nongcun_gonglu")
    first = upload(api, "staff_a", "t03_rect_nongcun_gonglu")
    before = by_point(statuses(api, insp))
    mark = last_event_id(api)
    second = upload(api, "staff_a", "t03_rect2_nongcun_gonglu")  # the 回头看 report, a year later

    after = statuses(api, insp)
    points, considered = ledger(api, insp)
    assert by_point(after) == points and considered == after["rectification_ids"] == [first, second]
    changed = {k for k in points if points[k] != before[k]}
    assert changed  # the second report moved some points on
    events = status_events(api, after=mark)
    assert {e["data"]["item_id"]: (e["data"]["old"], e["data"]["new"]) for e in events} == \
        {k: (before[k], points[k]) for k in changed}
    assert len(events) == len(changed) and all(e["data"]["rectification_id"] == second for e in events)


def test_a_person_correcting_the_pairing_reruns_tracking_on_both_inspections(api):
    insp = upload(api, "staff_a", "t03_insp_nongcun_gonglu")
    other = upload(api, "staff_a", "t01_insp_xiaofang")
    upload(api, "staff_a", "t03_rect_nongcun_gonglu")
    only_first = by_point(statuses(api, insp))
    second = upload(api, "staff_a", "t03_rect2_nongcun_gonglu")
    both = by_point(statuses(api, insp))
    assert both != only_first
    mark = last_event_id(api)

    # a person says the second report answers the other inspection
    r = api.patch(f"/api/documents/{second}", json={"answers_id": int(other)}, headers=auth(api, "staff_a"))
    assert r.status_code == 200 and r.json()["answers_set_by"] == "person" and r.json()["warnings"] == []
    assert by_point(statuses(api, insp)) == only_first == ledger(api, insp)[0]  # back to the first report alone
    moved = statuses(api, other)
    assert moved["rectification_ids"] == [second] and by_point(moved) == ledger(api, other)[0]

    events = status_events(api, after=mark)
    assert all(e["data"]["by"] == "person" and e["data"]["rectification_id"] == second for e in events)
    on_insp = {e["data"]["item_id"]: (e["data"]["old"], e["data"]["new"]) for e in events if e["document_id"] == insp}
    assert on_insp == {k: (both[k], only_first[k]) for k in both if both[k] != only_first[k]}
    on_other = {e["data"]["item_id"]: (e["data"]["old"], e["data"]["new"]) for e in events if e["document_id"] == other}
    assert on_other == {k: (None, v) for k, v in by_point(moved).items()}

    # and undoes it: the inspection it leaves has nothing answering it any more
    mark = last_event_id(api)
    r = api.patch(f"/api/documents/{second}", json={"answers_id": int(insp)}, headers=auth(api, "staff_a"))
    assert r.status_code == 200
    assert by_point(statuses(api, insp)) == both and statuses(api, other)["statuses"] == []
    cleared = [e for e in status_events(api, after=mark) if e["document_id"] == other]
    assert {e["data"]["item_id"] for e in cleared} == set(by_point(moved)) and all(e["data"]["new"] is None for e in cleared)


def test_deleting_a_rectification_report_recomputes_the_statuses(api):
    insp = upload(api, "staff_a", "t03_insp_nongcun_gonglu")
    first = upload(api, "staff_a", "t03_rect_nongcun_gonglu")
    only_first = by_point(statuses(api, insp))
    second = upload(api, "staff_a", "t03_rect2_nongcun_gonglu")
    assert api.delete(f"/api/documents/{second}", headers=auth(api, "staff_a")).status_code == 204
    after = statuses(api, insp)
    assert by_point(after) == only_first and after["rectification_ids"] == [first]
    assert api.delete(f"/api/documents/{first}", headers=auth(api, "staff_a")).status_code == 204
    assert statuses(api, insp)["statuses"] == []
    # and the inspection's own deletion takes its statuses with it
    upload(api, "staff_a", "t03_rect_nongcun_gonglu")
    assert statuses(api, insp)["statuses"]
    assert api.delete(f"/api/documents/{insp}", headers=auth(api, "staff_a")).status_code == 204
    from sqlalchemy import func, select

    from service.models import PointStatus

    with api.store.read() as s:
        assert s.scalar(select(func.count()).select_from(PointStatus)) == 0


def test_a_promise_past_its_date_is_warned_and_one_still_ahead_is_not(api):
    insp = upload(api, "staff_a", "t01_insp_xiaofang", due="2030-01-01")  # the answer itself is not late
    rect = upload(api, "staff_a", "t01_rect_xiaofang")

    late = promise_warnings(api, "2025-01-15")
    assert sorted(w["item_id"] for w in late) == ["P3", "R3"]  # the two points answered by 力争2024年底前……
    for w in late:
        assert w["document_id"] == insp and w["office"] == A and w["title"] and w["document_title"]
        assert w["promised_by"] == "2024-12-31" and w["days_overdue"] == 15
        assert w["promise_text"] == "力争2024年底前完成首批120个小区改造"
        assert any("力争2024年底前" in e["text"] for e in w["evidence"]) and w["rectification_ids"] == [rect]
    assert promise_warnings(api, "2024-12-31") == []  # the promised day itself is not late yet
    assert promise_warnings(api, "2024-06-30") == []
    only = api.get("/api/warnings", params={"as_of": "2025-01-15", "kind": "promise_overdue"},
                   headers=auth(api, "viewer_a")).json()["warnings"]
    assert {w["kind"] for w in only} == {"promise_overdue"} and len(only) == 2
    assert api.get("/api/warnings", params={"as_of": "2025-01-15", "kind": "answer_overdue"},
                   headers=auth(api, "viewer_a")).json()["warnings"] == []


def test_a_point_no_longer_in_progress_is_no_longer_warned(api):
    insp = upload(api, "staff_a", "t03_insp_nongcun_gonglu")
    upload(api, "staff_a", "t03_rect_nongcun_gonglu")
    second = upload(api, "staff_a", "t03_rect2_nongcun_gonglu")
    warned = promise_warnings(api, "2025-01-15")
    assert [(w["document_id"], w["item_id"], w["promised_by"]) for w in warned] == [(insp, "P4", "2024-12-31")]
    api.patch(f"/api/documents/{second}", json={"answers_id": None}, headers=auth(api, "staff_a"))
    assert all(w["item_id"] != "P4" for w in promise_warnings(api, "2025-01-15"))


def test_another_office_sees_neither_the_statuses_nor_their_warnings(api):
    insp = upload(api, "staff_a", "t01_insp_xiaofang")
    upload(api, "staff_a", "t01_rect_xiaofang")
    assert len(promise_warnings(api, "2025-01-15", "viewer_a")) == 2
    assert len(promise_warnings(api, "2025-01-15", "admin")) == 2
    assert promise_warnings(api, "2025-01-15", "viewer_b") == []
    assert promise_warnings(api, "2025-01-15", "staff_b") == []
    for who in ("viewer_b", "staff_b"):
        r = api.get(f"/api/documents/{insp}/statuses", headers=auth(api, who))
        assert r.status_code == 404  # as if it did not exist
        assert status_events(api, who=who) == []
    assert api.get(f"/api/documents/{insp}/statuses", headers=auth(api, "point")).status_code == 403
    assert api.get("/api/warnings", headers=auth(api, "point")).status_code == 403
    assert api.get(f"/api/documents/{insp}/statuses").status_code == 401


def test_a_tracking_failure_never_fails_the_ingestion_job(api, monkeypatch):
    from service import library

    insp = upload(api, "staff_a", "t01_insp_xiaofang")

    def broken(*_a, **_k):
        raise RuntimeError("tracking model missing")

    monkeypatch.setattr(library, "tracking", broken)
    rect = upload(api, "staff_a", "t01_rect_xiaofang")  # asserts the job is done
    doc = api.get(f"/api/documents/{rect}", headers=auth(api, "staff_a")).json()
    assert doc["state"] == "ready" and doc["answers_id"] == insp  # read and paired all the same
    assert any(w.startswith("tracking: ") and "tracking model missing" in w for w in doc["warnings"])
    assert statuses(api, insp)["statuses"] == [] and status_events(api) == []

    monkeypatch.undo()  # repaired: reading the report again brings the statuses and clears the note
    assert api.post(f"/api/documents/{rect}/reprocess", headers=auth(api, "staff_a")).status_code == 202
    from service.jobs import run_one

    assert run_one(api.store, "test-worker", isolate=False) == "done"
    doc = api.get(f"/api/documents/{rect}", headers=auth(api, "staff_a")).json()
    assert not any(w.startswith("tracking: ") for w in doc["warnings"])
    assert len(statuses(api, insp)["statuses"]) == 10


def test_status_changes_reach_the_webhook(settings, tmp_path):
    import http.server
    import json
    import threading

    from service import webhook

    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a):  # noqa: ANN002
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = Store.open(settings.with_(webhook_url=f"http://127.0.0.1:{server.server_port}/hook"))
    try:
        insp, state = ingest_now(store, corpus_file(tmp_path, "t01_insp_xiaofang"), office=A)
        assert state == "done"
        assert ingest_now(store, corpus_file(tmp_path, "t01_rect_xiaofang"), office=A)[1] == "done"
        while webhook.deliver_once(store, batch=100):
            pass
        kinds = [e["kind"] for body in received for e in body["events"]]
        assert kinds.count("tracking.paired") == 1 and kinds.count("tracking.status") == 10
        sent = next(e for body in received for e in body["events"] if e["kind"] == "tracking.status")
        assert sent["document_id"] == str(insp) and {"item_id", "old", "new", "rectification_id"} <= set(sent["data"])
    finally:
        server.shutdown()
        store.dispose()


# ------------------------------------------------------------------ schema

def test_the_point_statuses_migration_goes_down_and_up_again(store):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from service.db import MIGRATIONS

    def alembic(step, target):
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, target)
            conn.commit()

    try:
        alembic(command.downgrade, "0003")
        assert "point_statuses" not in inspect(store.engine).get_table_names()
    finally:
        alembic(command.upgrade, "head")
    insp = inspect(store.engine)
    assert "point_statuses" in insp.get_table_names()
    uniques = [set(u["column_names"]) for u in insp.get_unique_constraints("point_statuses")]
    assert {"inspection_id", "item_key"} in uniques
    fks = insp.get_foreign_keys("point_statuses")
    assert fks[0]["referred_table"] == "documents" and fks[0]["options"].get("ondelete") == "CASCADE"
