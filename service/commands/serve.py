"""`jiandu serve [--host 127.0.0.1] [--port 8000] [--data DIR]`: the web service and its workers.

Starts `JIANDU_WORKERS` ingestion worker processes (`python -m service.worker`) next to uvicorn,
restarts a worker that dies, and stops them on exit. On the very first start (no users yet) an
admin user is created and its token written to DATA/admin-token.txt (mode 600); the path is
printed, never the token itself.
"""
from __future__ import annotations

import argparse

from ._common import add_data_option


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    add_data_option(p)
    p.add_argument("--workers", type=int, help="ingestion worker processes (default $JIANDU_WORKERS or 1)")


def ensure_admin(store) -> str | None:  # noqa: ANN001
    """Create the first admin and write its token file if there are no users; return the path."""
    import os

    from sqlalchemy import func, select

    from ..auth import create_user
    from ..models import User
    from ..store import audit

    path = store.settings.data_dir / "admin-token.txt"
    with store.write() as s:
        if s.scalar(select(func.count()).select_from(User)):
            return str(path) if path.exists() else None
        _user, token = create_user(s, "admin", "admin")
        audit(s, None, "user.add", "user:admin", "", role="admin", via="first start")
        store.settings.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(token + "\n")
    return str(path)


def run(args: argparse.Namespace) -> int:
    import os
    import subprocess
    import sys
    import threading

    import uvicorn

    from ..api import create_app
    from ._common import open_store

    store = open_store(args)
    settings = store.settings
    if args.workers:
        settings = settings.with_(workers=args.workers)
    token_file = ensure_admin(store)
    if token_file:
        print(f"管理员令牌 / admin token: {token_file}", flush=True)
    env = {**os.environ, **settings.env()}
    stop = threading.Event()
    procs: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "service.worker", "--exit-with-parent"], env=env)

    def supervise() -> None:
        while not stop.wait(2.0):
            for i, proc in enumerate(procs):
                if proc.poll() is not None and not stop.is_set():
                    print(f"worker {proc.pid} exited ({proc.returncode}); restarting", file=sys.stderr, flush=True)
                    procs[i] = start_worker()

    for _ in range(max(0, settings.workers)):
        procs.append(start_worker())
    threading.Thread(target=supervise, daemon=True).start()
    if settings.webhook_url:
        from .. import webhook

        threading.Thread(target=webhook.run, args=(store, stop), daemon=True).start()
        print(f"webhook: new events are posted to {settings.webhook_url}", flush=True)
    app = create_app(settings, store)
    print(f"监督 jiandu: http://{args.host}:{args.port}/  (API /api/, OpenAPI /openapi.json, "
          f"{len(procs)} worker(s), {store.dialect})", flush=True)
    import signal

    def _terminate(*_):  # noqa: ANN002
        raise SystemExit(0)

    # uvicorn re-raises SIGTERM after its graceful shutdown; this handler turns it into an
    # exit that runs the `finally` below, so the workers are stopped rather than orphaned.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    finally:
        stop.set()
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0
