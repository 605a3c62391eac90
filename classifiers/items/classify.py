"""The learnt part of extraction: is a candidate a problem, a recommendation, or neither?

Features are what a reader uses: the words of the lead sentence (jieba with the domain
dictionary), its character n-grams (robust to unseen compounds), the section it sits in (by the
section heading's cue words, not by exact name), the device that made it (heading, numbered,
bold, inline, plain) and cue-phrase counts (不足/薄弱/滞后 vs 加强/健全/要 vs 已/累计/建成).
A scikit-learn Pipeline (FeatureUnion → LogisticRegression), seeded, saved with a digest.
"""
from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from classifiers import lexicon

from .segment import Candidate

LABELS = ("problem", "recommendation", "other")

PROBLEM_CUES = re.compile(r"不足|不够|不高|不强|不力|不严|不到位|不健全|不完善|不平衡|不充分|不规范|不畅|不明|不全|薄弱|滞后|缺乏|缺失|"
                          r"短缺|欠缺|难以|偏低|偏少|较低|较弱|较大|突出|短板|问题|隐患|困难|存在|尚未|仍有|仍然|依然|有待|亟待|亟需|"
                          r"落后|混乱|脱节|不一|不少|较多|频发|屡禁不止|参差不齐|流于形式|重.轻")
RECOMMEND_CUES = re.compile(r"^(要|应|应当|须|必须|建议|进一步|切实|着力|持续|坚持|加快|加强|加大|健全|完善|建立|强化|提升|提高|推进|推动|"
                            r"落实|压实|严格|优化|深化|扩大|拓宽|创新|统筹|规范|探索|抓好|做好|夯实|构建|加紧|尽快|抓紧|保障|充实|"
                            r"补齐|织密|筑牢|畅通|凝聚|营造|形成|引导|鼓励|支持|注重|着眼|聚焦|突出|以)")
RECOMMEND_ANY = re.compile(r"要|应当|应|建议|进一步|切实|加强|健全|完善|加大|强化|提升|推进|推动|压实|尽快|加快|确保")
ACHIEVE_CUES = re.compile(r"已|累计|建成|取得|显著|明显|有效|逐步|不断|全面|成功|实现|完成|达到|覆盖|增长|提高到|下降|开展|组织|召开|制定|出台|印发")
NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万|亿|元|个|家|人|次|件|起|所|户|项|条|名|场|处|公里|吨|亩)")


def _context(c: Candidate) -> str:
    return f"{c.section or ''} {c.features.get('intro', '')}"


class CandidateFeatures(BaseEstimator, TransformerMixin):
    """Hand-made features of a candidate as a dict, vectorised by DictVectorizer downstream."""

    def fit(self, X, y=None):
        return self

    def transform(self, X: list[Candidate]) -> list[dict]:
        rows = []
        for c in X:
            lead = c.lead
            text = c.text[:300]  # the opening of the explanation carries the cues
            rows.append({
                f"section={c.section_kind}": 1.0,
                f"point={c.device != 'plain'}": 1.0,
                f"point={c.device != 'plain'}&section={c.section_kind}": 1.0,
                "intro_problem": float(bool(re.search(r"问题|不足|困难|差距", c.features.get("intro", "")))),
                "intro_recommend": float(bool(re.search(r"建议|意见|要求|为此", c.features.get("intro", "")))),
                "lead_problem_cues": min(len(PROBLEM_CUES.findall(lead)), 3) / 3,
                "lead_recommend_start": float(bool(RECOMMEND_CUES.search(lead))),
                "lead_recommend_any": min(len(RECOMMEND_ANY.findall(lead)), 3) / 3,
                "lead_achieve_cues": min(len(ACHIEVE_CUES.findall(lead)), 3) / 3,
                "text_problem_cues": min(len(PROBLEM_CUES.findall(text)), 6) / 6,
                "text_recommend_cues": min(len(RECOMMEND_ANY.findall(text)), 6) / 6,
                "text_achieve_cues": min(len(ACHIEVE_CUES.findall(text)), 6) / 6,
                "numbers": min(len(NUMBER.findall(text)), 5) / 5,
                "position": c.position,
                "short_lead": float(len(lead) <= 30),
                "long_text": float(len(text) >= 80),
                "summary_start": float(bool(re.match(r"(以上|上述|总之|综上|检查中|视察中|调研中|同时|但|然而)", lead))),
            })
        return rows


def _tokens(text: str) -> list[str]:
    return lexicon.cut(text, hmm=False)  # leads are short; the dictionary words are what matter


class _Field(BaseEstimator, TransformerMixin):
    """Select one text field of the candidates (picklable, unlike a lambda)."""

    def __init__(self, field: str = "lead"):
        self.field = field

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        if self.field == "lead":
            return [c.lead for c in X]
        if self.field == "context":
            return [_context(c) for c in X]
        return [c.text[:200] for c in X]


def build_pipeline(seed: int = 0) -> Pipeline:
    features = FeatureUnion([
        ("lead_words", Pipeline([("f", _Field("lead")),
                                 ("v", TfidfVectorizer(tokenizer=_tokens, token_pattern=None, lowercase=False,
                                                       ngram_range=(1, 1), min_df=1, sublinear_tf=True))])),
        ("lead_chars", Pipeline([("f", _Field("lead")),
                                 ("v", TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=2, sublinear_tf=True))])),
        ("context_words", Pipeline([("f", _Field("context")),
                                    ("v", TfidfVectorizer(analyzer="char", ngram_range=(2, 2), min_df=1))])),
        ("shape", Pipeline([("f", CandidateFeatures()), ("v", DictVectorizer())])),
    ], transformer_weights={"lead_words": 1.0, "lead_chars": 1.0, "context_words": 0.6, "shape": 2.0})
    return Pipeline([("features", features),
                     ("model", LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed))])


_SCORERS: dict[int, object] = {}


def predict(pipeline: Pipeline, candidates: list[Candidate]) -> list[tuple[str, float]]:
    """(label, probability) per candidate, through the parameter-level fast path."""
    if not candidates:
        return []
    from .fastpath import FastScorer

    scorer = _SCORERS.get(id(pipeline))
    if scorer is None or scorer.model is not pipeline.named_steps["model"]:
        scorer = _SCORERS[id(pipeline)] = FastScorer(pipeline)
    probs = scorer.predict_proba(candidates)
    classes = scorer.classes
    out = []
    for row in probs:
        k = int(np.argmax(row))
        out.append((classes[k], float(row[k])))
    return out
