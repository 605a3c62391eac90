"""Every problem and recommendation of a set of documents into exactly one theme, plus recurrences.

The order of decisions: the taxonomy classifier takes every item it is sure of; the unsure ones
are clustered, and clusters of two or more items (from two or more documents, when several are
given) become discovered themes named by their distinctive terms; an unsure item that clusters with nothing goes to its best taxonomy theme after all (a
theme of one item is no theme). Problems are then linked across documents into recurrences.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .discover import class_terms, cluster
from .features import tokenize
from .model import ThemeModel, as_text
from .recurrence import recurrences


@dataclass
class ThemeItem:
    """One item as themes sees it; `doc` tells documents apart (defaults to `source`)."""

    source: str
    id: str
    type: str
    title: str
    text: str
    year: int | None = None
    doc: str | None = None

    @property
    def document(self) -> str:
        return self.doc or self.source


@dataclass
class ThemeGroup:
    id: str
    label: str
    keywords: list[str]
    items: list[ThemeItem]
    discovered: bool = False


@dataclass
class Recurrence:
    id: str
    label: str
    keywords: list[str]
    occurrences: list[ThemeItem]


@dataclass
class ThemesResult:
    themes: list[ThemeGroup] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)

    def assignment(self) -> dict[tuple[str, str], str]:
        """(document, item id) → theme label, for evaluation."""
        return {(it.document, it.id): g.label for g in self.themes for it in g.items}


def featurize(items: list[ThemeItem], model: ThemeModel):
    """(feature rows, content words) of the items: computed once, used by every stage."""
    texts = [as_text(it) for it in items]
    tokens = tokenize(texts)
    return model.transform(texts, tokens), tokens


def group_items(items: list[ThemeItem], model: ThemeModel, with_recurrences: bool = True,
                features=None) -> ThemesResult:
    """Themes T1… (largest first) covering every item exactly once, and recurrences RC1…."""
    if not items:
        return ThemesResult()
    X, tokens = features if features is not None else featurize(items, model)
    proba = model.predict_proba_X(X)
    best = model.classes_[proba.argmax(axis=1)]
    labels = [str(b) if p >= model.threshold else None for b, p in zip(best, proba.max(axis=1))]

    unsure = [i for i, lab in enumerate(labels) if lab is None]
    discovered: dict[int, list[int]] = {}
    if len(unsure) >= 2:
        assign = cluster(X[unsure], model.cluster_distance, random_state=model.random_state)
        for i, c in zip(unsure, assign):
            if c >= 0:
                discovered.setdefault(int(c), []).append(i)
        if len({it.document for it in items}) > 1:
            # across several reports a theme is something more than one report raises; a cluster
            # inside one report is usually a problem and its own recommendation: they stay
            # together, in the taxonomy theme the two are most likely to share
            for c, m in list(discovered.items()):
                if len({items[i].document for i in m}) == 1:
                    joint = str(model.classes_[proba[m].sum(axis=0).argmax()])
                    for i in m:
                        labels[i] = joint
                    del discovered[c]
    in_cluster = {i for members in discovered.values() for i in members}
    for i in unsure:
        if labels[i] is None:
            labels[i] = str(best[i])

    buckets: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        if lab is not None and i not in in_cluster:
            buckets.setdefault(lab, []).append(i)
    keys = [(lab, False) for lab in buckets] + [(c, True) for c in discovered]
    members = [buckets[k] if not d else discovered[k] for k, d in keys]
    terms = class_terms([[tokens[i] for i in m] for m in members], top=8)

    groups = []
    used_labels = set(buckets)
    for (key, is_new), idx, words in zip(keys, members, terms):
        if is_new:
            label = "、".join(words[:3]) or "其他"
            while label in used_labels:  # two discovered themes must not read the same
                label += "＊"
            used_labels.add(label)
        else:
            label = key
        groups.append(ThemeGroup("", label, words[:6], [items[i] for i in idx], is_new))
    groups.sort(key=lambda g: (-len(g.items), g.discovered, g.label))
    for k, g in enumerate(groups, 1):
        g.id = f"T{k}"

    result = ThemesResult(themes=groups)
    if with_recurrences:
        result.recurrences = find_recurrences(items, X, tokens, model.recurrence_threshold)
    return result


def find_recurrences(items: list[ThemeItem], X, tokens, threshold: float) -> list[Recurrence]:
    """Problems raised again in other documents, labelled by their most central lead sentence."""
    rows = [i for i, it in enumerate(items) if it.type == "problem"]
    if len(rows) < 2:
        return []
    found = recurrences(X[rows], [items[i].document for i in rows], threshold)
    out = []
    for k, g in enumerate(found, 1):
        idx = [rows[m] for m in g.members]
        central = items[rows[g.central]]
        words = class_terms([[tokens[i] for i in idx]], top=5)[0]
        occ = sorted((items[i] for i in idx), key=lambda it: (it.year or 0, it.document, it.id))
        out.append(Recurrence(f"RC{k}", (central.title or central.text[:30]).rstrip("。；;."), words, occ))
    return out
