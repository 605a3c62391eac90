"""Chinese full-text search over items and document text, on SQLite FTS5 or PostgreSQL.

Why pre-segmentation: neither FTS5's default tokenizer (it keeps a run of CJK characters as one
token, so 养老 never matches 养老服务体系) nor its trigram tokenizer (nothing under three
characters can match) can answer two-character queries such as 养老, 执法, 经费. So jieba
(search mode, with the domain dictionary: `classifiers.lexicon.cut(text, search=True)`) cuts
every text into words *and* their dictionary sub-words (养老服务 → 养老 服务 养老服务); the
tokens, joined by spaces, are what the index sees:
- SQLite: an FTS5 table (unicode61 tokenizer, which keeps each space-separated token whole),
  ranked by BM25;
- PostgreSQL: a `tsvector` column with a GIN index. The vector is written as a tsvector literal
  (lexemes verbatim with positions, like the 'simple' configuration but independent of the
  server's locale, whose parser would drop CJK characters under the C locale), ranked by
  `ts_rank`.

A query is cut the same way. Each query word becomes a clause "the word, or all of its
sub-words" (so 养老服务 also finds 养老 … 服务 written apart) and clauses are ANDed; a lone
character becomes a prefix match. Highlights are made by finding the query's words in the
original text, not in the token string, so what is shown is the text as written.

Every query runs under a time limit (SQLite progress handler; PostgreSQL statement_timeout):
a pathological query returns an error, never a stuck worker.
"""
from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text as sql
from sqlalchemy.orm import Session

MAX_QUERY_CHARS = 200
MAX_TSV_POS = 16383
# Counting every match of a very frequent word (服务, 问题) costs as much as the search itself and
# tells a reader nothing more than "very many": the count stops here and says it is a lower bound.
COUNT_CAP = 10_000


class SearchTimeout(Exception):
    """The query took longer than the configured limit."""


@dataclass
class Clause:
    word: str
    subs: list[str] = field(default_factory=list)
    prefix: bool = False


@dataclass
class Hit:
    entry_id: int
    document_id: int
    source: str
    item_id: str | None
    item_pk: int | None
    type: str | None
    theme: str | None
    text: str
    highlight: str
    score: float
    kind: str
    title: str | None
    office: str
    year: int | None

    def to_json(self) -> dict[str, Any]:
        return {"document_id": str(self.document_id), "source": self.source, "item_id": self.item_id,
                "type": self.type, "text": self.text, "highlight": self.highlight, "score": self.score,
                "theme": self.theme, "kind": self.kind, "title": self.title, "office": self.office,
                "year": self.year, "item": self.item_pk}


@dataclass
class Result:
    query: str
    total: int
    hits: list[Hit]
    total_is_lower_bound: bool = False  # more than COUNT_CAP matches: `total` is COUNT_CAP

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "total_is_lower_bound": self.total_is_lower_bound,
                "hits": [h.to_json() for h in self.hits]}


# ---------------------------------------------------------------- tokens

def tokens(text: str) -> list[str]:
    """jieba search-mode tokens of a text, lower-cased (the index's vocabulary)."""
    from classifiers.lexicon import cut

    return [t.lower() for t in cut(text, search=True)]


def token_string(text: str) -> str:
    return " ".join(tokens(text))


def tsvector_literal(toks: list[str], weight: str = "") -> str:
    """A PostgreSQL tsvector literal with positions: lexemes verbatim, no parser involved."""
    positions: dict[str, list[int]] = {}
    for i, t in enumerate(toks, start=1):
        positions.setdefault(t, []).append(min(i, MAX_TSV_POS))
    parts = []
    for t, pos in positions.items():
        lex = t.replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{lex}':{','.join(f'{p}{weight}' for p in pos[:256])}")
    return " ".join(parts)


def parse_query(query: str) -> list[Clause]:
    """Query words as clauses; single characters kept only as prefix matches, stopwords dropped."""
    from classifiers.lexicon import cut, stopwords

    query = query[:MAX_QUERY_CHARS]
    words = [w.lower() for w in cut(query)]
    stop = stopwords()
    clauses: list[Clause] = []
    seen: set[str] = set()
    multi = [w for w in words if len(w) > 1]
    for w in words:
        if w in seen:
            continue
        seen.add(w)
        if len(w) == 1:
            if multi and (w in stop or not ("\u4e00" <= w <= "\u9fff" or w.isalnum())):
                continue
            clauses.append(Clause(w, prefix=True))
            continue
        subs = [s.lower() for s in cut(w, search=True) if s.lower() != w]
        subs = list(dict.fromkeys(s for s in subs if len(s) > 1))
        clauses.append(Clause(w, subs))
    return clauses


def _fts5_term(t: str, prefix: bool = False) -> str:
    return '"' + t.replace('"', '""') + '"' + ("*" if prefix else "")


def fts5_query(clauses: list[Clause], any_: bool = False) -> str:
    parts = []
    for c in clauses:
        if c.prefix:
            parts.append(_fts5_term(c.word, True))
        elif c.subs:
            parts.append("(" + _fts5_term(c.word) + " OR (" + " AND ".join(_fts5_term(s) for s in c.subs) + "))")
        else:
            parts.append(_fts5_term(c.word))
    return (" OR " if any_ else " AND ").join(parts)


def _ts_term(t: str, prefix: bool = False) -> str:
    return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def ts_query(clauses: list[Clause], any_: bool = False) -> str:
    parts = []
    for c in clauses:
        if c.prefix:
            parts.append(_ts_term(c.word, True))
        elif c.subs:
            parts.append("(" + _ts_term(c.word) + " | (" + " & ".join(_ts_term(s) for s in c.subs) + "))")
        else:
            parts.append(_ts_term(c.word))
    return (" | " if any_ else " & ").join(parts)


# ---------------------------------------------------------------- highlight

def highlight(text: str, clauses: list[Clause], width: int = 160) -> str:
    """A snippet of the original text around the first match, matches in <mark>, HTML-escaped."""
    terms = set()
    for c in clauses:
        terms.add(c.word)
        terms.update(c.subs)
    terms = sorted((t for t in terms if t), key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        snippet = text[:width]
        return html.escape(snippet) + ("…" if len(text) > width else "")
    start = max(0, spans[0][0] - min(20, width // 4))
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in spans:
        if a < pos or a >= end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append("<mark>" + html.escape(text[a:min(b, end)]) + "</mark>")
        pos = min(b, end)
    out.append(html.escape(text[pos:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


# ---------------------------------------------------------------- facets

def _h(value: Any) -> str:
    import hashlib

    return hashlib.sha1(str(value).encode("utf-8")).hexdigest()[:12]


def norm_law(law: str | None) -> str:
    """A law's name as filters compare it: without 《》 and the 中华人民共和国 prefix."""
    law = (law or "").strip().strip("《》")
    return law[len("中华人民共和国"):] if law.startswith("中华人民共和国") else law


def facet_office(office: str) -> str:
    return "fo" + _h(office or "")


def facet_tokens(*, office: str, kind: str | None, year: int | None, law: str | None, document_id: int,
                 item_type: str | None = None, theme: str | None = None, is_item: bool = False) -> list[str]:
    """Opaque filter tokens indexed with an entry (letters and digits only, one token each)."""
    out = [facet_office(office), "fk" + _h(kind or "other"), "fd" + _h(document_id)]
    if year is not None:
        out.append("fy" + str(int(year)))
    if law:
        out.append("fl" + _h(norm_law(law)))
    if is_item:
        out.append("fitem")
        if item_type:
            out.append("ft" + _h(item_type))
        if theme:
            out.append("fh" + _h(theme))
    return out


def filter_facets(f: "Filters") -> tuple[list[list[str]], list[str]] | None:
    """Facet groups that must match (OR within a group, AND across) and facets that must not;
    None when the filters exclude everything (an empty office scope)."""
    must: list[list[str]] = []
    if f.offices is not None:
        if not f.offices:
            return None
        must.append([facet_office(o) for o in f.offices])
    if f.office is not None:
        must.append([facet_office(f.office)])
    if f.kind:
        must.append(["fk" + _h(f.kind)])
    if f.year is not None:
        must.append(["fy" + str(int(f.year))])
    if f.law:
        must.append(["fl" + _h(norm_law(f.law))])
    if f.items_only or f.type or f.theme:
        must.append(["fitem"])
    if f.type:
        must.append(["ft" + _h(f.type)])
    if f.theme:
        must.append(["fh" + _h(f.theme)])
    never = ["fd" + _h(f.exclude_document)] if f.exclude_document is not None else []
    return must, never


# ---------------------------------------------------------------- indexing

def _pg_vector(tokens_: list[str], facets: list[str]) -> str:
    """Words with weight A (ranked), facets with weight D (ranked 0): one tsvector literal."""
    return (tsvector_literal(tokens_, "A") + " " + " ".join(f"'{t}'" for t in facets)).strip()


def index_entries(session: Session, doc: Any, entries: list[tuple[Any, str]]) -> int:
    """Add entries of one document — (Item or None, text) — to the search index."""
    dialect = session.get_bind().dialect.name
    rows = []
    for item, text in entries:
        if not text or not text.strip():
            continue
        toks = tokens(text)
        facets = facet_tokens(office=doc.office, kind=doc.kind, year=doc.year, law=doc.law, document_id=doc.id,
                              item_type=getattr(item, "type", None), theme=getattr(item, "theme", None),
                              is_item=item is not None)
        rows.append({"d": doc.id, "i": item.id if item is not None else None, "t": text, "k": " ".join(toks),
                     "f": " ".join(facets), "v": _pg_vector(toks, facets)})
    if not rows:
        return 0
    if dialect == "postgresql":
        session.execute(sql("INSERT INTO search_entries (document_id, item_id, text, tokens, facets, tsv) "
                            "VALUES (:d, :i, :t, :k, :f, CAST(:v AS tsvector))"), rows)
    else:
        session.execute(sql("INSERT INTO search_entries (document_id, item_id, text, tokens, facets) "
                            "VALUES (:d, :i, :t, :k, :f)"), [{k: r[k] for k in "ditkf"} for r in rows])
    return len(rows)


def reindex_item(session: Session, doc: Any, item: Any) -> None:
    """Refresh an item's filter tokens after a person corrected its type or theme."""
    facets = facet_tokens(office=doc.office, kind=doc.kind, year=doc.year, law=doc.law, document_id=doc.id,
                          item_type=item.type, theme=item.theme, is_item=True)
    row = session.execute(sql("SELECT id, tokens FROM search_entries WHERE item_id = :i"), {"i": item.id}).first()
    if row is None:
        return
    params = {"id": row[0], "f": " ".join(facets), "v": _pg_vector(row[1].split(), facets)}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("UPDATE search_entries SET facets = :f, tsv = CAST(:v AS tsvector) WHERE id = :id"), params)
    else:
        session.execute(sql("UPDATE search_entries SET facets = :f WHERE id = :id"), params)


def clear_document(session: Session, document_id: int) -> None:
    session.execute(sql("DELETE FROM search_entries WHERE document_id = :d"), {"d": document_id})


# ---------------------------------------------------------------- querying

@dataclass
class Filters:
    kind: str | None = None
    type: str | None = None
    theme: str | None = None
    year: int | None = None
    office: str | None = None
    law: str | None = None
    offices: list[str] | None = None  # access: only these owning offices (None = all)
    items_only: bool = False
    exclude_document: int | None = None


class _Deadline:
    """Bound a query's time on either backend; raises SearchTimeout when it is cut off."""

    def __init__(self, session: Session, seconds: float):
        self.session, self.seconds = session, seconds
        self.dialect = session.get_bind().dialect.name

    def __enter__(self):
        if self.dialect == "postgresql":
            self.session.execute(sql(f"SET LOCAL statement_timeout = {max(1, int(self.seconds * 1000))}"))
        else:
            raw = self.session.connection().connection.driver_connection
            deadline = time.monotonic() + self.seconds
            raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2000)
            self.raw = raw
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.dialect != "postgresql":
            self.raw.set_progress_handler(None, 0)
        if exc is not None:
            msg = str(exc).lower()
            if "interrupted" in msg or "statement timeout" in msg or "canceling statement" in msg:
                if self.dialect == "postgresql":
                    self.session.rollback()
                raise SearchTimeout(f"search took longer than {self.seconds:g} s") from None
        return False


_DETAILS = ("SELECT e.id, e.document_id, e.item_id, e.text, d.source, d.kind, d.title, d.office, d.year, "
            "i.key, i.type, i.theme FROM search_entries e JOIN documents d ON d.id = e.document_id "
            "LEFT JOIN items i ON i.id = e.item_id WHERE e.id IN ({ids})")


def _match(dialect: str, clauses: list[Clause], facets: tuple[list[list[str]], list[str]], any_: bool) -> str:
    must, never = facets
    if dialect == "postgresql":
        parts = ["(" + ts_query(clauses, any_) + ")"]
        parts += ["(" + " | ".join(f"'{t}'" for t in group) + ")" for group in must]
        parts += [f"!'{t}'" for t in never]
        return " & ".join(parts)
    q = "tokens : (" + fts5_query(clauses, any_) + ")"
    for group in must:
        q += " AND facets : (" + " OR ".join(f'"{t}"' for t in group) + ")"
    for t in never:
        q += f' NOT facets : "{t}"'
    return q


def _search_clauses(session: Session, clauses: list[Clause], f: Filters, limit: int, offset: int,
                    timeout: float, any_: bool = False, count: bool = True) -> tuple[int, list[Hit]]:
    """Rank inside the full-text index (matches, filters and scores never leave it), then read
    the details of just the page of hits. The total counts at most COUNT_CAP + 1 matches."""
    facets = filter_facets(f)
    if not clauses or facets is None:
        return 0, []
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {"q": _match(dialect, clauses, facets, any_), "limit": int(limit), "offset": int(offset),
                              "cap": COUNT_CAP + 1}
    if dialect == "postgresql":
        ranked = ("SELECT id, ts_rank('{0,0,0,1}', tsv, CAST(:q AS tsquery)) AS score FROM search_entries "
                  "WHERE tsv @@ CAST(:q AS tsquery) ORDER BY score DESC, id LIMIT :limit OFFSET :offset")
        counted = ("SELECT count(*) FROM (SELECT 1 FROM search_entries WHERE tsv @@ CAST(:q AS tsquery) "
                   "LIMIT :cap) AS m")
    else:
        ranked = ("SELECT rowid, -bm25(search_fts, 1.0, 0.0) AS score FROM search_fts WHERE search_fts MATCH :q "
                  "ORDER BY score DESC, rowid LIMIT :limit OFFSET :offset")
        counted = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :q LIMIT :cap)"
    with _Deadline(session, timeout):
        top = session.execute(sql(ranked), params).all() if limit else []
        total = session.execute(sql(counted), params).scalar_one() if count else len(top)
        details = {}
        if top:
            ids = ", ".join(str(int(r[0])) for r in top)
            details = {r[0]: r for r in session.execute(sql(_DETAILS.format(ids=ids))).all()}
    hits = []
    for entry_id, score in top:
        r = details.get(entry_id)
        if r is None:  # deleted between the two statements
            continue
        hits.append(Hit(entry_id=r[0], document_id=r[1], item_pk=r[2], text=r[3], source=r[4], kind=r[5],
                        title=r[6], office=r[7], year=r[8], item_id=r[9], type=r[10], theme=r[11],
                        highlight=highlight(r[3], clauses), score=round(float(score), 4)))
    return int(total), hits


def search(session: Session, query: str, filters: Filters | None = None, limit: int = 20,
           offset: int = 0, timeout: float = 2.0) -> Result:
    """Ranked hits for a query, with highlights and the total number of matches."""
    limit = max(0, min(int(limit), 200))
    offset = max(0, int(offset))
    clauses = parse_query(query)
    total, hits = _search_clauses(session, clauses, filters or Filters(), limit, offset, timeout)
    if total > COUNT_CAP:
        return Result(query=query, total=COUNT_CAP, hits=hits, total_is_lower_bound=True)
    return Result(query=query, total=total, hits=hits)


def similar(session: Session, item_pk: int, filters: Filters | None = None, limit: int = 10,
            timeout: float = 2.0) -> list[Hit]:
    """Items of *other* documents most like this one ("similar problems in past inspections")."""
    from classifiers.lexicon import content_words

    row = session.execute(sql("SELECT text, document_id FROM items WHERE id = :i"), {"i": item_pk}).first()
    if row is None:
        return []
    counts: dict[str, int] = {}
    for w in content_words(row[0]):
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], -len(w)))[:16]
    clauses = [Clause(w) for w in words]
    f = filters or Filters()
    f.items_only = True
    f.exclude_document = row[1]
    _, hits = _search_clauses(session, clauses, f, limit, 0, timeout, any_=True, count=False)
    return hits
