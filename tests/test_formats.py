"""The formats offices really send: scanned PDFs (offline OCR), OFD, legacy .doc/.wps, odd text.

Each format is a reader behind the one document model, so the specification is the same for all:
the document reads as its Word original does, and the problems and recommendations extracted
from it score as well against the gold items (F1 within 0.05 of the text version).

OCR needs the `ocr` extra (rapidocr-onnxruntime) and legacy formats need LibreOffice; tests that
need them say so when skipped. The fixtures are made by tests/fixtures/make_scanned.py,
make_ofd.py and make_legacy.py from corpus documents.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from extractors import DocumentError, Limits, load
from extractors.normalize import cjk_punctuation, doc_numbers

from .conftest import CORPUS, DOCS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCANNED = FIXTURES / "scanned"
OFD = FIXTURES / "ofd"
LEGACY = FIXTURES / "legacy"
ROOMY = Limits(max_seconds=1800)      # OCR on a busy test machine is slow; no test is timed


def _f1(doc, name: str) -> float:
    from classifiers.items import extract_items
    from corpus.dataset import match

    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))["items"]
    preds = [(it.type, it.title, it.text) for it in extract_items(doc)]
    pairs, extra, missed = match(preds, gold)
    tp = len(pairs)
    if not gold and not preds:
        return 1.0
    p = tp / (tp + len(extra)) if preds else 0.0
    r = tp / (tp + len(missed)) if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _texts(doc) -> list[str]:
    return [b.full_text for b in doc.blocks]


# --- scanned PDFs --------------------------------------------------------------------------

def _need_ocr():
    from extractors import ocr

    if not ocr.is_available():
        pytest.skip("OCR extra not installed (pip install 'jiandu[ocr]': rapidocr-onnxruntime)")


def _ocr_wired() -> bool:
    pdf = Path(__file__).resolve().parent.parent / "extractors" / "pdf"
    return any("ocr_chars" in p.read_text(encoding="utf-8") for p in pdf.glob("*.py"))


def _only_ocr_notes(doc) -> bool:
    """Scanned pages are named in the warnings as read by OCR; nothing else may be wrong."""
    return all("read by OCR" in w for w in doc.warnings)


@pytest.fixture(scope="module")
def scanned_report():
    """The stamped, red-headed, skewed scan of s4_01 (3 pages), read once for the module."""
    _need_ocr()
    if not _ocr_wired():
        pytest.skip("the PDF reader does not call extractors.ocr.ocr_chars yet (the lead wires it)")
    return load(SCANNED / "s4_01_daolu_jiaotong.pdf", ROOMY)


def test_red_ink_is_taken_out_of_the_page_image_and_black_text_stays():
    import numpy as np
    import pypdfium2 as pdfium

    from extractors.ocr.page import REDNESS, page_image

    pdf = pdfium.PdfDocument(str(SCANNED / "s4_01_daolu_jiaotong.pdf"))
    try:
        raw = np.asarray(pdf[2].render(scale=150 / 72).to_pil().convert("RGB")).astype(int)
        img = page_image(pdf[2], 150).astype(int)
    finally:
        pdf.close()
    red_before = ((raw[..., 0] - np.maximum(raw[..., 1], raw[..., 2])) > REDNESS).sum()
    assert red_before > 5000, "the fixture's last page carries a red seal"
    assert ((img[..., 0] - np.maximum(img[..., 1], img[..., 2])) > REDNESS).sum() == 0
    assert (img[..., 0] < 80).sum() > 0.5 * (raw.max(axis=2) < 80).sum()   # black text survives


def test_scanned_report_extracts_items_as_well_as_the_text_pdf(scanned_report):
    text_version = load(DOCS / "s4_01_daolu_jiaotong.pdf")
    assert _only_ocr_notes(scanned_report) and scanned_report.meta.get("ocr") == [1, 2, 3]
    assert scanned_report.title == text_version.title
    assert _f1(scanned_report, "s4_01_daolu_jiaotong") >= _f1(text_version, "s4_01_daolu_jiaotong") - 0.05


def test_scanned_report_keeps_headings_and_paragraphs_like_the_text_pdf(scanned_report):
    text_version = load(DOCS / "s4_01_daolu_jiaotong.pdf")
    assert [(b.type, b.label) for b in scanned_report.blocks if b.label] == \
           [(b.type, b.label) for b in text_version.blocks if b.label]
    assert abs(len(scanned_report.blocks) - len(text_version.blocks)) <= 2
    numbers = [f for f in scanned_report.furniture if f.role == "page_number"]
    assert len(numbers) >= 2                                   # the scanned page numbers are furniture
    assert not any(b.full_text.strip().isdigit() for b in scanned_report.blocks)


def test_seal_and_banner_do_not_become_text(scanned_report):
    body = scanned_report.text + (scanned_report.title or "")
    assert "丁区人民代表大会常务委员会文件" not in body
    assert "丁区人民代表大会常务委员会" not in body      # the seal's arc


def test_mixed_document_reads_text_pages_and_the_scanned_page():
    _need_ocr()
    if not _ocr_wired():
        pytest.skip("the PDF reader does not call extractors.ocr.ocr_chars yet (the lead wires it)")
    from difflib import SequenceMatcher

    mixed = load(SCANNED / "mixed_s2_03_shui_wuran.pdf", ROOMY)
    text_version = load(DOCS / "s2_03_shui_wuran.pdf")
    assert _only_ocr_notes(mixed) and len(mixed.warnings) == 1
    last = max(b.page or 0 for b in text_version.blocks)
    want = "".join(b.full_text for b in text_version.blocks if b.page == last)
    got = "".join(b.full_text for b in mixed.blocks if b.page == last)
    assert SequenceMatcher(None, want, got).ratio() >= 0.9
    assert _texts(mixed)[:5] == _texts(text_version)[:5]


def test_scanned_page_without_ocr_installed_is_a_warning_not_a_failure(monkeypatch):
    if not _ocr_wired():
        pytest.skip("the PDF reader does not call extractors.ocr.ocr_chars yet (the lead wires it)")
    import extractors.ocr

    monkeypatch.setattr(extractors.ocr, "is_available", lambda: False)
    doc = load(SCANNED / "s4_01_daolu_jiaotong.pdf")
    assert any("jiandu[ocr]" in w for w in doc.warnings)


# --- OFD -----------------------------------------------------------------------------------

OFD_DOCS = sorted(p.stem for p in OFD.glob("*.ofd"))


@pytest.mark.parametrize("name", OFD_DOCS)
def test_ofd_reads_as_its_word_original(name):
    ofd, docx = load(OFD / f"{name}.ofd"), load(DOCS / f"{name}.docx")
    assert ofd.format == "ofd"
    assert ofd.title == docx.title
    assert ofd.kind == docx.kind
    assert _texts(ofd) == _texts(docx)
    assert [(b.type, b.level) for b in ofd.blocks] == [(b.type, b.level) for b in docx.blocks]


@pytest.mark.parametrize("name", [n for n in OFD_DOCS if (CORPUS / "gold" / f"{n}.json").exists()])
def test_ofd_extraction_scores_as_the_word_original(name):
    ofd, docx = load(OFD / f"{name}.ofd"), load(DOCS / f"{name}.docx")
    assert _f1(ofd, name) >= _f1(docx, name) - 0.05


def test_ofd_page_numbers_and_template_headers_are_furniture():
    doc = load(OFD / "s4_01_daolu_jiaotong.ofd")
    roles = {f.role for f in doc.furniture}
    assert "page_number" in roles
    assert doc.pages == len({f.page for f in doc.furniture if f.role == "page_number"})
    assert not any(b.full_text.startswith("—") for b in doc.blocks)


def _ofd(tmp_path: Path, parts: dict[str, str], name: str = "x.ofd") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in parts.items():
            zf.writestr(k, v)
    return path


_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_OFD_XML = f'<ofd:OFD {_NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
_DOCUMENT = (f'<ofd:Document {_NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
             '</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
             '</ofd:Pages></ofd:Document>')


def _page(objects: str) -> str:
    return f'<ofd:Page {_NS}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>'


def test_ofd_one_text_object_per_character_reads_as_one_line(tmp_path):
    text = "根据省人大常委会年度监督工作计划开展执法检查。"
    objs = "".join(f'<ofd:TextObject ID="{10 + i}" Boundary="{28 + 5.6 * i:.2f} 40 6 7" Size="5.6">'
                   f'<ofd:TextCode X="0" Y="5.6">{ch}</ofd:TextCode></ofd:TextObject>' for i, ch in enumerate(text))
    path = _ofd(tmp_path, {"OFD.xml": _OFD_XML, "Doc_0/Document.xml": _DOCUMENT,
                           "Doc_0/Pages/Page_0/Content.xml": _page(objs)})
    assert load(path).text == text


def test_ofd_with_a_dtd_is_refused_without_expanding_entities(tmp_path):
    evil = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f'<ofd:OFD {_NS}><ofd:DocBody><ofd:DocRoot>&x;</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    path = _ofd(tmp_path, {"OFD.xml": evil, "Doc_0/Document.xml": _DOCUMENT})
    with pytest.raises(DocumentError, match="DTD"):
        load(path)


def test_ofd_zip_bomb_and_escaping_paths_are_refused(tmp_path):
    big = _ofd(tmp_path, {"OFD.xml": _OFD_XML, "Doc_0/Document.xml": _DOCUMENT,
                          "Doc_0/Pages/Page_0/Content.xml": _page("") + " " * 3_000_000}, "big.ofd")
    with pytest.raises(DocumentError, match="zip bomb"):
        load(big, Limits(max_unzipped=1_000_000))
    escape = _ofd(tmp_path, {"OFD.xml": _OFD_XML.replace("Doc_0/Document.xml", "../../etc/passwd")}, "esc.ofd")
    with pytest.raises(DocumentError, match="leaves the package"):
        load(escape)


def test_zip_named_ofd_without_ofd_xml_is_refused(tmp_path):
    path = _ofd(tmp_path, {"readme.txt": "hello"})
    with pytest.raises(DocumentError, match="not an OFD"):
        load(path)


def test_ofd_delta_repetition_is_expanded():
    from extractors.ofd.text import deltas

    assert deltas("g 3 2.5 1 g 2 4") == [2.5, 2.5, 2.5, 1.0, 4.0, 4.0]


# --- legacy .doc / .wps --------------------------------------------------------------------

def _need_soffice():
    from extractors.legacy import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .doc/.wps conversion cannot run here")


@pytest.mark.parametrize("file", ["s4_01_daolu_jiaotong.doc", "s6_01_quanminjianshen.wps"])
def test_legacy_file_reads_as_its_word_original(file):
    _need_soffice()
    stem, suffix = file.rsplit(".", 1)
    doc, docx = load(LEGACY / file), load(DOCS / f"{stem}.docx")
    assert doc.format == suffix
    assert doc.title == docx.title
    assert _texts(doc) == _texts(docx)
    assert _f1(doc, stem) >= _f1(docx, stem) - 0.05


def _ole(body: bytes) -> bytes:
    """A compound-file header (byte order FFFE, 512-byte sectors) followed by `body`."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return head + b"\x00" * (512 - len(head)) + body


def test_encrypted_office_file_is_refused_as_encrypted_not_converted(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANDU_SOFFICE", str(tmp_path / "must-not-run"))
    path = tmp_path / "report.docx"
    path.write_bytes(_ole("EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")))
    with pytest.raises(DocumentError, match="encrypted"):
        load(path)


def test_legacy_spreadsheet_is_refused_without_conversion(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANDU_SOFFICE", str(tmp_path / "must-not-run"))
    path = tmp_path / "budget.xls"
    path.write_bytes(_ole("Workbook".encode("utf-16-le") + b"\x00" * 64))
    with pytest.raises(DocumentError, match="Excel"):
        load(path)


def test_damaged_legacy_file_is_refused_before_conversion(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANDU_SOFFICE", str(tmp_path / "must-not-run"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DocumentError, match="corrupt legacy"):
        load(path)


def test_legacy_file_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANDU_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(DocumentError, match=r"LibreOffice \(soffice\)"):
        load(LEGACY / "s4_01_daolu_jiaotong.doc")


def test_legacy_conversion_that_hangs_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 60\n")
    hang.chmod(0o755)
    monkeypatch.setenv("JIANDU_SOFFICE", str(hang))
    with pytest.raises(DocumentError, match="longer than"):
        load(LEGACY / "s4_01_daolu_jiaotong.doc", Limits(max_seconds=1))


def test_legacy_conversion_failure_is_a_document_error(tmp_path, monkeypatch):
    fail = tmp_path / "soffice"
    fail.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fail.chmod(0o755)
    monkeypatch.setenv("JIANDU_SOFFICE", str(fail))
    with pytest.raises(DocumentError, match="could not convert"):
        load(LEGACY / "s4_01_daolu_jiaotong.doc")


# --- encoding and layout oddities ----------------------------------------------------------

def test_half_width_punctuation_in_chinese_becomes_full_width():
    assert cjk_punctuation("(四)健全机制,压实责任;加强监管:") == "（四）健全机制，压实责任；加强监管："
    assert cjk_punctuation("下降9.6%和12.3%") == "下降9.6%和12.3%"
    assert cjk_punctuation("see www.example.com, p. 3") == "see www.example.com, p. 3"


@pytest.mark.parametrize("raw", ["[2024]12号", "(2024)12号", "［2024］12号", "【2024】12号", "〔2024〕12号"])
def test_document_numbers_take_the_standard_brackets(raw):
    assert doc_numbers(f"甲人大常发{raw}") == "甲人大常发〔2024〕12号"


def test_document_number_and_full_width_digits_survive_reading(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("甲人大常发〔２０２４〕１２号\n\n关于开展执法检查的通知\n\n各有关单位：根据２０２４年工作要点，开展检查。\n",
                    encoding="utf-8")
    doc = load(path)
    assert "甲人大常发〔2024〕12号" in doc.text
    assert "根据2024年工作要点" in doc.text


def test_traditional_characters_are_left_as_written(tmp_path):
    trad = "關於檢查《中華人民共和國食品安全法》實施情況的報告"
    body = "執法檢查組認為，監管體制還不夠健全，基層監管力量薄弱。"
    path = tmp_path / "trad.txt"
    path.write_text(f"{trad}\n\n{body}\n", encoding="utf-8")
    doc = load(path)
    assert trad in ((doc.title or "") + doc.text)
    assert body in doc.text
