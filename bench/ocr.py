"""OCR speed and memory on scanned pages: `python bench/ocr.py` (run by hand; prints a Markdown table).

What it measures, each in a fresh interpreter so the peak RSS is OCR's own:
- the whole `extractors.load` of the scanned fixtures (render at 150 dpi, red-ink removal,
  PP-OCR detection + recognition, then the PDF reader's layout), pages per second wall-clock
  and CPU seconds per page;
- the engine's start-up (model load from the wheel), reported apart.

`--threads` sets onnxruntime's intra-op threads (JIANDU_OCR_THREADS); the default 2 is the
2-core figure the README quotes. Wall-clock figures depend on what else the machine runs, so
the CPU seconds per page and the load average are printed with them.

Run it with the network cut to show that no model is fetched: `unshare -rn python bench/ocr.py`.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
from extractors import Limits, load
from extractors.ocr.page import engine
t = time.perf_counter(); c = time.process_time()
engine()
start = (time.perf_counter() - t, time.process_time() - c)
pages = 0
t = time.perf_counter(); c = time.process_time()
for f in {files!r}:
    doc = load(f, Limits(max_seconds=3600))
    pages += len(doc.meta.get("ocr", []))
wall, cpu = time.perf_counter() - t, time.process_time() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"pages": pages, "wall": wall, "cpu": cpu, "rss_mb": rss, "start_wall": start[0],
                   "start_cpu": start[1]}}))
"""


def run(files: list[Path], threads: int) -> dict:
    env = {**os.environ, "JIANDU_OCR_THREADS": str(threads)}
    code = _CHILD.format(root=str(ROOT), files=[str(f) for f in files])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args(argv)
    files = args.files or sorted(p for p in SCANNED.glob("*.pdf") if not p.name.startswith("mixed_"))
    from extractors import ocr

    if not ocr.is_available():
        print("OCR extra not installed: pip install 'jiandu[ocr]'", file=sys.stderr)
        return 1
    load_before = os.getloadavg()[0]
    r = run(files, args.threads)
    load_after = os.getloadavg()[0]
    pages = r["pages"] or 1
    print(f"## OCR ({args.threads} threads, {os.cpu_count()} CPUs, load average {load_before:.1f} → {load_after:.1f})\n")
    print("| files | OCR pages | pages/s (wall) | s/page (wall) | CPU s/page | peak RSS MB | engine start s |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {', '.join(f.name for f in files)} | {r['pages']} | {r['pages'] / r['wall']:.2f} | "
          f"{r['wall'] / pages:.1f} | {r['cpu'] / pages:.1f} | {r['rss_mb']:.0f} | {r['start_wall']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
