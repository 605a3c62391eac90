"""The .docx reader: Word's automatic numbering drawn as Word shows it, headings, tables, furniture."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from extractors import DocumentError, load
from extractors.numbering import split_label
from extractors.word.numbering import format_number

from .conftest import DOCS, SOURCES, need

AUTO = sorted(p.stem for p in SOURCES.glob("*.jd") if "numbering: auto" in p.read_text(encoding="utf-8"))


def typed_heading_labels(name: str) -> list[str]:
    """The labels the author typed on # lines of the source (the generator replaced them by numPr)."""
    labels = []
    for line in (SOURCES / f"{name}.jd").read_text(encoding="utf-8").split("---", 1)[1].splitlines():
        m = re.match(r"^#{1,4} (.*)$", line)
        if m:
            label, _ = split_label(re.sub(r"\{[^}]*\}", "", m.group(1)))
            if label:
                labels.append(label.text)
    return labels


@pytest.mark.parametrize("name", AUTO)
def test_word_automatic_numbering_is_rendered_exactly_as_typed(name):
    path = need(DOCS / f"{name}.docx")
    with zipfile.ZipFile(path) as zf:
        assert b"w:numPr" in zf.read("word/document.xml") or b"w:numPr" in zf.read("word/styles.xml")
    doc = load(path)
    drawn = [b.label for b in doc.blocks if b.type == "heading" and b.label]
    assert drawn == typed_heading_labels(name)


@pytest.mark.parametrize("value,fmt,expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (3, "decimalEnclosedCircleChinese", "③"), (4, "ideographTraditional", "丁"), (2, "upperRoman", "II"),
    (28, "lowerLetter", "bb"), (7, "decimalFullWidth", "７"), (105, "ideographDigital", "一〇五"),
    (3, "chineseLegalSimplified", "叁"),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


def test_headings_levels_title_and_kind():
    doc = load(need(DOCS / "s1_01_shipin_anquan.docx"))
    assert doc.title and doc.title.startswith("关于") and doc.kind == "inspection_report"
    assert all(b.text != doc.title for b in doc.blocks)
    top = [b.full_text for b in doc.blocks if b.type == "heading" and b.level == 1]
    assert top[:3] == ["一、基本情况", "二、存在的主要问题", "三、意见和建议"] or len(top) >= 3
    assert all(b.label.startswith("（") for b in doc.blocks if b.type == "heading" and b.level == 2)


def test_tables_come_as_rows_with_cells():
    docs = [load(p) for p in sorted(DOCS.glob("s1_0*.docx"))]
    rows = [b for d in docs for b in d.blocks if b.type == "table_row"]
    assert rows, "the S1 corpus has tables"
    assert all(b.cells and b.text == " | ".join(b.cells) for b in rows)


def test_headers_and_footers_go_to_furniture_not_body():
    doc = load(need(DOCS / "s1_01_shipin_anquan.docx"))
    header = [f.text for f in doc.furniture if f.role == "header"]
    assert header == ["甲省人大常委会"]
    assert any(f.role == "page_number" for f in doc.furniture)
    assert all("甲省人大常委会" != b.text for b in doc.blocks)


def test_bold_lead_sentences_are_kept_as_style_facts():
    doc = load(need(DOCS / "s2_01_weichengnianren.docx"))
    leads = [b.bold_lead for b in doc.blocks if b.bold_lead]
    assert "一是家庭保护责任落实不够到位。" in leads


def test_a_zip_that_is_not_word_is_refused(tmp_path: Path):
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="not a Word document"):
        load(p)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a/>")
        zf.writestr("word/big.bin", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(DocumentError, match="zip bomb"):
        load(p)


def test_a_truncated_docx_is_a_clear_error(tmp_path: Path):
    data = need(DOCS / "s1_01_shipin_anquan.docx").read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match="corrupt|truncated"):
        load(p)
