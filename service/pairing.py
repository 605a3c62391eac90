"""Which inspection report (or 审议意见) a rectification report answers, and when answers are due.

A rectification report names what it answers in its title (关于全省养老服务体系建设情况报告审议意见
的研究处理情况报告 answers 关于全省养老服务体系建设情况报告的审议意见), usually with the same law and
office. So the pairing compares the *subject* words of the two titles — the words left once the
genre words every title has (人民政府, 审议意见, 研究处理, 情况, 报告 …) are removed — plus the law,
among the same office's inspection documents. It is a suggestion: a person can correct it
(PATCH /api/documents/{id} with `answers_id`), and tracking then runs on the corrected pair.

Deadlines: an inspection document's answer is due `due_days` after it was stored (per office in
DATA/offices.json, `{"<office>": {"due_days": 60}}`, else `JIANDU_DUE_DAYS`, default 90), unless
a due date was given at upload. `warnings` lists the documents past due with no answer.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

GENRE = set("""关于 报告 情况 审议 意见 审议意见 研究 处理 研究处理 落实 跟踪 整改 整改情况 执法 检查 执法检查 实施 贯彻
人民政府 人民 政府 人大 常委会 人大常委会 常务委员会 委员会 视察 调研 专题 工作 全省 全市 全县 全区 本省 本市 的 和 及
回头看 回头 进展 结果 反馈 办理 贯彻实施 实施情况 工作情况 民政 发现 问题 有关""".split())
MIN_SCORE = 0.4


def subject_words(title: str | None) -> set[str]:
    from classifiers.lexicon import cut

    title = re.sub(r"[《》〈〉（）()“”\"、，,]|中华人民共和国", " ", title or "")
    words = {w for w in cut(title, search=True) if len(w) > 1}
    return {w for w in words if w not in GENRE}


def pair_score(inspection: Any, rectification: Any) -> float:
    """Similarity of the titles' subject words, with a bonus for the same law."""
    a, b = subject_words(inspection.title), subject_words(rectification.title)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    # containment copes with a title that adds a place name the other lacks; Jaccard breaks ties
    score = (shared / min(len(a), len(b)) + shared / len(a | b)) / 2
    if getattr(inspection, "law", None) and inspection.law == getattr(rectification, "law", None):
        score += 0.2
    return score


def best_inspection(rectification: Any, candidates: list[Any]) -> tuple[Any | None, float]:
    """The candidate inspection document the rectification report most likely answers."""
    best, best_score = None, 0.0
    for c in candidates:
        s = pair_score(c, rectification)
        if s > best_score:
            best, best_score = c, s
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)


def due_days(data_dir: Path, office: str, default: int) -> int:
    path = Path(data_dir) / "offices.json"
    try:
        conf = json.loads(path.read_text(encoding="utf-8"))
        return int(conf.get(office, {}).get("due_days", default))
    except (OSError, ValueError, AttributeError, TypeError):
        return default


def default_due(data_dir: Path, office: str, default_days: int, created: dt.datetime) -> dt.date:
    return (created + dt.timedelta(days=due_days(data_dir, office, default_days))).date()
