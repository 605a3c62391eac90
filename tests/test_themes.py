"""Themes across documents and years, and recurring problems: what `jiandu themes` promises."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from classifiers.themes import ModelIntegrityError, ThemeItem, ThemeModel, default_model, group_items
from classifiers.themes.gold import load_gold
from classifiers.themes.taxonomy import load_taxonomy
from classifiers.themes.train import as_theme_items

from .conftest import DOCS, ROOT, need


@pytest.fixture(scope="module")
def model() -> ThemeModel:
    return default_model()


@pytest.fixture(scope="module")
def gold():
    items = load_gold()
    if not items:
        pytest.skip("corpus/gold has no items (run `python -m corpus.build`)")
    return {(g.doc, g.id): g for g in items}


def _item(gold, doc: str, item_id: str) -> ThemeItem:
    key = (doc, item_id)
    if key not in gold:
        pytest.skip(f"{doc} {item_id} is not in corpus/gold")
    return as_theme_items([gold[key]])[0]


def test_every_item_of_every_document_is_in_exactly_one_theme(model, gold):
    items = as_theme_items(list(gold.values()))
    result = group_items(items, model)
    placed = Counter((it.document, it.id) for t in result.themes for it in t.items)
    assert set(placed) == {(it.document, it.id) for it in items}
    assert set(placed.values()) == {1}
    assert [t.id for t in result.themes] == [f"T{k}" for k in range(1, len(result.themes) + 1)]
    assert all(t.keywords for t in result.themes), "every theme says what it is about"


def test_the_taxonomy_labels_are_what_users_see(model, gold):
    result = group_items(as_theme_items(list(gold.values())), model, with_recurrences=False)
    taxonomy = {t.label for t in load_taxonomy()}
    named = {t.label for t in result.themes if not t.discovered}
    assert named and named <= set(model.classes_), "non-discovered themes carry a trained label"
    assert len(named & taxonomy) >= len(taxonomy) // 2, "a whole corpus touches most taxonomy themes"


def test_items_the_model_is_unsure_of_form_themes_named_by_their_own_words(model, gold):
    unsure = ThemeModel(**{**model.get_params(), "threshold": 1.01})  # nothing is sure: all clustered
    for attr in ("classes_", "coef_", "intercept_", "featurizer_"):
        setattr(unsure, attr, getattr(model, attr))
    result = group_items(as_theme_items(list(gold.values())), unsure, with_recurrences=False)
    discovered = [t for t in result.themes if t.discovered]
    assert discovered, "with every item unsure, clustering must find themes"
    for t in discovered:
        assert not re.fullmatch(r"[A-Za-z]*\d+", t.label), f"{t.label!r} is an id, not a name"
        words = [w for w in re.split(r"[、＊]", t.label) if w]
        assert words and all(w in t.keywords for w in words), "the label is made of its keywords"
        texts = "".join(it.title + it.text for it in t.items)
        assert all(w in texts for w in words), "the naming words come from the theme's items"
        assert len({it.document for it in t.items}) >= 2, "a discovered theme spans reports"


def test_a_problem_raised_again_in_other_words_in_a_later_year_is_one_recurrence(model, gold):
    earlier = _item(gold, "t19_insp_canjiren", "P1")      # 2023 无障碍环境建设短板明显
    later = _item(gold, "s7_01_canjiren", "P2")           # 2024 无障碍环境建设存在明显短板
    unrelated = _item(gold, "t21_insp_dianti", "P1")      # 老旧电梯更新改造进展缓慢
    assert earlier.year != later.year and earlier.title != later.title
    result = group_items([earlier, later, unrelated], model)
    linked = [{(o.document, o.id) for o in r.occurrences} for r in result.recurrences]
    assert {(earlier.document, earlier.id), (later.document, later.id)} in linked
    assert not any((unrelated.document, unrelated.id) in g for g in linked)
    years = [o.year for r in result.recurrences for o in r.occurrences]
    assert years == sorted(years), "occurrences read in time order"


def test_unrelated_problems_of_different_reports_do_not_recur(model, gold):
    a = _item(gold, "t21_insp_dianti", "P1")              # 老旧电梯更新改造进展缓慢
    b = _item(gold, "t24_insp_xiaofeizhe", "P1")          # 预付式消费"跑路"问题频发
    c = _item(gold, "t14_insp_weichengnianren", "P1")     # 校园周边环境治理不彻底
    assert group_items([a, b, c], model).recurrences == []


def test_the_same_problem_twice_in_one_report_is_not_a_recurrence(model, gold):
    p = _item(gold, "t19_insp_canjiren", "P1")
    twin = ThemeItem(p.source, "P9", p.type, p.title, p.text, p.year, p.doc)
    assert group_items([p, twin], model).recurrences == []


def test_a_saved_model_loads_back_and_a_tampered_one_is_refused(model, tmp_path, gold):
    path = model.save(tmp_path / "themes.npz")
    sample = as_theme_items(list(gold.values())[:20])
    again = ThemeModel.load(path)
    assert list(again.predict(sample)) == list(model.predict(sample))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError):
        ThemeModel.load(path)
    model.save(path)
    (tmp_path / "themes.npz.sha256").unlink()
    with pytest.raises(ModelIntegrityError):
        ThemeModel.load(path)


def test_the_estimator_learns_from_labelled_items(gold):
    train = [g for g in gold.values() if g.split == "train"][:120]
    fitted = ThemeModel(random_state=0).fit(train, [g.theme for g in train])
    predicted = fitted.predict(train)
    assert set(predicted) <= set(fitted.classes_)
    agree = sum(p == g.theme for p, g in zip(predicted, train)) / len(train)
    assert agree > 0.8, "a linear model fits its own training items"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", "themes", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_cli_groups_two_reports_per_the_contract_and_skips_a_bad_file(tmp_path):
    a = need(DOCS / "s7_01_canjiren.docx")
    b = need(DOCS / "t19_insp_canjiren.pdf")
    bad = tmp_path / "empty.docx"
    bad.write_bytes(b"")
    r = _cli(str(a), str(bad), str(b), "--json")
    assert r.returncode == 3
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jiandu: {bad}: "), "one line, no traceback"
    out = json.loads(r.stdout)
    extracted = {}
    for path in (a, b):
        e = subprocess.run([sys.executable, "-m", "service", "extract", str(path), "--json"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
        doc = json.loads(e.stdout)
        extracted.update({(path.name, it["id"]): it["text"] for it in doc["items"]})
    placed = Counter((it["source"], it["id"]) for t in out["themes"] for it in t["items"])
    assert set(placed) == set(extracted) and set(placed.values()) == {1}
    for t in out["themes"]:
        assert re.fullmatch(r"T\d+", t["id"]) and t["label"] and isinstance(t["keywords"], list)
        for it in t["items"]:
            assert it["type"] in ("problem", "recommendation") and it["text"] == extracted[(it["source"], it["id"])]
    assert isinstance(out["recurrences"], list)
    for rec in out["recurrences"]:
        assert rec["label"] and len({o["source"] for o in rec["occurrences"]}) >= 2
    assert any({o["source"] for o in rec["occurrences"]} == {a.name, b.name} for rec in out["recurrences"]), \
        "two inspections of the same law a year apart share at least one problem"


def test_cli_overview_shows_themes_per_year_and_recurrences():
    a = need(DOCS / "s7_01_canjiren.docx")
    b = need(DOCS / "t19_insp_canjiren.docx")
    r = _cli(str(a), str(b))
    assert r.returncode == 0, r.stderr
    assert "主题" in r.stdout and "2023" in r.stdout
    assert "反复出现的问题" in r.stdout
