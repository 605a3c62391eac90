"""The ingestion worker: a loop that claims jobs from the database and runs them.

Run by `jiandu serve` (one process per `JIANDU_WORKERS`), by `jiandu watch`, or on its own:
`python -m service.worker [--data DIR] [--once]`. It holds no state of its own — everything is
in the job rows — so killing it at any moment (even kill -9) loses nothing; see `service.jobs`.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

from .db import Store
from .jobs import run_one, worker_name
from .processing import warm_up
from .settings import Settings


def work(store: Store, stop: threading.Event | None = None, poll: float = 0.5, once: bool = False,
         log=None) -> int:  # noqa: ANN001
    """Run jobs until `stop` is set (or, with `once`, until the queue is empty); returns jobs run."""
    stop = stop or threading.Event()
    name = worker_name()
    done = 0
    while not stop.is_set():
        try:
            state = run_one(store, name)
        except Exception as e:  # noqa: BLE001 — database briefly unavailable: wait and retry
            if log:
                log(f"worker {name}: {type(e).__name__}: {e}")
            stop.wait(min(5.0, poll * 4))
            continue
        if state is None:
            if once:
                break
            stop.wait(poll)
            continue
        done += 1
        if log:
            log(f"worker {name}: job finished: {state}")
    return done


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m service.worker")
    p.add_argument("--data", help="data directory (default $JIANDU_DATA or ./data)")
    p.add_argument("--once", action="store_true", help="stop when the queue is empty")
    p.add_argument("--poll", type=float, default=0.5)
    p.add_argument("--exit-with-parent", action="store_true",
                   help="stop when the process that started this one is gone (used by `jiandu serve`)")
    p.add_argument("--no-warm-up", action="store_true",
                   help="do not preload jieba and the models (each job's child then loads them)")
    args = p.parse_args(argv)
    settings = Settings.from_env(args.data)
    store = Store.open(settings)
    if not args.no_warm_up:
        warm_up(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    log = (lambda m: print(m, file=sys.stderr, flush=True))
    if args.exit_with_parent:
        parent = os.getppid()

        def watch_parent() -> None:
            while not stop.wait(1.0):
                if os.getppid() != parent:
                    stop.set()

        threading.Thread(target=watch_parent, daemon=True).start()
    log(f"worker {worker_name()} ready ({time.strftime('%H:%M:%S')})")
    work(store, stop, poll=args.poll, once=args.once, log=log)
    store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
