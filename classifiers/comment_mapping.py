"""Which articles each public comment addresses, which comments are one opinion, and themes.

Order of evidence, strongest first:
1. the table's 条款 column and explicit citations in the text (`classifiers.article_refs`);
2. only where there are none: content — TF-IDF over jieba words and character 2–3-grams,
   cosine against every article's text; the best article is taken when its score clears a
   threshold tuned on the TRAIN comments (`corpus/train_comment_mapping.py`), which is what
   leaves general comments (总体赞成, 建议加大宣传) unmapped.

Counts weigh content, not volume: per article, submissions, distinct opinions (a duplicate
group counts once) and contact points. Every original comment is kept in the result.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .article_refs import cited_articles, clause_articles, counting_references, find_references
from .comment_intake import Comment
from .drafts import Draft, article_label
from .near_duplicates import DuplicateParams, group_duplicates

MODEL_PATH = Path(__file__).resolve().parent / "models" / "comment_mapping.json"


@dataclass
class MappingParams:
    """Plain parameters (saved as JSON, nothing executable): content threshold and duplicate settings."""

    threshold: float = 0.2
    margin: float = 0.0  # best score must beat the runner-up by this much
    duplicates: DuplicateParams = field(default_factory=DuplicateParams)
    trained_on: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "margin": self.margin,
                "duplicates": self.duplicates.__dict__, "trained_on": self.trained_on}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "MappingParams":
        dup = DuplicateParams(**{k: v for k, v in d.get("duplicates", {}).items()
                                 if k in DuplicateParams.__dataclass_fields__})
        return cls(threshold=float(d.get("threshold", cls.threshold)), margin=float(d.get("margin", 0.0)),
                   duplicates=dup, trained_on=list(d.get("trained_on", [])))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "MappingParams":
        if path.exists():
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        return cls()

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _words(text: str) -> list[str]:
    from .lexicon import content_words

    return content_words(text)


class ArticleMatcher:
    """TF-IDF (jieba words + character n-grams) fitted on one draft's articles."""

    def __init__(self, draft: Draft):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.draft = draft
        self.numbers = [a.number for a in draft.articles]
        texts = [a.text for a in draft.articles]
        self.words = TfidfVectorizer(analyzer=_words, sublinear_tf=True, norm="l2")
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, norm="l2",
                                     token_pattern=None)
        if texts:
            self.A_words = self.words.fit_transform([_subject_text(t) for t in texts])
            self.A_chars = self.chars.fit_transform([_subject_text(t) for t in texts])
        self.vocab = np.array(self.words.get_feature_names_out()) if texts else np.array([])

    def scores(self, texts: list[str]) -> np.ndarray:
        """Cosine of each text against each article (rows: texts, columns: articles), words and chars averaged."""
        if not self.numbers or not texts:
            return np.zeros((len(texts), len(self.numbers)))
        stripped = [_subject_text(t) for t in texts]
        W = self.words.transform(stripped)
        C = self.chars.transform(stripped)
        return 0.5 * (W @ self.A_words.T).toarray() + 0.5 * (C @ self.A_chars.T).toarray()

    def keywords(self, texts: list[str], k: int = 3) -> list[list[str]]:
        """Per text, the draft's own terms that weigh most in it (a cheap, honest theme)."""
        if not len(self.vocab) or not texts:
            return [[] for _ in texts]
        uniq = list(dict.fromkeys(texts))
        V = self.words.transform([_subject_text(t) for t in uniq]).tocsr()
        found: dict[str, list[str]] = {}
        for r, text in enumerate(uniq):
            lo, hi = V.indptr[r], V.indptr[r + 1]
            data, idx = V.data[lo:hi], V.indices[lo:hi]
            order = np.argsort(-data, kind="stable")[:k]
            found[text] = [str(self.vocab[idx[i]]) for i in order]
        return [found[t] for t in texts]


_META = re.compile(r"第[零〇一二两三四五六七八九十百千\d]+[条款项章节]|本条例|本办法|条例|草案|征求意见稿|征求意见|"
                   r"制定|施行|实施|立法|审议|通过|法规|法律|上位法|意见|建议|修改|规定|条款|表述|内容|出台|"
                   r"赞成|赞同|支持|同意|合理|总体|本市|本省|结合|实际")


def _subject_text(text: str) -> str:
    """Words about the law rather than its subject (citations, 本条例, 制定, 施行, 建议 …) are
    removed before content matching: they make every general comment look like the purpose
    article (第一条 为了……制定本条例) or the commencement article (本条例自……起施行)."""
    return _META.sub(" ", text)


@dataclass
class MappedComment:
    """A comment with the articles it addresses and how we know."""

    comment: Comment
    articles: list[int]
    how: str  # "clause", "explicit", "content", "none"
    score: float | None = None
    references: list[dict[str, Any]] = field(default_factory=list)
    duplicate_group: str | None = None
    themes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    anchors: list[dict[str, Any]] = field(default_factory=list)  # {article, quote}: survives renumbering

    def to_json(self) -> dict[str, Any]:
        c = self.comment
        out = {"id": c.id, "source": c.source, "text": c.text, "articles": self.articles,
               "duplicate_group": self.duplicate_group, "themes": self.themes,
               "row": c.row, "how": self.how, "score": None if self.score is None else round(float(self.score), 4),
               "references": self.references, "actions": self.actions, "proposer": c.proposer,
               "contact_point": c.contact_point, "clause": c.clause, "reason": c.reason,
               "anchors": self.anchors}
        return out


def explicit_articles(comment: Comment, draft: Draft) -> tuple[list[int] | None, str, list[dict], list[str]]:
    """Articles from the 条款 column and the text's citations; None when neither says anything."""
    found: set[int] = set()
    how = "none"
    said = False
    if comment.clause:
        col = clause_articles(comment.clause, draft)
        if col is not None:
            said = True
            found.update(col)
            how = "clause"
    refs = find_references(comment.text, draft)
    counted = counting_references(refs, draft)
    arts = cited_articles(refs, draft)
    if arts:
        found.update(arts)
        said = True
        if how == "none":
            how = "explicit"
    actions = sorted({r.action for r in counted if r.action})
    return (sorted(found) if said else None), how, [r.to_json() for r in refs], actions


def map_comments(draft: Draft, comments: list[Comment], params: MappingParams | None = None,
                 matcher: ArticleMatcher | None = None, groups: list[str | None] | None = None) -> list[MappedComment]:
    """Articles per comment (explicit first, content where nothing is cited).

    With `groups` (duplicate group per comment), the content of one near-duplicate group is
    scored once: copies of a campaign letter are one opinion, and a national campaign must not
    cost a tokenizer pass per copy. Citations are still read from every copy.
    """
    params = params or MappingParams.load()
    matcher = matcher or ArticleMatcher(draft)
    out: list[MappedComment] = []
    need: list[int] = []
    for c in comments:
        arts, how, refs, actions = explicit_articles(c, draft)
        out.append(MappedComment(comment=c, articles=arts or [], how=how, references=refs, actions=actions))
        if arts is None:
            need.append(len(out) - 1)
    if need and matcher.numbers:
        # campaigns repeat texts verbatim: score each distinct text once
        slots: dict[str, list[int]] = {}
        first_text: dict[str, str] = {}
        for i in need:
            key = (groups[i] if groups is not None else None) or content_text(out[i].comment)
            first_text.setdefault(key, content_text(out[i].comment))
            slots.setdefault(key, []).append(i)
        keys = list(slots)
        batch = 2000
        for start in range(0, len(keys), batch):
            chunk = keys[start:start + batch]
            S = matcher.scores([first_text[k] for k in chunk])
            best_idx = S.argmax(axis=1)
            top = S[np.arange(len(chunk)), best_idx]
            second = np.partition(S, -2, axis=1)[:, -2] if S.shape[1] > 1 else np.zeros(len(chunk))
            for row, key in enumerate(chunk):
                ok = top[row] >= params.threshold and top[row] - second[row] >= params.margin
                for i in slots[key]:
                    out[i].score = float(top[row])
                    if ok:
                        out[i].articles = [matcher.numbers[int(best_idx[row])]]
                        out[i].how = "content"
    return out


def content_text(c: Comment) -> str:
    return c.text + ("\n" + c.reason if c.reason else "")


def duplicate_groups(comments: list[Comment], params: MappingParams | None = None) -> list[str | None]:
    """D1, D2 … in order of each group's first comment; None for a comment without a twin."""
    params = params or MappingParams.load()
    groups = group_duplicates([c.text for c in comments], params.duplicates)
    return [None if g is None else f"D{g + 1}" for g in groups]


def assign_duplicates(mapped: list[MappedComment], params: MappingParams | None = None) -> None:
    for m, g in zip(mapped, duplicate_groups([m.comment for m in mapped], params)):
        m.duplicate_group = g


def assign_themes(mapped: list[MappedComment], draft: Draft, matcher: ArticleMatcher,
                  keywords: bool = True) -> None:
    """Themes: the chapter titles of a comment's articles; else the draft terms it weighs most."""
    chapters = {c.number: c.title for c in draft.chapters}
    art_ch = {a.number: a.chapter for a in draft.articles}
    rest = []
    for m in mapped:
        titles = []
        for n in m.articles:
            t = chapters.get(art_ch.get(n))  # type: ignore[arg-type]
            if t and t not in titles:
                titles.append(t)
        if titles:
            m.themes = titles
        elif keywords:
            rest.append(m)
    for m, words in zip(rest, matcher.keywords([content_text(m.comment) for m in rest], k=2)):
        m.themes = words


def assign_anchors(mapped: list[MappedComment], draft: Draft) -> None:
    """Each article a comment addresses, with the draft text it quotes from that article (if any):
    the number alone breaks when the next version renumbers, the quote does not."""
    from .draft_diff import quoted_texts

    for m in mapped:
        quotes = quoted_texts(m.comment.text)
        m.anchors = []
        for n in m.articles:
            art = draft.article(n)
            q = next((q for q in quotes if art is not None and q in art.text), None)
            m.anchors.append({"article": n, "quote": q})


@dataclass
class ArticleStats:
    number: int
    comments: list[str]
    submissions: int
    distinct: int
    contact_points: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"article": self.number, "label": article_label(self.number), "comments": self.comments,
                "submissions": self.submissions, "distinct_opinions": self.distinct,
                "contact_points": self.contact_points}


def article_stats(mapped: list[MappedComment]) -> dict[int, ArticleStats]:
    """Per article: submissions, distinct opinions (a duplicate group counts once), contact points."""
    by: dict[int, list[MappedComment]] = {}
    for m in mapped:
        for n in m.articles:
            by.setdefault(n, []).append(m)
    out = {}
    for n in sorted(by):
        ms = by[n]
        opinions = {m.duplicate_group or m.comment.id for m in ms}
        cps = sorted({m.comment.contact_point for m in ms if m.comment.contact_point})
        out[n] = ArticleStats(n, [m.comment.id for m in ms], len(ms), len(opinions), cps)
    return out


@dataclass
class CommentAnalysis:
    draft: Draft
    mapped: list[MappedComment]
    stats: dict[int, ArticleStats]

    def to_json(self, draft_name: str) -> dict[str, Any]:
        arts: dict[str, list[str]] = {}
        for m in self.mapped:
            for n in m.articles:
                arts.setdefault(str(n), []).append(m.comment.id)
        arts = {k: arts[k] for k in sorted(arts, key=int)}
        general = [m.comment.id for m in self.mapped if not m.articles]
        groups: dict[str, list[str]] = {}
        for m in self.mapped:
            if m.duplicate_group:
                groups.setdefault(m.duplicate_group, []).append(m.comment.id)
        return {"draft": draft_name, "title": self.draft.title,
                "comments": [m.to_json() for m in self.mapped], "articles": arts,
                "general": general, "duplicate_groups": groups,
                "article_stats": {str(n): s.to_json() for n, s in self.stats.items()}}


def analyse(draft: Draft, comments: list[Comment], params: MappingParams | None = None,
            progress: Callable[[str], None] | None = None) -> CommentAnalysis:
    """Map, group and count: the whole `jiandu comments` pipeline on parsed inputs."""
    params = params or MappingParams.load()
    matcher = ArticleMatcher(draft)
    groups = duplicate_groups(comments, params)
    if progress:
        progress("grouped")
    mapped = map_comments(draft, comments, params, matcher, groups)
    for m, g in zip(mapped, groups):
        m.duplicate_group = g
    if progress:
        progress("mapped")
    assign_themes(mapped, draft, matcher)
    assign_anchors(mapped, draft)
    return CommentAnalysis(draft=draft, mapped=mapped, stats=article_stats(mapped))
