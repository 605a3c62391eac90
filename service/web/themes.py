"""主题 across the stored reports: each theme's items counted per year, and recurring problems.

The grouping is `classifiers.themes.group_items` (as `jiandu themes`), run over the items the
caller may read. A theme a person set on the document page wins over the model's: the chart
must show the corrected picture. The result is cached by the items' state (count, last id,
last correction) so the page does not re-run the grouping on every visit.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Correction, Document, Item

from .stored import document_year

_CACHE: dict[tuple, Any] = {}
_LOCK = threading.Lock()


class Unavailable(Exception):
    """The themes package is not installed yet."""


def _rows(s: Session, scope: list[str] | None):
    q = select(Item, Document).join(Document, Document.id == Item.document_id)
    if scope is not None:
        q = q.where(Document.office.in_(scope))
    return s.execute(q.order_by(Item.document_id, Item.seq)).all()


def overview(s: Session, scope: list[str] | None) -> dict[str, Any]:
    """{"years": [...], "themes": [{"label", "total", "per_year", "keywords"}], "recurrences": [...]}"""
    rows = _rows(s, scope)
    state = (tuple(scope or ["*"]), len(rows), max((it.id for it, _ in rows), default=0),
             s.scalar(select(func.max(Correction.id))) or 0)
    with _LOCK:
        if state in _CACHE:
            return _CACHE[state]
    try:
        from classifiers.themes import ThemeItem, default_model, group_items
    except ImportError as e:  # pragma: no cover
        raise Unavailable(f"主题分析模块暂不可用（{e}）") from None
    years: dict[int, int | None] = {}
    for _, d in rows:
        if d.id not in years:
            years[d.id] = document_year(s, d)
    items = [ThemeItem(source=d.source, id=it.key, type=it.type, title=it.title or "", text=it.text,
                       year=years[d.id], doc=str(d.id)) for it, d in rows]
    result = group_items(items, default_model()) if items else None
    label_of: dict[tuple[str, str], str] = result.assignment() if result else {}
    keywords = {g.label: g.keywords for g in result.themes} if result else {}
    discovered = {g.label for g in result.themes if g.discovered} if result else set()
    per: dict[str, dict[int | None, int]] = {}
    for it, d in rows:
        corrected = it.theme if (it.theme and it.theme != it.model_theme) else None
        label = corrected or it.theme or label_of.get((str(d.id), it.key)) or "未归类"
        per.setdefault(label, {})
        y = years[d.id]
        per[label][y] = per[label].get(y, 0) + 1
    all_years = sorted({y for counts in per.values() for y in counts if y is not None})
    themes = []
    for label, counts in per.items():
        themes.append({"label": label, "total": sum(counts.values()), "keywords": keywords.get(label, [])[:6],
                       "discovered": label in discovered, "unknown_year": counts.get(None, 0),
                       "per_year": [counts.get(y, 0) for y in all_years]})
    themes.sort(key=lambda t: (-t["total"], t["label"]))
    doc_ids = {str(d.id): d for _, d in rows}
    item_pk = {(str(d.id), it.key): it.id for it, d in rows}
    recurrences = []
    for r in (result.recurrences if result else []):
        occ = []
        for o in r.occurrences:
            d = doc_ids.get(o.document)
            occ.append({"year": o.year, "source": d.source if d else o.source, "title": (d.title if d else None),
                        "document_id": o.document, "item": item_pk.get((o.document, o.id)), "id": o.id,
                        "text": o.title or o.text[:80]})
        recurrences.append({"id": r.id, "label": r.label, "keywords": r.keywords[:6], "occurrences": occ})
    out = {"years": all_years, "themes": themes, "recurrences": recurrences, "n_items": len(rows)}
    with _LOCK:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[state] = out
    return out


def bar_chart(themes: list[dict[str, Any]], years: list[int], width: int = 760) -> dict[str, Any]:
    """Geometry of a grouped horizontal bar chart (one row per theme, one bar per year), for the
    inline SVG in the template — computed here so the template holds no arithmetic."""
    palette = ["#1f4e79", "#4f81bd", "#8eb4e3", "#2e7d6b", "#b08b3e", "#7f7f7f"]
    label_w, bar_h, gap, pad = 150, 12, 10, 6
    keys = years or [None]
    top = [t for t in themes[:12]]
    vmax = max([max(t["per_year"] or [t["total"]]) for t in top] + [1])
    plot_w = width - label_w - 40
    rows, y = [], pad + 18
    for t in top:
        bars = []
        values = t["per_year"] if years else [t["total"]]
        for k, v in enumerate(values):
            bars.append({"x": label_w, "y": y + k * bar_h, "w": max(1.0, plot_w * v / vmax) if v else 0,
                         "h": bar_h - 2, "value": v, "color": palette[k % len(palette)],
                         "year": keys[k] if k < len(keys) else None})
        rows.append({"label": t["label"], "y": y, "mid": y + len(values) * bar_h / 2 + 4, "bars": bars})
        y += len(values) * bar_h + gap
    legend = [{"year": yv, "color": palette[k % len(palette)], "x": label_w + k * 80} for k, yv in enumerate(years)]
    return {"width": width, "height": y + pad, "rows": rows, "legend": legend, "label_w": label_w}
