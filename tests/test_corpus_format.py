"""The `.jd` corpus format (corpus/FORMAT.md): item extent and title rules, errors, rendering.

The gold of every test document comes from these rules, so they are pinned here with small
inline sources. Rendering tests read the .docx XML directly (no LibreOffice).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from corpus.build import gold_json
from corpus.docx_writer import DocxWriter
from corpus.gold import gold_items
from corpus.jd import JdError, parse

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def jd(body: str, **header: str) -> str:
    meta = {"title": "关于检查某法实施情况的报告", "kind": "inspection_report", "style": "S1"} | header
    return "\n".join(f"{k}: {v}" for k, v in meta.items()) + "\n---\n" + body.strip() + "\n"


def items(body: str, **header: str) -> list[dict]:
    return [i.to_json() for i in gold_items(parse(jd(body, **header)))]


# -- item extent ------------------------------------------------------------------------------

def test_heading_marker_runs_to_next_same_or_higher_heading():
    got = items("""
# 二、存在的问题
## （一）{P|执法队伍建设}基层执法力量薄弱
全县平均每所执法人员不足4人。
### 1.人员老化
平均年龄52岁。
## （二）{P|经费保障}经费不足
经费逐年减少。
# 三、意见建议
建议加强。
""")
    assert [i["id"] for i in got] == ["P1", "P2"]
    p1, p2 = got
    assert p1["title"] == "基层执法力量薄弱"
    # the lower heading stays inside, without its label
    assert p1["text"] == "基层执法力量薄弱\n全县平均每所执法人员不足4人。\n人员老化\n平均年龄52岁。"
    assert p1["section"] == "二、存在的问题"
    assert p2["text"] == "经费不足\n经费逐年减少。"  # stops at the level-1 heading


def test_heading_marker_stops_at_next_marker_and_end():
    got = items("""
# 二、问题
## （一）{P|监管机制}监管不到位
概述一句。
{P|执法规范性}处罚偏轻。案件少。{/}这句不属于任何问题。
还有一段。
""")
    assert got[0]["text"] == "监管不到位\n概述一句。"
    assert got[1]["title"] == "处罚偏轻。"
    assert got[1]["text"] == "处罚偏轻。案件少。"
    assert len(got) == 2


def test_body_marker_runs_over_paragraphs_until_any_heading():
    got = items("""
# 二、问题
{P|宣传教育}群众意识淡薄。知晓率低。
问卷显示知晓率仅为41%。
## （一）小标题
正文。
""")
    assert got[0]["text"] == "群众意识淡薄。知晓率低。\n问卷显示知晓率仅为41%。"


def test_explicit_end_stops_item_mid_paragraph_and_before_following_paragraphs():
    got = items("""
# 二、存在的主要问题
**二是{P|经费保障}经费保障不足。**部分乡镇没有预算。{/}以上问题需要解决。
以上问题，需要在今后工作中认真加以解决。
""")
    assert got == [{"id": "P1", "type": "problem", "title": "经费保障不足。",
                    "text": "经费保障不足。部分乡镇没有预算。", "theme": "经费保障",
                    "section": "二、存在的主要问题"}]


def test_inline_yishi_ershi_several_items_in_one_paragraph():
    got = items("""
# 三、意见建议
一是{R|执法队伍建设}充实基层执法力量{.}，按照标准配齐人员；二是{R|经费保障}加大经费投入，保障执法装备；三是{R|宣传教育}加强宣传。
""")
    assert [i["id"] for i in got] == ["R1", "R2", "R3"]
    assert got[0]["title"] == "充实基层执法力量"  # {.} ends the lead, and is removed
    assert got[0]["text"] == "充实基层执法力量，按照标准配齐人员；"  # next item's 二是 is not ours
    assert got[1]["title"] == "加大经费投入，保障执法装备；"
    assert got[1]["text"] == "加大经费投入，保障执法装备；"
    assert got[2]["text"] == got[2]["title"] == "加强宣传。"
    assert all(i["section"] == "三、意见建议" for i in got)


def test_trailing_label_without_terminator_is_not_part_of_title():
    got = items("""
# 三、建议
一是{R|部门协调}健全协调机制二是{R|信息化建设}建设统一平台
""")
    assert got[0]["title"] == got[0]["text"] == "健全协调机制"
    assert got[1]["title"] == "建设统一平台"


def test_problem_and_recommendation_ids_are_numbered_separately_in_document_order():
    got = items("""
# 二、问题
{P|监管机制}甲。{/}
# 三、建议
{R|监管机制}乙。{/}
# 四、其他
{P|宣传教育}丙。{/}{R|宣传教育}丁。
""")
    assert [i["id"] for i in got] == ["P1", "R1", "P2", "R2"]
    assert [i["section"] for i in got] == ["二、问题", "三、建议", "四、其他", "四、其他"]


def test_section_is_null_before_any_level1_heading_and_item_in_level1_heading():
    got = items("""
{P|监管机制}开头的问题。
# 二、{P|经费保障}经费不足
## （一）细节
说明。
# 三、建议
""")
    assert got[0]["section"] is None
    assert got[1]["section"] == "二、经费不足"
    assert got[1]["text"] == "经费不足\n细节\n说明。"


# -- titles -----------------------------------------------------------------------------------

def test_title_is_bold_run_when_marker_inside_bold_run():
    got = items("**二是{P|经费保障}经费保障不足，缺口大**。部分乡镇……")
    assert got[0]["title"] == "经费保障不足，缺口大"
    assert got[0]["text"] == "经费保障不足，缺口大。部分乡镇……"


def test_title_is_bold_run_when_marker_directly_before_it():
    got = items("{R|制度建设}**加快制定配套规定**，明确职责。")
    assert got[0]["title"] == "加快制定配套规定"


def test_bold_run_not_directly_after_marker_is_not_the_title():
    got = items("{R|制度建设}要求各地**加快制定配套规定**，明确职责。其他。")
    assert got[0]["title"] == "要求各地加快制定配套规定，明确职责。"


def test_title_up_to_first_terminator_including_it():
    for sep in "。；！？":
        got = items(f"{{P|监管机制}}监管缺位{sep}后面还有说明。")
        assert got[0]["title"] == f"监管缺位{sep}"


def test_lead_end_marker_wins_over_punctuation_and_is_removed():
    got = items("{P|监管机制}部分企业{.}在线监测不规范。数据不稳定。")
    assert got[0]["title"] == "部分企业"
    assert got[0]["text"] == "部分企业在线监测不规范。数据不稳定。"


def test_title_without_terminator_is_whole_first_line():
    got = items("{P|监管机制}监管存在盲区\n抽查发现问题。")
    assert got[0]["title"] == "监管存在盲区"


# -- additions and edge cases ---------------------------------------------------------------

def test_right_aligned_signature_ends_item():
    got = items("""
# 三、建议
{R|经费保障}加大投入。保障到位。
> 某市人大常委会执法检查组
> 2024年6月20日
""")
    assert got[0]["text"] == "加大投入。保障到位。"


def test_table_rows_inside_item_are_lines_with_cells_joined_by_space():
    got = items("""
{P|经费保障}经费不足。见下表。
| 年份 | 经费 |
| 2023 | 3万元 |
""")
    assert got[0]["text"] == "经费不足。见下表。\n年份 经费\n2023 3万元"


def test_markers_are_removed_from_rendered_text():
    doc = DocxWriter(parse(jd("**一是{P|经费保障}经费不足。**说明{.}文字。{/}"))).render()
    texts = [p.text for p in doc.paragraphs]
    assert "一是经费不足。说明文字。" in texts
    assert not any(re.search(r"[{}]|\*\*", t) for t in texts)
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert bold == ["一是", "经费不足。"]


def test_gold_json_header_fields():
    src = jd("# 二、问题\n{P|监管机制}甲。", office="甲市人大常委会", year="2024", split="train")
    g = gold_json(parse(src, name="a1"))
    assert g["name"] == "a1" and g["source"] == "a1.docx"
    assert g["year"] == 2024 and g["numbering"] == "typed" and g["law"] is None
    assert g["items"][0]["id"] == "P1"


# -- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body,line,reason", [
    ("正文\n{X|主题}坏标记", 6, "unknown markup"),
    ("**没有闭合", 5, "unterminated **"),
    ("## {P|监管机制}（一）标签前的标记", 5, "before the numbering label"),
    ("{P|}没有主题", 5, "no theme"),
    ("@@columns 3", 5, "unknown directive"),
    ("##### 五级标题", 5, "heading level 5"),
])
def test_format_errors_name_file_and_line(body, line, reason):
    with pytest.raises(JdError) as exc:
        parse(jd(body), path="src.jd")
    assert str(exc.value).startswith(f"src.jd:{line}: ")
    assert reason in str(exc.value)


@pytest.mark.parametrize("header,reason", [
    ("title: t\nkind: report\nstyle: S1\n---\n", "kind"),
    ("title: t\nkind: other\nstyle: S1\nfooter: roman\n---\n", "footer"),
    ("title: t\nkind: other\nstyle: S1\ncolour: red\n---\n", "unknown header key"),
    ("title: t\nkind: other\nstyle: S1\n", "no '---'"),
    ("kind: other\nstyle: S1\n---\n", "'title' is required"),
])
def test_header_errors(header, reason):
    with pytest.raises(JdError, match=reason):
        parse(header + "正文\n", path="h.jd")


# -- rendering ----------------------------------------------------------------------------------

def _docx_xml(src: str, name: str = "document") -> tuple[etree._Element, etree._Element, etree._Element]:
    buf = io.BytesIO()
    DocxWriter(parse(src)).render().save(buf)
    with zipfile.ZipFile(buf) as z:
        return tuple(etree.fromstring(z.read(f"word/{n}.xml")) for n in ("document", "numbering", "styles"))  # type: ignore[return-value]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def rendered_labels(document, numbering, styles) -> list[str | None]:
    """What Word would draw before each paragraph: an independent reading of numbering.xml
    (every w:num its own counters, startOverride as start, lower levels restart)."""
    def a(el, attr):  # attribute helper
        return el.get(W + attr)

    abstract = {a(x, "abstractNumId"): x for x in numbering.iter(W + "abstractNum")}
    nums = {a(x, "numId"): x for x in numbering.iter(W + "num")}
    style_numpr = {}
    for s in styles.iter(W + "style"):
        pr = s.find(f"{W}pPr/{W}numPr")
        if pr is not None:
            style_numpr[a(s, "styleId")] = pr
    counters: dict[str, dict[int, int]] = {}
    out: list[str | None] = []
    for p in document.iter(W + "p"):
        pr = p.find(f"{W}pPr/{W}numPr")
        if pr is None:
            ps = p.find(f"{W}pPr/{W}pStyle")
            pr = style_numpr.get(a(ps, "val")) if ps is not None else None
        if pr is None or a(pr.find(W + "numId"), "val") == "0":
            out.append(None)
            continue
        num_id, ilvl = a(pr.find(W + "numId"), "val"), int(a(pr.find(W + "ilvl"), "val"))
        num = nums[num_id]
        absn = abstract[a(num.find(W + "abstractNumId"), "val")]
        lvl = next(x for x in absn.iter(W + "lvl") if a(x, "ilvl") == str(ilvl))
        start = int(a(lvl.find(W + "start"), "val"))
        for ov in num.iter(W + "lvlOverride"):
            if a(ov, "ilvl") == str(ilvl) and ov.find(W + "startOverride") is not None:
                start = int(a(ov.find(W + "startOverride"), "val"))
        c = counters.setdefault(num_id, {})
        c[ilvl] = c[ilvl] + 1 if ilvl in c else start
        for k in [k for k in c if k > ilvl]:
            del c[k]
        fmt = a(lvl.find(W + "numFmt"), "val")
        text = {"chineseCounting": _cn, "decimal": str,
                "decimalEnclosedCircleChinese": lambda n: chr(ord("①") + n - 1)}[fmt](c[ilvl])
        assert a(lvl.find(W + "suff"), "val") == "nothing"
        out.append(re.sub(r"%\d", text, a(lvl.find(W + "lvlText"), "val")))
    return out


AUTO_BODY = """
# 一、基本情况
说明。
## （一）成效
## （二）做法
### 1.甲
### 2.乙
#### （1）子项
#### （2）子项
### 3.丙
# 二、存在的问题
## （一）{P|经费保障}经费不足
## （二）问题二
① 圈号一
② 圈号二
# 三、意见建议
## （三）编号延续的小标题
## （四）再一个
# 附件
"""


@pytest.mark.parametrize("style", ["S2", "S5", "S7", "S1", "S3", "S4"])
def test_auto_numbering_draws_exactly_the_typed_labels(style):
    body = AUTO_BODY.replace("① 圈号一\n② 圈号二", "#### ①圈号一\n#### ②圈号二")
    document, numbering, styles = _docx_xml(jd(body, numbering="auto", style=style))
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in document.iter(W + "p")]
    labels = rendered_labels(document, numbering, styles)
    shown = [(lab or "") + t for lab, t in zip(labels, texts)]
    expected = [re.sub(r"\{[^}]*\}", "", ln.split(" ", 1)[1]) for ln in body.strip().splitlines()
                if ln.startswith("#")]
    assert [s for s in shown if s in expected] == expected
    # every drawn label belongs to a heading, and the typed labels left the text itself
    assert all(s in expected for s, lab in zip(shown, labels) if lab)
    assert "经费不足" in texts and "附件" in texts
    assert not any(re.match(r"[一二三]、|（[一二三四]）|\d\.|①", t) for t in texts)


def test_auto_numbering_xml_formats():
    document, numbering, styles = _docx_xml(jd(AUTO_BODY, numbering="auto", style="S2"))
    absn = numbering.findall(W + "abstractNum")[-1]
    lvls = {int(l.get(W + "ilvl")): l for l in absn.findall(W + "lvl")}
    fmt = {i: (l.find(W + "numFmt").get(W + "val"), l.find(W + "lvlText").get(W + "val")) for i, l in lvls.items()}
    assert fmt[0] == ("chineseCounting", "%1、")
    assert fmt[1] == ("chineseCounting", "（%2）")
    assert fmt[2] == ("decimal", "%3.")
    assert fmt[3] == ("decimal", "（%4）")
    assert fmt[4][0] == "decimalEnclosedCircleChinese"
    assert all(l.find(W + "suff").get(W + "val") == "nothing" for l in lvls.values())


def test_numbering_attachment_differs_by_style():
    d2, _, s2 = _docx_xml(jd(AUTO_BODY, numbering="auto", style="S2"))
    d5, _, s5 = _docx_xml(jd(AUTO_BODY, numbering="auto", style="S5"))
    _, n7, _ = _docx_xml(jd(AUTO_BODY, numbering="auto", style="S7"))
    # S2: numPr directly on the paragraphs, not in styles
    assert d2.findall(f".//{W}p/{W}pPr/{W}numPr")
    assert not [s for s in s2.iter(W + "style") if s.get(W + "styleId").startswith("Heading")
                and s.find(f"{W}pPr/{W}numPr") is not None]
    # S5: numPr carried by the Heading styles
    styled = {s.get(W + "styleId") for s in s5.iter(W + "style") if s.find(f"{W}pPr/{W}numPr") is not None}
    assert {"Heading1", "Heading2"} <= styled
    # S7: a second num restarting via startOverride
    assert n7.findall(f".//{W}num/{W}lvlOverride/{W}startOverride")


def test_typed_numbering_keeps_labels_and_heading_modes():
    src = jd("# 二、问题\n## （一）小标题\n正文。", style="S2")
    document, _, _ = _docx_xml(src)
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in document.iter(W + "p")]
    assert "二、问题" in texts and "（一）小标题" in texts
    assert not document.findall(f".//{W}numPr")
    styles_used = {p.get(W + "val") for p in document.iter(W + "pStyle")}
    assert {"Heading1", "Heading2"} <= styles_used
    # S3: Normal paragraphs with outline levels; S1: plain paragraphs, no outline level
    d3, _, _ = _docx_xml(jd("# 二、问题\n正文。", style="S3"))
    assert [o.get(W + "val") for o in d3.iter(W + "outlineLvl")] == ["0"]
    assert not list(d3.iter(W + "pStyle"))
    d1, _, _ = _docx_xml(jd("# 二、问题\n正文。", style="S1"))
    assert not list(d1.iter(W + "outlineLvl")) and not list(d1.iter(W + "pStyle"))


def test_fonts_indent_and_title():
    document, _, styles = _docx_xml(jd("正文。", style="S1"))
    paras = list(document.iter(W + "p"))
    title = paras[0]
    assert title.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    rpr = title.find(f"{W}r/{W}rPr")
    assert rpr.find(W + "rFonts").get(W + "eastAsia") == "方正小标宋简体"
    assert rpr.find(W + "sz").get(W + "val") == "44"
    body = paras[1]
    assert body.find(f"{W}pPr/{W}ind").get(W + "firstLineChars") == "200"
    assert body.find(f".//{W}rFonts").get(W + "eastAsia") == "仿宋_GB2312"


def test_header_footer_columns_pagebreak_table_alignment():
    src = jd("""
^ ——在会议上
正文。
@@columns 2
左右两栏。
@@columns 1
| 甲 | 乙 |
| 1 | 2 |
@@pagebreak
> 执法检查组
""", header="某市人大常委会公报", footer="of")
    buf = io.BytesIO()
    DocxWriter(parse(src)).render().save(buf)
    with zipfile.ZipFile(buf) as z:
        names = z.namelist()
        document = etree.fromstring(z.read("word/document.xml"))
        headers = [z.read(n).decode() for n in names if re.match(r"word/header\d*\.xml", n)]
        footers = [z.read(n).decode() for n in names if re.match(r"word/footer\d*\.xml", n)]
    assert any("某市人大常委会公报" in h for h in headers)
    f = "".join(footers)
    assert "PAGE" in f and "NUMPAGES" in f and "第" in f and "共" in f
    sects = list(document.iter(W + "sectPr"))
    cols = [s.find(W + "cols").get(W + "num") for s in sects]
    assert cols == [None, "2", "1"]
    assert [s.find(W + "type").get(W + "val") for s in sects[1:]] == ["continuous", "continuous"]
    assert document.findall(f".//{W}br[@{W}type='page']")
    tbl = document.find(f".//{W}tbl")
    assert tbl.find(f"{W}tblPr/{W}tblStyle").get(W + "val") == "TableGrid"
    assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    jcs = {"".join(t.text for t in p.iter(W + "t")): p.find(f"{W}pPr/{W}jc") for p in document.iter(W + "p")}
    assert jcs["执法检查组"].get(W + "val") == "right"
    assert jcs["——在会议上"].get(W + "val") == "center"


@pytest.mark.parametrize("kind,text", [("dash", "— 1 —"), ("hyphen", "-1-"), ("plain", "1")])
def test_footer_page_number_forms(kind, text):
    doc = DocxWriter(parse(jd("正文。", footer=kind))).render()
    assert doc.sections[0].footer.paragraphs[0].text.replace("\u2002", "") == text


def test_sample_sources_build(tmp_path: Path):
    from corpus.build import build_one
    root = Path(__file__).resolve().parents[1] / "corpus" / "sources"
    for name in ("x1_sample_auto", "x2_sample_typed"):
        src = root / f"{name}.jd"
        if not src.exists():
            pytest.skip("sample sources absent")
        _, gold = build_one(src, tmp_path, tmp_path)
        assert (tmp_path / f"{name}.docx").stat().st_size > 10000
        assert gold["items"] and all(i["title"] and i["text"].startswith(i["title"].rstrip("。；")[:4])
                                     for i in gold["items"])


def test_build_warns_about_likely_authoring_slips():
    doc = parse(jd("""
# 三、建议
{R|经费保障}加大投入。保障到位。
以上意见，请市人民政府研究处理。
{P|监管机制}这一句话非常长而且没有任何句号或者分号所以导语会一直延伸下去直到这一段话的最后才结束这是不符合常理的一种写法
"""), path="w.jd")
    gold_items(doc)
    assert any("w.jd:6: R1 runs into a closing paragraph" in w for w in doc.warnings)
    assert any("w.jd:8: P1 lead sentence is" in w for w in doc.warnings)


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_committed_pdfs_are_normalized_and_show_auto_numbering():
    """Uses the committed PDFs (rendered by corpus/render_pdfs.sh), no LibreOffice."""
    from corpus.check_pdfs import check
    from corpus.pdf_normalize import normalize
    pdf = CORPUS / "documents" / "x1_sample_auto.pdf"
    if not pdf.exists():
        pytest.skip("x1_sample_auto.pdf not rendered yet")
    data = pdf.read_bytes()
    assert normalize(data) == data  # re-normalizing is a no-op: renders are reproducible
    assert b"/CreationDate(D:20240101000000Z)" in data
    assert check("x1_sample_auto", CORPUS) == []
