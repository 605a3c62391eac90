"""The structure of a draft regulation: title, 编/章/节, articles with their 款 and 项.

Everything about drafts — comment mapping, the 修改对照表, the 意见汇总表 — is keyed by article
number, so the article list has to be exact. The structure pass already labels most blocks,
but readers differ (a PDF may run two articles into one paragraph, a txt file may keep the
label glued to the text), so this module re-reads every block's full text with
`extractors.numbering.split_label` and accepts a label only where it continues the sequence:
第十条第一款规定… at the start of a paragraph, or 依照本条例第十二条 inside one, never opens an
article, because regulations number their articles 1, 2, 3 … without gaps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from extractors.model import Document
from extractors.numbering import CN_NUM_CHARS, cn_to_int, int_to_cn, split_label

DIVISION_KINDS = ("bian", "zhang", "jie")  # 编 > 章 > 节
DIVISION_CHAR = {"bian": "编", "zhang": "章", "jie": "节"}
_SENTENCE_END = "。；！？”’）)"
_CONTINUES = "、，,；和及与或"
# A label that may hide inside a block: after the end of a sentence, 第N条/章/节/编 starts a new unit.
_INNER = re.compile(rf"(?<=[。；！？：”])[\s　]*(?=第[{CN_NUM_CHARS}\d]+[条章节编])")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_ARTICLE_HEAD = re.compile(rf"^(第([{CN_NUM_CHARS}\d]+)条)[\s　]*(.*)$", re.S)
_TRAILER = re.compile(r"^(附件|附表|附录|附：|起草说明|关于.{2,60}的(起草)?说明$)")
_NEXT_ARTICLE_IN = re.compile(rf"第([{CN_NUM_CHARS}\d]+)条")
_REFERENCE_GOES_ON = re.compile(rf"^第[{CN_NUM_CHARS}\d]+[条章节编](?:规定|所|的|中|第|款|项|之|和|或|、|至|以|等|及)")
_SUB = re.compile(rf"^之([{CN_NUM_CHARS}]+)[\s　]*")


@dataclass
class Item:
    """A 项: （一）… inside an article, attached to the 款 it follows."""

    label: str
    number: int
    text: str
    paragraph: int  # 1-based index of the 款 it belongs to

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "number": self.number, "text": self.text, "paragraph": self.paragraph}


@dataclass
class Article:
    """One 条: its number, its 款 (paragraphs) and 项 (items), and where it sits."""

    number: int
    label: str
    lines: list[str] = field(default_factory=list)  # 款 and 项 in reading order
    paragraphs: list[str] = field(default_factory=list)  # 款 only
    items: list[Item] = field(default_factory=list)
    chapter: int | None = None
    section: int | None = None
    part: int | None = None
    page: int | None = None
    suffix: str = ""  # 之一 in 第十二条之一

    @property
    def text(self) -> str:
        """款 and 项 joined by newlines, as the article reads without its label."""
        return "\n".join(self.lines)

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "label": self.label, "chapter": self.chapter,
                "section": self.section, "part": self.part, "text": self.text,
                "paragraphs": list(self.paragraphs), "items": [i.to_json() for i in self.items],
                "page": self.page}


@dataclass
class Division:
    """A 编, 章 or 节 with the articles it holds (sections also name their chapter)."""

    kind: str
    number: int
    label: str
    title: str
    articles: list[int] = field(default_factory=list)
    chapter: int | None = None  # for a 节
    part: int | None = None  # for a 章

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "label": self.label, "title": self.title,
                               "articles": list(self.articles)}
        if self.kind == "jie":
            out["chapter"] = self.chapter
        if self.kind == "zhang" and self.part is not None:
            out["part"] = self.part
        return out


@dataclass
class Draft:
    """A parsed draft. `chapters` is empty for a draft without chapters."""

    title: str | None
    articles: list[Article] = field(default_factory=list)
    chapters: list[Division] = field(default_factory=list)
    sections: list[Division] = field(default_factory=list)
    parts: list[Division] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)  # 附件, 起草说明, signature after the articles
    source: str | None = None

    def article(self, number: int) -> Article | None:
        for a in self.articles:
            if a.number == number:
                return a
        return None

    def chapter(self, number: int) -> Division | None:
        return next((c for c in self.chapters if c.number == number), None)

    def chapter_of(self, article: int) -> Division | None:
        a = self.article(article)
        return self.chapter(a.chapter) if a and a.chapter is not None else None

    @property
    def numbers(self) -> list[int]:
        return [a.number for a in self.articles]

    def to_json(self) -> dict[str, Any]:
        chapters = []
        for c in self.chapters:
            cj = c.to_json()
            cj["sections"] = [s.to_json() for s in self.sections if s.chapter == c.number]
            chapters.append(cj)
        return {"source": self.source, "title": self.title, "parts": [p.to_json() for p in self.parts],
                "chapters": chapters, "sections": [s.to_json() for s in self.sections],
                "articles": [a.to_json() for a in self.articles], "preamble": list(self.preamble),
                "trailer": list(self.trailer)}


@dataclass
class _Unit:
    text: str
    page: int | None
    joined: bool = False  # split out of the previous unit's paragraph (re-join if not a label)
    kind_hint: str | None = None
    align: str | None = None


def _units(doc: Document) -> Iterable[_Unit]:
    """Blocks as full text lines, with labels hidden inside a paragraph split out as candidates."""
    for b in doc.blocks:
        full = b.full_text if b.type != "table_row" else " ".join(b.cells or [b.text])
        for line in full.split("\n"):
            line = _MD_HEADING.sub("", line.strip()).strip()
            if not line or line.startswith("<!--"):
                continue
            pieces = [p for p in _INNER.split(line) if p]
            for i, piece in enumerate(pieces):
                yield _Unit(piece.strip(), b.page, joined=i > 0, kind_hint=b.label_kind, align=b.align)


def _clean_title(text: str) -> str:
    """One space at most, none between Chinese characters (总　　则 → 总则)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])[\s　]+(?=[\u4e00-\u9fff])", "", text)
    return re.sub(r"[\s　]+", " ", text).strip()


class _Builder:
    """The state machine that walks units in order and keeps the sequences honest."""

    def __init__(self, title: str | None):
        self.draft = Draft(title=title)
        self.current: Article | None = None
        self.last_division: Division | None = None
        self.division_has_articles = False
        self.cur = {"bian": None, "zhang": None, "jie": None}
        self._last_was_item = False
        self.in_trailer = False

    # -- divisions -----------------------------------------------------------------------
    def _expected(self, kind: str) -> set[int]:
        lists = {"bian": self.draft.parts, "zhang": self.draft.chapters, "jie": self.draft.sections}
        seq = lists[kind]
        if kind == "jie":
            seq = [s for s in seq if s.chapter == self.cur["zhang"]]
        last = seq[-1].number if seq else 0
        return {last + 1}

    def try_division(self, kind: str, number: int, label: str, rest: str) -> bool:
        if len(rest) > 60 or rest.endswith(("。", "；")) or "。" in rest:
            return False  # a sentence that starts with 第三章, not a heading
        if not self.draft.articles and number == 1 and any(
                d.number == 1 for d in (self.draft.chapters if kind == "zhang" else self.draft.parts if kind == "bian" else [])):
            # a table of contents listed the chapters before the body: start again
            self.draft.chapters.clear()
            self.draft.sections.clear()
            self.draft.parts.clear()
            self.cur = {"bian": None, "zhang": None, "jie": None}
        if number not in self._expected(kind):
            return False
        title = _clean_title(re.sub(r"[\.…·]{2,}\s*\d*$", "", rest))
        div = Division(kind=kind, number=number, label=label, title=title)
        if kind == "bian":
            self.draft.parts.append(div)
            self.cur = {"bian": number, "zhang": None, "jie": None}
        elif kind == "zhang":
            div.part = self.cur["bian"]
            self.draft.chapters.append(div)
            self.cur["zhang"], self.cur["jie"] = number, None
        else:
            div.chapter = self.cur["zhang"]
            self.draft.sections.append(div)
            self.cur["jie"] = number
        self.last_division = div
        self.division_has_articles = False
        self.current = None
        return True

    # -- articles ------------------------------------------------------------------------
    def try_article(self, label: str, number: int, rest: str, page: int | None, spaced: bool = False) -> bool:
        last = self.draft.articles[-1].number if self.draft.articles else 0
        suffix = ""
        m = _SUB.match(rest)
        if m and cn_to_int(m.group(1)):
            suffix = m.group(0).strip()
            rest = rest[m.end():]
            if number != last:
                return False
        elif number != last + 1 and self.draft.articles:
            return False  # the first article may be any number (an excerpt); after it, no gaps
        if rest.startswith(("第", "规定", "所称", "之")) and not suffix and not spaced:
            return False  # 第十条第一款规定的… : a reference, not a new article (a label has a space after it)
        art = Article(number=number, label=label + suffix, page=page, suffix=suffix,
                      chapter=self.cur["zhang"], section=self.cur["jie"], part=self.cur["bian"])
        self.draft.articles.append(art)
        for kind in DIVISION_KINDS:
            div_list = {"bian": self.draft.parts, "zhang": self.draft.chapters, "jie": self.draft.sections}[kind]
            if self.cur[kind] is not None and div_list:
                if number not in div_list[-1].articles:
                    div_list[-1].articles.append(number)
        self.current = art
        self.division_has_articles = True
        if rest:
            self.add_line(rest, joined=False)
        return True

    def add_line(self, text: str, joined: bool) -> None:
        art = self.current
        assert art is not None
        if joined and art.lines:  # a piece split off this same paragraph: put it back
            art.lines[-1] += text
            if self._last_was_item and art.items:
                art.items[-1].text += text
            elif art.paragraphs:
                art.paragraphs[-1] += text
            return
        label, rest = split_label(text)
        if label is not None and label.kind == "cn_paren" and art.paragraphs:
            art.items.append(Item(label=label.text, number=label.value or 0, text=rest,
                                  paragraph=len(art.paragraphs)))
            self._last_was_item = True
        else:
            art.paragraphs.append(text)
            self._last_was_item = False
        art.lines.append(text)

    # -- everything else -----------------------------------------------------------------
    def other(self, unit: _Unit) -> None:
        text = unit.text
        if self.current is not None:
            self.add_line(text, unit.joined)
            return
        if self.last_division is not None and not self.division_has_articles:
            # a heading wrapped onto a second line (LawRefBook splits long 节 titles)
            title = self.last_division.title
            if title.endswith(tuple(_CONTINUES)) or (len(text) <= 40 and not text.endswith(tuple(_SENTENCE_END))):
                self.last_division.title = title + text
                return
        if self.draft.title is None and not self.draft.preamble:
            self.draft.title = _clean_title(text)
            return
        if unit.joined and self.draft.preamble:
            self.draft.preamble[-1] += text
        else:
            self.draft.preamble.append(text)

    def feed(self, unit: _Unit) -> None:
        if unit.joined and _REFERENCE_GOES_ON.match(unit.text):
            self.other(unit)  # 。第十条所列情形… inside a paragraph: a sentence citing an article
            return
        if self.in_trailer:
            self.draft.trailer.append(unit.text)
            return
        if self.draft.articles and ((unit.align == "right" and not _ARTICLE_HEAD.match(unit.text))
                                    or _TRAILER.match(unit.text)):
            # a signature, 附件 or the 起草说明 after the articles is not part of the last article
            self.in_trailer = True
            self.draft.trailer.append(unit.text)
            return
        label, rest = split_label(unit.text)
        if label is not None and label.value is not None:
            if label.kind in DIVISION_KINDS and self.try_division(label.kind, label.value, label.text, rest):
                return
            if label.kind in DIVISION_KINDS:  # 第一章　总则第一条　为了…: heading and article in one block
                m = _NEXT_ARTICLE_IN.search(rest)
                nxt = (self.draft.articles[-1].number if self.draft.articles else 0) + 1
                if m and cn_to_int(m.group(1)) == nxt and m.start() <= 30 \
                        and self.try_division(label.kind, label.value, label.text, rest[:m.start()]):
                    self.feed(_Unit(rest[m.start():], unit.page, kind_hint="article", align=unit.align))
                    return
            if label.kind == "article" and self.try_article(label.text, label.value, rest, unit.page,
                                                            spaced=_spaced(unit.text, label.text)):
                return
        # a label the pattern refused (第五十条规范性文件… with the space lost), or alone on its line
        m = _ARTICLE_HEAD.match(unit.text)
        if m and cn_to_int(m.group(2)) is not None \
                and not m.group(3).startswith(("规定", "所称", "的", "款", "项", "中", "，", "、", "。")) \
                and self.try_article(m.group(1), cn_to_int(m.group(2)) or 0, m.group(3).strip(), unit.page):
            return
        m = re.fullmatch(rf"(第([{CN_NUM_CHARS}]+)([编章节]))", unit.text)
        if m:
            kind = {"编": "bian", "章": "zhang", "节": "jie"}[m.group(3)]
            if self.try_division(kind, cn_to_int(m.group(2)) or 0, m.group(1), ""):
                return
        self.other(unit)


def _spaced(text: str, label: str) -> bool:
    return text.startswith(label) and text[len(label):len(label) + 1] in (" ", "　", "\t")


def parse_draft(doc: Document) -> Draft:
    """The draft structure of a loaded document (see the module docstring for the rules)."""
    builder = _Builder(title=_clean_title(doc.title) if doc.title else None)
    title = builder.draft.title
    for unit in _units(doc):
        if title and not builder.draft.articles and not builder.draft.chapters \
                and _clean_title(unit.text) == title and not builder.draft.preamble:
            continue  # the title block itself
        builder.feed(unit)
    draft = builder.draft
    draft.source = doc.source
    for div in draft.chapters + draft.sections + draft.parts:
        if not div.title:
            div.title = ""
    return draft


def parse_text(text: str, title: str | None = None, source: str = "<text>") -> Draft:
    """Parse plain text (one paragraph a line) without a file: for tests, benches and pasted drafts."""
    from extractors.model import Block

    blocks = [Block(type="paragraph", text=line) for line in text.splitlines() if line.strip()]
    return parse_draft(Document(source=source, format="txt", blocks=blocks, title=title))


def article_label(number: int) -> str:
    return f"第{int_to_cn(number)}条"


def contract_json(draft: Draft) -> dict[str, Any]:
    """The `jiandu draft --json` object: the contract's fields first, our extras after."""
    full = draft.to_json()
    chapters = []
    for c, cj in zip(draft.chapters, full["chapters"]):
        chapters.append({"number": c.number, "title": c.title, "articles": list(c.articles),
                         "label": c.label, "sections": cj["sections"], "part": c.part})
    return {"source": draft.source, "title": draft.title, "chapters": chapters,
            "articles": full["articles"], "sections": full["sections"], "parts": full["parts"],
            "preamble": full["preamble"]}
