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
_RESTATED = re.compile(r"^(?:问题|事项)[一二三四五六七八九十\d]+[：:]")
# 问题：……措施：……成效：…… — the first field restates the problem; the answer starts at the next field
_PROBLEM_FIELD = re.compile(r"^(?:存在的?)?(?:问题|问题表现|问题描述|主要问题)[：:]")
_ANSWER_FIELD = re.compile(r"^(?:整改)?(?:措施|情况|进展|结果|成效|落实情况)[：:]")
_ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+(?:是|要|方面)")
_RUN_IN_LEVEL = 9   # below any real heading level: a real heading clears it
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
    unfinished: bool = False        # says work is still going on or left over (正在, 拟, 其余 …)
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
    problem_cols: list[int] | None = None   # columns of the current ledger that restate the problem
    for block in doc.blocks:
        row_topic = None
        if block.type == "table_row" and block.cells:
            if _is_header(block.cells):
                problem_cols = [k for k, c in enumerate(block.cells) if _PROBLEM_COLUMN.search(c)
                                and not _ANSWER_COLUMN.search(c)]
                continue
            row_topic, text = _table_row(block.cells, problem_cols)
        else:
            problem_cols = None
            text = (block.text or "").strip()
        if block.type == "heading":
            level = block.level or 1
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = text
            continue
        if _skip_block(text, doc):
            continue
        paragraph += 1
        heading = " ".join(headings[k] for k in sorted(headings))
        para_cue: str | None = row_topic
        parts = [p for p in _SPLIT.split(text) if p.strip()]
        # "1.校园周边环境综合整治。" / "**执法队伍方面。**": a run-in title names the topic like a heading
        if len(parts) > 1 and _is_run_in_title(parts[0]):
            heading = f"{heading} {parts[0].strip()}".strip()
            parts = parts[1:]
        restated = None
        if _PROBLEM_FIELD.match(text):
            k = next((j for j, p in enumerate(parts) if j and _ANSWER_FIELD.match(p.strip())), len(parts))
            if k == len(parts):   # the field fills its own paragraph: it heads the paragraphs that follow
                restated = text
            else:                 # 问题：……。措施：…… in one paragraph: the problem heads its own answer
                heading = f"{heading} {''.join(parts[:k]).strip()}".strip()
                parts = parts[k:]
        elif len(parts) == 1 and _RESTATED.match(parts[0].strip()):
            restated = parts[0].strip()   # "问题二：群众体育钱从哪里来。" heads what follows
        if restated:
            headings = {key: v for key, v in headings.items() if key < _RUN_IN_LEVEL}
            headings[_RUN_IN_LEVEL] = restated
            continue
        for pos, part in enumerate(parts):
            # "二是规范公共收益管理。" inside a paragraph: the topic of the sentences after it
            if pos > 0 and _ORDINAL_LEAD.match(part.strip()) and _is_run_in_title(part):
                heading = f"{heading} {part.strip()}".strip()
                para_cue = None
                continue
            own = cues.cue_topic(part) if pos == 0 or re.match(r"^(?:针对|关于|对于|就|围绕|在)", part) else None
            if own:
                para_cue = own
            out.append(Sentence(index=len(out), text=part.strip(), page=block.page, paragraph=paragraph,
                                heading=heading, cue=own or para_cue or cues.cue_topic(heading),
                                cue_own=bool(own), generic=cues.is_generic(part), position=pos,
                                unfinished=bool(cues.plan_hits(part) or cues.remainder_hits(part))
                                and not cues.is_intro(part)))
    return out


def _is_run_in_title(first: str) -> bool:
    """A short opening sentence with no figure and no verb of action: a topic label, not a measure."""
    core = re.sub(r"[。；：:\s]", "", first)
    return len(core) <= 16 and not re.search(r"\d", core) and not cues.done_hits(core) and not cues.plan_hits(core)


_PROBLEM_COLUMN = re.compile(r"问题|审议意见|意见建议|意见内容|事项|任务")
_ANSWER_COLUMN = re.compile(r"措施|情况|进展|结果|成效|时限|单位|是否")


def _is_header(cells: list[str]) -> bool:
    """序号 | 审议意见 | 整改措施 | 完成情况: short labels, no figures, naming a problem or an answer."""
    texts = [c.strip() for c in cells if c.strip()]
    return (len(texts) >= 2 and all(len(c) <= 12 and not re.search(r"\d", c) for c in texts)
            and any(_PROBLEM_COLUMN.search(c) for c in texts) and any(_ANSWER_COLUMN.search(c) for c in texts))


def _text_cell(cell: str) -> bool:
    """Not empty and not just a row number ("3", "（二）")."""
    return bool(cell.strip()) and not re.fullmatch(r"[\d.、（）()]+", cell.strip())


def _table_row(cells: list[str], problem_cols: list[int] | None = None) -> tuple[str | None, str]:
    """A ledger row: number cells dropped; the problem the row restates is its topic, not evidence.

    The restating columns are those the header names (审议意见, 存在问题 …), however long their
    text; without a header, a short first text cell is taken as the topic."""
    if problem_cols and len(cells) > max(problem_cols):
        topic = "，".join(cells[k].strip() for k in problem_cols if cells[k].strip())
        rest = [c.strip() for k, c in enumerate(cells) if k not in problem_cols and _text_cell(c)]
        if topic and rest:
            return topic, "，".join(rest)
    texts = [c.strip() for c in cells if _text_cell(c)]
    if len(texts) >= 3 and len(texts[0]) <= 16:
        return texts[0], "，".join(texts[1:])
    return None, "，".join(texts)
