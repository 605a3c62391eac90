"""立法意见 for one stored draft: its articles, the public comments mapped onto them, duplicate
groups, and the exports (意见汇总表 Word/Excel, 修改对照表 Word).

The store has no table for drafts and comments, so they are documents: a draft is a document of
kind `draft_regulation`, its comments are the documents of kind `comments` filed under the same
owning office (for a 基层立法联系点, the point's name) and, where both name a law, the same law.
The analysis is the library's own (`classifiers.drafts`, `classifiers.comment_intake`,
`classifiers.comment_mapping`), the same as `jiandu comments`; it reads the stored files, and
is kept in a small cache keyed by the files' digests, because reading a draft and a few hundred
comments takes a second or two and a person clicks through articles one after another.
"""
from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Document
from service.settings import Settings

from .stored import original_files


class Unavailable(Exception):
    """A library piece this page needs is not installed yet."""


_CACHE: "OrderedDict[tuple, Any]" = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 16


def _cached(key: tuple, make):
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = make()
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def comment_documents(s: Session, draft: Document) -> list[Document]:
    q = select(Document).where(Document.kind == "comments", Document.office == draft.office)
    docs = s.scalars(q.order_by(Document.id)).all()
    return [d for d in docs if not (draft.law and d.law and d.law != draft.law)]


def other_versions(s: Session, draft: Document) -> list[Document]:
    """Other drafts of the same office: candidates for the 修改对照表."""
    q = select(Document).where(Document.kind == "draft_regulation", Document.office == draft.office,
                               Document.id != draft.id)
    return list(s.scalars(q.order_by(Document.id)).all())


def parse_stored_draft(settings: Settings, draft: Document):
    try:
        from classifiers.drafts import parse_draft
        from extractors import load
    except ImportError as e:  # pragma: no cover
        raise Unavailable(f"草案解析模块暂不可用（{e}）") from None

    def make():
        with original_files(settings, [draft]) as (path,):
            return parse_draft(load(path))

    return _cached(("draft", draft.sha256), make)


def analyse(settings: Settings, draft: Document, comment_docs: list[Document]) -> tuple[Any, list[str]]:
    """(CommentAnalysis, names of comment files that could not be read)."""
    try:
        from classifiers.comment_intake import read_many
        from classifiers.comment_mapping import analyse as analyse_comments
    except ImportError as e:  # pragma: no cover
        raise Unavailable(f"意见归集模块暂不可用（{e}）") from None
    parsed = parse_stored_draft(settings, draft)

    def make():
        bad: list[str] = []
        with original_files(settings, comment_docs) as paths:
            names = {str(p): d.source for p, d in zip(paths, comment_docs)}
            comments = read_many([str(p) for p in paths],
                                 on_error=lambda path, reason: bad.append(f"{names.get(str(path), path)}：{reason}"))
        return analyse_comments(parsed, comments), bad

    key = ("comments", draft.sha256, tuple(d.sha256 for d in comment_docs))
    return _cached(key, make)


def view_model(analysis: Any) -> dict[str, Any]:
    """What the page shows: articles with counts, comments by article, duplicate groups."""
    draft = analysis.draft
    chapters = {c.number: c for c in draft.chapters}
    by_article: dict[int, list[dict]] = {}
    general: list[dict] = []
    groups: dict[str, list[dict]] = {}
    comments = []
    for m in analysis.mapped:
        row = m.to_json()
        comments.append(row)
        for n in m.articles:
            by_article.setdefault(n, []).append(row)
        if not m.articles:
            general.append(row)
        if m.duplicate_group:
            groups.setdefault(m.duplicate_group, []).append(row)
    articles = []
    for a in draft.articles:
        st = analysis.stats.get(a.number)
        ch = chapters.get(a.chapter) if a.chapter is not None else None
        articles.append({"number": a.number, "label": a.label, "text": a.text,
                         "chapter": f"{ch.label}　{ch.title}" if ch else "",
                         "submissions": st.submissions if st else 0, "distinct": st.distinct if st else 0,
                         "contact_points": st.contact_points if st else []})
    return {"title": draft.title, "articles": articles, "by_article": by_article, "general": general,
            "groups": dict(sorted(groups.items(), key=lambda kv: -len(kv[1]))), "comments": comments}


def export_summary(analysis: Any, fmt: str) -> bytes:
    try:
        from classifiers import comment_summary
    except ImportError as e:  # pragma: no cover
        raise Unavailable(f"意见汇总表模块暂不可用（{e}）") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"summary.{fmt}"
        (comment_summary.write_docx if fmt == "docx" else comment_summary.write_xlsx)(analysis, path)
        return path.read_bytes()


def export_diff(settings: Settings, old: Document, new: Document) -> tuple[bytes, dict[str, int]]:
    try:
        from classifiers.draft_diff import diff_drafts, write_docx
    except ImportError as e:  # pragma: no cover
        raise Unavailable(f"修改对照表模块暂不可用（{e}）") from None
    diff = diff_drafts(parse_stored_draft(settings, old), parse_stored_draft(settings, new))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "diff.docx"
        write_docx(diff, str(path))
        return path.read_bytes(), diff.summary()
