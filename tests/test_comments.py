"""Public comments: intake, citations in every form, content mapping, duplicates, counts, exports."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers.article_refs import clause_articles, find_references, referenced_articles
from classifiers.comment_intake import Comment, read_comments, read_many
from classifiers.comment_mapping import MappingParams, analyse
from classifiers.drafts import parse_draft
from classifiers.near_duplicates import group_duplicates
from extractors import DocumentError, load

ROOT = Path(__file__).resolve().parent.parent
COMMENTS = ROOT / "corpus" / "comments"
GOLD = json.loads((COMMENTS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def laji():
    """甲省生活垃圾分类管理条例（草案）: 7 chapters, 3 sections in chapter 3, 33 articles."""
    return parse_draft(load(ROOT / "corpus/documents/d1_02_laji_fenlei.docx"))


@pytest.fixture(scope="module")
def yangquan_analysis():
    draft = parse_draft(load(ROOT / "corpus/documents/d1_03_yangquan.docx"))
    comments = read_many(sorted(str(p) for p in (COMMENTS / "d1_03_yangquan").iterdir()))
    return analyse(draft, comments)


@pytest.mark.parametrize("text, articles", [
    ("建议第十二条增加夜间投放的规定。", [12]),
    ("第12条的表述不清楚。", [12]),
    ("第１２条的表述不清楚。", [12]),
    ("第 12 条的表述不清楚。", [12]),
    ("草案第二十三条第二款建议删去。", [23]),
    ("第五条至第八条应当合并。", [5, 6, 7, 8]),
    ("第五至八条应当合并。", [5, 6, 7, 8]),
    ("第5-8条应当合并。", [5, 6, 7, 8]),
    ("第三章的规定过于原则。", list(range(10, 22))),
    ("第三章第二节的规定过于原则。", [15, 16, 17, 18]),
    ("第二节的规定过于原则。", [15, 16, 17, 18]),  # the only 第二节 of the draft
    ("第三章第十二条建议修改。", [12]),
    ("第六、七章可以合并。", [29, 30, 31, 32, 33]),
    ("第五章至第七章可以合并。", list(range(26, 34))),
    ("第二十九条“违反本条例第十条规定”的罚款偏低。", [29]),  # a quoted cross-reference is the article's own
    ("建议删除第三十条。", [30]),
    ("第十二条、第十五条表述重复。", [12, 15]),
    ("第十二、十五条表述重复。", [12, 15]),
    ("第十一条第（三）项建议修改。", [11]),
    ("《中华人民共和国固体废物污染环境防治法》第四十九条已有规定，第五条应与之一致。", [5]),
    ("上位法第十条已有规定。", []),
    ("第九十九条不存在。", []),
    ("依照本条例第十二条的规定。", [12]),
])
def test_every_reference_form(text, articles, laji):
    assert referenced_articles(text, laji) == articles


def test_reference_details_keep_paragraph_item_and_action():
    refs = find_references("建议删除草案第二十三条第二款，第二十条第（五）项改为……")
    assert (refs[0].articles, refs[0].paragraph, refs[0].action) == ([23], 2, "delete")
    assert (refs[1].articles, refs[1].item) == ([20], 5)
    ext = find_references("《志愿服务条例》第二十条、第二十一条")
    assert all(r.external for r in ext) and len(ext) == 2


@pytest.mark.parametrize("value, articles", [("第十二条", [12]), ("12", [12]), ("第12条第2款", [12]),
                                             ("总体意见", []), ("全文", []), ("", None)])
def test_clause_column_values(value, articles):
    assert clause_articles(value) == articles


def test_letter_is_one_comment_with_its_signature_fields():
    c, = read_comments(COMMENTS / "d1_03_yangquan" / "n01.txt")
    assert c.row is None and c.proposer == "章某" and c.contact_point == "滨江社区基层立法联系点"
    assert c.text.startswith("草案第六条") and "提出人" not in c.text and "关于《" not in c.text
    d, = read_comments(COMMENTS / "d1_03_yangquan" / "n04.docx")
    assert d.proposer == "潘某" and "每户限养一只犬" in d.text


def test_tables_give_one_comment_per_row_with_columns_kept():
    rows = read_comments(COMMENTS / "d1_03_yangquan" / "滨江社区基层立法联系点意见汇总表.xlsx")
    gold = [g for g in GOLD["comments"] if g["source"] == "滨江社区基层立法联系点意见汇总表.xlsx"]
    assert [r.row for r in rows] == [g["row"] for g in gold]
    assert [r.text for r in rows] == [g["text"] for g in gold]
    assert rows[0].clause == "第五条" and rows[0].reason == "方便群众" and rows[0].proposer == "居民魏某"
    assert rows[0].contact_point == "滨江社区基层立法联系点"
    docx_rows = read_comments(COMMENTS / "d1_02_laji_fenlei" / "青石镇基层立法联系点意见汇总表.docx")
    assert len(docx_rows) == 10 and docx_rows[3].clause == "第十一条第（一）项"


def test_csv_table_and_unreadable_files(tmp_path):
    csv = tmp_path / "意见.csv"
    csv.write_text("序号,条款,修改意见,提出人\n1,第三条,建议修改,张某\n2,,第五条建议删除,李某\n", encoding="utf-8")
    rows = read_comments(csv)
    assert [(r.clause, r.text, r.proposer) for r in rows] == [("第三条", "建议修改", "张某"), (None, "第五条建议删除", "李某")]
    no_opinion = tmp_path / "x.csv"
    no_opinion.write_text("序号,姓名\n1,张三\n", encoding="utf-8")
    with pytest.raises(DocumentError):
        read_comments(no_opinion)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DocumentError):
        read_comments(broken)


def _gold_for(draft: str) -> dict[str, dict]:
    return {(g["source"] + (f"#{g['row']}" if g["row"] else "")): g for g in GOLD["comments"] if g["draft"] == draft}


def test_held_out_comments_map_to_their_gold_articles(yangquan_analysis):
    gold = _gold_for("d1_03_yangquan")
    got = {m.comment.key: m.articles for m in yangquan_analysis.mapped}
    right = sum(got[k] == g["articles"] for k, g in gold.items())
    assert right / len(gold) >= 0.9
    general = [k for k, g in gold.items() if not g["articles"]]
    assert general and all(got[k] == [] for k in general)  # general comments stay unmapped


def test_campaign_copies_share_a_group_and_nothing_else_does(yangquan_analysis):
    gold = _gold_for("d1_03_yangquan")
    pred = {m.comment.key: m.duplicate_group for m in yangquan_analysis.mapped}
    for a in gold:
        for b in gold:
            if a < b:
                same_gold = gold[a]["duplicate_group"] is not None and gold[a]["duplicate_group"] == gold[b]["duplicate_group"]
                same_pred = pred[a] is not None and pred[a] == pred[b]
                assert same_gold == same_pred, (a, b)


def test_near_duplicates_survive_small_edits_but_not_rewording():
    base = "强烈建议草案第十条第二款修改为：区县人民政府应当为注册志愿者统一购买人身意外伤害保险，政府兜底保障是应有之义。"
    texts = [base, base.replace("强烈", "") + "谢谢！", base.replace("统一", ""),
             "第十条关于保险的规定很好，但保险费用应当由志愿服务组织承担，政府给予适当补助。", "同意", "同意"]
    groups = group_duplicates(texts)
    assert groups[0] == groups[1] == groups[2] is not None
    assert groups[3] is None and groups[4] == groups[5] is not None and groups[4] != groups[0]


def test_counts_weigh_content_not_volume(yangquan_analysis):
    """第六条: six campaign letters plus a campaign row and one other row → 8 submissions, 2 opinions."""
    gold = _gold_for("d1_03_yangquan")
    on6 = [g for g in gold.values() if 6 in g["articles"]]
    distinct = {g["duplicate_group"] or g["source"] + str(g["row"]) for g in on6}
    s = yangquan_analysis.stats[6]
    assert (s.submissions, s.distinct) == (len(on6), len(distinct))
    assert s.contact_points == ["滨江社区基层立法联系点"]


def test_themes_come_from_the_chapters_of_the_articles(yangquan_analysis):
    draft = yangquan_analysis.draft
    for m in yangquan_analysis.mapped:
        if m.articles:
            assert m.themes == list(dict.fromkeys(draft.chapter_of(n).title for n in m.articles))


def test_exports_read_back_with_the_expected_rows(yangquan_analysis, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from classifiers.comment_summary import HEADERS, summary_rows, write_docx, write_xlsx

    rows = summary_rows(yangquan_analysis)
    write_docx(yangquan_analysis, tmp_path / "汇总.docx")
    write_xlsx(yangquan_analysis, tmp_path / "汇总.xlsx")
    table = Document(str(tmp_path / "汇总.docx")).tables[0]
    got = [[c.text for c in r.cells] for r in table.rows]
    assert got[0] == HEADERS and len(got) == len(rows) + 1
    # grouped by article in draft order; one row per distinct opinion; general comments last
    clauses = [r[1] for r in got[1:]]
    general_from = clauses.index("总体意见")
    assert set(clauses[general_from:]) == {"总体意见"}
    nums = [r.article for r in rows if r.article is not None]
    assert nums == sorted(nums)
    six = [r for r in got[1:] if r[1] == "第六条"]
    assert len(six) == 2 and sorted(int(r[5]) for r in six) == [1, 7]
    assert all(r[2].startswith("个人养犬应当具备下列条件") for r in six)
    wb = load_workbook(tmp_path / "汇总.xlsx")
    ws = wb["意见汇总表"]
    xrows = list(ws.iter_rows(values_only=True))
    assert list(xrows[0]) == HEADERS and len(xrows) == len(rows) + 1
    assert sum(r[5] for r in xrows[1:]) == len(yangquan_analysis.mapped) + sum(
        len(m.articles) - 1 for m in yangquan_analysis.mapped if len(m.articles) > 1)
    raw = list(wb["原始意见"].iter_rows(values_only=True))
    assert len(raw) == len(yangquan_analysis.mapped) + 1  # every original comment is kept


def test_comments_command_skips_a_bad_file_and_follows_the_contract(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    folder = COMMENTS / "d1_01_zhiyuan_fuwu"
    files = [str(folder / "l01.txt"), str(bad), str(folder / "城关街道基层立法联系点意见汇总表.xlsx")]
    r = subprocess.run([sys.executable, "-m", "service", "comments", str(ROOT / "corpus/documents/d1_01_zhiyuan_fuwu.pdf"),
                        *files, "--json", "--xlsx", str(tmp_path / "out.xlsx")],
                       capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert r.returncode == 3
    assert r.stderr.strip().splitlines() == [f"jiandu: {bad}: " + r.stderr.split(f"{bad}: ", 1)[1].strip()]
    out = json.loads(r.stdout)
    assert [c["id"] for c in out["comments"]] == [f"C{i}" for i in range(1, 12)]
    assert out["comments"][0]["articles"] == [6]
    assert out["articles"]["6"] == ["C1"]
    assert (tmp_path / "out.xlsx").exists()


def test_model_parameters_are_plain_json_trained_on_train_drafts_only():
    params = MappingParams.load()
    held_out = [d for d, meta in GOLD["drafts"].items() if meta["split"] == "heldout"]
    assert params.trained_on and not set(params.trained_on) & set(held_out)
    assert 0 < params.threshold < 1 and 0 < params.duplicates.threshold < 1


def test_content_mapping_without_citation():
    draft = parse_draft(load(ROOT / "corpus/documents/d1_03_yangquan.txt"))
    c = Comment(id="C1", source="x.txt", text="无人认领的犬只十五日后就组织领养，期限太短，建议延长认领期限。")
    res = analyse(draft, [c])
    assert res.mapped[0].how == "content" and res.mapped[0].articles == [20]
