"""Fit the two tracking models from the train pairs (never the held-out ones).

Features come from running the real aligner over the rendered train documents, so the models
learn from the evidence they will see at prediction time.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import cues, decide
from .align import point_query
from .tracker import analyse, status_texts


def _overlaps(text: str, gold: list[str]) -> bool:
    return any(g in text or text in g for g in gold if g)


TRAINING_SPLITS = ("train", "dev")


def examples(splits: tuple[str, ...] = TRAINING_SPLITS,
             exclude: frozenset[str] = frozenset()) -> tuple[list[dict], list[int], list[dict], list[int]]:
    """Features and labels from the train pairs and the dev pairs.

    Dev pairs are former held-out batches: each was scored once, untouched, as held-out (figures
    kept in gold.json) and only then opened for development, so they may teach the models too.
    The current held-out batch never enters here.
    """
    from corpus import tracking_data as data

    addr_x, addr_y, stat_x, stat_y = [], [], [], []
    for pair in (p for split in splits for p in data.pairs(split) if p["inspection"] not in exclude):
        queries = [point_query(it) for it in data.inspection_items(pair["inspection"])]
        for rect, gold in zip(pair["rectifications"], data.report_gold(pair)):
            analysis = analyse(queries, data.document(rect))
            if analysis is None:
                continue
            sents, _, matrix, selections = analysis
            for qi, (q, (cands, extra, feats, wide)) in enumerate(zip(queries, selections)):
                g = gold.get(q.id)
                if g is None:
                    continue
                addressed = g["status"] != "not_addressed"
                # "speaks to the point" includes a compound point met only in part
                speaks = addressed or any(p["status"] != "not_addressed" for p in g["parts"])
                addr_x.append(feats)
                addr_y.append(int(speaks))
                if not addressed or g["parts"]:
                    continue
                texts = status_texts(cands, extra + wide, sents, [sig.score for sig in matrix[qi]])
                if not texts or not any(_overlaps(t, g["evidence"]) for t in texts):
                    texts = list(g["evidence"])
                stat_x.append(cues.status_features(texts))
                stat_y.append(int(g["status"] == "resolved"))
            # hard negatives: the same report with the answer to one point cut out. Whatever the
            # aligner still finds for that point is a spurious match — exactly what it must learn
            # to refuse, and what real reports produce when they skip a point.
            doc = data.document(rect)
            for k, q in enumerate(queries):
                g = gold.get(q.id)
                if not g or g["status"] == "not_addressed" or not g["evidence"]:
                    continue
                kept = [b for b in doc.blocks if not any(e and e in (b.text or "") + " ".join(b.cells or []) for e in g["evidence"])]
                ablated = replace(doc, blocks=kept)
                result = analyse(queries, ablated)
                if result is None:
                    continue
                cands, _, feats, _ = result[3][k]
                addr_x.append(feats)
                addr_y.append(0)
    return addr_x, addr_y, stat_x, stat_y


def fit_models(seed: int = 0, exclude: frozenset[str] = frozenset()) -> tuple[decide.LinearModel, decide.LinearModel, int, int]:
    """The addressed and status models fitted on the training pairs minus `exclude` (inspection names).

    `exclude` is what cross-validation by batch needs: a batch scored by models that never saw it.
    """
    addr_x, addr_y, stat_x, stat_y = examples(exclude=exclude)
    split = "+".join(TRAINING_SPLITS)
    addressed = decide.fit(addr_x, addr_y, decide.ADDRESSED_FEATURES, {"split": split, "task": "addressed"}, seed=seed, balanced=False)
    status = decide.fit(stat_x, stat_y, cues.FEATURES, {"split": split, "task": "resolved"}, C=0.5, seed=seed)
    return addressed, status, len(addr_y), len(stat_y)


def train(seed: int = 0) -> dict[str, Any]:
    addressed, status, n_addr, n_stat = fit_models(seed)
    decide.save(addressed, decide.ADDRESSED_MODEL)
    decide.save(status, decide.STATUS_MODEL)
    decide.load.cache_clear()
    return {"addressed_examples": n_addr, "status_examples": n_stat}
