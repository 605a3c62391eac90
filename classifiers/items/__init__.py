"""Problems and recommendations as items: segmentation (rules) + classification (model).

`extract_items(doc)` is what the CLI, the service, tracking and themes call. The kind gates it:
rectification reports, drafts and comment tables restate problems but do not raise them, so they
yield no items (tracking reads them on its own terms).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from extractors.model import Document

from .segment import Candidate, segment

MODEL_NAME = "items.joblib"
NO_ITEMS_KINDS = ("rectification_report", "draft_regulation", "comments")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,2}[，,、]|其[一二三四五六七八九十][，,、]|首先[，,]|其次[，,]|再次[，,]|最后[，,])")


@dataclass
class Item:
    id: str
    type: str
    title: str
    text: str
    section: str | None
    page: int | None
    themes: list[str] = field(default_factory=list)
    score: float = 0.0
    device: str = ""
    block_index: int = 0

    def to_json(self) -> dict:
        out = asdict(self)
        out.pop("block_index")
        return out


@lru_cache(maxsize=1)
def _model():
    from classifiers import modelstore

    return modelstore.load(MODEL_NAME)


def _strip_ordinal(text: str) -> str:
    return _ORDINAL.sub("", text, count=1).strip()


def candidates(doc: Document) -> list[Candidate]:
    cands = segment(doc)
    for c in cands:
        c.lead = _strip_ordinal(c.lead)
        c.text = _strip_ordinal(c.text)
    return [c for c in cands if len(c.text) >= 6]


def add_themes(items: list[Item]) -> list[Item]:
    """Fill `themes` with the taxonomy theme the theme model gives each item (none if unsure).

    Themes are a convenience on `extract`; `jiandu themes` does the full grouping. A missing or
    refused theme model leaves `themes` empty rather than failing extraction.
    """
    if not items:
        return items
    try:
        from classifiers.themes import default_model

        labels, _ = default_model().assign(items)
    except Exception:  # noqa: BLE001 - themes are optional here
        return items
    for item, label in zip(items, labels):
        item.themes = [label] if label else []
    return items


SIBLING_DOUBT = 0.75   # an "other" this unsure, among enumerated siblings that are all one kind, is that kind


def _siblings_agree(cands: list[Candidate], labels: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """An enumeration (一是……六是, 1.…5.) lists things of one kind.

    "一是城乡居民医保基金运行承压" names no shortfall word, so on its own it reads as background;
    between five siblings that are problems it is the first problem. Only a doubtful "other" is
    changed, and only when at least two siblings — and all the others that are sure — agree.
    """
    out = list(labels)
    run: list[int] = []

    def settle() -> None:
        kinds = [out[i][0] for i in run if out[i][0] != "other"]
        if len(run) < 3 or len(kinds) < 2 or len(set(kinds)) != 1:
            return
        for i in run:
            if out[i][0] == "other" and out[i][1] < SIBLING_DOUBT:
                out[i] = (kinds[0], 1.0 - out[i][1])

    def level(c: Candidate) -> tuple:
        return c.section, c.device, c.depth

    for k, c in enumerate(cands):
        if run and (c.device == "plain" or level(c) != level(cands[run[-1]])):
            settle()
            run = []
        if c.device != "plain":
            run.append(k)
    settle()
    return out


def extract_items(doc: Document, model=None) -> list[Item]:
    """Items in document order, ids P1…/R1… counted separately."""
    if doc.kind in NO_ITEMS_KINDS:
        return []
    from .classify import predict

    cands = candidates(doc)
    labels = _siblings_agree(cands, predict(model or _model(), cands))
    items: list[Item] = []
    counts = {"problem": 0, "recommendation": 0}
    for c, (label, prob) in zip(cands, labels):
        if label not in counts:
            continue
        counts[label] += 1
        items.append(Item(id=f"{'P' if label == 'problem' else 'R'}{counts[label]}", type=label,
                          title=c.lead, text=c.text, section=c.section, page=c.page, score=round(prob, 3),
                          device=c.device, block_index=c.block_index))
    return items
