"""Load benchmark (run by hand): concurrent uploads with a worker killed mid-run, and search latency.

    python bench/load.py upload [--uploaders 50] [--files 20] [--workers 2]
    python bench/load.py search [--items 100000] [--queries 200]
    python bench/load.py            # both

`upload` starts `jiandu serve` on a temporary store, lets U uploader threads each post F distinct
files through the HTTP API (plus one file every uploader shares, to provoke de-duplication
races), kills one ingestion worker with SIGKILL in the middle, waits for the queue to drain and
checks: every distinct file is exactly one document, every job is done, nothing lost.

`search` fills an embedded store with N items (sentences of the corpus recombined, indexed
exactly as ingestion does), then times `service.search.search` on two- to four-character
queries against a naive `LIKE '%word%'` scan of the same rows, printing p50/p95 of wall time
and of this process's CPU time (the latter is what the query costs when the machine is not
shared; the load average is printed beside it).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["养老", "执法", "经费", "监管", "队伍", "培训", "资金", "安全", "消防", "医疗", "教育", "污染",
           "执法检查", "养老服务", "基层医疗", "安全生产", "食品安全", "专项资金", "考核评价", "信息化建设"]


def corpus_sentences() -> list[str]:
    out = []
    for src in sorted((ROOT / "corpus" / "sources").glob("*.jd")):
        body = src.read_text(encoding="utf-8").partition("\n---\n")[2]
        body = re.sub(r"\{[PR]\|[^}]*\}|\{/\}|\*\*", "", body)
        for line in body.splitlines():
            line = re.sub(r"^(#{1,4}|\^|>|@@.*)\s*", "", line).strip()
            if line.startswith("|"):
                continue
            out.extend(s + "。" for s in line.split("。") if len(s) >= 8)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# ------------------------------------------------------------------ uploads

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text().rsplit(")", 1)[1].split()
                cmd = (p / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == pid and b"service.worker" in cmd:
                out.append(int(p.name))
    return out


def bench_upload(uploaders: int, files: int, workers: int) -> dict:
    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="jiandu-load-"))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JIANDU_WORKERS": str(workers), "JIANDU_LEASE_SECONDS": "5"}
    env.pop("DATABASE_URL", None) if "--pg" not in sys.argv else None
    log = open(tmp / "serve.log", "w")  # a file, not a pipe nobody reads: a full pipe would stall the service
    serve = subprocess.Popen([sys.executable, "-m", "service", "serve", "--data", str(tmp / "data"),
                              "--port", str(port)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    token = (tmp / "data" / "admin-token.txt").read_text().strip()
    headers = {"Authorization": f"Bearer {token}"}
    sentences = corpus_sentences()
    rng = random.Random(7)
    shared = ("关于检查共享文件的报告\n二、存在的问题\n（一）" + "".join(rng.sample(sentences, 5))).encode()
    uploads: list[tuple[str, int]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def uploader(u: int) -> None:
        client = httpx.Client(base_url=base, headers=headers, timeout=120)
        r = random.Random(u)
        for f in range(files):
            text = (f"关于检查第{u}组第{f}号事项的报告\n二、存在的主要问题\n（一）"
                    + "".join(r.sample(sentences, 6)) + "\n三、意见建议\n（一）" + "".join(r.sample(sentences, 3)))
            payloads = [(f"u{u}_f{f}.txt", text.encode())]
            if f == files // 2:
                payloads.append(("shared.txt", shared))
            for name, data in payloads:
                try:
                    resp = client.post("/api/documents", files={"file": (name, data, "text/plain")})
                    if resp.status_code != 202:
                        raise RuntimeError(f"{resp.status_code} {resp.text[:100]}")
                    with lock:
                        uploads.append((name, int(resp.json()["document_id"])))
                except Exception as e:  # noqa: BLE001
                    with lock:
                        errors.append(f"{name}: {e}")

    t0 = time.time()
    threads = [threading.Thread(target=uploader, args=(u,)) for u in range(uploaders)]
    for t in threads:
        t.start()
    killed = None
    while any(t.is_alive() for t in threads) and killed is None:
        time.sleep(0.5)
        kids = _children(serve.pid)
        if kids and len(uploads) > uploaders * files // 3:
            killed = kids[0]
            os.kill(killed, signal.SIGKILL)
    for t in threads:
        t.join()
    upload_s = time.time() - t0
    if killed is None and _children(serve.pid):
        killed = _children(serve.pid)[0]
        os.kill(killed, signal.SIGKILL)
    client = httpx.Client(base_url=base, headers=headers, timeout=60)
    while True:
        open_jobs = sum(client.get("/api/jobs", params={"state": s, "limit": 1}).json()["total"]
                        for s in ("queued", "running"))
        if not open_jobs:
            break
        time.sleep(1)
    drain_s = time.time() - t0
    docs = client.get("/api/documents", params={"limit": 1}).json()["total"]
    failed = client.get("/api/jobs", params={"state": "failed", "limit": 1}).json()["total"]
    done = client.get("/api/jobs", params={"state": "done", "limit": 1}).json()["total"]
    serve.send_signal(signal.SIGTERM)
    try:
        serve.wait(30)
    except subprocess.TimeoutExpired:
        serve.kill()
    distinct = {name for name, _ in uploads}
    ids_by_name: dict[str, set[int]] = {}
    for name, doc_id in uploads:
        ids_by_name.setdefault(name, set()).add(doc_id)
    return {"uploaders": uploaders, "files_each": files, "uploads": len(uploads), "upload_errors": len(errors),
            "distinct_files": len(distinct), "documents": docs, "jobs_done": done, "jobs_failed": failed,
            "lost": len(distinct) - docs if docs < len(distinct) else 0,
            "duplicated": docs - len(distinct) if docs > len(distinct) else 0,
            "names_with_two_ids": sum(1 for v in ids_by_name.values() if len(v) > 1),
            "worker_killed": killed, "upload_seconds": round(upload_s, 1), "drained_seconds": round(drain_s, 1),
            "errors_sample": errors[:3], "log": str(tmp / "serve.log")}


# ------------------------------------------------------------------ search

def fill(store, n_items: int, per_doc: int = 100) -> None:  # noqa: ANN001
    from service import search
    from service.models import Document, Item

    sentences = corpus_sentences()
    rng = random.Random(11)
    made = 0
    doc_no = 0
    while made < n_items:
        with store.write() as s:
            for _ in range(20):
                if made >= n_items:
                    break
                doc_no += 1
                doc = Document(sha256=f"{doc_no:064x}", size=0, source=f"bench_{doc_no}.txt", office=f"办{doc_no % 7}",
                               state="ready", kind=rng.choice(["inspection_report", "rectification_report"]),
                               year=2018 + doc_no % 7, title=f"报告{doc_no}")
                s.add(doc)
                s.flush()
                items = []
                for k in range(min(per_doc, n_items - made)):
                    text = "".join(rng.sample(sentences, rng.randint(1, 3)))
                    typ = rng.choice(["problem", "recommendation"])
                    items.append(Item(document_id=doc.id, seq=k, key=f"{typ[0].upper()}{k + 1}", type=typ,
                                      model_type=typ, text=text, themes=[]))
                s.add_all(items)
                s.flush()
                search.index_entries(s, doc, [(it, it.text) for it in items])
                made += len(items)
        print(f"\r  indexed {made}/{n_items}", end="", flush=True)
    print()


def bench_search(n_items: int, n_queries: int, url: str | None = None, reuse: str | None = None) -> dict:
    from sqlalchemy import text as sql

    from service import search
    from service.db import Store
    from service.settings import Settings

    tmp = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="jiandu-search-"))
    store = Store.open(Settings(data_dir=tmp / "data", database_url=url))
    t0 = time.time()
    if not reuse:
        fill(store, n_items)
    fill_s = time.time() - t0
    print(f"  store: {tmp / 'data'}", file=sys.stderr)
    from classifiers.lexicon import tokenizer

    tokenizer()
    rng = random.Random(3)
    queries = [rng.choice(QUERIES) for _ in range(n_queries)]
    fts, fts_office, like, totals, fts_cpu, like_cpu = [], [], [], [], [], []
    with store.read() as s:
        search.search(s, "预热", limit=20)
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            res = search.search(s, q, limit=20)
            fts.append((time.perf_counter() - t) * 1000)
            fts_cpu.append((time.process_time() - c) * 1000)
            totals.append(res.total)
            t = time.perf_counter()
            search.search(s, q, search.Filters(offices=["办3"], type="problem"), limit=20)
            fts_office.append((time.perf_counter() - t) * 1000)
            t, c = time.perf_counter(), time.process_time()
            s.execute(sql("SELECT e.id, e.text FROM search_entries e JOIN documents d ON d.id = e.document_id "
                          "WHERE e.text LIKE :p LIMIT 20"), {"p": f"%{q}%"}).all()
            s.execute(sql("SELECT count(*) FROM search_entries WHERE text LIKE :p"), {"p": f"%{q}%"}).scalar_one()
            like.append((time.perf_counter() - t) * 1000)
            like_cpu.append((time.process_time() - c) * 1000)
    store.dispose()
    return {"backend": store.dialect, "items": n_items, "fill_seconds": round(fill_s, 1), "queries": n_queries,
            "fts_p50_ms": round(pct(fts, 50), 2), "fts_p95_ms": round(pct(fts, 95), 2),
            "fts_office_type_filter_p50_ms": round(pct(fts_office, 50), 2),
            "fts_office_type_filter_p95_ms": round(pct(fts_office, 95), 2),
            "like_p50_ms": round(pct(like, 50), 2), "like_p95_ms": round(pct(like, 95), 2),
            "fts_cpu_p50_ms": round(pct(fts_cpu, 50), 2), "fts_cpu_p95_ms": round(pct(fts_cpu, 95), 2),
            "like_cpu_p50_ms": round(pct(like_cpu, 50), 2), "like_cpu_p95_ms": round(pct(like_cpu, 95), 2),
            "load_average": os.getloadavg()[0], "cpus": os.cpu_count(),
            "median_total_hits": statistics.median(totals)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="?", choices=["upload", "search", "all"], default="all")
    p.add_argument("--uploaders", type=int, default=50)
    p.add_argument("--files", type=int, default=20)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--database-url", help="run the search benchmark on PostgreSQL instead")
    p.add_argument("--reuse", metavar="DIR", help="time queries on a store a previous run filled (skip filling)")
    args = p.parse_args()
    if args.what in ("upload", "all"):
        print(json.dumps(bench_upload(args.uploaders, args.files, args.workers), ensure_ascii=False, indent=1))
    if args.what in ("search", "all"):
        print(json.dumps(bench_search(args.items, args.queries, args.database_url, args.reuse), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
