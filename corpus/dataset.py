"""The labelled corpus as data: gold documents by split, their renditions, and item matching.

Training and evaluation both go through here so they agree on what "the same item" means: a
predicted item matches a gold one of the same type when their lead sentences agree after
punctuation and spacing are ignored (one contains the other's first 10 characters, or they are
≥ 60 % alike) — the test a person applies when ticking off a list.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "gold"
DOCS = ROOT / "documents"
_NON_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")


@dataclass
class GoldDoc:
    name: str
    split: str
    kind: str
    style: str | None
    items: list[dict]
    meta: dict

    def path(self, fmt: str) -> Path:
        return DOCS / f"{self.name}.{fmt}"


def gold_docs(split: str | None = None) -> list[GoldDoc]:
    out = []
    for p in sorted(GOLD.glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        if "items" not in g:
            continue
        if split and g.get("split") != split:
            continue
        out.append(GoldDoc(name=g["name"], split=g.get("split", "train"), kind=g.get("kind", "other"),
                           style=g.get("style"), items=g["items"], meta=g))
    return out


def renditions(split: str | None, formats: tuple[str, ...] = ("docx", "pdf")):
    """(gold, format, Document or DocumentError) for every rendition of the split's documents.

    Unreadable renditions are yielded with their error, so an evaluation can report them and a
    trainer can skip them; missing renditions are skipped.
    """
    from extractors import DocumentError, load

    for g in gold_docs(split):
        for fmt in formats:
            path = g.path(fmt)
            if not path.exists():
                continue
            try:
                yield g, fmt, load(path)
            except DocumentError as e:
                yield g, fmt, e


def norm(text: str) -> str:
    return _NON_WORD.sub("", text or "")


def same_item(pred_title: str, pred_text: str, gold: dict) -> bool:
    gt, pt = norm(gold["title"]), norm(pred_title)
    if not gt or not pt:
        return False
    head = gt[:10]
    if pt.startswith(head) or gt.startswith(pt[:10]) or norm(pred_text).startswith(head):
        return True
    return SequenceMatcher(None, gt[:40], pt[:40]).ratio() >= 0.6


def match(preds: list[tuple[str, str, str]], golds: list[dict]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy one-to-one matching of (type, title, text) predictions to gold items in order.

    Returns matched (pred, gold) index pairs, unmatched prediction indices, unmatched gold indices.
    """
    used: set[int] = set()
    pairs = []
    for i, (ptype, title, text) in enumerate(preds):
        for j, g in enumerate(golds):
            if j in used or g["type"] != ptype:
                continue
            if same_item(title, text, g):
                used.add(j)
                pairs.append((i, j))
                break
    matched_preds = {i for i, _ in pairs}
    return pairs, [i for i in range(len(preds)) if i not in matched_preds], [j for j in range(len(golds)) if j not in used]
