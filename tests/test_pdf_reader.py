"""The PDF reader, specified on the corpus PDFs and on fixtures made for one behaviour each.

Every corpus PDF was rendered by LibreOffice from the `.docx` beside it, so the Word paragraphs
are the truth the PDF reader must give back: the same paragraphs, in the same order, with the
same text — lines rejoined, no spaces inside Chinese, no page furniture, columns in reading
order, table rows as cells. The fixtures (tests/fixtures/make_pdf_fixtures.py) add a two-column
page, a 151-page report, an encrypted, a garbled and a truncated file.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import DocumentError, load
from extractors.base import Limits
from extractors.cleanup import CJK, clean
from extractors.numbering import split_label
from extractors.pdf import PdfReader

from .conftest import DOCS, need

FIX = Path(__file__).resolve().parent / "fixtures" / "pdf"
SPACED_CJK = re.compile(rf"[{CJK}] +[{CJK}]")


def read(path: Path, **limits):
    """The reader's own output (before the shared structure pass splits labels off)."""
    if limits:
        return PdfReader().read(path, Limits(**limits))
    return _read_cached(path)


@functools.lru_cache(maxsize=None)
def _read_cached(path: Path):
    return PdfReader().read(path, Limits())


def _numbered(p: Paragraph) -> bool:
    """Word numbers the paragraph itself, by its own properties or by its style's."""
    ppr = p._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = p.style
    while style is not None:
        sppr = style.element.pPr
        if sppr is not None and sppr.numPr is not None:
            return True
        style = style.base_style
    return False


def word_paragraphs(path: Path) -> list[tuple[str, bool]]:
    """(text, drawn by automatic numbering) for each Word paragraph and table row, in order."""
    doc = Docx(str(path))
    out: list[tuple[str, bool]] = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            p = Paragraph(el, doc)
            text = clean(p.text)
            if text:
                out.append((text, _numbered(p)))
        elif el.tag == qn("w:tbl"):
            for row in DocxTable(el, doc).rows:
                out.append((" | ".join(clean(c.text) for c in row.cells), False))
    return out


def corpus_pairs() -> list[Path]:
    pdfs = sorted(p for p in DOCS.glob("*.pdf") if p.with_suffix(".docx").exists())
    return pdfs + [FIX / "report.pdf", FIX / "two_column.pdf"]


# ---------------------------------------------------------------- paragraphs
@pytest.mark.parametrize("pdf", corpus_pairs(), ids=lambda p: p.stem)
def test_paragraphs_are_the_word_paragraphs(pdf: Path):
    """Same count, same order, same text as the .docx it was rendered from.

    Word draws automatic numbering itself, so those paragraphs' labels are in the PDF text but
    not in the Word text; they are compared without the label.
    """
    need(pdf)
    want = word_paragraphs(pdf.with_suffix(".docx"))
    blocks = read(pdf).blocks
    got = [b.text for b in blocks]
    assert len(got) == len(want), f"{len(got)} blocks for {len(want)} Word paragraphs"
    for block, (text, auto) in zip(blocks, want):
        actual = split_label(block.text)[1] if auto else block.text
        assert actual == text


def test_no_spaces_inside_chinese_although_the_text_layer_has_them():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FIX / "two_column.pdf"))
    raw = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert SPACED_CJK.search(raw), "the fixture no longer has justified, spaced lines"
    for path in [FIX / "two_column.pdf", FIX / "report.pdf", *sorted(DOCS.glob("*.pdf"))]:
        for b in read(path).blocks:
            assert not SPACED_CJK.search(b.text), (path.name, b.text)


def test_paragraphs_rejoined_across_151_pages():
    doc = read(FIX / "long_report.pdf")
    assert doc.pages == 151
    numbered = [int(m.group(1)) for b in doc.blocks if (m := re.match(r"第(\d+)段。", b.text))]
    assert numbered == list(range(1, len(numbered) + 1))
    assert len(numbered) == 150 * 98 // 10          # what make_pdf_fixtures.long_report writes
    body = [b for b in doc.blocks if b.text.startswith("第") and "段。" in b.text]
    assert all(b.text.endswith("。") for b in body)


# ---------------------------------------------------------------- furniture
def test_headers_and_page_numbers_go_to_the_furniture_layer():
    doc = read(FIX / "report.pdf")
    assert doc.pages == 3
    assert [(f.role, f.text, f.page) for f in doc.furniture] == [
        (role, text, n) for n in (1, 2, 3) for role, text in (("header", "甲市人大常委会"), ("page_number", f"—{n}—"))]
    assert not any(b.text in ("甲市人大常委会", "—1—", "—2—", "—3—") for b in doc.blocks)


@pytest.mark.parametrize("name, pattern", [
    ("long_report.pdf", r"-(\d+)-"),
    ("two_column.pdf", r"第(\d+)页共1页"),
])
def test_every_page_number_style_is_recognised(name: str, pattern: str):
    doc = read(FIX / name)
    numbers = [f for f in doc.furniture if f.role == "page_number"]
    assert [int(re.fullmatch(pattern, f.text).group(1)) for f in numbers] == list(range(1, doc.pages + 1))
    assert [f.page for f in numbers] == list(range(1, doc.pages + 1))
    assert not any(re.fullmatch(pattern, b.text) for b in doc.blocks)


def test_a_one_page_header_is_furniture_by_its_small_type():
    doc = read(FIX / "two_column.pdf")
    assert ("header", "乙县人大常委会办公室", 1) in [(f.role, f.text, f.page) for f in doc.furniture]
    assert "乙县人大常委会办公室" not in [b.text for b in doc.blocks]


def test_corpus_running_headers_and_footers_never_reach_the_blocks():
    pdf = need(DOCS / "x1_sample_auto.pdf")
    doc = read(pdf)
    headers = [f for f in doc.furniture if f.role == "header"]
    numbers = [f.text for f in doc.furniture if f.role == "page_number"]
    assert [f.page for f in headers] == list(range(1, doc.pages + 1))
    assert numbers == [f"第{i}页共{doc.pages}页" for i in range(1, doc.pages + 1)]
    furniture_text = {f.text for f in doc.furniture}
    assert not any(b.text in furniture_text for b in doc.blocks)


# ---------------------------------------------------------------- columns and tables
def test_two_columns_are_read_left_then_right():
    doc = read(FIX / "two_column.pdf")
    assert doc.meta["columns"] == [1]
    starts = [b.text[:6] for b in doc.blocks]
    order = ["左栏第1段", "左栏第2段", "左栏第3段", "二、存在问题", "后续第1段", "后续第2段", "后续第3段", "后续第4段"]
    positions = [next(i for i, s in enumerate(starts) if s.startswith(o)) for o in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", ["report", "two_column"])
def test_reading_order_does_not_depend_on_drawing_order(name: str):
    """The same pages with every text run drawn in a random order give the same document."""
    a, b = read(FIX / f"{name}.pdf"), read(FIX / f"{name}_shuffled.pdf")
    assert [x.text for x in b.blocks] == [x.text for x in a.blocks]
    assert [(f.role, f.text) for f in b.furniture] == [(f.role, f.text) for f in a.furniture]
    assert b.meta["columns"] == a.meta["columns"]


def test_a_corpus_two_column_section_is_detected():
    """Its source asks for `@@columns 2`; the order itself is checked against Word above."""
    doc = read(need(DOCS / "x1_sample_auto.pdf"))
    assert doc.meta["columns"] and set(doc.meta["columns"]) <= set(range(1, doc.pages + 1))
    single = read(FIX / "report.pdf")
    assert single.meta["columns"] == []


def test_tables_are_rows_of_cells_and_leave_the_text_flow():
    doc = read(FIX / "report.pdf")
    rows = [b for b in doc.blocks if b.type == "table_row"]
    assert [r.cells for r in rows] == [
        ["年度", "巡河次数（万次）", "清理问题（处）", "优良水体比例（%）"],
        ["2021年", "3.9", "386", "79.8"], ["2022年", "4.3", "402", "83.1"], ["2023年", "4.7", "412", "86.4"]]
    assert all(r.text == " | ".join(r.cells) for r in rows)
    paragraphs = " ".join(b.text for b in doc.blocks if b.type != "table_row")
    assert "巡河次数" not in paragraphs and "83.1" not in paragraphs


# ---------------------------------------------------------------- style facts
def test_style_facts_for_headings_titles_and_lead_sentences():
    doc = read(FIX / "report.pdf")
    by_text = {b.text: b for b in doc.blocks}
    title = by_text["关于检查《甲市河道管理条例》实施情况的报告"]
    assert (title.font_size, title.bold, title.align, title.page) == (20.0, True, "center", 1)
    heading = by_text["一、基本情况"]
    assert (heading.font_size, heading.bold) == (14.0, True)
    lead = next(b for b in doc.blocks if b.text.startswith("一是岸线管控不严。"))
    assert (lead.bold, lead.bold_lead, lead.font_size) == (False, "一是岸线管控不严。", 12.0)
    body = next(b for b in doc.blocks if b.text.startswith("近年来"))
    assert (body.bold, body.bold_lead, body.align) == (False, None, None)
    assert by_text["三、意见和建议"].page == 2


# ---------------------------------------------------------------- unreadable input
def test_garbled_text_layer_is_reported_not_passed_on(monkeypatch):
    from extractors import ocr

    monkeypatch.setattr(ocr, "is_available", lambda: False)
    doc = load(FIX / "garbled.pdf")
    assert doc.warnings == [f"page {i}: text layer unreadable (fonts without a ToUnicode map); {ocr.MISSING}"
                            for i in range(1, doc.pages + 1)]
    assert doc.blocks == []


def test_a_page_without_usable_text_goes_to_ocr_and_then_through_reflow(monkeypatch):
    """The OCR engine itself is tested with it; here only that its characters are used like a text layer's."""
    from extractors import ocr
    from extractors.pdf.chars import PageChars, Style

    def fake(page, number):
        width, height = page.get_size()
        pc = PageChars(number=number, width=width, height=height, styles=[Style(12.0, False, "OCR")])
        first, second = f"识别出的第{'一二三四五'[number - 1]}页", "文字。"   # an indented line, then a short one
        for k, ch in enumerate(first):
            pc.chars.append((ch, 124 + 12 * k, 400.0, 136 + 12 * k, 412.0, 0, k))
        for k, ch in enumerate(second):
            pc.chars.append((ch, 100 + 12 * k, 415.0, 112 + 12 * k, 427.0, 0, len(first) + k))
        return pc

    monkeypatch.setattr(ocr, "is_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_chars", fake)
    doc = read(FIX / "garbled.pdf", max_seconds=120)
    assert [b.text for b in doc.blocks] == [f"识别出的第{n}页文字。" for n in "一二三四五"[:doc.pages]]
    assert doc.meta["ocr"] == list(range(1, doc.pages + 1))
    assert doc.warnings[0] == "page 1: text layer unreadable (fonts without a ToUnicode map); read by OCR"


@pytest.mark.parametrize("name, reason", [
    ("encrypted.pdf", "encrypted PDF (password protected)"),
    ("truncated.pdf", "corrupt PDF (damaged or truncated: no readable page tree)"),
])
def test_unreadable_files_raise_document_error(name: str, reason: str):
    with pytest.raises(DocumentError) as err:
        load(FIX / name)
    assert err.value.reason == reason


def test_limits_on_pages_and_time():
    with pytest.raises(DocumentError, match=r"too many pages \(151; the limit is 100\)"):
        read(FIX / "long_report.pdf", max_pages=100)
    with pytest.raises(DocumentError, match="took longer than the 0 s limit"):
        read(FIX / "report.pdf", max_seconds=0)


def test_reader_recognises_pdf_by_its_bytes_not_its_name():
    assert PdfReader.accepts(b"%PDF-1.7\n", ".txt")
    assert PdfReader.accepts(b"\xef\xbb\xbf  %PDF-1.4", "")
    assert not PdfReader.accepts(b"PK\x03\x04", ".pdf")


_SEED = (FIX / "report.pdf").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=2000).map(lambda b: b"%PDF-1.4\n" + b),
    st.tuples(st.integers(0, len(_SEED)), st.integers(0, len(_SEED)), st.binary(min_size=1, max_size=64))
    .map(lambda t: _SEED[:t[0]] + t[2] + _SEED[t[0] + len(t[2]):] if t[1] % 2 else _SEED[:t[0]]),
))
def test_any_bytes_give_a_document_or_a_document_error(tmp_path_factory, data: bytes):
    from unittest import mock

    path = tmp_path_factory.mktemp("fuzz") / "x.pdf"
    path.write_bytes(data)
    try:
        with mock.patch("extractors.ocr.is_available", return_value=False):
            doc = load(path)
    except DocumentError as e:
        assert e.reason
    else:
        assert doc.format == "pdf" and doc.pages >= 1


# ---------------------------------------------------------------- the whole pipeline
def test_a_pdf_parses_to_the_same_document_as_its_word_file():
    """After the shared structure pass, the PDF and the .docx it was rendered from give the same
    blocks (type, level, label, text), title and kind — the PDF reader loses nothing Word had."""
    pdfs = [p for p in sorted(DOCS.glob("*.pdf")) if p.with_suffix(".docx").exists()]
    if not pdfs:
        pytest.skip("corpus documents not built")
    differ = []
    for pdf in pdfs:
        a, b = load(pdf.with_suffix(".docx")), load(pdf)
        shape_a = [(x.type, x.level, x.label, x.text) for x in a.blocks]
        shape_b = [(x.type, x.level, x.label, x.text) for x in b.blocks]
        if (shape_a, a.title, a.kind) != (shape_b, b.title, b.kind):
            differ.append(pdf.name)
    assert differ == []


def _source_header(stem: str) -> dict[str, str]:
    src = DOCS.parent / "sources" / f"{stem}.jd"
    meta: dict[str, str] = {}
    if src.exists():
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip() == "---":
                break
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return meta


def test_every_corpus_header_and_page_number_is_furniture_on_every_page():
    """Each source names its running header and footer style (corpus/FORMAT.md); the reader
    must find them on every page and never leave them in the body."""
    checked = 0
    for pdf in sorted(DOCS.glob("*.pdf")):
        meta = _source_header(pdf.stem)
        if not meta:
            continue
        doc = read(pdf)
        pages = list(range(1, doc.pages + 1))
        if meta.get("footer", "none") != "none":
            assert [f.page for f in doc.furniture if f.role == "page_number"] == pages, pdf.name
        if meta.get("header"):
            assert [f.page for f in doc.furniture if f.role == "header" and f.text == clean(meta["header"])] == pages, \
                pdf.name
        # nothing of the furniture left in the body — unless the body says it too (a signature
        # 梅山县人大常委会执法检查组 under a running header of the same words): the Word file decides
        furniture = {f.text for f in doc.furniture}
        in_word = [b.text for b in load(pdf.with_suffix(".docx")).blocks if b.text in furniture] \
            if pdf.with_suffix(".docx").exists() else []
        assert [b.text for b in doc.blocks if b.text in furniture] == in_word, pdf.name
        checked += 1
    assert checked or not list(DOCS.glob("*.pdf"))
