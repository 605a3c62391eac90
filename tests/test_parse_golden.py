"""`jiandu parse` output pinned on real files: any change in structure shows up as a diff to review.

Golden files live in tests/golden/ and are rewritten only by `pytest --regen-golden`.
"""
from __future__ import annotations

import json

import pytest

from extractors import load

from .conftest import DOCS, EXTERNAL, GOLDEN

CASES = [
    (DOCS / "s1_01_shipin_anquan.docx"), (DOCS / "s2_01_weichengnianren.docx"),
    (DOCS / "s3_03_xiangcun_zhenxing.docx"), (DOCS / "s5_01_gufei.docx"), (DOCS / "s7_01_canjiren.docx"),
    (DOCS / "s8_02_chengxiangguihua.docx"), (DOCS / "d1_01_zhiyuan_fuwu.docx"), (DOCS / "t01_rect_xiaofang.docx"),
    (DOCS / "s1_01_shipin_anquan.pdf"), (DOCS / "s3_03_xiangcun_zhenxing.pdf"), (DOCS / "s8_02_chengxiangguihua.pdf"),
    (DOCS / "s5_01_gufei.pdf"),
    (EXTERNAL / "newspaper_page_2024.txt"),
    (EXTERNAL / "regulations" / "02_zhejiang_province_npc_standing_committee_supervision_chapters_sections.md"),
]


def snapshot(path) -> dict:
    doc = load(path)
    return {"title": doc.title, "kind": doc.kind, "pages": doc.pages,
            "blocks": [[b.type, b.level, b.label, b.text, b.page] for b in doc.blocks],
            "furniture": sorted({f.role + ":" + f.text for f in doc.furniture})}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_parse_matches_golden(path, regen):
    if not path.exists():
        pytest.skip(f"{path} is not present")
    golden = GOLDEN / f"{path.name}.json"
    got = snapshot(path)
    if regen or not golden.exists():
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        if not regen:
            pytest.fail(f"golden file {golden.name} was missing and has been written: review and commit it")
        return
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert got["title"] == want["title"] and got["kind"] == want["kind"] and got["pages"] == want["pages"]
    assert got["furniture"] == want["furniture"]
    for i, (g, w) in enumerate(zip(got["blocks"], want["blocks"])):
        assert g == w, f"block {i} differs"
    assert len(got["blocks"]) == len(want["blocks"])
