"""Draft structure: articles, 章/节, 款 and 项 — exact on real regulations and on our own drafts."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers.drafts import parse_draft, parse_text
from extractors import load
from extractors.numbering import int_to_cn

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT / "corpus" / "external" / "regulations"  # copies of ../shared/external/regulations
GOLD = json.loads((ROOT / "corpus" / "regulations_gold.json").read_text(encoding="utf-8"))


def _path(name: str) -> Path:
    return REGULATIONS / name if not name.startswith("corpus/") else ROOT / name


@pytest.fixture(scope="module")
def parsed():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = parse_draft(load(_path(name)))
        return cache[name]
    return get


@pytest.mark.parametrize("name", sorted(GOLD))
def test_articles_chapters_sections_and_items_are_exact(name, parsed):
    """Counted independently (grep of the source) in corpus/regulations_gold.json."""
    if not _path(name).exists():
        pytest.skip(f"{name} not present")
    want = GOLD[name]
    d = parsed(name)
    assert d.numbers == list(range(1, want["articles"] + 1))
    assert {str(c.number): [c.articles[0], c.articles[-1]] for c in d.chapters} == want["chapters"]
    assert {f"{s.chapter}.{s.number}": [s.articles[0], s.articles[-1]] for s in d.sections} == want["sections"]
    assert sum(len(a.items) for a in d.articles) == want["items"]
    for c in d.chapters:  # a chapter's articles are consecutive and every article knows its chapter
        assert c.articles == list(range(c.articles[0], c.articles[-1] + 1))
        assert all(d.article(n).chapter == c.number for n in c.articles)


def test_section_title_wrapped_over_two_lines_is_joined(parsed):
    d = parsed("02_zhejiang_province_npc_standing_committee_supervision_chapters_sections.md")
    sec = next(s for s in d.sections if s.number == 2)
    assert sec.title == "审查和批准决算，听取和审议国民经济和社会发展计划、预算的执行情况报告，听取和审议审计工作报告"
    assert 16 in sec.articles and all("预算的执行情况报告" not in p for p in d.preamble)


def test_paragraphs_and_items_of_an_article(parsed):
    """Beijing 第三条: one 款 ending in ： and seven 项 （一）…（七）; 第二条 of Guangdong: three 款."""
    a = parsed("03_beijing_law_enforcement_inspection_measures_no_chapters.md").article(3)
    assert len(a.paragraphs) == 1 and a.paragraphs[0].endswith("：")
    assert [i.number for i in a.items] == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.paragraph == 1 for i in a.items)
    assert a.text.count("\n") == 7 and a.text.split("\n")[-1].startswith("（七）")
    g = parsed("04_guangdong_voluntary_tree_planting_no_chapters.md").article(2)
    assert len(g.paragraphs) == 3 and not g.items


def test_cross_references_never_open_an_article():
    text = "\n".join([
        "某条例（草案）",
        "第一条　为了测试，制定本条例。",
        "第二条　依照本条例第三条的规定办理。",
        "第三条规定的事项，由市人民政府负责。",  # a 款 of 第二条 that starts with a reference
        "第三条　违反本条例第二条第一款规定的，予以处罚。",
        "第二条第一款所称单位，包括个体工商户。",
        "第四条　本条例自公布之日起施行。",
    ])
    d = parse_text(text)
    assert d.numbers == [1, 2, 3, 4]
    assert len(d.article(2).paragraphs) == 2
    assert len(d.article(3).paragraphs) == 2


def test_articles_run_together_in_one_block_are_split():
    """A PDF that lost paragraph breaks: the next article's label inside a block still opens it."""
    d = parse_text("第一条　为了规范管理，制定本条例。第二条　本条例适用于本市。依照第一条规定执行。\n"
                   "第三条 本条例自公布之日起施行。")
    assert d.numbers == [1, 2, 3]
    assert d.article(2).text == "本条例适用于本市。依照第一条规定执行。"


def test_large_numbers_and_labels():
    lines = ["第一章　总则"] + [f"第{int_to_cn(n)}条　第{n}项规定的内容。" for n in range(1, 106)]
    d = parse_text("\n".join(lines), title="长条例")
    assert d.numbers == list(range(1, 106))
    assert d.article(105).label == "第一百零五条" and d.article(23).label == "第二十三条"
    assert d.chapters[0].articles == list(range(1, 106))


def test_table_of_contents_does_not_duplicate_chapters():
    text = "\n".join(["目录", "第一章　总则", "第二章　管理", "第三章　附则",
                      "第一章　总则", "第一条　目的。", "第二章　管理", "第二条　管理。", "第三章　附则", "第三条　施行。"])
    d = parse_text(text, title="有目录的条例")
    assert [(c.number, c.title, c.articles) for c in d.chapters] == [(1, "总则", [1]), (2, "管理", [2]), (3, "附则", [3])]


def test_parts_chapters_sections_nest():
    text = "\n".join(["第一编　总则", "第一章　一般规定", "第一条　甲。", "第二编　分则", "第二章　管理",
                      "第一节　登记", "第二条　乙。", "第二节　监督", "第三条　丙。"])
    d = parse_text(text, title="编章节")
    assert [(p.number, p.articles) for p in d.parts] == [(1, [1]), (2, [2, 3])]
    assert d.article(3).part == 2 and d.article(3).chapter == 2 and d.article(3).section == 2


def test_draft_command_json_follows_the_contract():
    r = subprocess.run([sys.executable, "-m", "service", "draft", str(ROOT / "corpus/documents/d1_02_laji_fenlei.pdf"),
                        "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["title"] == "甲省生活垃圾分类管理条例（草案）"
    assert [c["number"] for c in out["chapters"]] == list(range(1, 8))
    assert out["chapters"][2]["articles"] == list(range(10, 22))
    assert [a["number"] for a in out["articles"]] == list(range(1, 34))
    a5 = out["articles"][4]
    assert a5["label"] == "第五条" and a5["chapter"] == 1 and len(a5["items"]) == 4


def test_what_follows_the_articles_is_not_part_of_the_last_one():
    text = "\n".join(["第一条　目的。", "第二条　本条例自公布之日起施行。", "附件：养犬登记申请表",
                      "第三条 申请表填写说明（附件里的文字）。", "关于《某条例（草案）》的说明"])
    d = parse_text(text, title="带附件的草案")
    assert d.numbers == [1, 2] and d.article(2).text == "本条例自公布之日起施行。"
    assert d.trailer[0] == "附件：养犬登记申请表" and len(d.trailer) == 3


def test_chapter_heading_run_into_its_first_article_and_spaced_titles():
    d = parse_text("第一章　总　　则第一条　为了规范管理，制定本条例。\n第二条　本条例适用于本市。\n"
                   "第二章　附　　则\n第三条　本条例自公布之日起施行。", title="合并的标题")
    assert [(c.title, c.articles) for c in d.chapters] == [("总则", [1, 2]), ("附则", [3])]
    assert d.article(1).text == "为了规范管理，制定本条例。"


def test_an_excerpt_may_start_anywhere_and_citations_inside_paragraphs_stay_put():
    d = parse_text("第九条　甲。第十条所列情形除外。\n第十条　乙。第十一条 丙。")
    assert d.numbers == [9, 10, 11]
    assert d.article(9).text == "甲。第十条所列情形除外。" and d.article(10).text == "乙。"
