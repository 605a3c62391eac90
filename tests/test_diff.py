"""The 修改对照表: alignment across renumbering, change marking, carrying comments to a new version."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers.draft_diff import carry_comments, carry_details, char_spans, diff_drafts, write_docx
from classifiers.drafts import parse_draft, parse_text
from extractors import load

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "corpus" / "diff_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def versions():
    old = parse_draft(load(ROOT / GOLD["old"]))
    new = parse_draft(load(ROOT / GOLD["new"].replace(".docx", ".pdf")))
    return old, new, diff_drafts(old, new)


def test_articles_align_across_renumbering(versions):
    _, _, d = versions
    assert d.mapping == {int(k): v for k, v in GOLD["mapping"].items()}
    assert sorted(r.new for r in d.rows if r.status == "added") == GOLD["added"]
    assert sorted(r.old for r in d.rows if r.status == "deleted") == GOLD["deleted"]
    assert sorted(r.old for r in d.rows if r.status == "moved") == GOLD["moved"]
    changed = sorted(r.old for r in d.rows if r.status == "changed")
    assert changed == sorted(GOLD["reworded"] + GOLD["references_renumbered"])
    assert sorted(r.old for r in d.rows if r.note) == GOLD["references_renumbered"]


def test_rows_follow_the_new_version_with_deletions_in_place(versions):
    _, new, d = versions
    assert [r.new for r in d.rows if r.new is not None] == new.numbers
    i = next(k for k, r in enumerate(d.rows) if r.status == "deleted")
    assert d.rows[i - 1].old == GOLD["deleted"][0] - 1  # shown where it stood


def test_changed_wording_is_marked_by_character_spans(versions):
    _, _, d = versions
    row = next(r for r in d.rows if r.old == 6)
    edits = [(s.op, s.old, s.new) for s in row.spans if s.op != "equal"]
    assert edits == [("replace", "一", "两")]
    assert "".join(s.old for s in row.spans) == row.old_text and "".join(s.new for s in row.spans) == row.new_text
    assert [(s.op, s.new) for s in char_spans("甲乙丙", "甲乙丁丙") if s.op != "equal"] == [("insert", "丁")]


def test_carry_comments_by_quote_and_by_alignment(versions):
    old, new, d = versions
    mapping = {"C1": [6], "C2": [16], "C3": [8], "C4": [12], "C5": [6]}
    texts = {"C1": "第六条“每户限养一只犬”不合理",  # quoted text was reworded: the alignment carries it
             "C4": "第十二条“携犬乘坐电梯的，应当避开乘梯高峰时间”",  # quote still there: anchors it
             "C5": "第六条“有固定住所且独户居住”"}
    got = carry_comments(old, new, mapping, texts, d)
    assert got == {"C1": [7], "C2": [12], "C3": [], "C4": [13], "C5": [7]}
    det = carry_details(old, new, mapping, texts, d)
    assert det["C3"]["deleted"] == [8] and det["C4"]["via"] == {"12": "quote"} and det["C2"]["via"] == {"16": "alignment"}


def test_a_quote_anchors_only_the_article_it_was_taken_from():
    """The quote decides where the cited article's text went; a quote from elsewhere is ignored."""
    old = parse_text("第一条　目的条款。\n第二条　养犬人应当为犬只佩戴犬牌。\n第三条　施行日期。")
    new = parse_text("第一条　目的条款。\n第二条　新增的宣传教育条款内容。\n第三条　养犬人应当为犬只佩戴犬牌。\n第四条　施行日期。")
    assert carry_details(old, new, {"C1": [2]}, {"C1": "第二条“为犬只佩戴犬牌”"})["C1"]["via"] == {"2": "quote"}
    assert carry_comments(old, new, {"C1": [2]}, {"C1": "第二条“为犬只佩戴犬牌”"}) == {"C1": [3]}
    assert carry_details(old, new, {"C2": [1]}, {"C2": "第一条“为犬只佩戴犬牌”"})["C2"] == {
        "articles": [1], "from": [1], "via": {"1": "alignment"}, "deleted": []}


def test_diff_docx_and_command(versions, tmp_path):
    from docx import Document

    _, _, d = versions
    n = write_docx(d, str(tmp_path / "对照表.docx"))
    table = Document(str(tmp_path / "对照表.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["原条文", "修改后条文", "说明"] and len(table.rows) == n + 1
    row = next(r for r in table.rows[1:] if r.cells[0].text.startswith("第六条"))
    struck = [run.text for p in row.cells[0].paragraphs for run in p.runs if run.font.strike]
    inserted = [run.text for p in row.cells[1].paragraphs for run in p.runs if run.underline]
    assert struck == ["一"] and inserted == ["两"] and row.cells[1].text.startswith("第七条")
    r = subprocess.run([sys.executable, "-m", "service", "diff", str(ROOT / GOLD["old"]),
                        str(ROOT / GOLD["new"].replace(".docx", ".txt")), "--json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["mapping"] == GOLD["mapping"] and out["summary"]["added"] == len(GOLD["added"])
