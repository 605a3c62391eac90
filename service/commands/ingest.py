"""`jiandu ingest FILE... [--data DIR] --json`: put documents in the store, read them, index them.

The same path as an upload through the API (content-addressed file, document row, job), except
that the job is run here and now instead of by a worker. Bytes already in the store are
recognised and reported, not stored twice. A file that cannot be read is reported on stderr
(exit code 3 at the end) and the others are still ingested.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..output import EXIT_INPUT, emit_json, report_bad_input, table
from ._common import add_data_option


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help=".docx, .pdf or .txt files")
    add_data_option(p)
    p.add_argument("--office", default="", help="owning office (for the service's access rules)")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from ..jobs import run_one, worker_name
    from ..models import Document, Item
    from ..processing import warm_up
    from ..store import add_document, latest_job, requeue
    from ._common import open_store

    store = open_store(args)
    settings = store.settings
    warm_up(settings)
    out, bad = [], 0
    name = worker_name()
    for f in args.files:
        path = Path(f)
        try:
            if path.is_dir():
                raise OSError("is a directory, not a file")
            size = path.stat().st_size
            if size == 0:
                raise OSError("empty file")
            if size > settings.max_bytes:
                raise OSError(f"file too large ({size / 1e6:.1f} MB; the limit is {settings.max_bytes / 1e6:.0f} MB)")
            data = path.read_bytes()
        except FileNotFoundError:
            report_bad_input(f, "no such file")
            bad += 1
            continue
        except OSError as e:
            report_bad_input(f, e.strerror or str(e))
            bad += 1
            continue
        with store.write() as s:
            doc, created = add_document(s, settings, data, path.name, office=args.office)
            doc_id = doc.id
            job = latest_job(s, doc_id)
            if doc.state == "failed" or job is None:
                job = requeue(s, doc)
            job_id, state = job.id, doc.state
        if state != "ready":
            run_one(store, name, job_id=job_id)
        with store.read() as s:
            doc = s.get(Document, doc_id)
            if doc.state != "ready":
                report_bad_input(f, doc.error or "could not be read")
                bad += 1
                continue
            n = s.scalar(select(func.count()).select_from(Item).where(Item.document_id == doc_id))
            out.append({"id": str(doc_id), "source": doc.source, "kind": doc.kind, "items": int(n or 0),
                        "title": doc.title, "sha256": doc.sha256, "duplicate": not created})
    store.dispose()
    if args.json:
        emit_json({"documents": out})
    else:
        if out:
            print(table([[d["id"], d["source"], d["kind"], str(d["items"]), "已存在" if d["duplicate"] else "新入库"]
                         for d in out], ["编号", "文件", "类型", "条目", "状态"]))
        print(f"入库 {len(out)} 件，失败 {bad} 件 / ingested {len(out)}, failed {bad}")
    return EXIT_INPUT if bad else 0
