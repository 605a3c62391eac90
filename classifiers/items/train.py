"""Train the item classifier from the labelled corpus: `jiandu train items` / `python -m classifiers.items.train`.

Each candidate of a training document gets the type of the gold item it matches, else `other`
— so the model learns from exactly the units segmentation will give it at run time. Both the
.docx and the PDF rendition of a training document are used, so the model does not learn one
reader's quirks. Held-out documents are never read here.
"""
from __future__ import annotations

import argparse
import sys

from corpus.dataset import renditions, same_item


def training_set(split: str = "train", formats: tuple[str, ...] = ("docx", "pdf")):
    from extractors import DocumentError

    from . import candidates

    X, y = [], []
    for g, _fmt, doc in renditions(split, formats):
        if isinstance(doc, DocumentError):
            continue
        used: set[int] = set()
        for c in candidates(doc):
            label = "other"
            for j, item in enumerate(g.items):
                if j not in used and same_item(c.lead, c.text, item):
                    label = item["type"]
                    used.add(j)
                    break
            X.append(c)
            y.append(label)
    return X, y


def train(seed: int = 0, split: str = "train") -> str:
    from classifiers import modelstore

    from . import MODEL_NAME
    from .classify import build_pipeline

    X, y = training_set(split)
    if not X:
        raise SystemExit("no training documents: run `python -m corpus.build` first")
    pipe = build_pipeline(seed)
    pipe.fit(X, y)
    counts = {k: y.count(k) for k in sorted(set(y))}
    path = modelstore.save(pipe, MODEL_NAME, {"version": 1, "seed": seed, "split": split, "examples": counts})
    return f"{path} ({len(X)} candidates: {counts})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="train the problem/recommendation classifier")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(train(args.seed), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
