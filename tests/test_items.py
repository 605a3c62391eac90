"""Problems and recommendations as items: each way offices write a point, one test each."""
from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.items import extract_items
from corpus.dataset import gold_docs, match
from extractors import load

from .conftest import DOCS, need


def items_of(tmp_path: Path, text: str):
    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    return extract_items(load(p))


REPORT = """关于检查《中华人民共和国消防法》实施情况的报告

一、基本情况

全县共排查整改火灾隐患问题1260处，收集意见建议36条，消防工作取得明显成效。

二、存在的主要问题

（一）消防基础设施建设滞后

全县12个乡镇中有7个未建成政府专职消防队，市政消火栓缺口达到186个。

部分老旧小区消防通道被占用，救援车辆难以通行。

（二）基层消防监管力量薄弱

乡镇消防工作站普遍只有1至2名兼职人员，难以承担日常检查任务。

三、意见建议

（一）加快补齐消防基础设施短板

县政府要将消防规划纳入国土空间规划，三年内补齐市政消火栓缺口。

（二）充实基层消防监管力量

推动乡镇消防工作站实体化运行，配备专职人员。
"""


def test_numbered_heading_points_run_over_their_paragraphs(tmp_path):
    items = items_of(tmp_path, REPORT)
    assert [(i.id, i.type, i.title) for i in items] == [
        ("P1", "problem", "消防基础设施建设滞后"), ("P2", "problem", "基层消防监管力量薄弱"),
        ("R1", "recommendation", "加快补齐消防基础设施短板"), ("R2", "recommendation", "充实基层消防监管力量")]
    assert "救援车辆难以通行" in items[0].text, "the second explanation paragraph belongs to the point"
    assert items[0].section == "二、存在的主要问题"


def test_achievement_sections_yield_no_items_despite_the_words(tmp_path):
    items = items_of(tmp_path, REPORT)
    assert not any("1260" in i.text or "36条" in i.text for i in items)


def test_inline_points_in_one_paragraph(tmp_path):
    text = ("关于全区道路交通安全法实施情况的审议意见\n\n区人民政府：\n\n"
            "但也要看到，法律实施中还存在一些问题。一是交警警力与管理任务不相匹配，一线交警仅86人；"
            "二是农村道路安全设施欠账较多，临水临崖路段缺少护栏；三是交通安全宣传教育针对性不强。\n\n"
            "为此，提出如下审议意见：\n\n（一）充实道路交通管理力量。合理增配交警和辅警。\n\n"
            "（二）加快完善农村道路安全设施。优先整治临水临崖路段。\n")
    items = items_of(tmp_path, text)
    problems = [i for i in items if i.type == "problem"]
    assert [p.title for p in problems] == ["交警警力与管理任务不相匹配，一线交警仅86人；",
                                          "农村道路安全设施欠账较多，临水临崖路段缺少护栏；", "交通安全宣传教育针对性不强。"]
    assert [i.title for i in items if i.type == "recommendation"] == ["充实道路交通管理力量。", "加快完善农村道路安全设施。"]


def test_numbered_paragraph_points_with_lead_and_explanation_in_one(tmp_path):
    text = ("关于全县养老服务工作情况的调研报告\n\n一、基本情况\n\n全县建成养老机构12家。\n\n二、问题和不足\n\n"
            "1.养老护理人员短缺。全县持证护理员仅46人，平均年龄52岁。\n\n"
            "2.农村养老服务设施利用率低。部分互助幸福院长期闲置。\n\n三、对策建议\n\n"
            "1.加强养老护理队伍建设。落实护理员岗位补贴，开展技能培训。\n\n"
            "2.盘活农村养老服务设施。引入社会力量运营互助幸福院。\n")
    items = items_of(tmp_path, text)
    assert [(i.type, i.title) for i in items] == [
        ("problem", "养老护理人员短缺。"), ("problem", "农村养老服务设施利用率低。"),
        ("recommendation", "加强养老护理队伍建设。"), ("recommendation", "盘活农村养老服务设施。")]
    assert items[0].text == "养老护理人员短缺。全县持证护理员仅46人，平均年龄52岁。"


def test_bold_led_points_in_word():
    doc = load(need(DOCS / "s2_01_weichengnianren.docx"))
    problems = [i for i in extract_items(doc) if i.type == "problem"]
    assert problems[0].title == "家庭保护责任落实不够到位。" and problems[0].device == "bold"
    assert len(problems) == 5


def test_problems_inside_a_work_section_without_a_problem_heading():
    doc = load(need(DOCS / "s8_01_zhiyebing.docx"))
    problems = [i for i in extract_items(doc) if i.type == "problem"]
    assert len(problems) == 5 and problems[0].title.startswith("用人单位主体责任落实不到位")


def test_a_recommendation_heading_that_names_a_problem_stays_a_recommendation():
    # "（二）从源头解决工程款拖欠问题" under 三、意见和建议 is a point, not a new 问题 section
    doc = load(need(DOCS / "t67_insp_nongmingong_gongzi.docx"))
    items = extract_items(doc)
    assert [i.type for i in items if i.section and "意见" in i.section] == ["recommendation"] * 5
    assert sum(i.type == "problem" for i in items) == 6


def test_an_enumeration_lists_things_of_one_kind():
    # "一是城乡居民医保基金运行承压" names no shortfall word; its five siblings are problems, so is it
    doc = load(need(DOCS / "t100_insp_yibao_jijin.docx"))
    problems = [i for i in extract_items(doc) if i.type == "problem"]
    assert len(problems) == 6 and problems[0].title.startswith("城乡居民医保基金运行承压")


def test_opinions_on_a_rectification_report_are_feedback_with_items():
    # "关于……审计查出问题整改情况报告的审议意见": the title names the report it judges, but the
    # document is the committee's 审议意见, with problems and recommendations of its own
    doc = load(need(DOCS / "t88_insp_shenji_zhenggai.docx"))
    assert doc.kind == "inspection_report"
    items = extract_items(doc)
    assert sum(i.type == "problem" for i in items) == 7 and sum(i.type == "recommendation" for i in items) == 6


def test_rectification_reports_and_drafts_yield_no_items():
    for name in ("t01_rect_xiaofang", "d1_01_zhiyuan_fuwu"):
        doc = load(need(DOCS / f"{name}.docx"))
        assert doc.kind in ("rectification_report", "draft_regulation")
        assert extract_items(doc) == []


def test_ids_count_problems_and_recommendations_separately_in_document_order():
    doc = load(need(DOCS / "s1_01_shipin_anquan.docx"))
    items = extract_items(doc)
    ps = [i.id for i in items if i.type == "problem"]
    rs = [i.id for i in items if i.type == "recommendation"]
    assert ps == [f"P{k}" for k in range(1, len(ps) + 1)] and rs == [f"R{k}" for k in range(1, len(rs) + 1)]
    assert [i.block_index for i in items] == sorted(i.block_index for i in items)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_heldout_documents_in_unseen_styles_reach_the_target(fmt):
    tp = fp = fn = 0
    for g in gold_docs("heldout"):
        path = g.path(fmt)
        if not path.exists():
            continue
        items = extract_items(load(path))
        pairs, extra, missed = match([(i.type, i.title, i.text) for i in items], g.items)
        tp, fp, fn = tp + len(pairs), fp + len(extra), fn + len(missed)
    if tp + fn == 0:
        pytest.skip(f"no held-out {fmt} renditions")
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9, f"held-out {fmt} micro-F1 {f1:.3f}"


def test_fast_scoring_agrees_with_the_pipeline():
    import numpy as np

    from classifiers.items import _model, candidates
    from classifiers.items.classify import predict

    model = _model()
    for name in ("s1_01_shipin_anquan", "s4_01_daolu_jiaotong", "s6_01_quanminjianshen"):
        cands = candidates(load(need(DOCS / f"{name}.docx")))
        fast = predict(model, cands)
        assert [label for label, _ in fast] == list(model.predict(cands))
        assert np.allclose([p for _, p in fast], model.predict_proba(cands).max(axis=1))


def test_training_is_reproducible_with_a_seed():
    from classifiers.items.classify import build_pipeline
    from classifiers.items.train import training_set

    X, y = training_set("train", formats=("docx",))
    X, y = X[:400], y[:400]
    a = build_pipeline(seed=3).fit(X, y).predict_proba(X[:50])
    b = build_pipeline(seed=3).fit(X, y).predict_proba(X[:50])
    assert (a == b).all()
