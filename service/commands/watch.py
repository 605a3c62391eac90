"""`jiandu watch DIR [--data DIR] [--office O]`: a consume folder, as paperless-ngx has.

Files dropped into DIR are stored and queued like uploads, then moved to DIR/.consumed/ (or
DIR/.refused/ when they cannot be stored), so the folder only ever holds what is still to come.
A file is taken only once its size has stopped changing, so a half-copied file is not read.
Unless `--no-work`, this process also runs the jobs (no separate worker needed).
"""
from __future__ import annotations

import argparse

from ._common import add_data_option


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the folder to watch")
    add_data_option(p)
    p.add_argument("--office", default="", help="owning office of the documents")
    p.add_argument("--interval", type=float, default=2.0, help="seconds between scans")
    p.add_argument("--once", action="store_true", help="scan once, run the jobs, and stop")
    p.add_argument("--no-work", action="store_true", help="only queue; leave reading to the workers")


def scan(store, folder, office: str, sizes: dict) -> list[tuple[str, int, bool]]:  # noqa: ANN001
    """Take every settled file in `folder`; returns (name, document id, new?)."""
    import shutil
    from pathlib import Path

    from ..store import add_document, latest_job, requeue

    taken = []
    folder = Path(folder)
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        size = path.stat().st_size
        if sizes.get(path.name) != size:  # new or still growing: look again next time
            sizes[path.name] = size
            continue
        sizes.pop(path.name, None)
        dest = folder / ".consumed"
        try:
            data = path.read_bytes()
            if not data or len(data) > store.settings.max_bytes:
                raise ValueError("empty" if not data else "too large")
            with store.write() as s:
                doc, created = add_document(s, store.settings, data, path.name, office=office)
                if not created and doc.state == "failed":
                    requeue(s, doc)
                elif latest_job(s, doc.id) is None:
                    requeue(s, doc)
                taken.append((path.name, doc.id, created))
        except (OSError, ValueError) as e:
            dest = folder / ".refused"
            print(f"jiandu: {path.name}: {e}", flush=True)
        dest.mkdir(exist_ok=True)
        shutil.move(str(path), dest / path.name)
    return taken


def run(args: argparse.Namespace) -> int:
    import signal
    import threading
    from pathlib import Path

    from ..processing import warm_up
    from ..worker import work
    from ._common import open_store

    folder = Path(args.dir)
    if not folder.is_dir():
        import sys

        sys.stderr.write(f"jiandu: {args.dir}: not a directory\n")
        return 2
    store = open_store(args)
    if not args.no_work:
        warm_up(store.settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    sizes: dict[str, int] = {}
    if args.once:
        scan(store, folder, args.office, sizes)  # records sizes
        for name, doc_id, new in scan(store, folder, args.office, sizes):
            print(f"{name}: document {doc_id} ({'new' if new else 'already stored'})", flush=True)
        if not args.no_work:
            work(store, once=True)
        return 0
    worker = None
    if not args.no_work:
        worker = threading.Thread(target=work, args=(store, stop), daemon=True)
        worker.start()
    print(f"watching {folder} (Ctrl-C to stop)", flush=True)
    try:
        while not stop.wait(args.interval):
            for name, doc_id, new in scan(store, folder, args.office, sizes):
                print(f"{name}: document {doc_id} ({'new' if new else 'already stored'})", flush=True)
    except KeyboardInterrupt:
        pass
    stop.set()
    if worker:
        worker.join(30)
    return 0
