"""Ingestion jobs: leases, takeover, refusing hostile files with a reason, surviving kill -9,
the consume folder and the CLI — on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.service_backends import *  # noqa: F403
from service import jobs
from service.db import Store
from service.integrity import IntegrityError, load_verified, verify_file, write_digest
from service.models import Document, Item, Job
from service.store import add_document

ROOT = Path(__file__).resolve().parent.parent


def queue(store, data: bytes, name: str) -> int:
    with store.write() as s:
        doc, _ = add_document(s, store.settings, data, name)
        return doc.id


def job_of(store, doc_id: int) -> Job:
    with store.read() as s:
        return s.scalars(select(Job).where(Job.document_id == doc_id).order_by(Job.id.desc())).first()


def test_a_claimed_job_is_not_taken_twice_until_its_lease_lapses(store):
    queue(store, "报告一\n".encode(), "a.txt")
    first = jobs.claim(store, "worker-a")
    assert first is not None and first.attempts == 1
    assert jobs.claim(store, "worker-b") is None  # leased to worker-a
    with store.write() as s:  # worker-a dies: its lease runs out
        s.execute(update(Job).values(lease_until=time.time() - 1))
    second = jobs.claim(store, "worker-b")
    assert second is not None and second.job_id == first.job_id and second.attempts == 2
    assert jobs.heartbeat(store, first.job_id, "worker-a") is False  # a's lease is gone for good
    assert jobs.heartbeat(store, first.job_id, "worker-b") is True


def test_a_worker_that_lost_its_lease_does_not_overwrite_the_new_owner(store, tmp_path):
    doc_id = queue(store, corpus_file(tmp_path, "s3_02_yanglao_fuwu").read_bytes(), "a.txt")
    c = jobs.claim(store, "worker-a")
    with store.write() as s:
        s.execute(update(Job).values(worker="worker-b"))  # taken over meanwhile
    assert jobs.run_claimed(store, c, "worker-a", isolate=False) == "running"
    with store.read() as s:
        assert s.get(Document, doc_id).state == "pending"


def test_a_job_that_keeps_killing_workers_is_failed_not_retried_forever(store):
    doc_id = queue(store, "报告\n".encode(), "a.txt")
    with store.write() as s:
        s.execute(update(Job).values(state="running", attempts=store.settings.max_attempts,
                                     lease_until=time.time() - 1))
    assert jobs.run_one(store, "w") == "failed"
    job = job_of(store, doc_id)
    assert job.state == "failed" and "gave up" in job.error


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 3_000_000 + "</w:document>")
    return buf.getvalue()


def test_hostile_and_broken_files_fail_with_a_clear_reason_and_the_worker_goes_on(store, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANDU_MAX_UNZIPPED", "1000000")
    cases = {
        "corrupt.docx": (b"PK\x03\x04" + os.urandom(3000), ("corrupt", "unreadable", "not a", "malformed")),
        "bomb.docx": (_zip_bomb(), ("unzip", "expand", "compress", "large", "bomb", "limit")),
        "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le")
                        + b"\x00" * 600, ("encrypted", "password")),
        "empty-ish.txt": (b"\n\n\n   \n", ("no text", "empty")),
    }
    ids = {name: queue(store, data, name) for name, (data, _) in cases.items()}
    good = queue(store, corpus_file(tmp_path, "s3_02_yanglao_fuwu").read_bytes(), "good.txt")
    ran = [jobs.run_one(store, "w") for _ in range(len(cases) + 1)]  # isolated in forked children
    assert ran.count("failed") == len(cases) and ran.count("done") == 1
    for name, (_, words) in cases.items():
        job = job_of(store, ids[name])
        assert job.state == "failed", name
        assert any(w in job.error.lower() for w in words), (name, job.error)
        assert "\n" not in job.error and "Traceback" not in job.error
    assert job_of(store, good).state == "done"


def test_the_time_limit_per_document_is_enforced(store, tmp_path):
    slow = Store(store.settings.with_(max_seconds=0.000001), store.engine)
    doc_id = queue(slow, corpus_file(tmp_path, "s3_02_yanglao_fuwu").read_bytes(), "a.txt")
    assert jobs.run_one(slow, "w") == "failed"
    assert "limit" in job_of(slow, doc_id).error


def _worker(settings, *flags: str) -> subprocess.Popen:  # noqa: ANN001
    env = {**os.environ, **settings.env(), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "service.worker", "--poll", "0.05", *flags], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_worker_killed_mid_job_loses_nothing(tmp_path):
    """Real worker processes (embedded store; the lease logic itself is tested on both stores)."""
    from service.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", lease_seconds=1.5)
    store = Store.open(settings)
    names = ["s3_02_yanglao_fuwu", "t04_insp_yanglao", "t04_rect_yanglao", "s1_01_shipin_anquan"]
    doc_ids = [queue(store, corpus_file(tmp_path, n).read_bytes(), f"{n}.txt") for n in names]
    victim = _worker(settings, "--no-warm-up")  # claims at once; its job's child is slow to start
    killed_during = None
    deadline = time.time() + 60
    while time.time() < deadline and killed_during is None:
        with store.read() as s:
            running = s.scalar(select(Job.id).where(Job.state == "running"))
        if running:
            os.kill(victim.pid, signal.SIGKILL)
            killed_during = running
        time.sleep(0.005)
    victim.wait()
    assert killed_during, "the worker never started a job"
    assert job_of(store, next(d for d in doc_ids if job_of(store, d).id == killed_during)).state == "running"
    # a worker started afterwards (here: in this process) takes the job once its lease lapses
    from service.processing import warm_up
    from service.worker import work

    warm_up(settings)  # as a real worker does at start
    deadline = time.time() + 60
    while time.time() < deadline:
        work(store, once=True)
        with store.read() as s:
            open_jobs = s.scalar(select(func.count()).select_from(Job).where(Job.state.in_(("queued", "running"))))
        if not open_jobs:
            break
        time.sleep(0.2)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == len(names)
        for d in doc_ids:
            job = s.scalars(select(Job).where(Job.document_id == d)).one()
            assert job.state == "done", (job.state, job.error)
        rerun = s.get(Job, killed_during)
        assert rerun.attempts == 2
        # no item was stored twice by the interrupted and the repeated run
        keys = s.execute(select(Item.document_id, Item.key)).all()
        assert len(keys) == len(set(keys)) > 0


def jiandu(capsys, monkeypatch, settings, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in this process (no interpreter start-up per call) against `settings`."""
    from service.cli import main

    for k, v in settings.env().items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_ingest_and_search_follow_the_contract(settings, tmp_path, capsys, monkeypatch):
    files = [corpus_file(tmp_path, "s3_02_yanglao_fuwu"), corpus_file(tmp_path, "t04_insp_yanglao")]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    args = ["ingest", str(files[0]), str(bad), str(files[1]), "--json"]
    code, out, err = jiandu(capsys, monkeypatch, settings, *args)
    assert code == 3
    assert err.count("\n") == 1 and err.startswith(f"jiandu: {bad}: ") and "Traceback" not in err
    docs = json.loads(out)["documents"]
    assert [d["source"] for d in docs] == [f.name for f in files]
    assert all(set(d) >= {"id", "source", "kind", "items"} and d["items"] > 0 for d in docs)
    code, out, _ = jiandu(capsys, monkeypatch, settings, *args)
    again = json.loads(out)["documents"]
    assert [d["id"] for d in again] == [d["id"] for d in docs] and all(d["duplicate"] for d in again)
    code, out, _ = jiandu(capsys, monkeypatch, settings, "search", "养老", "--type", "problem", "--limit", "3", "--json")
    res = json.loads(out)
    assert code == 0 and res["query"] == "养老" and res["total"] >= len(res["hits"]) > 0
    assert len(res["hits"]) <= 3
    for h in res["hits"]:
        assert set(h) >= {"document_id", "source", "item_id", "type", "text", "highlight", "score"}
        assert h["type"] == "problem" and "养老" in h["text"]
    assert "\\u" not in out  # Chinese as itself
    code, out, _ = jiandu(capsys, monkeypatch, settings, "search", "养老服务条例", "--json")
    assert all(isinstance(h["item_id"], str) for h in json.loads(out)["hits"])  # items only by default
    code, out, _ = jiandu(capsys, monkeypatch, settings, "search", "养老服务条例", "--all", "--json")
    titles = [h for h in json.loads(out)["hits"] if h["item_id"] is None]
    assert titles and any("养老服务条例" in h["text"] for h in titles)  # document text is searchable too


def test_the_consume_folder_ingests_dropped_files(settings, tmp_path, capsys, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    corpus_file(inbox, "s3_02_yanglao_fuwu")
    code, out, err = jiandu(capsys, monkeypatch, settings, "watch", str(inbox), "--once", "--office", "东湖区人大")
    assert code == 0, err
    assert not [p for p in inbox.iterdir() if p.is_file()]
    assert (inbox / ".consumed" / "s3_02_yanglao_fuwu.txt").exists()
    st = Store.open(settings)
    with st.read() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.state == "ready" and doc.office == "东湖区人大"
    st.dispose()


def test_model_files_load_only_when_their_digest_matches(tmp_path):
    model = tmp_path / "m.json"
    model.write_text('{"w": [1, 2]}', encoding="utf-8")
    write_digest(model)
    assert verify_file(model) and load_verified(model, json.loads) == {"w": [1, 2]}
    model.write_text('{"w": [6, 6]}', encoding="utf-8")  # swapped behind our back
    with pytest.raises(IntegrityError):
        load_verified(model, json.loads)
    (tmp_path / "m.json.sha256").unlink()
    with pytest.raises(IntegrityError):
        verify_file(model)
