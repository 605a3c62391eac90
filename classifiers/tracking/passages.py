"""A rectification report cut into sentences that a person can check, each with its page and context.

Evidence must be something staff can find in the original in seconds, so the unit is the
sentence (split at 。；！？) with the page it sits on. Each sentence also carries its heading and the
topic its paragraph announces ("针对……的问题"), because reports state the topic once and then list
measures that no longer repeat it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model import Document

from . import cues

_SPLIT = re.compile(r"(?<=[。；！？;!?])")
_ADDRESSEE = re.compile(r"^[^，。；]{2,20}[：:]$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$|^[一二三四五六七八九〇○零]{4}年")


@dataclass
class Sentence:
    """One checkable sentence of the later report."""

    index: int
    text: str
    page: int | None
    paragraph: int
    heading: str = ""
    cue: str | None = None          # the topic announced by this sentence or its paragraph
    cue_own: bool = False           # the cue is in this very sentence
    generic: bool = False
    position: int = 0               # position inside its paragraph
    tokens: list[str] = field(default_factory=list)

    @property
    def clean(self) -> str:
        """The sentence without its closing punctuation, as shown as evidence."""
        return self.text.rstrip("。；！？;!? ")


def _skip_block(text: str, doc: Document) -> bool:
    t = text.strip()
    if not t or t == (doc.title or "").strip():
        return True
    if _ADDRESSEE.match(t) or _DATE.match(t):
        return True
    # a signature line: short, no sentence punctuation
    return len(t) <= 20 and not re.search(r"[，。；：]", t)


def sentences(doc: Document) -> list[Sentence]:
    """Body sentences in reading order; headings become context, not evidence."""
    out: list[Sentence] = []
    headings: dict[int, str] = {}
    paragraph = 0
    for block in doc.blocks:
        text = " ".join(block.cells) if block.type == "table_row" and block.cells else block.text
        text = (text or "").strip()
        if block.type == "heading":
            level = block.level or 1
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = text
            continue
        if _skip_block(text, doc):
            continue
        paragraph += 1
        heading = " ".join(headings[k] for k in sorted(headings))
        para_cue: str | None = None
        parts = [p for p in _SPLIT.split(text) if p.strip()]
        for pos, part in enumerate(parts):
            own = cues.cue_topic(part) if pos == 0 or re.match(r"^(?:针对|关于|对于|就)", part) else None
            if own:
                para_cue = own
            out.append(Sentence(index=len(out), text=part.strip(), page=block.page, paragraph=paragraph,
                                heading=heading, cue=own or para_cue or cues.cue_topic(heading),
                                cue_own=bool(own), generic=cues.is_generic(part), position=pos))
    return out
