"""Gold items and gold recurrences from the corpus, the only place training and evaluation read.

Each `corpus/gold/<name>.json` carries the document's year, office, law and split and its items
with a theme label; ids are given as `extract` would give them (P1…, R1… in document order) so
that `corpus/recurrences.json` can name an item as (document, id) and stay valid when texts
are edited.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
RECURRENCES_PATH = CORPUS / "recurrences.json"
THEMES_DEV_PATH = CORPUS / "themes_dev.json"


def _themes_dev() -> frozenset[str]:
    """Former held-out documents opened for theme development (`corpus/themes_dev.json`).

    Only under the default gold directory: another annotated set keeps its own splits.
    """
    if os.environ.get("JIANDU_THEMES_GOLD") or not THEMES_DEV_PATH.exists():
        return frozenset()
    return frozenset(json.loads(THEMES_DEV_PATH.read_text(encoding="utf-8")).get("documents", []))


def _split_of(name: str, data: dict, dev: frozenset[str]) -> str:
    return "dev" if name in dev else data.get("split", "train")


def gold_dir() -> Path:
    """`corpus/gold`, or `$JIANDU_THEMES_GOLD` to train/evaluate on another annotated set."""
    return Path(os.environ.get("JIANDU_THEMES_GOLD") or CORPUS / "gold")


@dataclass(frozen=True)
class GoldItem:
    """One annotated problem or recommendation with the facts of the document it comes from."""

    doc: str
    id: str
    type: str
    title: str
    text: str
    theme: str
    year: int | None
    office: str | None
    law: str | None
    split: str


def _year(value) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def load_gold(split: str | tuple[str, ...] | None = None, directory: Path | None = None) -> list[GoldItem]:
    """All gold items (of one split, if given), documents in name order, items in document order."""
    out: list[GoldItem] = []
    dev = _themes_dev() if directory is None else frozenset()
    for path in sorted(Path(directory or gold_dir()).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        doc_split = _split_of(path.stem, data, dev)
        if split and doc_split not in ((split,) if isinstance(split, str) else split):
            continue
        counters = {"problem": 0, "recommendation": 0}
        for item in data.get("items", []):
            kind = item.get("type")
            if kind not in counters:
                continue
            counters[kind] += 1
            item_id = item.get("id") or f"{'P' if kind == 'problem' else 'R'}{counters[kind]}"
            out.append(GoldItem(doc=path.stem, id=item_id, type=kind, title=item.get("title") or "",
                                text=item.get("text") or "", theme=item.get("theme") or "",
                                year=_year(data.get("year")), office=data.get("office"),
                                law=data.get("law"), split=doc_split))
    return out


def doc_splits(directory: Path | None = None) -> dict[str, str]:
    """Document name → split, so recurrence gold can follow its documents' split."""
    out = {}
    dev = _themes_dev() if directory is None else frozenset()
    for path in sorted(Path(directory or gold_dir()).glob("*.json")):
        out[path.stem] = _split_of(path.stem, json.loads(path.read_text(encoding="utf-8")), dev)
    return out


def load_recurrences(split: str | tuple[str, ...] | None = None, path: Path | None = None) -> list[list[tuple[str, str]]]:
    """Gold recurrence groups as lists of (document, item id), restricted to one split's documents.

    A group is kept only if at least two of its occurrences lie in different documents of the
    split: a recurrence is by definition across documents.
    """
    p = Path(path or RECURRENCES_PATH)
    if not p.exists():
        return []
    data = json.loads(p.read_text(encoding="utf-8"))
    splits = doc_splits()
    groups = []
    for group in data.get("groups", []):
        occ = [(o["doc"], o["id"]) for o in group["occurrences"]]
        if split:
            wanted = (split,) if isinstance(split, str) else split
            occ = [o for o in occ if splits.get(o[0], group.get("split")) in wanted]
        if len({d for d, _ in occ}) >= 2:
            groups.append(occ)
    return groups


def annotation_pools(path: Path | None = None) -> dict[str, int] | None:
    """Document → the pool it was read in for recurrences (None: one pool, every document)."""
    p = Path(path or RECURRENCES_PATH)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    if "pools" not in data:
        return None
    return {doc: k for k, pool in enumerate(data["pools"]) for doc in pool["documents"]}


def only_annotated(groups: list[list[tuple[str, str]]], path: Path | None = None) -> list[list[tuple[str, str]]]:
    """Predicted groups cut to what an annotator judged: occurrences in documents read together.

    A pair of documents nobody read side by side for recurrences is neither a hit nor a false
    alarm, so it is left out of precision and recall; a group spanning two pools becomes one
    group per pool.
    """
    pools = annotation_pools(path)
    if pools is None:
        return groups
    out = []
    for g in groups:
        by_pool: dict[int, list[tuple[str, str]]] = {}
        for o in g:
            if o[0] in pools:
                by_pool.setdefault(pools[o[0]], []).append(o)
        out += [part for part in by_pool.values() if len({d for d, _ in part}) >= 2]
    return out
