"""Text → vectors for themes and recurrences: TF-IDF over lexicon words plus Chinese char n-grams.

Words (the shared jieba lexicon, stopwords removed) carry the meaning a person reads; character
bigrams/trigrams catch the same idea in different segmentations or paraphrase (执法力量薄弱 /
执法人员力量不足) and cost no dictionary. Both are plain count vocabularies plus an idf vector,
so a fitted featurizer is a few arrays that can be saved as npz and loaded without pickle.
"""
from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from classifiers import lexicon

_NON_HAN = re.compile(r"[^\u4e00-\u9fff]+")
# Long items carry figures and evidence after the point itself; the first sentences say what the
# point is about, and capping the tokenized length keeps 10,000 items within seconds.
HEAD_CHARS = 60     # the start of the explanation: part of what the problem *is* (recurrences)
BODY_CHARS = 120    # how much of the explanation themes read (more adds cost, not accuracy)
_PARALLEL_MIN = 3000


def split_item(title: str | None, text: str | None) -> tuple[str, str, str]:
    """(lead sentence, first HEAD_CHARS of the explanation, the rest up to BODY_CHARS)."""
    title = (title or "").strip()
    body = (text or "").strip()
    if title and body.startswith(title):
        body = body[len(title):]
    body = body.lstrip("。；;，,：: \n")
    return title, body[:HEAD_CHARS], body[HEAD_CHARS:BODY_CHARS]


def item_text(title: str | None, text: str | None) -> str:
    """The text a theme is judged on: the lead sentence (counted twice) and the start of the body."""
    t, head, rest = split_item(title, text)
    return f"{t}。{t}。{head}{rest}" if t else head + rest


def recurrence_text(title: str | None, text: str | None) -> str:
    """What a problem says, for recognising it again: the lead sentence and the explanation's start."""
    t, head, _ = split_item(title, text)
    return f"{t}。{head}"


def tokenize_items(pairs: list[tuple[str | None, str | None]],
                   workers: int = 2) -> tuple[list[list[str]], list[list[str]]]:
    """Content words of each item's theme text and recurrence text, each part cut only once."""
    parts = [split_item(t, x) for t, x in pairs]
    toks = tokenize([p for three in parts for p in three], workers=workers)
    theme, rec = [], []
    for k in range(len(parts)):
        t, h, r = toks[3 * k], toks[3 * k + 1], toks[3 * k + 2]
        theme.append(t + t + h + r)
        rec.append(t + h)
    return theme, rec


@lru_cache(maxsize=20000)
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(lexicon.content_words(text))


def _words(text: str) -> list[str]:
    """Content words; cached because training and tuning see the same texts many times."""
    return list(_words_cached(text))


def _words_chunk(texts: list[str]) -> list[list[str]]:
    return [_words(t) for t in texts]


def tokenize(texts: list[str], workers: int = 2) -> list[list[str]]:
    """Content words of every text; large batches are cut in worker processes.

    jieba is pure Python (~250k chars/s), the one cost that grows with the batch; forked
    workers inherit the loaded dictionary, so two cores nearly halve a 10,000-item batch.
    """
    lexicon.tokenizer()
    if len(texts) < _PARALLEL_MIN or workers < 2:
        return _words_chunk(texts)
    size = (len(texts) + workers - 1) // workers
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    try:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            parts = list(pool.map(_words_chunk, chunks))
    except (OSError, ValueError, RuntimeError):  # no fork (or no /dev/shm): cut in this process
        return _words_chunk(texts)
    return [words for part in parts for words in part]


def han_only(text: str) -> str:
    """Chinese characters only, runs joined by a space so n-grams do not bridge figures."""
    return _NON_HAN.sub(" ", text)


def _identity(tokens):
    return tokens


@dataclass
class Tfidf:
    """A fixed vocabulary and idf vector: sublinear tf × idf, rows L2-normalised."""

    vocabulary: list[str]
    idf: np.ndarray
    kind: str  # "word" (pre-tokenized lists) or "char" (Chinese char 2–3-grams)

    @classmethod
    def fit(cls, docs: list, kind: str, min_df: int = 1, max_features: int | None = None) -> "Tfidf":
        cv = cls._counter(kind, None, min_df=min_df, max_features=max_features)
        counts = cv.fit_transform(docs)
        vocab = [None] * len(cv.vocabulary_)
        for term, j in cv.vocabulary_.items():
            vocab[j] = term
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        n = counts.shape[0]
        idf = np.log((1 + n) / (1 + df)) + 1.0
        return cls(vocab, idf.astype(np.float64), kind)

    @staticmethod
    def _counter(kind: str, vocabulary, min_df: int = 1, max_features: int | None = None) -> CountVectorizer:
        if kind == "word":
            return CountVectorizer(analyzer=_identity, vocabulary=vocabulary, min_df=min_df,
                                   max_features=max_features)
        return CountVectorizer(analyzer="char_wb", ngram_range=(2, 3), vocabulary=vocabulary,
                               min_df=min_df, max_features=max_features, lowercase=False,
                               preprocessor=han_only)

    def transform(self, docs: list) -> sp.csr_matrix:
        cv = getattr(self, "_cv", None)
        if cv is None:  # built once: validating a 20,000-term vocabulary costs ~10 ms
            cv = self._cv = self._counter(self.kind, {t: i for i, t in enumerate(self.vocabulary)})
            cv._validate_vocabulary()
        counts = cv.transform(docs).astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts @ sp.diags(self.idf), norm="l2", copy=False).tocsr()


@dataclass
class Featurizer:
    """Word and char TF-IDF side by side; `char_weight` sets the char block's share of the cosine."""

    words: Tfidf
    chars: Tfidf
    char_weight: float = 0.5

    @classmethod
    def fit(cls, texts: list[str], tokens: list[list[str]] | None = None, char_weight: float = 0.5) -> "Featurizer":
        tokens = tokens if tokens is not None else tokenize(texts)
        return cls(Tfidf.fit(tokens, "word"), Tfidf.fit(texts, "char", min_df=2), char_weight)

    def transform(self, texts: list[str], tokens: list[list[str]] | None = None) -> sp.csr_matrix:
        """Rows of unit length: √(1−w)·words ⊕ √w·chars, so a dot product is a blended cosine."""
        tokens = tokens if tokens is not None else tokenize(texts)
        w = self.char_weight
        return sp.hstack([self.words.transform(tokens) * np.sqrt(1 - w),
                          self.chars.transform(texts) * np.sqrt(w)]).tocsr()
