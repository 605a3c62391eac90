"""Posting the event feed to a configured webhook, so other systems subscribe instead of polling.

One delivery loop per deployment (run by `jiandu serve` when `JIANDU_WEBHOOK_URL` is set) reads
events in id order after a cursor kept in DATA/webhook.cursor and POSTs them in batches as
`{"events": [...]}`. The cursor moves only after a 2xx answer, so a receiver that is down gets
everything later (at-least-once; receivers de-duplicate by event id). Moving the cursor past
the last id delivered never skips an event: ids become visible in id order (`store.emit`). With
`JIANDU_WEBHOOK_SECRET` each POST is signed: `X-Jiandu-Signature: sha256=<HMAC of the body>`.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import select

from .db import Store
from .models import Event


def _cursor_path(store: Store) -> Path:
    return store.settings.data_dir / "webhook.cursor"


def read_cursor(store: Store) -> int:
    try:
        return int(_cursor_path(store).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def write_cursor(store: Store, value: int) -> None:
    path = _cursor_path(store)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(value))
    tmp.replace(path)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver_once(store: Store, batch: int = 100, timeout: float = 10.0) -> int:
    """POST the next batch of events; returns how many were delivered (0 if none or failed)."""
    from .api import event_json

    url = store.settings.webhook_url
    if not url:
        return 0
    after = read_cursor(store)
    with store.read() as s:
        rows = s.scalars(select(Event).where(Event.id > after).order_by(Event.id).limit(batch)).all()
        events = [event_json(e) for e in rows]
    if not events:
        return 0
    body = json.dumps({"events": events}, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    if store.settings.webhook_secret:
        req.add_header("X-Jiandu-Signature", sign(store.settings.webhook_secret, body))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 — the operator's own URL
            if not 200 <= resp.status < 300:
                return 0
    except (urllib.error.URLError, OSError, ValueError):
        return 0
    write_cursor(store, events[-1]["id"])
    return len(events)


def run(store: Store, stop: threading.Event, interval: float = 2.0) -> None:
    """Deliver until stopped, backing off (up to a minute) while the receiver fails."""
    wait = interval
    while not stop.is_set():
        try:
            sent = deliver_once(store)
        except Exception:  # noqa: BLE001 — a database hiccup must not end delivery
            sent = 0
        if sent:
            wait = interval
            continue
        stop.wait(wait)
        wait = min(60.0, wait * 2) if store.settings.webhook_url else interval
