"""Parse speed and memory: `python -m bench.parse` (run by hand; prints a Markdown table).

Side by side in one run, on the same files: our whole parse (`extractors.load`: characters,
lines, reflow, furniture, columns, tables, structure), bare pdfplumber `extract_text()` and bare
pypdfium2 `get_text_range()` (text only, no layout), and for Word files bare python-docx
paragraph iteration. Each measurement runs in its own subprocess, so its peak RSS
(`resource.getrusage`) is its own and no library is warm from an earlier one; time is the best
of `--repeat` rounds, the tools taking turns, without interpreter start-up. Throughput is in
CPU time (`time.process_time`), which other processes on a busy machine do not inflate; the
whole-process figure is wall time, as a user waits for it.

Then the whole `python -m service parse FILE --json` process on a 5-page PDF (start-up and
imports included), and a 300-page PDF (the 151-page fixture twice) for memory and for
linearity (seconds per page should not grow with the page count).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpus" / "documents"
LONG = ROOT / "tests" / "fixtures" / "pdf" / "long_report.pdf"

# One measurement, run in a fresh interpreter: prints {"seconds": best, "rss_mb": peak}.
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
tool, files, repeat = {tool!r}, {files!r}, {repeat!r}

def ours(path):
    from extractors import load
    load(path)

def pdfplumber_text(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()

def pdfium_text(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()

def docx_paragraphs(path):
    import docx
    for p in docx.Document(path).paragraphs:
        p.text

fn = {{"ours": ours, "pdfplumber": pdfplumber_text, "pypdfium2": pdfium_text, "python-docx": docx_paragraphs}}[tool]
fn(files[0])                                   # imports and first-call costs out of the timing
cpu = wall = None
for _ in range(repeat):
    c, t = time.process_time(), time.perf_counter()
    for f in files:
        fn(f)
    dc, dt = time.process_time() - c, time.perf_counter() - t
    cpu = dc if cpu is None else min(cpu, dc)
    wall = dt if wall is None else min(wall, dt)
print(json.dumps({{"seconds": cpu, "wall": wall, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _child(tool: str, files: list[Path], repeat: int) -> dict:
    code = _CHILD.format(root=str(ROOT), tool=tool, files=[str(f) for f in files], repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(tools: tuple[str, ...], files: list[Path], rounds: int) -> dict[str, dict]:
    """Best CPU seconds per tool over `rounds` rounds, the tools taking turns within a round, so
    that load from other processes falls on all of them alike; peak RSS is the largest seen."""
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for tool in tools:
            r = _child(tool, files, 1)
            b = best.setdefault(tool, dict(r))
            b["seconds"] = min(b["seconds"], r["seconds"])
            b["wall"] = min(b["wall"], r["wall"])
            b["rss_mb"] = max(b["rss_mb"], r["rss_mb"])
    return best


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def whole_process(path: Path, repeat: int) -> tuple[float, float, float]:
    """Best wall time, best CPU time and peak RSS of `python -m service parse FILE --json`,
    start-up and imports included."""
    best, cpu, rss = None, None, 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "service", "parse", str(path), "--json"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"jiandu parse failed on {path}: {proc.stderr.read().decode()[:300]}")
        best = dt if best is None else min(best, dt)
        used = usage.ru_utime + usage.ru_stime
        cpu = used if cpu is None else min(cpu, used)
        rss = max(rss, usage.ru_maxrss / 1024)
    return best or 0.0, cpu or 0.0, rss


def doubled(src: Path, dst: Path) -> None:
    """A 302-page PDF: the long report twice (pypdfium2 page import)."""
    import pypdfium2 as pdfium

    a = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(a)
    out.import_pages(a)
    out.save(str(dst))
    out.close()
    a.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds per measurement; the best counts")
    args = ap.parse_args(argv)

    pdfs = sorted(DOCS.glob("*.pdf"))
    docx = sorted(DOCS.glob("*.docx"))
    if not pdfs or not LONG.exists():
        raise SystemExit("corpus PDFs or tests/fixtures/pdf/long_report.pdf missing")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "report_302.pdf"
        doubled(LONG, big)
        sets = [("corpus PDFs", pdfs), ("long report PDF", [LONG]), ("300-page PDF", [big])]
        rows = []
        for name, files in sets:
            pages = sum(pdf_pages(f) for f in files)
            r = measure(("ours", "pdfplumber", "pypdfium2"), files, args.repeat if pages < 400 else 1)
            rows.append((name, len(files), pages, r))
        docx_pages = sum(pdf_pages(f.with_suffix(".pdf")) for f in docx if f.with_suffix(".pdf").exists())
        rd = measure(("ours", "python-docx"), docx, args.repeat)
        five = next((f for f in pdfs if pdf_pages(f) == 5), pdfs[0])
        proc_s, proc_cpu, proc_rss = whole_process(five, max(3, args.repeat))

    print("| input | files | pages | ours pages/s (CPU) | pdfplumber `extract_text` pages/s | pypdfium2 `get_text_range` pages/s "
          "| ours ÷ pdfplumber | pypdfium2 ÷ ours | peak RSS ours | peak RSS pdfplumber |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    per_page = {}
    for name, n, pages, r in rows:
        ps = {t: pages / r[t]["seconds"] for t in r}
        per_page[name] = r["ours"]["seconds"] / pages
        print(f"| {name} | {n} | {pages} | {ps['ours']:.0f} | {ps['pdfplumber']:.1f} | {ps['pypdfium2']:.0f} "
              f"| {ps['ours'] / ps['pdfplumber']:.1f}× | {ps['pypdfium2'] / ps['ours']:.1f}× "
              f"| {r['ours']['rss_mb']:.0f} MB | {r['pdfplumber']['rss_mb']:.0f} MB |")
    print()
    print("| input | files | pages (as PDF) | ours pages/s (CPU) | python-docx paragraphs pages/s | ours ÷ python-docx | peak RSS ours |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| corpus .docx | {len(docx)} | {docx_pages} | {docx_pages / rd['ours']['seconds']:.0f} "
          f"| {docx_pages / rd['python-docx']['seconds']:.0f} "
          f"| {rd['python-docx']['seconds'] / rd['ours']['seconds']:.2f}× | {rd['ours']['rss_mb']:.0f} MB |")
    print()
    lin = per_page["300-page PDF"] / per_page["long report PDF"]
    print(f"- whole process `python -m service parse {five.relative_to(ROOT)} --json` "
          f"({pdf_pages(five)} pages): {proc_s:.2f} s wall ({proc_cpu:.2f} s CPU), peak RSS {proc_rss:.0f} MB "
          "(target < 1 s)")
    print(f"- linearity: seconds per page at 302 pages ÷ at 151 pages = {lin:.2f} (1.00 = linear)")
    print(f"- peak RSS parsing 302 pages: {rows[2][3]['ours']['rss_mb']:.0f} MB (target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
