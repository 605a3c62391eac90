"""Build the corpus: ``python -m corpus.build [NAMES...]`` (run from the project root).

Each ``corpus/sources/<name>.jd`` becomes ``corpus/documents/<name>.docx`` and
``corpus/gold/<name>.json``. A source that violates FORMAT.md is reported as ``file:line: reason``
and skipped, so one bad source does not block the rest; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .docx_writer import write_docx
from .gold import gold_items
from .jd import JdDocument, JdError, parse_file

ROOT = Path(__file__).resolve().parent
GOLD_KEYS = ("title", "kind", "office", "year", "law", "style", "split", "numbering", "answers")


def gold_json(jd: JdDocument) -> dict[str, Any]:
    """The gold annotation of one source as FORMAT.md / the brief define it."""
    meta = jd.meta
    out: dict[str, Any] = {"name": jd.name, "source": f"{jd.name}.docx"}
    for key in GOLD_KEYS:
        value: Any = meta.get(key)
        if key == "year" and value:
            value = int(value)
        if key == "numbering":
            value = value or "typed"
        out[key] = value if value != "" else None
    out["items"] = [item.to_json() for item in gold_items(jd)]
    return out


def build_one(src: Path, documents: Path, gold_dir: Path) -> tuple[JdDocument, dict[str, Any]]:
    """Parse one source and write its docx and gold JSON; raises ``JdError`` for bad sources."""
    jd = parse_file(src)
    gold = gold_json(jd)
    write_docx(jd, documents / f"{jd.name}.docx")
    gold_dir.mkdir(parents=True, exist_ok=True)
    out, text = gold_dir / f"{jd.name}.json", json.dumps(gold, ensure_ascii=False, indent=2) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:  # keep mtimes of unchanged files
        out.write_text(text, encoding="utf-8")
    return jd, gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.build", description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="source names (stems or .jd paths); default: all sources")
    ap.add_argument("--root", type=Path, default=ROOT, help="corpus directory (default: this package)")
    args = ap.parse_args(argv)
    sources_dir = args.root / "sources"
    if args.names:
        sources = [Path(n) if n.endswith(".jd") else sources_dir / f"{n}.jd" for n in args.names]
    else:
        sources = sorted(sources_dir.glob("*.jd"))
    failed = 0
    for src in sources:
        if not src.exists():
            print(f"{src}:0: no such source", file=sys.stderr)
            failed += 1
            continue
        try:
            jd, gold = build_one(src, args.root / "documents", args.root / "gold")
        except JdError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        for w in jd.warnings:
            print(f"warning: {w}", file=sys.stderr)
        n_p = sum(1 for i in gold["items"] if i["type"] == "problem")
        print(f"built {jd.name}: {n_p} problems, {len(gold['items']) - n_p} recommendations")
    print(f"{len(sources) - failed} built, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
