"""The web pages in a real browser (Debian's headless Chromium driven by Playwright): what a
member of staff does in a day, and what a 基层立法联系点 may not see.

Scenarios, in order on one signed-in browser: sign in; upload an inspection report (and two
files that must be refused, with the reason shown); read its items and correct one; pair it with
its rectification report and read and export the ledger; search and open a hit; the themes
chart. Then a contact point, in a fresh browser, sees its own draft with the comments mapped to
articles and cannot open the other point's draft. A screenshot of every page goes to
test-artifacts/screenshots/.

Skipped (with the reason) where /usr/bin/chromium or the playwright package is missing:
`tests/browser_setup.sh` installs the browser; the package comes with the `test` extra.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from tests import web_support as ws

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: run tests/browser_setup.sh (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from fastapi.testclient import TestClient

    e = ws.build(tmp_path_factory.mktemp("web-data"))
    ws.seed(e, TestClient(e.app), reports=False)
    return e


@pytest.fixture(scope="module")
def base_url(env):
    with ws.serve(env.app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def new_page(browser, base_url):
    ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="zh-CN",
                              accept_downloads=True)
    ctx.set_default_timeout(30_000)
    return ctx.new_page()


@pytest.fixture(scope="module")
def staff(browser, base_url):
    page = new_page(browser, base_url)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, token: str) -> None:
    page.goto("/")
    page.wait_for_url("**/login**")
    page.fill("#token", token)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("nav.main")


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("nav.main a").all_inner_texts()]


# ------------------------------------------------------------------ staff


def test_a_wrong_token_is_refused_and_staff_sign_in_shows_their_navigation(staff, env):
    staff.goto("/login")
    staff.fill("#token", "jd_not-a-token")
    staff.click("#login-form button[type=submit]")
    sync_api.expect(staff.locator("#login-msg")).to_contain_text("令牌无效")
    shot(staff, "01_login")
    sign_in(staff, env.tokens["staff"])
    assert nav_labels(staff) == ["首页", "上传", "文档", "整改跟踪", "主题", "立法意见", "检索"]
    sync_api.expect(staff.locator("header .who")).to_contain_text("张科员")
    shot(staff, "02_home")


def test_uploading_several_files_shows_progress_the_result_and_refusals(staff):
    staff.goto("/upload")
    # one real report through the file chooser …
    staff.set_input_files("#files", str(ws.INSPECTION))
    # … and two bad files dropped on the drop zone: a legacy .doc (refused before sending) and a
    # .txt that is binary (accepted, then refused by the reader with its reason)
    garbage = base64.b64encode(bytes(range(256)) * 8).decode()
    staff.evaluate("""([bin]) => {
        const dt = new DataTransfer();
        dt.items.add(new File(["旧格式"], "旧稿.doc", {type: "application/msword"}));
        const raw = Uint8Array.from(atob(bin), c => c.charCodeAt(0));
        dt.items.add(new File([raw], "扫描件.txt", {type: "text/plain"}));
        const zone = document.getElementById("drop");
        for (const t of ["dragenter", "drop"]) zone.dispatchEvent(new DragEvent(t, {dataTransfer: dt, bubbles: true}));
    }""", [garbage])
    rows = staff.locator("#queue li")
    sync_api.expect(rows).to_have_count(3)
    first = rows.first  # the report: wait until it is read (done) or refused (failed)
    staff.wait_for_function("el => /\\b(done|failed)\\b/.test(el.className)", arg=first.element_handle(),
                            timeout=90_000)
    done = staff.locator("#queue li.done")
    assert done.count() == 1, first.inner_text()
    sync_api.expect(done).to_contain_text("识别出")
    sync_api.expect(staff.locator("#queue li.failed")).to_have_count(2, timeout=30_000)
    refused = staff.locator("#queue li.failed").all_inner_texts()
    assert any("旧稿.doc" in t and "不支持的文件类型" in t for t in refused)
    assert any("扫描件.txt" in t and "未能接收" in t for t in refused)
    assert done.locator("progress").get_attribute("value") == "100"
    shot(staff, "03_upload")
    done.locator("a", has_text="查看文档").click()
    staff.wait_for_selector("article.doc")


def test_the_report_shows_its_structure_with_problems_and_recommendations_marked(staff):
    assert staff.locator("article.doc .doc-h").count() >= 2  # headings of the structure
    problems = staff.locator("article.doc .item-head .badge-problem")
    recs = staff.locator("article.doc .item-head .badge-recommendation")
    assert problems.count() >= 1 and recs.count() >= 1
    sync_api.expect(staff.locator("dl.facts")).to_contain_text("执法检查/审议意见")
    shot(staff, "04_document")


def test_a_correction_of_type_and_theme_is_saved_and_kept(staff):
    form = staff.locator("form.item-edit").first
    item_id = form.get_attribute("data-item")
    old_type = form.locator("select[name=type]").input_value()
    new_type = "recommendation" if old_type == "problem" else "problem"
    form.locator("select[name=type]").select_option(new_type)
    form.locator("input[name=theme]").fill("执法队伍建设")
    form.locator("button").click()
    sync_api.expect(form.locator(".save-msg")).to_have_text("已保存")
    staff.reload()
    form = staff.locator(f"form.item-edit[data-item='{item_id}']")
    assert form.locator("select[name=type]").input_value() == new_type
    assert form.locator("input[name=theme]").input_value() == "执法队伍建设"
    head = staff.locator(f"#item-{item_id}")
    sync_api.expect(head).to_contain_text("已更正")
    sync_api.expect(head).to_contain_text("主题：执法队伍建设")
    shot(staff, "05_corrected")
    # put the type back so the ledger below tracks the report as written
    form.locator("select[name=type]").select_option(old_type)
    form.locator("button").click()
    sync_api.expect(form.locator(".save-msg")).to_have_text("已保存")


def test_documents_list_filters_by_kind(staff):
    staff.goto("/documents")
    table = staff.locator("#doc-table")
    for path in (ws.INSPECTION, ws.RECTIFICATION, ws.OTHER_REPORT):
        sync_api.expect(table).to_contain_text(path.name)
    # staff see only 监督处's documents: the drafts filed under the contact points are not listed
    assert ws.DRAFT_A.name not in table.inner_text() and ws.DRAFT_B.name not in table.inner_text()
    staff.select_option("select[name=kind]", "rectification_report")
    staff.click("form.filters button[type=submit]")
    sync_api.expect(staff.locator("#doc-table tbody tr")).to_have_count(1)
    sync_api.expect(staff.locator("#doc-table")).to_contain_text("整改情况报告")
    shot(staff, "06_documents")


def test_tracking_pair_gives_a_coloured_ledger_filtered_by_status_and_exported(staff):
    staff.goto("/tracking")
    staff.select_option("#inspection", label=staff.locator("#inspection option").nth(1).inner_text())
    # the page proposes the rectification report answering the chosen inspection
    assert staff.locator("#rectification").evaluate("s => [...s.selectedOptions].map(o => o.text)") == \
        [staff.locator("#rectification option").first.inner_text()]
    staff.click("#pair-form button[type=submit]")
    rows = staff.locator("#ledger tbody tr.pt")
    rows.first.wait_for()
    n = rows.count()
    assert n >= 5
    statuses = set(staff.locator("#ledger tbody tr.pt").evaluate_all("rs => rs.map(r => r.dataset.status)"))
    assert statuses <= {"resolved", "in_progress", "not_addressed"} and len(statuses) >= 2
    # the colours of the status labels: resolved green, in progress amber, not addressed red
    colours = staff.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#ledger .status')]
        .map(e => [e.className.split('status-')[1], getComputedStyle(e).backgroundColor]))""")
    if "resolved" in colours:
        r, g, b = [int(x) for x in colours["resolved"][4:-1].split(",")]
        assert g > r and g > b
    if "not_addressed" in colours:
        r, g, b = [int(x) for x in colours["not_addressed"][4:-1].split(",")]
        assert r > g and r > b
    if "in_progress" in colours:
        r, g, b = [int(x) for x in colours["in_progress"][4:-1].split(",")]
        assert r > b and g > b
    # evidence is quoted from the rectification report
    assert staff.locator("#ledger td.ev blockquote").count() >= 1
    shot(staff, "07_tracking")
    wanted = sorted(statuses)[0]
    staff.click(f".status-filter .chip[data-status='{wanted}']")
    visible = staff.locator("#ledger tbody tr.pt:not([hidden])")
    assert 1 <= visible.count() < n
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.status)")) == {wanted}
    with staff.expect_download() as dl:
        staff.click("#export-xlsx")
    path = dl.value.path()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(Path(path).read_bytes()))
    ws_ = wb.active
    header = next(i for i, row in enumerate(ws_.iter_rows(values_only=True), 1) if row and row[0] == "序号")
    data_rows = [r for r in ws_.iter_rows(min_row=header + 1, values_only=True) if r[0] is not None]
    assert len(data_rows) == n
    assert {r[4] for r in data_rows} <= {"已整改", "整改中", "未回应"}
    assert dl.value.suggested_filename.endswith(".xlsx")


def test_search_highlights_hits_and_opens_the_document_at_the_item(staff):
    staff.goto("/search")
    staff.fill("#q", "消防")
    staff.click("#search-form button[type=submit]")
    hits = staff.locator("#hits li.hit")
    hits.first.wait_for()
    assert staff.locator("#hits mark").count() >= 1
    assert "消防" in staff.locator("#hits mark").first.inner_text()
    shot(staff, "08_search")
    link = staff.locator("#hits li.hit a.h-doc[href*='#item-']").first
    href = link.get_attribute("href")
    link.click()
    staff.wait_for_selector("article.doc")
    anchor = href.split("#", 1)[1]
    sync_api.expect(staff.locator(f"#{anchor}")).to_be_visible()
    shot(staff, "09_search_hit")


def test_themes_page_draws_counts_per_theme_in_a_chart(staff):
    staff.goto("/themes")
    staff.wait_for_selector("#theme-chart")
    assert staff.locator("#theme-chart rect").count() >= 2
    assert staff.locator("#theme-table tbody tr").count() >= 2
    sync_api.expect(staff.locator("#theme-table")).to_contain_text("执法队伍建设")  # the corrected theme
    shot(staff, "10_themes")


def test_staff_see_their_office_drafts_only(staff):
    staff.goto("/drafts")
    sync_api.expect(staff.locator("main")).to_contain_text("还没有法规草案")


# ------------------------------------------------------------------ contact point


def test_a_contact_point_sees_its_own_draft_with_comments_and_not_another_points(browser, base_url, env):
    page = new_page(browser, base_url)
    try:
        sign_in(page, env.tokens[f"cp_{ws.POINT_A}"])
        assert nav_labels(page) == ["立法意见"]
        page.goto("/drafts")
        rows = page.locator("#draft-table tbody tr")
        sync_api.expect(rows).to_have_count(1)
        sync_api.expect(rows).to_contain_text("志愿服务")
        shot(page, "11_drafts")
        rows.locator("a").first.click()
        page.wait_for_selector("#article-table")
        counted = page.locator("#article-table tr.has td.num a")
        assert counted.count() >= 1
        counted.first.click()
        page.wait_for_selector("#comments .comment")
        sync_api.expect(page.locator("#comments h2")).to_contain_text("的意见")
        shot(page, "12_draft")
        with page.expect_download() as dl:
            page.click("#export-summary-xlsx")
        assert dl.value.suggested_filename.startswith("意见汇总表")
        # the other point's draft: not listed, and its address answers "not found"
        resp = page.goto(f"/drafts/{env.ids['draft_b']}")
        assert resp.status == 404
        sync_api.expect(page.locator("main h1")).to_have_text("没有找到该草案")
        shot(page, "13_other_point_draft")
        resp = page.goto("/documents")
        assert resp.status == 403
        api = page.request.get(f"/web-api/drafts/{env.ids['draft_b']}")
        assert api.status == 404
    finally:
        page.context.close()
