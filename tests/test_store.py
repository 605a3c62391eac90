"""The store: settings, migrations, content-addressed files, de-duplication, results, audit.

Every test that touches the database runs twice, on embedded SQLite and on a throwaway
PostgreSQL 15 (see service_backends.py).
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from tests.service_backends import *  # noqa: F403  (settings, store fixtures; corpus helpers)
from service.db import Store
from service.models import AuditLog, Block, Correction, Document, Item, Job, SearchEntry
from service.settings import DEFAULT_MAX_BYTES, Settings
from service.store import add_document, delete_document, file_path, sha256_bytes


# ------------------------------------------------------------------ settings

def test_settings_defaults_are_the_documented_ones():
    s = Settings.from_env(env={})
    assert s.data_dir == Path("data")
    assert s.max_bytes == DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert s.max_pages == 2000 and s.max_seconds == 120.0 and s.workers == 1
    assert s.url.startswith("sqlite:///") and s.url.endswith("data/jiandu.db")
    assert not s.is_postgres


def test_settings_come_from_the_environment_and_data_option_wins():
    env = {"JIANDU_DATA": "/srv/jd", "JIANDU_MAX_BYTES": "1000", "JIANDU_MAX_PAGES": "5",
           "JIANDU_MAX_SECONDS": "2.5", "JIANDU_WORKERS": "4", "DATABASE_URL": "postgresql://u@h/db"}
    s = Settings.from_env(env=env)
    assert (s.data_dir, s.max_bytes, s.max_pages, s.max_seconds, s.workers) == (Path("/srv/jd"), 1000, 5, 2.5, 4)
    assert s.is_postgres and s.url == "postgresql+psycopg://u@h/db"
    assert Settings.from_env("/elsewhere", env=env).data_dir == Path("/elsewhere")
    # what serve hands its workers reads back as the same settings
    again = Settings.from_env(env=s.env())
    assert (again.max_bytes, again.max_pages, again.workers, again.database_url) == (1000, 5, 4, s.database_url)


@pytest.mark.parametrize("name,value", [("JIANDU_MAX_BYTES", "lots"), ("JIANDU_WORKERS", "0"),
                                        ("JIANDU_MAX_SECONDS", "-1")])
def test_settings_refuse_nonsense_with_the_variable_named(name, value):
    with pytest.raises(ValueError, match=name):
        Settings.from_env(env={name: value})


# ------------------------------------------------------------------ schema

def test_migrations_create_every_table_and_rerun_harmlessly(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "blocks", "items", "corrections", "jobs", "users", "tokens", "audit_log",
            "search_entries", "events", "point_statuses", "alembic_version"} <= names
    Store.open(store.settings).dispose()  # upgrade head again: nothing to do, no error
    with store.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"


def test_embedded_sqlite_uses_wal_and_waits_when_busy(tmp_path):
    st = Store.open(Settings(data_dir=tmp_path / "d", sqlite_busy_ms=4321))
    with st.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() == 4321
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    assert (tmp_path / "d" / "jiandu.db").exists()
    st.dispose()


# ------------------------------------------------------------------ documents

def test_bytes_are_stored_content_addressed(store):
    data = "关于检查某法实施情况的报告\n".encode()
    with store.write() as s:
        doc, created = add_document(s, store.settings, data, "报告.txt", office="甲市")
    sha = sha256_bytes(data)
    path = file_path(store.settings, sha)
    assert created and doc.sha256 == sha
    assert path.read_bytes() == data
    assert path.relative_to(store.settings.files_dir).parts == (sha[:2], sha[2:])


def test_same_bytes_twice_are_one_document_with_one_job(store):
    data = "同一份报告\n".encode()
    with store.write() as s:
        first, c1 = add_document(s, store.settings, data, "a.txt", office="甲市")
    with store.write() as s:
        second, c2 = add_document(s, store.settings, data, "copy-of-a.txt", office="甲市")
    assert (c1, c2) == (True, False) and first.id == second.id
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        assert s.scalar(select(func.count()).select_from(Job)) == 1


def test_another_office_gets_its_own_copy(store):
    data = "同一份报告\n".encode()
    with store.write() as s:
        a, _ = add_document(s, store.settings, data, "a.txt", office="甲市")
        b, created = add_document(s, store.settings, data, "a.txt", office="乙市")
    assert created and a.id != b.id


def test_concurrent_uploads_of_the_same_bytes_make_one_document(store):
    data = "并发上传的同一文件\n".encode()
    ids, errors = [], []

    def upload():
        try:
            with store.write() as s:
                doc, _ = add_document(s, store.settings, data, "x.txt", office="甲市")
                ids.append(doc.id)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(ids) == 8 and len(set(ids)) == 1
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1


def test_a_read_document_has_blocks_items_and_index_entries(store, tmp_path):
    doc_id, state = ingest_now(store, corpus_file(tmp_path, "s3_02_yanglao_fuwu"), office="甲县")
    assert state == "done"
    with store.read() as s:
        doc = s.get(Document, doc_id)
        assert doc.state == "ready" and doc.kind == "inspection_report"
        assert "养老服务条例" in doc.title
        blocks = s.scalars(select(Block).where(Block.document_id == doc_id)).all()
        items = s.scalars(select(Item).where(Item.document_id == doc_id)).all()
        assert len(blocks) > 10 and items
        assert {it.type for it in items} <= {"problem", "recommendation"}
        assert [it.key for it in items if it.type == "problem"][:1] == ["P1"]
        entries = s.scalars(select(SearchEntry).where(SearchEntry.document_id == doc_id)).all()
        assert {e.item_id for e in entries if e.item_id} == {it.id for it in items}
        assert all(e.tokens and " " in e.tokens for e in entries if len(e.text) > 4)


def test_deleting_a_document_removes_everything_derived_and_its_file(store, tmp_path):
    doc_id, _ = ingest_now(store, corpus_file(tmp_path, "s3_02_yanglao_fuwu"), office="甲县")
    with store.read() as s:
        sha = s.get(Document, doc_id).sha256
    with store.write() as s:
        delete_document(s, store.settings, s.get(Document, doc_id))
    from service.store import unlink_pending

    unlink_pending(s)
    with store.read() as s:
        for model in (Document, Block, Item, SearchEntry, Job):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "document.delete")) == 1
    assert not file_path(store.settings, sha).exists()


def test_an_unreadable_file_fails_its_job_with_a_reason(store, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    doc_id, state = ingest_now(store, bad)
    assert state == "failed"
    with store.read() as s:
        doc = s.get(Document, doc_id)
        job = s.scalars(select(Job).where(Job.document_id == doc_id)).one()
        assert doc.state == "failed" and job.state == "failed"
        assert job.error and len(job.error.splitlines()) == 1 and "Traceback" not in job.error


def test_corrections_are_kept_beside_the_model_output(store, tmp_path):
    doc_id, _ = ingest_now(store, corpus_file(tmp_path, "s3_02_yanglao_fuwu"))
    with store.write() as s:
        item = s.scalars(select(Item).where(Item.document_id == doc_id).order_by(Item.seq)).first()
        new = "recommendation" if item.type == "problem" else "problem"
        s.add(Correction(item_id=item.id, field="type", old_value=item.type, new_value=new))
        item.type = new
        item_id, model_type = item.id, item.model_type
    with store.read() as s:
        item = s.get(Item, item_id)
        assert item.type == new and item.model_type == model_type != new
        assert [(c.old_value, c.new_value) for c in item.corrections] == [(model_type, new)]
