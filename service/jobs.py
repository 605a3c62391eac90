"""Ingestion jobs in the database: claim with a lease, heartbeat, finish or fail.

The job table is the queue, so nothing lives only in a process's memory: a worker killed with
kill -9 in the middle of a job leaves a `running` row whose lease stops being renewed; when the
lease lapses any worker (or the same one restarted) takes the job again. A job that has taken
down workers `max_attempts` times is failed with a message instead of looping forever.

Claiming is one atomic statement on SQLite (`UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING`,
under BEGIN IMMEDIATE); on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` lets many workers claim
different jobs without waiting on each other.
"""
from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from sqlalchemy import select, text as sql

from .db import Store
from .models import Document, Job, utcnow
from .processing import ProcessingError, analyse_file
from .search import clear_document
from .store import apply_analysis, emit, file_path


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Claimed:
    job_id: int
    document_id: int
    attempts: int


def claim(store: Store, worker: str, job_id: int | None = None) -> Claimed | None:
    """Take the oldest runnable job (queued, or running with a lapsed lease); None if there is none."""
    now = time.time()
    lease = now + store.settings.lease_seconds
    only = " AND id = :jid" if job_id is not None else ""
    runnable = f"(state = 'queued' OR (state = 'running' AND lease_until < :now)){only}"
    params = {"now": now, "lease": lease, "w": worker, "jid": job_id, "started": utcnow()}
    with store.write() as s:
        if store.settings.is_postgres:
            row = s.execute(sql(f"SELECT id FROM jobs WHERE {runnable} ORDER BY id LIMIT 1 "
                                "FOR UPDATE SKIP LOCKED"), params).first()
            if row is None:
                return None
            params["id"] = row[0]
            row = s.execute(sql("UPDATE jobs SET state = 'running', worker = :w, lease_until = :lease, "
                                "heartbeat = :now, attempts = attempts + 1, started = :started "
                                "WHERE id = :id RETURNING id, document_id, attempts"), params).first()
        else:
            row = s.execute(sql("UPDATE jobs SET state = 'running', worker = :w, lease_until = :lease, "
                                "heartbeat = :now, attempts = attempts + 1, started = :started "
                                f"WHERE id = (SELECT id FROM jobs WHERE {runnable} ORDER BY id LIMIT 1) "
                                "RETURNING id, document_id, attempts"), params).first()
        if row is None:
            return None
        return Claimed(job_id=row[0], document_id=row[1], attempts=row[2])


def heartbeat(store: Store, job_id: int, worker: str) -> bool:
    """Extend the lease; False if the job is no longer ours (another worker took it over)."""
    now = time.time()
    with store.write() as s:
        res = s.execute(sql("UPDATE jobs SET lease_until = :lease, heartbeat = :now "
                            "WHERE id = :id AND worker = :w AND state = 'running'"),
                        {"lease": now + store.settings.lease_seconds, "now": now, "id": job_id, "w": worker})
        return res.rowcount == 1


def _fail(store: Store, job_id: int, reason: str) -> None:
    with store.write() as s:
        job = s.get(Job, job_id)
        if job is None:
            return
        job.state, job.error, job.finished, job.lease_until = "failed", reason, utcnow(), None
        doc = s.get(Document, job.document_id)
        if doc is not None:
            doc.state, doc.error = "failed", reason
            clear_document(s, doc.id)  # what is searchable is what was read successfully and stands
            emit(s, "document.failed", doc.office, doc.id, source=doc.source, job_id=job_id, error=reason)


def run_claimed(store: Store, c: Claimed, worker: str, isolate: bool = True) -> str:
    """Parse, extract and store one claimed job; returns the final state ('done' or 'failed')."""
    settings = store.settings
    if c.attempts > settings.max_attempts:
        _fail(store, c.job_id, f"gave up after {c.attempts - 1} attempts: the worker stopped while "
                               "reading this file each time")
        return "failed"
    with store.read() as s:
        doc = s.get(Document, c.document_id)
        if doc is None:
            return "failed"
        path, source = file_path(settings, doc.sha256), doc.source
    if not path.exists():
        _fail(store, c.job_id, "the stored file is missing")
        return "failed"
    import threading

    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(max(0.2, settings.lease_seconds / 3)):
            try:
                heartbeat(store, c.job_id, worker)
            except Exception:  # noqa: BLE001 — a missed beat only shortens the lease
                pass

    beater = threading.Thread(target=beat, daemon=True)
    beater.start()
    try:
        try:
            analysis = analyse_file(path, source, settings, isolate=isolate)
        except ProcessingError as e:
            _fail(store, c.job_id, e.reason)
            return "failed"
    finally:
        stop.set()
        beater.join()
    with store.write() as s:
        job = s.get(Job, c.job_id)
        doc = s.get(Document, c.document_id)
        if job is None or doc is None:  # deleted while we worked
            return "failed"
        if job.worker != worker or job.state != "running":  # lease lost: another worker owns it now
            return job.state
        apply_analysis(s, doc, analysis)
        follow_up(s, settings, doc)
        job.state, job.error, job.finished, job.lease_until = "done", None, utcnow(), None
        emit(s, "document.ready", doc.office, doc.id, source=doc.source, job_id=job.id, kind=doc.kind,
             title=doc.title, items=len(analysis.items))
    return "done"


def follow_up(s, settings, doc: Document) -> None:  # noqa: ANN001
    """After a document is read: give an inspection document its answer's due date, pair a
    rectification report with the inspection document of its office that it answers, and bring
    the stored point statuses of the inspection(s) concerned up to date (`service.statuses`;
    a tracking failure is noted on the document, never fails the job)."""
    from .pairing import best_inspection, default_due
    from .statuses import refresh_guarded

    refresh: list[int | None] = []
    if doc.kind == "inspection_report":
        if doc.due_date is None:
            doc.due_date = default_due(settings.data_dir, doc.office, settings.due_days, doc.created or utcnow())
        refresh.append(doc.id)  # its points were (re)read: statuses follow, if it has answers
    if doc.kind == "rectification_report":
        before = doc.answers_id
        if doc.answers_set_by != "person":
            candidates = s.scalars(select(Document).where(Document.office == doc.office, Document.id != doc.id,
                                                          Document.kind == "inspection_report",
                                                          Document.state == "ready")).all()
            best, score = best_inspection(doc, candidates)
            if best is not None and best.id != doc.answers_id:
                doc.answers_id, doc.answers_set_by = best.id, "auto"
                emit(s, "tracking.paired", doc.office, doc.id, answers_id=str(best.id), score=round(score, 3), by="auto")
        refresh += [before, doc.answers_id]  # the one it left (if any) and the one it answers
    if any(i is not None for i in refresh):
        refresh_guarded(s, refresh, trigger=doc, by="auto")


def run_one(store: Store, worker: str | None = None, job_id: int | None = None, isolate: bool = True) -> str | None:
    """Claim and run one job (a specific one if `job_id`); None if nothing was runnable."""
    worker = worker or worker_name()
    c = claim(store, worker, job_id)
    if c is None:
        return None
    try:
        return run_claimed(store, c, worker, isolate=isolate)
    except Exception as e:  # noqa: BLE001 — a store error must not kill the worker loop
        try:
            _fail(store, c.job_id, f"internal error while storing the result ({type(e).__name__}: {str(e)[:200]})")
        except Exception:  # noqa: BLE001
            pass
        return "failed"


def job_json(job: Job) -> dict:
    return {"id": job.id, "document_id": str(job.document_id), "state": job.state, "attempts": job.attempts,
            "error": job.error, "created": job.created.isoformat() + "Z" if job.created else None,
            "finished": job.finished.isoformat() + "Z" if job.finished else None}


def pending_count(store: Store) -> int:
    with store.read() as s:
        return len(s.scalars(select(Job.id).where(Job.state.in_(("queued", "running")))).all())
