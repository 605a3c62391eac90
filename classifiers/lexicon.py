"""Chinese words for every classifier and for search: jieba with the domain dictionary, stopwords.

One tokenizer for the whole project, so that what the item classifier learns, what tracking
aligns, what themes cluster and what search indexes all see the same words. jieba is loaded
once per process (its dictionary load costs ~0.5 s) with the law dictionary (THUOCL, MIT) and
our own supervision vocabulary, so 执法检查组, 审议意见, 立法联系点 stay whole.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

DICT_DIR = Path(__file__).resolve().parent.parent / "corpus" / "dictionaries"
_lock = threading.Lock()
_tokenizer = None
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def tokenizer():
    """The shared jieba Tokenizer with the domain dictionaries loaded (lazily, once)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                law = DICT_DIR / "THUOCL_law.txt"
                if law.exists():
                    for line in law.read_text(encoding="utf-8").splitlines():
                        word = line.split("\t", 1)[0].strip()
                        if len(word) >= 2:
                            tok.add_word(word, 5)
                domain = DICT_DIR / "domain_terms.txt"
                if domain.exists():
                    for line in domain.read_text(encoding="utf-8").splitlines():
                        parts = line.split()
                        if parts and not line.startswith("#"):
                            tok.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None)
                _tokenizer = tok
    return _tokenizer


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """HIT stopword list plus the function words of official prose (进一步, 有关, 相关 …)."""
    words: set[str] = set()
    path = DICT_DIR / "stopwords_hit.txt"
    if path.exists():
        words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())
    words.update("进一步 有关 相关 工作 方面 情况 开展 加强 推进 进行 有效 不断 切实 全面 积极 认真 着力 "
                 "一是 二是 三是 四是 五是 六是 我们 目前 当前 部分 存在 问题 一些 个别 有的".split())
    return frozenset(words)


def cut(text: str, search: bool = False, hmm: bool = True) -> list[str]:
    """All word tokens (no punctuation or spaces); `search=True` adds sub-words as jieba's search mode.

    `hmm=False` skips jieba's guessing of out-of-dictionary words: faster, and steadier on short
    strings where a guessed word is noise."""
    tok = tokenizer()
    words = tok.cut_for_search(text, HMM=hmm) if search else tok.cut(text, HMM=hmm)
    return [w for w in words if _WORD.search(w)]


def content_words(text: str) -> list[str]:
    """Tokens minus stopwords and single characters: what similarity and themes should weigh."""
    stop = stopwords()
    return [w for w in cut(text) if len(w) > 1 and w not in stop]
