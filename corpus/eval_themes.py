"""Theme and recurrence figures on held-out documents: `python -m corpus.eval_themes`.

Themes: the saved model groups all items of the held-out documents together (as a user would
run `jiandu themes` on a year's reports) and the grouping is compared with the gold theme labels
— NMI and pairwise F1 (a discovered theme counts like any other group, so NMI does not care
what it is called). Recurrences: the predicted cross-document pairs among held-out problems
against `corpus/recurrences.json` restricted to held-out documents. The model was trained and
its thresholds tuned on train documents only. Gold items are used (not extracted ones) so these
figures measure theming, not extraction.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def evaluate(split: str = "heldout", model_path: Path | None = None) -> dict:
    from classifiers.themes import default_model, group_items
    from classifiers.themes.gold import load_gold, load_recurrences, only_annotated
    from classifiers.themes.metrics import nmi, pairwise_prf, recurrence_prf
    from classifiers.themes.train import as_theme_items

    model = default_model(model_path)
    gold = load_gold(split)
    result = group_items(as_theme_items(gold), model)
    assigned = result.assignment()
    truth = [g.theme for g in gold]
    pred = [assigned[(g.doc, g.id)] for g in gold]
    pw = pairwise_prf(truth, pred)
    rec_gold = load_recurrences(split)
    rec_pred = only_annotated([[(o.document, o.id) for o in r.occurrences] for r in result.recurrences])
    rec = recurrence_prf(rec_gold, rec_pred)
    return {
        "split": split,
        "documents": len({g.doc for g in gold}),
        "items": len(gold),
        "themes_predicted": len(result.themes),
        "themes_discovered": sum(1 for t in result.themes if t.discovered),
        "themes_gold": len(set(truth)),
        "nmi": round(nmi(truth, pred), 4),
        "pairwise_precision": round(pw["precision"], 4),
        "pairwise_recall": round(pw["recall"], 4),
        "pairwise_f1": round(pw["f1"], 4),
        "accuracy_on_taxonomy": round(sum(t == p for t, p in zip(truth, pred)) / len(truth), 4) if truth else 0.0,
        "recurrence_precision": round(rec["precision"], 4),
        "recurrence_recall": round(rec["recall"], 4),
        "recurrence_occurrence_recall": round(rec["occurrence_recall"], 4),
        "recurrence_predicted_pairs": rec["predicted_pairs"],
        "recurrence_gold_pairs": rec["gold_pairs"],
        "recurrences_predicted": len(result.recurrences),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="theme and recurrence figures on held-out documents")
    ap.add_argument("--split", default="heldout")
    ap.add_argument("--model", type=Path, default=None, help="model file (default classifiers/models/themes.npz)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    figures = evaluate(args.split, args.model)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        print(f"themes on {figures['split']} ({figures['documents']} documents, {figures['items']} items)")
        unannotated = not figures["recurrence_gold_pairs"]
        for k, v in figures.items():
            if k not in ("split", "documents", "items"):
                if unannotated and k in ("recurrence_precision", "recurrence_recall", "recurrence_occurrence_recall"):
                    v = "n/a (no recurrences annotated among these documents)"
                print(f"  {k:<28} {v}")
        print("targets: nmi ≥ 0.75, recurrence_precision ≥ 0.9")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
