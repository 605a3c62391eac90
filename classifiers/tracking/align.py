"""Which sentences of the later report speak to which feedback point.

Reports paraphrase ("针对执法力量薄弱的问题" for "基层执法人员数量不足"), reorder and merge, so no
single signal is enough. A point is scored against every sentence with several weak signals that
fail differently: jieba TF-IDF cosine over content words (the domain dictionary keeps 执法检查,
审议意见 whole), idf-weighted character-bigram coverage (survives paraphrase and segmentation
differences), shared figures (57座危桥 is unmistakable), and the topic the paragraph announces
("针对……的问题", "关于……") or its heading. Sentences then go to the points they fit best, so a
paragraph that merges two points gives each its own sentences.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from .passages import Sentence

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUM = re.compile(r"\d+(?:\.\d+)?")
# Characters too common in official prose to make a bigram informative on their own.
_WEAK = set("的了和与及等在对为是将已有一不也并由把被着从向以其之这该各")
# Head words that mean the same thing across the inspection and the answer.
_SYNONYMS = {
    "力量": "人员", "队伍": "人员", "人手": "人员", "资金": "经费", "投入": "经费", "短缺": "不足", "不够": "不足",
    "薄弱": "不足", "缺乏": "不足", "欠缺": "不足", "匮乏": "不足", "偏少": "不足", "缓慢": "滞后", "迟缓": "滞后",
    "设备": "设施", "普法": "宣传", "观念": "意识", "监督": "监管",
}


def tokenize(text: str) -> list[str]:
    """Content words (jieba with the domain dictionary when available), synonyms folded."""
    try:
        from classifiers.lexicon import content_words
        words = content_words(text)
    except Exception:  # lexicon not importable: plain jieba
        import jieba
        words = [w for w in jieba.lcut(text) if len(w) > 1 and _CJK.search(w)]
    return [_SYNONYMS.get(w, w) for w in words]


def bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", "|", text)
    out = set()
    for a, b in zip(chars, chars[1:]):
        if a != "|" and b != "|" and not (a in _WEAK or b in _WEAK):
            out.add(a + b)
    return out


def numbers(text: str) -> set[str]:
    """Figures that identify a point: 57, 1.2, 420 — not years, not single digits."""
    out = set()
    for n in _NUM.findall(text):
        if len(n.replace(".", "")) < 2 or re.fullmatch(r"(19|20)\d\d", n):
            continue
        out.add(n)
    return out


@dataclass
class PointQuery:
    """A feedback point as the aligner sees it: its lead sentence weighs more than its explanation."""

    id: str
    type: str
    title: str
    text: str
    words: Counter = field(default_factory=Counter)
    title_bigrams: set[str] = field(default_factory=set)
    text_bigrams: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, id: str, type: str, title: str, text: str) -> "PointQuery":
        q = cls(id, type, title, text)
        q.words = Counter(tokenize(title)) + Counter(tokenize(title)) + Counter(tokenize(text))
        q.title_bigrams = bigrams(title)
        q.text_bigrams = bigrams(text) | q.title_bigrams
        q.figures = numbers(text)
        return q


def point_query(item: Any) -> PointQuery:
    """Accept an `Item` dataclass, a gold dict or anything with id/type/title/text."""
    get = (lambda k: item.get(k)) if isinstance(item, dict) else (lambda k: getattr(item, k, None))
    text = get("text") or get("title") or ""
    title = get("title") or text.split("。")[0]
    return PointQuery.build(get("id"), get("type"), title, text)


@dataclass
class SentenceIndex:
    """Per-report statistics: idf of words and bigrams over its sentences."""

    sentences: list[Sentence]
    word_idf: dict[str, float]
    bigram_idf: dict[str, float]
    bigram_sets: list[set[str]]
    context_bigrams: list[set[str]]
    cue_bigrams: list[set[str]]
    vectors: list[dict[str, float]]
    default_idf: float

    @classmethod
    def build(cls, sents: list[Sentence]) -> "SentenceIndex":
        n = max(1, len(sents))
        for s in sents:
            if not s.tokens:
                s.tokens = tokenize(s.text)
        df_w: Counter = Counter()
        df_b: Counter = Counter()
        bsets = [bigrams(s.text) for s in sents]
        for s, b in zip(sents, bsets):
            df_w.update(set(s.tokens))
            df_b.update(b)
        idf = lambda df: math.log(1 + n / (1 + df))  # noqa: E731
        word_idf = {w: idf(c) for w, c in df_w.items()}
        bigram_idf = {b: idf(c) for b, c in df_b.items()}
        vectors = []
        for s in sents:
            tf = Counter(s.tokens)
            v = {w: (1 + math.log(c)) * word_idf[w] for w, c in tf.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vectors.append({w: x / norm for w, x in v.items()})
        return cls(sents, word_idf, bigram_idf, bsets,
                    [bigrams(s.heading) for s in sents], [bigrams(s.cue or "") for s in sents],
                    vectors, idf(0))

    _weights: dict = field(default_factory=dict)
    sent_numbers: list = field(default_factory=list)
    sent_totals: list = field(default_factory=list)
    any_bigrams: list = field(default_factory=list)
    cue_totals: list = field(default_factory=list)
    context_totals: list = field(default_factory=list)
    point_words: Counter = field(default_factory=Counter)
    point_bigrams: Counter = field(default_factory=Counter)
    n_points: int = 0

    def set_points(self, queries: list["PointQuery"]) -> None:
        """Remember how the inspection's own points share words: a word every point uses (the
        report's subject, 野生动物 or 残疾人) says nothing about which point a sentence answers."""
        self.point_words = Counter()
        self.point_bigrams = Counter()
        for q in queries:
            self.point_words.update(set(q.words))
            self.point_bigrams.update(q.text_bigrams)
        self.n_points = len(queries)
        self._weights = {}
        self.sent_numbers = [numbers(s.text) for s in self.sentences]
        self.sent_totals = [self.weight(b) for b in self.bigram_sets]
        self.any_bigrams = [b | c | h for b, c, h in zip(self.bigram_sets, self.cue_bigrams, self.context_bigrams)]
        self.cue_totals = [self.weight(b) for b in self.cue_bigrams]
        self.context_totals = [self.weight(b) for b in self.context_bigrams]

    def _distinct(self, df: int) -> float:
        if self.n_points < 4:
            return 1.0
        return math.log(1 + self.n_points / (1 + df)) / math.log(1 + self.n_points)

    def _idf(self, b: str) -> float:
        w = self._weights.get(b)
        if w is None:
            w = self._weights[b] = self.bigram_idf.get(b, self.default_idf) * self._distinct(self.point_bigrams.get(b, 0))
        return w

    def weight(self, bigram_set: set[str]) -> float:
        return sum(self._idf(b) for b in bigram_set)

    def coverage(self, wanted: set[str], have: set[str], total: float | None = None) -> float:
        """idf-weighted share of `wanted` bigrams found in `have` (`total`: weight of `wanted`, if known)."""
        if total is None:
            total = self.weight(wanted)
        return self.weight(wanted & have) / total if total else 0.0

    def query_vector(self, q: PointQuery) -> dict[str, float]:
        v = {w: (1 + math.log(c)) * self.word_idf.get(w, 0.0) * self._distinct(self.point_words.get(w, 0))
             for w, c in q.words.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}


@dataclass
class Signals:
    """The separate signals for one (point, sentence) pair; `score` combines them."""

    cosine: float
    title_cov: float
    sent_cov: float
    figures: float
    cue: float
    heading: float

    @property
    def score(self) -> float:
        own = 0.40 * self.cosine + 0.30 * self.title_cov + 0.20 * self.sent_cov + 0.15 * self.figures
        context = 0.30 * self.cue + 0.15 * self.heading
        return own + context


_ZERO = Signals(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def signals(index: SentenceIndex, q: PointQuery, qvec: dict[str, float], i: int, title_total: float) -> Signals:
    if q.text_bigrams.isdisjoint(index.any_bigrams[i]):
        return _ZERO  # not one shared character pair: nothing to weigh
    s = index.sentences[i]
    vec = index.vectors[i]
    cosine = sum(x * vec[w] for w, x in qvec.items() if w in vec) if len(qvec) < len(vec) else \
        sum(x * qvec[w] for w, x in vec.items() if w in qvec)
    bset = index.bigram_sets[i]
    title_cov = index.coverage(q.title_bigrams, bset, title_total)
    sent_cov = index.coverage(bset, q.text_bigrams, index.sent_totals[i]) if len(bset) >= 3 else 0.0
    fig = min(1.0, float(len(q.figures & index.sent_numbers[i]))) if q.figures else 0.0
    cue = 0.0
    cue_b = index.cue_bigrams[i]
    if cue_b:
        cue = index.coverage(cue_b, q.text_bigrams, index.cue_totals[i])
        cue = min(cue, 0.5 + 0.5 * index.coverage(q.title_bigrams, cue_b | bset, title_total))
        if not s.cue_own:
            cue *= 0.6
    heading = 0.0
    ctx = index.context_bigrams[i]
    if ctx:
        heading = index.coverage(ctx, q.text_bigrams, index.context_totals[i])
        heading *= 0.5 + 0.5 * index.coverage(q.title_bigrams, ctx | bset, title_total)
    return Signals(cosine, title_cov, sent_cov, fig, cue, heading)


def score_matrix(index: SentenceIndex, queries: Iterable[PointQuery]) -> list[list[Signals]]:
    """Signals of every point against every sentence (points × sentences)."""
    queries = list(queries)
    index.set_points(queries)
    out = []
    for q in queries:
        qvec = index.query_vector(q)
        title_total = index.weight(q.title_bigrams)
        out.append([signals(index, q, qvec, i, title_total) for i in range(len(index.sentences))])
    return out
