"""How every command speaks: one JSON object on stdout, or a readable summary; errors on stderr.

Kept in one place so the contract's rules (ensure_ascii=False, exit codes, one-line errors
`jiandu: <file>: <reason>`) hold for every command without each one re-implementing them.
"""
from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3


def emit_json(obj: Any) -> None:
    """Print one JSON object, Chinese as itself (no \\u escapes)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1))
    sys.stdout.write("\n")
    sys.stdout.flush()


def report_bad_input(name: str, reason: str) -> None:
    """The contract's one-line error for a file that could not be read."""
    reason = " ".join(str(reason).split())
    sys.stderr.write(f"jiandu: {name}: {reason}\n")
    sys.stderr.flush()


def load_or_report(path: str):
    """The document at `path`, or None after printing the contract's one-line error (exit 3 case).

    Every single-file command starts this way; keeping it here keeps their error lines identical.
    """
    from extractors import DocumentError, load

    try:
        return load(path)
    except DocumentError as e:
        report_bad_input(path, e.reason)
        return None


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain-text table that lines up with CJK characters counted as two columns."""
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    def cut(s: str, n: int) -> str:
        out, w = "", 0
        for ch in s:
            cw = 2 if ord(ch) > 0x2E80 else 1
            if w + cw > n:
                return out + "…"
            out, w = out + ch, w + cw
        return out

    rows = [[cut(str(c).replace("\n", " "), 60) for c in r] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])
