"""What a format reader is, and the limits every reader works within.

A reader turns bytes into blocks in reading order plus the furniture layer; it does not decide
heading levels, titles or kinds — `extractors.structure` does that once for every format, so a
new format is one new reader and nothing else.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from .model import Document


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Bounds on one document, so a hostile or huge file costs a known amount.

    Defaults come from the environment (`JIANDU_MAX_BYTES`, `JIANDU_MAX_PAGES`,
    `JIANDU_MAX_SECONDS`, `JIANDU_MAX_UNZIPPED`) so the service and the CLI share them.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    max_seconds: float = 120.0
    max_unzipped: int = 200 * 1024 * 1024

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(max_bytes=_env_int("JIANDU_MAX_BYTES", cls.max_bytes),
                   max_pages=_env_int("JIANDU_MAX_PAGES", cls.max_pages),
                   max_seconds=float(_env_int("JIANDU_MAX_SECONDS", int(cls.max_seconds))),
                   max_unzipped=_env_int("JIANDU_MAX_UNZIPPED", cls.max_unzipped))


class Reader(ABC):
    """One file format. Subclasses name their format and say whether they recognise a file."""

    format: str = ""

    @classmethod
    @abstractmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        """True when the first bytes (and, as a hint only, the suffix) are this format's."""

    @abstractmethod
    def read(self, path: Path, limits: Limits) -> Document:
        """Blocks in reading order with labels where the format draws them, plus furniture.

        Raise `DocumentError` for anything unreadable; never return half a document silently.
        """
