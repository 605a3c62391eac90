"""Reading one stored file into blocks and items, inside a child process with a time limit.

Parsing untrusted files is where things go wrong: a malformed PDF can make a C library loop or
crash, a zip bomb can eat memory. So the work runs in a forked child: the parent waits at most
`max_seconds` (plus a margin), kills the child if it overruns, and turns every way the child can
end — a `DocumentError`, an exception, a signal, a timeout — into a one-line reason stored on the
job. The worker itself never crashes on a bad file.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import shutil
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .settings import Settings


class ProcessingError(Exception):
    """The document could not be read; `reason` is for people (stored on the job)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Analysis:
    """What a document yields: its metadata, blocks and items, as plain data."""

    format: str | None
    title: str | None
    kind: str
    pages: int | None
    meta: dict[str, Any]
    blocks: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _item_dict(it: Any) -> dict[str, Any]:
    get = (lambda k, d=None: it.get(k, d)) if isinstance(it, dict) else (lambda k, d=None: getattr(it, k, d))
    themes = get("themes") or []
    return {"id": get("id"), "type": get("type"), "title": get("title"), "text": get("text") or "",
            "section": get("section"), "page": get("page"), "themes": list(themes)}


def analyse(path: Path, settings: Settings) -> Analysis:
    """Parse and extract in this process (the child calls this); raises DocumentError."""
    from extractors import Limits, load

    if path.suffix.lower() in COMMENT_TABLE_SUFFIXES:
        return analyse_comment_table(path)
    base = Limits.from_env()
    limits = Limits(max_bytes=settings.max_bytes, max_pages=settings.max_pages,
                    max_seconds=settings.max_seconds, max_unzipped=base.max_unzipped)
    doc = load(path, limits)
    items: list[dict[str, Any]] = []
    if doc.kind in ("inspection_report", "rectification_report", "other"):
        try:
            from classifiers.items import extract_items
        except ImportError:  # item extraction not installed: the document is still stored and searchable
            extract_items = None
        if extract_items is not None:
            found = extract_items(doc)
            try:  # each item's theme, so ?theme= filters and 主题 counts work from the start
                from classifiers.items import add_themes

                found = add_themes(found)
            except ImportError:
                pass
            items = [_item_dict(it) for it in found]
    meta = dict(doc.meta or {})
    if not meta.get("year"):  # the documents carry no year field: read it from the dated text
        try:
            from classifiers.themes.docyear import document_year

            year = document_year(doc)
        except ImportError:
            year = None
        if year:
            meta["year"] = year
    return Analysis(format=doc.format, title=doc.title, kind=doc.kind, pages=doc.pages,
                    meta={k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool, type(None)))},
                    blocks=[b.to_json() for b in doc.blocks], items=items, warnings=list(doc.warnings))


COMMENT_TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")


def analyse_comment_table(path: Path) -> Analysis:
    """A spreadsheet of public comments (意见汇总表 from a contact point): not a document the
    extractors read, so it is read with the comment intake instead. Its rows become paragraph
    blocks (searchable), and the file itself is what the drafts pages analyse later."""
    from classifiers.comment_intake import read_comments

    comments = read_comments(path)  # raises DocumentError with a reason a person can act on
    blocks = []
    for c in comments:
        label = f"{c.clause} " if c.clause else ""
        by = f"（{c.proposer or c.contact_point}）" if (c.proposer or c.contact_point) else ""
        blocks.append({"type": "paragraph", "level": None, "label": None, "text": f"{label}{c.text}{by}".strip(),
                       "page": c.page})
    return Analysis(format=path.suffix.lower().lstrip("."), title=path.stem, kind="comments", pages=None,
                    meta={"comments": len(comments)}, blocks=blocks)


def _child(conn, path: str, settings: Settings) -> None:  # noqa: ANN001
    try:
        mem = int(os.environ.get("JIANDU_MAX_MEMORY_MB", "3072")) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    except (ValueError, OSError):
        pass
    try:
        from extractors.errors import DocumentError

        try:
            conn.send(("ok", analyse(Path(path), settings)))
        except DocumentError as e:
            conn.send(("error", e.reason))
        except MemoryError:
            conn.send(("error", "too large to read within the memory limit"))
        except Exception as e:  # noqa: BLE001 — any failure is a reason, not a crash
            tb = traceback.format_exc(limit=3)
            conn.send(("error", f"could not be processed ({type(e).__name__}: {str(e)[:200]})", tb))
    finally:
        conn.close()


def analyse_file(stored: Path, source: str, settings: Settings, isolate: bool = True) -> Analysis:
    """Analyse a stored file under its original name (readers use the suffix as a hint).

    With `isolate`, the work runs in a forked child bounded by `settings.max_seconds`.
    """
    work = settings.data_dir / "tmp"  # same file system as files/, so a hard link suffices
    work.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix="jiandu-", dir=work))
    try:
        name = Path(source).name or "document"
        link = tmpdir / name
        try:
            os.link(stored, link)
        except OSError:
            shutil.copyfile(stored, link)
        if not isolate:
            from extractors.errors import DocumentError

            try:
                return analyse(link, settings)
            except DocumentError as e:
                raise ProcessingError(e.reason) from None
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, str(link), settings), daemon=True)
        proc.start()
        child.close()
        limit = settings.max_seconds + 5.0
        try:
            if not parent.poll(limit):
                proc.kill()
                proc.join(5)
                raise ProcessingError(f"took longer than the {settings.max_seconds:g} s limit per document")
            try:
                msg = parent.recv()
            except EOFError:
                proc.join(5)
                raise ProcessingError(f"the reader crashed on this file (exit code {proc.exitcode})") from None
        finally:
            parent.close()
            if proc.is_alive():
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
        if msg[0] == "ok":
            return msg[1]
        raise ProcessingError(msg[1])
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def warm_up(settings: Settings) -> None:
    """Load jieba and the classifiers once in this process, so forked children inherit them.

    Without this every document's child would pay the dictionary and model load again.
    """
    try:
        from classifiers.lexicon import tokenizer

        tokenizer()
    except Exception:  # noqa: BLE001
        pass
    work = settings.data_dir / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    sample = Path(tempfile.mkdtemp(prefix="warm-", dir=work)) / "warm.txt"
    try:
        sample.write_text("关于检查某某法实施情况的报告\n二、存在的主要问题\n（一）执法力量不足。基层执法人员少。\n"
                          "三、意见建议\n（一）加强执法队伍建设。\n", encoding="utf-8")
        try:
            analyse(sample, settings)
        except Exception:  # noqa: BLE001 — warming is best effort
            pass
    finally:
        shutil.rmtree(sample.parent, ignore_errors=True)
