"""Every problem and recommendation of a set of documents into exactly one theme, plus recurrences.

The order of decisions: the taxonomy classifier takes every item it is sure of; the unsure ones
are clustered, and clusters of two or more items (from two or more documents, when several are
given) become discovered themes named by their distinctive terms; an unsure item that clusters with nothing goes to its best taxonomy theme after all (a
theme of one item is no theme). Problems are then linked across documents into recurrences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from .discover import class_terms, cluster
from ..concepts import concept_matrix
from .features import item_text, recurrence_text, split_item, tokenize_items
from .model import ThemeModel
from .recurrence import recurrences

PAIR_MIN_SIM = 0.15


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


def pair_smoothed(items: list[ThemeItem], X, proba, weight: float) -> np.ndarray:
    """Probabilities where each problem and the recommendation answering it lean on each other.

    A report's recommendation usually answers one of its problems in the same words (经费保障
    不足 → 加大经费投入); the two belong to one theme, and two texts are better evidence than
    one. Pairs are mutual best matches within a document; each side gets `weight` of the
    other's probabilities.
    """
    if weight <= 0:
        return proba
    out = proba.copy()
    by_doc: dict[str, tuple[list[int], list[int]]] = {}
    for i, it in enumerate(items):
        ps, rs = by_doc.setdefault(it.document, ([], []))
        (ps if it.type == "problem" else rs).append(i)
    for ps, rs in by_doc.values():
        if not ps or not rs:
            continue
        S = np.asarray((X[ps] @ X[rs].T).todense())
        for a, p in enumerate(ps):
            b = int(S[a].argmax())
            if S[a, b] >= PAIR_MIN_SIM and int(S[:, b].argmax()) == a:
                r = rs[b]
                out[p] = proba[p] + weight * proba[r]
                out[r] = proba[r] + weight * proba[p]
    return out / out.sum(axis=1, keepdims=True)


@dataclass
class Features:
    """Everything computed from the texts, once: theme rows and words, recurrence texts and words."""

    X: object
    tokens: list[list[str]]
    rec_texts: list[str]
    rec_tokens: list[list[str]]
    rec_X: object = None  # recurrence rows of every item, when computed in workers


_WORKER_FEATURIZER = None  # set before forking: workers inherit the fitted featurizer
_PARALLEL_MIN = 3000


def _featurize_chunk(pairs):
    theme_tok, rec_tok = tokenize_items(pairs, workers=1)
    f = _WORKER_FEATURIZER
    X = f.transform([item_text(*p) for p in pairs], theme_tok)
    RX = f.transform([recurrence_text(*p) for p in pairs], rec_tok)
    return theme_tok, rec_tok, X, RX


def _featurize_parallel(pairs, model: ThemeModel, workers: int = 2):
    """Cut and vectorise halves of a large batch in forked workers (jieba and the n-gram counts
    are pure Python: the only way to use the second core)."""
    global _WORKER_FEATURIZER
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _WORKER_FEATURIZER = model.featurizer_
    # several chunks per worker, so a worker that drew the longer texts does not hold up the other
    pieces = workers * 4
    size = (len(pairs) + pieces - 1) // pieces
    chunks = [pairs[i:i + size] for i in range(0, len(pairs), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        parts = list(pool.map(_featurize_chunk, chunks))
    tokens = [t for part in parts for t in part[0]]
    rec_tokens = [t for part in parts for t in part[1]]
    return tokens, rec_tokens, sp.vstack([p[2] for p in parts]).tocsr(), sp.vstack([p[3] for p in parts]).tocsr()


def featurize(items: list[ThemeItem], model: ThemeModel) -> Features:
    """Feature rows and content words of the items, computed once and used by every stage."""
    pairs = [(it.title, it.text) for it in items]
    rec_texts = [recurrence_text(*p) for p in pairs]
    if len(pairs) >= _PARALLEL_MIN:
        try:
            tokens, rec_tokens, X, RX = _featurize_parallel(pairs, model)
            return Features(X, tokens, rec_texts, rec_tokens, RX)
        except (OSError, ValueError, RuntimeError):  # no fork here: do it in this process
            pass
    tokens, rec_tokens = tokenize_items(pairs)
    X = model.transform([item_text(*p) for p in pairs], tokens)
    return Features(X, tokens, rec_texts, rec_tokens)


def group_items(items: list[ThemeItem], model: ThemeModel, with_recurrences: bool = True,
                features=None) -> ThemesResult:
    """Themes T1… (largest first) covering every item exactly once, and recurrences RC1…."""
    if not items:
        return ThemesResult()
    features = features if features is not None else featurize(items, model)
    X, tokens = features.X, features.tokens
    raw_proba = model.predict_proba_X(X)
    proba = pair_smoothed(items, X, raw_proba, model.pair_weight)
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
        result.recurrences = find_recurrences(items, model, raw_proba, features=features)
    return result


def short_label(sentence: str, limit: int = 24) -> str:
    """A lead sentence as a label: its first clause when the sentence runs on with evidence."""
    label = sentence.strip().rstrip("。；;.，,")
    if len(label) > limit:
        label = re.split(r"[，,；;：:]", label, maxsplit=1)[0][:limit]
    return label


def recurrence_vectors(features: Features, rows: list[int], model: ThemeModel, proba: np.ndarray,
                       items: list[ThemeItem] | None = None):
    """Unit rows for comparing problems: what the point says, which theme, and its core concepts.

    The text is the lead sentence and the start of the explanation (the figures further on are
    the document's own, not the problem's); the theme probabilities keep 经费不足 and 人员不足
    apart although both are 不足; the concepts (`classifiers/concepts.py`) bring paraphrases together
    (人员少、兼职多 ~ 执法力量薄弱). The three weights are the model's, tuned by cross-validation.
    """
    if features.rec_X is not None:
        X = features.rec_X[rows]
    else:
        X = model.featurizer_.transform([features.rec_texts[i] for i in rows],
                                        [features.rec_tokens[i] for i in rows])
    wp = model.recurrence_theme_weight
    wc = model.recurrence_concept_weight if items is not None else 0.0
    # theme probabilities under 5 % say nothing and only make every pair's product non-zero
    themes = np.where(proba[rows] >= 0.05, proba[rows], 0.0)
    blocks = [X * np.sqrt(max(0.0, 1 - wp - wc)), sp.csr_matrix(normalize(themes)) * np.sqrt(wp)]
    if wc > 0:
        parts = [split_item(items[i].title, items[i].text) for i in rows]
        blocks.append(concept_matrix([p[0] for p in parts], [p[1] for p in parts]) * np.sqrt(wc))
    return sp.hstack(blocks).tocsr()


def find_recurrences(items: list[ThemeItem], model: ThemeModel, proba: np.ndarray,
                     threshold: float | None = None, features: Features | None = None) -> list[Recurrence]:
    """Problems raised again in other documents, labelled by their most central lead sentence."""
    rows = [i for i, it in enumerate(items) if it.type == "problem"]
    if len(rows) < 2 or len({items[i].document for i in rows}) < 2:
        return []
    features = features if features is not None else featurize(items, model)
    Z = recurrence_vectors(features, rows, model, proba, items)
    t = model.recurrence_threshold if threshold is None else threshold
    out = []
    for k, g in enumerate(recurrences(Z, [items[i].document for i in rows], t), 1):
        central = items[rows[g.central]]
        words = class_terms([[features.rec_tokens[rows[m]] for m in g.members]], top=5)[0]
        occ = sorted((items[rows[m]] for m in g.members), key=lambda it: (it.year or 0, it.document, it.id))
        out.append(Recurrence(f"RC{k}", short_label(central.title or central.text), words, occ))
    return out
