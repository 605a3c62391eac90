"""The event feed never skips an event: ids become visible in id order, whatever the writers do.

`GET /api/events?after=ID` and the webhook poll by id and move past the last id they saw. On
PostgreSQL ids come from a sequence and concurrent transactions commit in any order, so the
store inserts a transaction's events only as it commits, under an advisory lock
(service/store.py `emit`). The concurrency tests below drive two writer threads and a reader
step by step with threading.Events (every wait bounded by a timeout); they run on the
throwaway PostgreSQL cluster of service_backends.py (SQLite's writers cannot overlap at all).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event as sa_event
from sqlalchemy import select, text

from service.api import create_app
from service.auth import create_user
from service.db import Store
from service.models import Event
from service.settings import Settings
from service.store import emit
from tests.service_backends import *  # noqa: F403  (settings, store fixtures)
from tests.service_backends import emptied_pg_database

WAIT = 15.0  # seconds any step may take before the test fails instead of hanging


def _kinds(store: Store) -> list[str]:
    with store.read() as s:
        return [e.kind for e in s.scalars(select(Event).order_by(Event.id))]


def test_an_event_lives_and_dies_with_its_transaction_and_savepoint(store):
    with store.write() as s:
        emit(s, "outer.first")  # the first thing the transaction does
        with s.begin_nested():
            emit(s, "released.savepoint")
        with pytest.raises(RuntimeError):
            with s.begin_nested():
                emit(s, "rolled.back.savepoint")
                with s.begin_nested():
                    emit(s, "inside.rolled.back.savepoint")
                raise RuntimeError("tracking failed")
        emit(s, "outer.last")
        s.begin_nested()  # left open: the commit releases it, its event goes with the rest
        emit(s, "open.savepoint")
    with pytest.raises(RuntimeError):
        with store.write() as s:
            emit(s, "rolled.back.transaction")
            raise RuntimeError("upload failed")
    assert _kinds(store) == ["outer.first", "released.savepoint", "outer.last", "open.savepoint"]


# ---------------------------------------------------------------- concurrent writers (PostgreSQL)

@pytest.fixture
def pg(tmp_path):
    """A PostgreSQL store, the API on it and an administrator's client (skips without PG)."""
    settings = Settings(data_dir=tmp_path / "data", database_url=emptied_pg_database())
    store = Store.open(settings)
    app = create_app(settings, store=store)
    with store.write() as s:
        _u, token = create_user(s, "admin", "admin", "")
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token}"
    yield store, client
    client.close()
    store.dispose()


def _poll(client: TestClient, after: int) -> tuple[list[tuple[int, str]], int]:
    r = client.get("/api/events", params={"after": after})
    assert r.status_code == 200, r.text
    body = r.json()
    return [(e["id"], e["kind"]) for e in body["events"]], body["last"]


def _wait(flag: threading.Event, what: str) -> None:
    assert flag.wait(WAIT), f"timed out waiting until {what}"


def _wait_for(condition, what: str) -> None:  # noqa: ANN001
    """Wait for a state of the database another thread brings about (polled: PostgreSQL has no
    notification of a lock wait)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def test_a_poller_never_skips_an_event_of_a_transaction_that_commits_late(pg):
    """The failure this guards against: A emits (and, before, took id 1), keeps working; B emits
    (id 2) and commits; a poller reads [2] and moves its cursor to 2; A commits id 1, which the
    poller never asks for again. Also: A's open transaction does not hold B up."""
    store, client = pg
    a_worked, a_may_commit = threading.Event(), threading.Event()

    def writer_a() -> None:
        with store.write() as s:
            emit(s, "a.emitted.first")
            s.flush()  # the work after the emit (tracking …) reaches the database
            a_worked.set()
            _wait(a_may_commit, "the test lets A commit")

    def writer_b() -> None:
        with store.write() as s:
            emit(s, "b.emitted.second")

    with ThreadPoolExecutor(2) as pool:
        try:
            fa = pool.submit(writer_a)
            _wait(a_worked, "A has emitted and flushed")
            pool.submit(writer_b).result(timeout=WAIT)  # B commits while A is still open
            seen, cursor = _poll(client, 0)
            assert [k for _i, k in seen] == ["b.emitted.second"]
        finally:
            a_may_commit.set()
        fa.result(timeout=WAIT)
    more, cursor = _poll(client, cursor)
    assert [k for _i, k in more] == ["a.emitted.first"], "the late commit's event was skipped"
    ids = [i for i, _k in seen + more]
    assert ids == sorted(ids)
    assert _poll(client, 0)[0] == seen + more  # a poller starting afresh reads the same, in order


def test_a_writer_waits_while_an_earlier_event_is_inserted_but_not_yet_committed(pg):
    """A has inserted its event (it holds the next id) and is committing; B, emitting at the same
    moment, must not make a larger id visible before A's: it waits for the event lock, the
    poller in between sees neither, and afterwards both, A's first."""
    store, client = pg
    a_inserted, a_may_commit = threading.Event(), threading.Event()

    def writer_a() -> None:
        with store.write() as s:
            def hold(session, _ctx) -> None:  # noqa: ANN001
                if any(isinstance(o, Event) for o in session.new):
                    a_inserted.set()
                    _wait(a_may_commit, "the test lets A commit")

            sa_event.listen(s, "after_flush", hold)
            emit(s, "a.inserted.first")

    def writer_b() -> None:
        with store.write() as s:
            emit(s, "b.inserted.second")

    def b_waits_for_the_event_lock() -> bool:
        with store.engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                          "AND NOT granted")).scalar())

    with ThreadPoolExecutor(2) as pool:
        try:
            fa = pool.submit(writer_a)
            _wait(a_inserted, "A has inserted its event")
            fb = pool.submit(writer_b)
            _wait_for(b_waits_for_the_event_lock, "B waits for the event lock")
            assert _poll(client, 0) == ([], 0)  # neither is visible: B holds no id yet
            assert not fb.done()
        finally:
            a_may_commit.set()
        fa.result(timeout=WAIT)
        fb.result(timeout=WAIT)
    seen, _cursor = _poll(client, 0)
    assert [k for _i, k in seen] == ["a.inserted.first", "b.inserted.second"]
    assert seen[0][0] < seen[1][0]
