"""Chinese search: two-character words, split compounds, filters, pagination, highlights,
similar items and bounded query time — on SQLite FTS5 and on PostgreSQL full text.

Expected answers are never hard-coded: each query is checked against a naive scan of the same
texts (every entry whose text contains the word), which is what a person would call a match.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from tests.service_backends import *  # noqa: F403
from service import search
from service.db import Store
from service.models import Document, Item, SearchEntry
from service.settings import Settings

DOCS = {  # corpus document → owning office
    "s3_02_yanglao_fuwu": "甲县",
    "t04_insp_yanglao": "乙市",
    "t04_rect_yanglao": "乙市",
    "s1_01_shipin_anquan": "甲县",
    "d1_02_laji_fenlei": "乙市",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled(request, tmp_path_factory):
    """A store holding five corpus documents of two offices."""
    tmp = tmp_path_factory.mktemp(f"search-{request.param}")
    url = new_pg_database() if request.param == "postgresql" else None
    st = Store.open(Settings(data_dir=tmp / "data", database_url=url))
    ids = {}
    for name, office in DOCS.items():
        doc_id, state = ingest_now(st, corpus_file(tmp, name), office=office)
        assert state == "done", name
        ids[name] = doc_id
    yield st, ids
    st.dispose()


def naive(st, word: str) -> set[int]:
    with st.read() as s:
        return {e.id for e in s.scalars(select(SearchEntry)) if word.lower() in e.text.lower()}


def hit_entries(st, query: str, **kw) -> tuple[int, list[search.Hit]]:
    with st.read() as s:
        res = search.search(s, query, search.Filters(**kw), limit=200)
    return res.total, res.hits


@pytest.mark.parametrize("word", ["养老", "执法", "经费", "监管", "补贴"])
def test_two_character_words_find_what_a_substring_scan_finds(filled, word):
    st, _ = filled
    expected = naive(st, word)
    total, hits = hit_entries(st, word)
    found = {h.entry_id for h in hits}
    assert expected, f"the corpus sample should contain {word}"
    assert found <= expected  # every hit really contains the word
    assert len(found) >= 0.9 * len(expected)  # and nearly every text containing it is found
    assert total == len(found)


@pytest.mark.parametrize("query", ["养老服务", "执法检查", "医养结合", "食品安全", "垃圾分类"])
def test_longer_words_split_by_jieba_are_found(filled, query):
    st, _ = filled
    expected = naive(st, query)
    _, hits = hit_entries(st, query)
    assert expected and hits
    assert len({h.entry_id for h in hits} & expected) >= 0.9 * len(expected)


def test_hits_are_ranked_and_highlighted_in_the_original_text(filled):
    st, _ = filled
    _, hits = hit_entries(st, "养老")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    for h in hits[:10]:
        assert "<mark>养老</mark>" in h.highlight
        plain = re.sub(r"</?mark>", "", h.highlight).strip("…")
        assert plain in h.text  # the highlight is a piece of the text as written


def test_several_words_must_all_match(filled):
    st, _ = filled
    _, both = hit_entries(st, "养老 消防")
    assert both
    assert all("养老" in h.text and "消防" in h.text for h in both)
    assert len(both) < len(hit_entries(st, "养老")[1])


def test_filters_narrow_by_kind_type_office_and_year(filled):
    st, ids = filled
    _, rect = hit_entries(st, "养老", kind="rectification_report")
    assert rect and {h.document_id for h in rect} == {ids["t04_rect_yanglao"]}
    _, problems = hit_entries(st, "养老", type="problem")
    assert problems and all(h.type == "problem" and h.item_id.startswith("P") for h in problems)
    _, office = hit_entries(st, "养老", offices=["甲县"])
    assert office and all(h.office == "甲县" for h in office)
    _, none = hit_entries(st, "养老", offices=[])
    assert none == []
    with st.read() as s:
        year = s.get(Document, ids["s3_02_yanglao_fuwu"]).year
    if year:
        _, by_year = hit_entries(st, "养老", year=year)
        assert by_year and all(h.year == year for h in by_year)


def test_pages_are_disjoint_and_add_up_to_the_whole(filled):
    st, _ = filled
    total, everything = hit_entries(st, "监管")
    pages = []
    with st.read() as s:
        for offset in range(0, total, 7):
            pages.extend(search.search(s, "监管", limit=7, offset=offset).hits)
    assert [h.entry_id for h in pages] == [h.entry_id for h in everything]


def test_queries_with_nothing_searchable_give_no_hits(filled):
    st, _ = filled
    for q in ["，。！", "   ", "量子纠缠超导体"]:
        total, hits = hit_entries(st, q)
        assert (total, hits) == (0, [])


def test_similar_items_come_from_other_documents(filled):
    st, ids = filled
    with st.read() as s:
        item = s.scalars(select(Item).where(Item.document_id == ids["t04_insp_yanglao"],
                                            Item.type == "problem").order_by(Item.seq)).first()
        hits = search.similar(s, item.id, limit=5)
    assert hits
    assert all(h.document_id != ids["t04_insp_yanglao"] and h.item_id for h in hits)
    # the nearest are about the same subject: they share content words with the item
    from classifiers.lexicon import content_words

    words = set(content_words(item.text))
    assert set(content_words(hits[0].text)) & words


def test_a_query_is_cut_off_at_its_time_limit(filled):
    st, _ = filled
    slow = ("SELECT pg_sleep(2)" if st.dialect == "postgresql" else
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
            "SELECT count(*) FROM c")
    with st.read() as s:
        with pytest.raises(search.SearchTimeout):
            with search._Deadline(s, 0.05):
                s.execute(text(slow)).all()
        # and the session is usable afterwards
        assert s.execute(text("SELECT 1")).scalar_one() == 1


def test_query_parsing_keeps_words_and_their_parts():
    clauses = search.parse_query("养老服务体系 经费")
    words = [c.word for c in clauses]
    assert "经费" in words
    long = next(c for c in clauses if c.word.startswith("养老"))
    assert long.subs and all(len(s) >= 2 for s in long.subs)
    assert search.parse_query("水")[0].prefix


def test_the_count_of_a_very_frequent_word_stops_at_the_cap_and_says_so(filled, monkeypatch):
    st, _ = filled
    exact, _hits = hit_entries(st, "监管")
    with st.read() as s:
        assert search.search(s, "监管").total_is_lower_bound is False
    assert exact > 3
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    with st.read() as s:
        res = search.search(s, "监管", limit=5)
    assert res.total == 3 and res.total_is_lower_bound and res.to_json()["total_is_lower_bound"] is True
    assert len(res.hits) == min(5, exact)  # the page itself is not cut by the count's cap
