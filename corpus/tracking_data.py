"""The paired tracking corpus: inspections, their later reports and the gold verdicts.

`corpus/tracking/gold.json` holds, per pair, the status of every point in every later report with
the exact sentences that prove it; the documents themselves are the rendered `.docx` files, read
through `extractors.load` like any user's file, so evaluation exercises the real reader.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "tracking" / "gold.json"


def pairs(split: str | None = None) -> list[dict[str, Any]]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    return [p for p in data["pairs"] if split in (None, "all") or p["split"] == split]


def inspection_items(name: str) -> list[dict[str, Any]]:
    """Gold problems and recommendations of an inspection (ids P1…/R1… as `extract` gives them)."""
    gold = json.loads((ROOT / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    return [{"id": i["id"], "type": i["type"], "title": i["title"], "text": i["text"]} for i in gold["items"]]


def document_path(name: str) -> Path:
    return ROOT / "documents" / f"{name}.docx"


@lru_cache(maxsize=128)
def document(name: str):
    from extractors import load
    return load(document_path(name))


def report_gold(pair: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Per later report (in order): point id → {status, evidence, flags, parts} in that report."""
    out: list[dict[str, dict[str, Any]]] = [{} for _ in pair["rectifications"]]
    for pid, g in pair["points"].items():
        hist = g.get("history") or [g]
        for k, h in enumerate(hist):
            out[k][pid] = {"status": h["status"], "evidence": h.get("evidence", []),
                           "flags": h.get("flags", []), "parts": h.get("parts", [])}
    return out
