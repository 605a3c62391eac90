"""Plain text: encodings, hard-wrapped newspaper text rejoined, Markdown regulations' chapters."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import load

from .conftest import EXTERNAL, need

SPACED_CHINESE = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def test_newspaper_page_reflows_into_clean_paragraphs():
    doc = load(need(EXTERNAL / "newspaper_page_2024.txt"))
    texts = [b.text for b in doc.blocks]
    assert not any(SPACED_CHINESE.search(t) for t in texts), "spaced characters from justified lines are joined"
    # a paragraph broken by the page layout's blank line is one paragraph again
    assert any(t.startswith("持续提升法律素养，树立监督自信。一是学习宪法") for t in texts)
    assert any(t.startswith("学懂弄通政治制度，树立制度自信。") for t in texts)
    # a wrapped line never ends a paragraph mid-sentence
    broken = [t for t in texts if len(t) > 40 and not t.endswith(("。", "”", "）", "！", "？", "：", "；"))]
    assert len(broken) <= len(texts) * 0.1
    heads = [b.text for b in doc.blocks if b.type == "heading"]
    assert "加强相关知识储备做到“心中有底”" in heads


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str):
    text = "关于检查《中华人民共和国食品安全法》实施情况的报告\n\n一、基本情况\n\n全县共有食品生产企业126家。\n\n二、存在的问题\n\n（一）执法力量不足。基层所平均仅3人。\n"
    p = tmp_path / "r.txt"
    p.write_bytes(text.encode(encoding))
    doc = load(p)
    assert doc.title == "关于检查《中华人民共和国食品安全法》实施情况的报告"
    assert doc.kind == "inspection_report"
    assert [(b.type, b.level, b.label, b.text) for b in doc.blocks] == [
        ("heading", 1, "一、", "基本情况"), ("paragraph", None, None, "全县共有食品生产企业126家。"),
        ("heading", 1, "二、", "存在的问题"), ("list_item", 2, "（一）", "执法力量不足。基层所平均仅3人。")]


def test_markdown_regulation_keeps_chapters_and_articles():
    path = need(EXTERNAL / "regulations" / "01_zhejiang_ningbo_elevator_safety_chapters_items.md")
    doc = load(path)
    assert doc.title == "宁波市电梯安全条例"
    assert doc.kind == "draft_regulation"
    chapters = [b.full_text for b in doc.blocks if b.type == "heading" and b.label_kind == "zhang"]
    assert chapters[0] == "第一章总则" and len(chapters) >= 5
    articles = [b for b in doc.blocks if b.label_kind == "article"]
    assert [b.label for b in articles[:3]] == ["第一条", "第二条", "第三条"]
    assert all(b.type == "list_item" for b in articles)


def test_red_header_and_document_number_above_the_title(tmp_path: Path):
    text = ("丙县人民代表大会常务委员会文件\n\n丙人常〔2024〕12号\n\n关于检查《中华人民共和国消防法》实施情况的报告\n\n"
            "一、存在的问题\n\n（一）消防基础设施建设滞后。全县12个乡镇中有7个未建成专职消防队。\n")
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    doc = load(p)
    assert doc.title == "关于检查《中华人民共和国消防法》实施情况的报告"
    assert [b.text for b in doc.blocks[:2]] == ["丙县人民代表大会常务委员会文件", "丙人常〔2024〕12号"]
