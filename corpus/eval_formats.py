"""Extraction F1 per input format on held-out documents: does a format cost anything?

For each held-out gold document the Word original is the reference; the same document is then
produced in the other formats offices send and read back through `extractors.load`:
- `ofd`: laid out by tests/fixtures/make_ofd.py (fast; every held-out document);
- `doc`: saved as Word 97 by LibreOffice (when soffice is installed; every held-out document);
- `scan`: the corpus PDF printed, stamped and scanned by tests/fixtures/make_scanned.py, then
  OCR (when the ocr extra is installed). OCR costs seconds per page, so `--scan-docs` (default 4)
  held-out documents are scanned, never s4_01, whose scan the OCR layout was tuned on.

Renditions are made in a temporary directory on each run; the figure is micro-F1 over items,
matched by `corpus.dataset.match`, next to the Word original's on the same documents.

    python -m corpus.eval_formats [--split heldout] [--scan-docs 4]
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus.dataset import ROOT, gold_docs, match

FIXTURES = ROOT.parent / "tests" / "fixtures"
TUNED_ON = {"s4_01_daolu_jiaotong"}          # the scan the OCR layout code was developed against


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"_jiandu_{name}", FIXTURES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up while it loads
    spec.loader.exec_module(mod)
    return mod


def _counts(doc, gold: list[dict]) -> tuple[int, int, int]:
    from classifiers.items import extract_items

    preds = [(it.type, it.title, it.text) for it in extract_items(doc)]
    pairs, extra, missed = match(preds, gold)
    return len(pairs), len(extra), len(missed)


def _f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0


def _to_doc(docx: list[Path], out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(out), *map(str, docx)],
                   check=True, timeout=600, capture_output=True)


def evaluate(split: str = "heldout", scan_docs: int = 4) -> dict:
    from extractors import DocumentError, Limits, load, ocr
    from extractors.legacy import soffice

    golds = [g for g in gold_docs(split) if g.path("docx").exists() and g.items]
    counts: dict[str, dict[str, list[int]]] = {}   # format → {"self": [tp,fp,fn], "docx": [...] on the same docs}
    errors: list[str] = []

    def add(fmt: str, g, doc, ref) -> None:
        c = counts.setdefault(fmt, {"self": [0, 0, 0], "docx": [0, 0, 0], "docs": [0]})
        for key, d in (("self", doc), ("docx", ref)):
            for i, v in enumerate(_counts(d, g.items)):
                c[key][i] += v
        c["docs"][0] += 1

    refs = {g.name: load(g.path("docx")) for g in golds}
    with tempfile.TemporaryDirectory(prefix="jiandu-eval-formats-") as tmp:
        tmpdir = Path(tmp)
        make_ofd = _script("make_ofd")
        for g in golds:
            path = tmpdir / f"{g.name}.ofd"
            path.write_bytes(make_ofd.package(refs[g.name], g.name))
            try:
                add("ofd", g, load(path), refs[g.name])
            except DocumentError as e:
                errors.append(f"{g.name}.ofd: {e.reason}")
        if soffice():
            _to_doc([g.path("docx") for g in golds], tmpdir)
            for g in golds:
                try:
                    add("doc", g, load(tmpdir / f"{g.name}.doc"), refs[g.name])
                except DocumentError as e:
                    errors.append(f"{g.name}.doc: {e.reason}")
        if ocr.is_available() and scan_docs > 0:
            make_scanned = _script("make_scanned")
            picked = [g for g in golds if g.name not in TUNED_ON and g.path("pdf").exists()][:scan_docs]
            for k, g in enumerate(picked):
                path = make_scanned.scan(g.name, 160, 0.5 if k % 2 else -0.5, None,
                                         "人民代表大会常务委员会", out_dir=tmpdir)
                try:
                    add("scan", g, load(path, Limits(max_seconds=3600)), refs[g.name])
                except DocumentError as e:
                    errors.append(f"{g.name} scan: {e.reason}")
    return {"split": split, "formats": {fmt: {"documents": c["docs"][0], "f1": _f1(*c["self"]),
                                              "docx_f1_same_docs": _f1(*c["docx"]),
                                              "tp_fp_fn": c["self"]} for fmt, c in counts.items()},
            "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="heldout")
    ap.add_argument("--scan-docs", type=int, default=4)
    args = ap.parse_args(argv)
    r = evaluate(args.split, args.scan_docs)
    print(f"## Items by input format — split {r['split']}\n")
    print("| format | documents | F1 | F1 of the .docx originals (same documents) | tp/fp/fn |")
    print("|---|---|---|---|---|")
    for fmt, v in r["formats"].items():
        print(f"| {fmt} | {v['documents']} | {v['f1']:.3f} | {v['docx_f1_same_docs']:.3f} | {'/'.join(map(str, v['tp_fp_fn']))} |")
    for e in r["errors"]:
        print(f"- unreadable: {e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
