"""Rectification tracking (`jiandu track`), one situation of issue 4 per test.

Each test reads a real inspection / rectification pair from corpus/ (rendered .docx read by the
real reader); the inspection's points come from the gold annotation so the tests speak about
tracking, not extraction. The CLI tests run the whole program, extraction included.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers.tracking import cues, track, track_report
from classifiers.tracking.align import point_query
from classifiers.tracking.parts import split_parts
from corpus import tracking_data as data
from extractors.model import Block, Document

ROOT = Path(__file__).resolve().parent.parent


def run_pair(inspection: str, *rects: str):
    """Tracked points of one pair, by id."""
    points = track(data.inspection_items(inspection), [data.document(r) for r in rects], names=list(rects))
    return {p.id: p for p in points}


def gold_point(inspection: str, pid: str) -> dict:
    pair = next(p for p in data.pairs() if p["inspection"] == inspection)
    return pair["points"][pid]


def top_evidence_matches(point, gold: dict) -> bool:
    top = point.evidence[0].text
    return any(g in top or top in g for g in gold["evidence"])


# --- alignment -------------------------------------------------------------------------------
def test_paraphrased_point_is_found_by_its_meaning_not_its_words():
    # inspection: "基层消防监督执法力量薄弱"; report: "针对基层消防监督力量不够的问题……"
    points = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")
    p1 = points["P1"]
    assert p1.status == "in_progress"
    assert "消防监督力量不够" in p1.evidence[0].text
    assert "执法力量薄弱" not in data.document("t01_rect_xiaofang").text


def test_reordered_report_still_pairs_each_point_with_its_own_measure():
    # the report answers 消火栓 (P2) first and 执法力量 (P1) third
    doc = data.document("t01_rect_xiaofang")
    points = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")
    pos = {pid: doc.text.index(points[pid].evidence[0].text) for pid in ("P1", "P2", "P3")}
    assert pos["P2"] < pos["P3"] < pos["P1"]
    for pid in ("P1", "P2", "P3", "R5"):
        assert top_evidence_matches(points[pid], gold_point("t01_insp_xiaofang", pid)), pid


def test_one_measure_covering_two_points_answers_both():
    # "针对劳动监察和仲裁力量不足、办案效率不高的问题" answers P2 (监察力量) and P3 (仲裁效率)
    points = run_pair("t09_insp_laodong", "t09_rect_laodong")
    assert points["P2"].status == points["P3"].status == "resolved"
    for pid in ("P2", "P3"):
        assert top_evidence_matches(points[pid], gold_point("t09_insp_laodong", pid)), pid
    assert "监察员" in points["P2"].evidence[0].text or "监察" in points["P2"].evidence[0].text
    assert "仲裁" in points["P3"].evidence[0].text


def test_one_point_answered_in_two_places_collects_both():
    # 非农化 is answered in section 一 (done), 非粮化 in section 二 (still going)
    points = run_pair("t10_insp_gengdi", "t10_rect_gengdi")
    p1 = points["P1"]
    texts = " ".join(e.text for e in p1.evidence)
    assert "违法占用耕地" in texts and "苗木、草皮" in texts
    assert p1.status == "in_progress"


# --- addressed or not ------------------------------------------------------------------------
def test_generic_boilerplate_never_addresses_a_point():
    # the only sentence near 乡镇消防经费 is "对审议意见中提出的其他问题，市政府将认真研究，逐步加以解决"
    points = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")
    assert points["P5"].status == "not_addressed"
    assert points["P5"].evidence == []
    assert cues.is_generic("对审议意见高度重视，逐条研究落实")
    assert not cues.is_generic("全年新建市政消火栓436个，缺口已全部补齐")
    # 整改进度 is no 改进 of attitude, and systems joined up are work done
    joined = "平台已与市财政局预算管理一体化系统完成对接，常委会可以随时查看每个问题的整改进度"
    assert not cues.is_generic(joined) and cues.done_hits(joined)


def test_the_restated_problem_of_a_triplet_is_context_not_evidence():
    # 问题：/措施：/成效： — in one paragraph or one field per paragraph, only the answer is evidence
    from classifiers.tracking.passages import sentences
    doc = Document(source="triplets.txt", format="txt", kind="rectification_report", blocks=[
        Block("paragraph", "1.问题：采购和索证索票不规范。措施：县教育局对全县学校食堂开展采购台账检查，整改问题12个。"),
        Block("paragraph", "问题：老城区供水管道老旧、漏水多；再生水送不到用水大户。"),
        Block("paragraph", "措施：更换老旧管道96公里，漏损率由14.6%降到12.1%。"),
    ])
    texts = [s.text for s in sentences(doc)]
    assert not any(t.startswith("问题") or "漏水多" in t for t in texts)
    assert any("整改问题12个" in t for t in texts) and any("96公里" in t for t in texts)
    by_text = {s.text: s for s in sentences(doc)}
    assert "漏水多" in next(s.heading for t, s in by_text.items() if "96公里" in t)


def test_the_problem_column_of_a_ledger_is_context_not_evidence():
    # 序号 | 审议意见 | 整改措施 | 完成情况: the restated opinion names the point best and answers nothing
    from classifiers.tracking.passages import sentences
    header = ["序号", "审议意见", "整改措施", "完成情况"]
    row = ["5", "零工人员“站街”等活，多数县（区）没有固定零工服务场所", "缓办", "老城区零工市场选址涉及规划调整"]
    doc = Document(source="ledger.txt", format="txt", kind="rectification_report", blocks=[
        Block("table_row", " | ".join(header), cells=header), Block("table_row", " | ".join(row), cells=row)])
    (only,) = sentences(doc)
    assert "站街" not in only.text and "站街" in only.cue and only.text.startswith("缓办")


def test_a_section_that_files_its_points_as_unfinished_caps_them_at_in_progress():
    # "二、未达预期的事项": figures alone read as done, the report's own filing says otherwise
    items = [{"id": "P1", "type": "problem", "title": "农机安全监管薄弱", "text": "农机安全监管薄弱，拖拉机年检率低。"}]
    blocks = [Block("heading", "二、未达预期的事项", level=1),
              Block("paragraph", "安全监管方面，拖拉机年度检验率由81%提高到90%，农机道路交通事故起数下降三成。")]
    doc = Document(source="answer.txt", format="txt", kind="rectification_report", blocks=blocks)
    (p1,) = track_report([point_query(i) for i in items], doc)
    assert p1.status == "in_progress"
    assert cues.open_section("一、前期未完成事项的落实情况") is None
    assert cues.open_section("二、没有兑现的承诺") == "没有兑现的承诺"


def test_the_account_of_how_the_opinions_arrived_answers_no_point():
    # "……会议审议了执法检查组关于……的报告" names every point's subject and none of its measures
    assert cues.is_generic("2025年7月，市十六届人大常委会第二十六次会议审议了市人大常委会执法检查组关于条例实施情况的报告")
    assert not cues.is_generic("收到审议意见后，市政府已投入资金1200万元，新建公厕45座")


def test_a_postponement_is_no_measure_whatever_its_reason():
    # 缓办 with a planning reason, or "……后再行明确", answers nothing yet
    assert cues.is_generic("老城区零工市场拟选址地块涉及国土空间规划用途调整，在新一轮详细规划批复前尚不具备动工的前提")
    assert cues.is_generic("校外培训监管执法力量的配备，市政府会商机构编制部门后再行明确")
    assert cues.is_generic("因受规划条件制约，按程序申请缓办")
    # a remainder with its figures is progress, not a postponement
    assert not cues.is_generic("19个停车场已建成16个，其余3个还不具备动工条件")


def test_a_definition_with_a_stance_is_no_measure():
    # praise of the subject plus attitude, whatever nouns it contains (招标投标 looks like an action)
    assert cues.is_generic("投诉举报是发现招标投标违法行为的重要窗口，市政府一直对此十分关注，要求各行政监督部门切实增强服务意识")
    assert cues.is_generic("社区工作经费是社区正常运转的基础，市政府对此一直十分关心，也充分理解基层的难处")
    assert cues.is_generic("农经队伍是落实农村土地承包法律制度的骨干力量")
    # a definition followed by a measure is a measure
    assert not cues.is_generic("执法队伍是关键，今年新招录执法人员32名")
    assert not cues.is_generic("这是全市首个建成的智慧消防平台")


def test_absence_of_evidence_is_never_resolved():
    doc = Document(source="boilerplate.txt", format="txt", kind="rectification_report", blocks=[
        Block("paragraph", "市政府对审议意见高度重视，逐条研究落实，召开专题会议进行部署。"),
        Block("paragraph", "下一步，我们将进一步提高政治站位，切实把审议意见落到实处，推动工作再上新台阶。"),
    ])
    items = data.inspection_items("t01_insp_xiaofang")
    verdicts = track_report([point_query(i) for i in items], doc)
    assert {v.status for v in verdicts} == {"not_addressed"}
    assert all(not v.evidence for v in verdicts)


# --- resolved or in progress -----------------------------------------------------------------
def test_completed_measures_with_figures_are_resolved():
    points = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")
    assert points["P2"].status == "resolved"   # 缺口已全部补齐，完好率提升至98.6%
    assert points["R5"].status == "resolved"   # 平台一期已建成并投入运行


def test_plan_dressed_as_completion_is_in_progress():
    # "市政府已制定……三年行动方案……下一步将……力争2024年底前完成" — only the paperwork is done
    points = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")
    assert points["P3"].status == "in_progress"
    assert points["R3"].status == "in_progress"
    assert cues.prep_hits("市政府已制定《高层建筑消防安全综合治理三年行动方案》") >= 1


def test_finished_work_with_a_remainder_elsewhere_is_in_progress():
    # three finished sentences do not outvote "剩下的58套……列入2026年计划": the least finished place decides
    from classifiers.tracking import decide
    done = ["借助中央山洪灾害防治项目资金，在西部山区新建区域自动气象站32个，已全部投入运行",
            "对98套超期运行的区域自动站，今年先行更换了其中故障率最高的40套，更换后站点到报率达到99%"]
    assert decide.status_of(done)[0] == "resolved"
    assert decide.status_of(done + ["剩下的58套已报请省气象局列入2026年装备更新计划"])[0] == "in_progress"
    assert decide.status_of(done + ["目前项目正在履行政府采购程序，有望在明年二季度末建成"])[0] == "in_progress"


def test_a_demand_the_report_never_names_leaves_the_recommendation_unanswered():
    # the digitisation plan is answered in full; 电子公文 / 单套制归档, asked in the same breath, never appear
    items = [{"id": "R1", "type": "recommendation", "title": "加快推进档案数字化转型",
              "text": "加快推进档案数字化转型，制定馆藏档案数字化计划，优先完成民生档案数字化；"
                      "推进电子公文系统与数字档案系统对接，在有条件的单位开展电子文件单套制归档试点。"},
             {"id": "R2", "type": "recommendation", "title": "加强档案安全保护",
              "text": "加强档案安全保护，改善库房温湿度控制和消防条件。"}]
    doc = Document(source="answer.txt", format="txt", kind="rectification_report", blocks=[
        Block("paragraph", "县档案馆制定了馆藏档案数字化三年计划，县财政安排经费120万元，婚姻、土地承包等民生档案"
                           "已全部完成扫描，馆藏数字化率由31%提高到100%。"),
        Block("paragraph", "档案库房新装恒温恒湿设备4台，消防设施已全部更新。"),
    ])
    r1, r2 = track_report([point_query(i) for i in items], doc)
    assert r1.status == "not_addressed" and "evasive" in r1.flags
    assert [p["status"] for p in r1.parts] == ["resolved", "not_addressed"]
    assert r2.status == "resolved" and not r2.parts


# --- dodges ----------------------------------------------------------------------------------
def test_training_reported_for_a_staff_shortage_is_a_dodge():
    # 避重就轻: a finished, well-aligned training course answers 人手不足 or 查处不力 not at all
    from classifiers.tracking.tracker import soft_substitute
    course = ["组织乡镇监管人员参加业务培训，举办专题培训2期、培训92人次，现已全部结业返岗"]
    assert soft_substitute("基层药品监管人员数量不足", course)
    assert soft_substitute("对滥用标志的行为查处不力", ["印制宣传折页1.5万份，向137家药店发放了规范使用提示书"])
    # training is the answer where skills were the problem, and is no dodge beside real work
    assert not soft_substitute("基层监管人员业务能力不强", course)
    assert not soft_substitute("基层药品监管人员数量不足", course + ["今年公开招聘监管人员12名，均已到岗"])
    assert not soft_substitute("网络消费维权难", ["今年以来又查处虚假宣传案件31起"])


def test_the_core_of_a_point_is_what_falls_short_not_how():
    # 落后 in "监测手段落后" says how the monitoring falls short; a new monitoring project answers it
    from classifiers.concepts import concept_names, core_concepts
    from classifiers.tracking.tracker import core_overlap
    assert concept_names(core_concepts("基层执法人员数量不足")) == ["staff"]
    assert concept_names(core_concepts("设施设备老化")) == ["facility"]
    assert core_overlap("草原和沙化土地监测手段落后",
                        ["县里申报的草原生态监测项目已完成立项批复，建成后将新增固定监测点"]) == 1.0
    assert core_overlap("基层药品监管人员数量不足", ["印制宣传折页1.5万份"]) == 0.0


def test_answer_that_talks_around_the_point_is_flagged_evasive():
    # 答非所问: "关于政策宣传的问题，……高度重视……进一步提高思想认识……"
    points = run_pair("t02_insp_jiceng_yiliao", "t02_rect_jiceng_yiliao")
    assert points["P5"].status == "not_addressed"
    assert "evasive" in points["P5"].flags
    assert "evasive" not in points["P2"].flags


def test_easy_half_fixed_core_skipped_is_flagged_and_not_resolved():
    # 避重就轻: 宣传 was done, 社会单位主体责任 was not mentioned
    p4 = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")["P4"]
    assert p4.status == "not_addressed"
    assert "evasive" in p4.flags


# --- compound points -------------------------------------------------------------------------
def test_compound_point_gets_a_verdict_per_part_and_the_least_advanced_status():
    assert split_parts("乡村医生队伍年龄老化、学历偏低。") == ["乡村医生队伍年龄老化", "学历偏低"]
    assert split_parts("卫健、民政、医保部门政策衔接不够。") == []
    p4 = run_pair("t01_insp_xiaofang", "t01_rect_xiaofang")["P4"]
    by_text = {p["text"]: p["status"] for p in p4.parts}
    assert by_text == {"社会单位消防安全主体责任落实不到位": "not_addressed", "群众消防安全意识不强": "resolved"}
    p1 = run_pair("t02_insp_jiceng_yiliao", "t02_rect_jiceng_yiliao")["P1"]
    assert len(p1.parts) == 2
    order = ["not_addressed", "in_progress", "resolved"]
    assert p1.status == min((p["status"] for p in p1.parts), key=order.index) == "in_progress"


def test_lists_and_prepositional_phrases_are_not_cut_into_parts():
    # "老城区和医院、学校周边" lists places; "对非法开垦、违法占用草原的查处" is one object of 对
    assert split_parts("停车设施供给总量不足，老城区和医院、学校周边“一位难求”。") == [
        "停车设施供给总量不足", "老城区和医院、学校周边“一位难求”"]
    assert split_parts("对非法开垦、违法占用草原的查处失之于宽") == []
    assert split_parts("经费不足、人员短缺") == ["经费不足", "人员短缺"]
    assert split_parts("重账面整改、轻建章立制。") == []   # one complaint: what was neglected


def test_a_part_is_named_by_its_nouns_not_by_how_the_shortfall_is_phrased():
    # "作用发挥不充分" says how the 管护员 fall short; a report naming the 管护员 speaks to the part
    from classifiers.tracking.align import tokenize
    from classifiers.tracking.parts import topic_units
    assert topic_units(tokenize("管护员队伍作用发挥不充分")) == {"管护", "人员"}


def test_a_clause_of_two_topic_words_is_too_thin_to_be_called_skipped():
    # "数据难以互通" is answered as 对账 / 上线 in other words: two topic units prove no skipped half
    items = [{"id": "P1", "type": "problem", "title": "资产管理信息系统功能单一，数据难以互通。",
              "text": "资产管理信息系统功能单一，数据难以互通。各单位的资产卡片与财务账套分别维护。"}]
    doc = Document(source="answer.txt", format="txt", kind="rectification_report", blocks=[
        Block("paragraph", "资产管理信息系统已完成升级改造，新增配置、处置、出租出借等7个功能模块，"
                           "资产卡片与财务账套实现自动对账，今年3月起在全市142家单位上线运行。"),
    ])
    (p1,) = track_report([point_query(i) for i in items], doc)
    assert p1.status == "resolved" and "evasive" not in p1.flags


# --- follow-up over time ---------------------------------------------------------------------
def test_history_over_two_reports_keeps_each_verdict_and_the_latest_status():
    points = run_pair("t03_insp_nongcun_gonglu", "t03_rect_nongcun_gonglu", "t03_rect2_nongcun_gonglu")
    p2 = points["P2"]  # 危桥: plan in the first answer, finished in the 回头看
    assert [h["status"] for h in p2.history] == ["in_progress", "resolved"]
    assert [h["rectification"] for h in p2.history] == ["t03_rect_nongcun_gonglu", "t03_rect2_nongcun_gonglu"]
    assert p2.status == "resolved" and "57座危桥已全部完成改造" in p2.evidence[0].text
    p4 = points["P4"]  # skipped first, begun later
    assert [h["status"] for h in p4.history] == ["not_addressed", "in_progress"] and p4.status == "in_progress"
    p3 = points["P3"]  # finished first; the 回头看 is silent about it, which does not undo it
    assert [h["status"] for h in p3.history] == ["resolved", "not_addressed"] and p3.status == "resolved"


# --- models ----------------------------------------------------------------------------------
def test_models_are_plain_json_and_never_trained_on_heldout_pairs():
    for name in ("tracking_addressed.json", "tracking_status.json"):
        model = json.loads((ROOT / "classifiers" / "models" / name).read_text(encoding="utf-8"))
        assert "heldout" not in model["meta"]["split"] and model["meta"]["seed"] == 0
        assert len(model["coef"]) == len(model["features"])
    splits = {p["split"] for p in data.pairs()}
    assert {"train", "heldout"} <= splits


# --- the command -----------------------------------------------------------------------------
def _jiandu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_cli_track_json_end_to_end():
    insp, rect = data.document_path("t01_insp_xiaofang"), data.document_path("t01_rect_xiaofang")
    res = _jiandu("track", str(insp), str(rect), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["inspection"] == "t01_insp_xiaofang.docx" and out["rectification"] == "t01_rect_xiaofang.docx"
    ids = [p["id"] for p in out["points"]]
    assert ids == [i["id"] for i in data.inspection_items("t01_insp_xiaofang")]
    for p in out["points"]:
        assert {"id", "type", "text", "status", "evidence", "score", "flags", "parts", "history"} <= p.keys()
        assert p["status"] in ("resolved", "in_progress", "not_addressed")
        assert all({"text", "page"} <= e.keys() for e in p["evidence"])
        assert 0.0 <= p["score"] <= 1.0
    assert "\\u" not in res.stdout


def _jiandu_in_process(capsys, *args: str) -> tuple[int, str, str]:
    """The same dispatcher as the console script, without paying interpreter start-up again."""
    from service.cli import main

    argv = sys.argv[:]
    try:
        code = main(list(args))
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_bad_file_is_reported_in_one_line_with_exit_code_3(tmp_path, capsys):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    code, out, err = _jiandu_in_process(capsys, "track", str(data.document_path("t01_insp_xiaofang")),
                                        str(data.document_path("t01_rect_xiaofang")), str(bad), "--json")
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jiandu: {bad}:")
    assert json.loads(out)["rectifications"] == ["t01_rect_xiaofang.docx"]  # the readable file was still used


def test_xlsx_ledger_reads_back_with_openpyxl(tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    code, stdout, err = _jiandu_in_process(
        capsys, "track", str(data.document_path("t03_insp_nongcun_gonglu")),
        str(data.document_path("t03_rect_nongcun_gonglu")), str(data.document_path("t03_rect2_nongcun_gonglu")),
        "--xlsx", str(out))
    assert code == 0, err
    assert "整改台账" in stdout
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["序号", "问题", "整改情况", "状态", "依据原文", "页码"]
    n_items = len(data.inspection_items("t03_insp_nongcun_gonglu"))
    assert len(rows) == 1 + n_items
    assert [r[0] for r in rows[1:]] == list(range(1, n_items + 1))
    assert {r[3] for r in rows[1:]} <= {"已整改", "整改中", "未回应"}
    danqiao = next(r for r in rows[1:] if "危桥" in r[1])
    assert danqiao[3] == "已整改" and "57座危桥" in danqiao[4]


def test_evidence_from_a_pdf_carries_its_page():
    from extractors import load

    pdf = lambda name: load(data.document_path(name).with_suffix(".pdf"))  # noqa: E731
    rects = [pdf("t03_rect_nongcun_gonglu"), pdf("t03_rect2_nongcun_gonglu")]
    points = track(data.inspection_items("t03_insp_nongcun_gonglu"), rects)
    pages = [e.page for p in points for e in p.evidence]
    assert pages and all(isinstance(n, int) and 1 <= n <= max(d.pages or 1 for d in rects) for n in pages)
    assert points[1].status == "resolved" and "危桥" in points[1].evidence[0].text


# --- a problem and its recommendation ----------------------------------------------------------
def test_the_kth_recommendation_shares_the_verdict_of_the_kth_problem_it_answers():
    """Problems 一…五 and recommendations 一…五 run in parallel; the report answers the subject
    once. When one side of a pair was matched, the other takes its verdict — unless the two speak
    of different subjects, or only a weak match would turn an unanswered partner into resolved."""
    from classifiers.tracking.tracker import Evidence, Verdict, _pair_up

    queries = [point_query({"id": "P1", "type": "problem", "title": "基层执法人员数量不足。", "text": "基层执法人员数量不足。乡镇只有兼职人员。"}),
               point_query({"id": "P2", "type": "problem", "title": "乡镇消防经费保障不足。",
                            "text": "乡镇消防经费保障不足。部分乡镇专职消防队运转经费没有列入财政预算，装备更新缓慢。"}),
               point_query({"id": "R1", "type": "recommendation", "title": "充实基层执法人员。", "text": "充实基层执法人员。"}),
               point_query({"id": "R2", "type": "recommendation", "title": "推进智慧消防建设。",
                            "text": "推进智慧消防建设。加快建设城市物联网远程监控系统，提升火灾防控信息化水平。"})]
    ev = [Evidence("新招录执法人员42名，已全部到岗", 2, 0.6)]
    verdicts = [Verdict("not_addressed", [], 0.3), Verdict("not_addressed", [], 0.2),
                Verdict("resolved", ev, 0.95, features={"best": 0.6}), Verdict("resolved", ev, 0.95)]
    paired = _pair_up(queries, verdicts)
    assert paired[0].status == "resolved" and paired[0].evidence == ev     # same subject: shared
    assert paired[1].status == "not_addressed" and paired[1].evidence == []  # 经费 ≠ 智慧消防: alone
    weak = [Verdict("not_addressed", [], 0.3), Verdict("not_addressed", [], 0.2),
            Verdict("resolved", ev, 0.55), Verdict("not_addressed", [], 0.1)]
    assert _pair_up(queries, weak)[0].status == "not_addressed"            # a weak match carries nothing
