"""Explicit references to a draft's articles in a comment, in every form people write them.

Comments cite articles as 第十二条, 第12条, 草案第二十三条第二款, 第五条至第八条, 第五至八条,
第十二条、第十五条, 第十二、十五条, 第三章 (all its articles), 第三章第二节, and with an action
(建议删除第三十条). A citation of another law (《食品安全法》第三十条, 上位法第十条) is not a
reference to the draft and is dropped, as is a number the draft does not have. Numbers are read
with `extractors.numbering.cn_to_int` so comment references and draft articles agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.numbering import CN_NUM_CHARS, cn_to_int

if TYPE_CHECKING:
    from .drafts import Draft

_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_N = rf"[{CN_NUM_CHARS}\d]+"
_S = r"[\s　]*"
_RANGE_SEP = r"(?:至|到|—|－|-|–|~|～)"
_LIST_SEP = r"(?:、|，|,|和|及|与|以及|或)"

# 第五条至第八条 / 第五至八条 / 第5-8条 / 第五条到第八条
_RANGE = re.compile(rf"第{_S}({_N}){_S}(?:条{_S})?{_RANGE_SEP}{_S}第?{_S}({_N}){_S}条")
# 第十二、十五条 / 第十二、第十五、第二十条
_LIST = re.compile(rf"第{_S}({_N}){_S}((?:{_LIST_SEP}{_S}第?{_S}{_N}{_S})+)条")
# 第三章 / 第三章第二节 (not 第三章第十二条, which cites the article)
_CHAPTER = re.compile(rf"第{_S}({_N}){_S}章(?:{_S}第{_S}({_N}){_S}节)?")
_ARTICLE_NEXT = re.compile(rf"^{_S}(?:第{_S}{_N}{_S}节{_S})?第{_S}{_N}{_S}条")
# 第二、三章 / 第二章至第四章 / 第二至四章
_CHAPTERS = re.compile(rf"第{_S}({_N}){_S}章?((?:{_S}(?:{_LIST_SEP}|{_RANGE_SEP}){_S}第?{_S}{_N}{_S}章?)+)")
_CHAPTER_PART = re.compile(rf"({_LIST_SEP}|{_RANGE_SEP}){_S}第?{_S}({_N})")
# 第二节 alone
_SECTION = re.compile(rf"第{_S}({_N}){_S}节")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』")
# 第十二条 / 第十二条之一 / 第二十三条第二款 / 第二十条第（五）项 / 第二十条第二款第三项
_ARTICLE = re.compile(rf"第{_S}({_N}){_S}条(?:之({_N}))?"
                      rf"(?:{_S}第{_S}({_N}){_S}款)?(?:{_S}第{_S}[（(]?({_N})[）)]?{_S}项)?")
_INTERNAL_BEFORE = re.compile(r"(本条例|本办法|本规定|本决定|草案|征求意见稿|送审稿|修改稿|二审稿|一审稿|条例|原)[）)》”\"]?$")
_BOOK_BEFORE = re.compile(r"《([^《》]{1,60})》$")
_LAW_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,12}(?<![办依])法|细则)$")
_ACTIONS = [("delete", re.compile(r"(删除|删去|删掉|取消|去掉)[^。；，,]{0,6}$")),
            ("add", re.compile(r"(增加|增设|新增|增写|补充)[^。；，,]{0,6}$")),
            ("modify", re.compile(r"(修改|改为|调整|完善|合并)[^。；，,]{0,6}$"))]


@dataclass
class Reference:
    """One citation found in a comment, expanded to the article numbers it covers."""

    text: str
    start: int
    end: int
    articles: list[int] = field(default_factory=list)
    chapter: int | None = None
    section: int | None = None
    paragraph: int | None = None  # 款
    item: int | None = None  # 项
    action: str | None = None  # delete / add / modify, from the words just before it
    external: bool = False  # a citation of another law
    quoted: bool = False  # inside quotation marks: the draft's own cross-reference being quoted

    def to_json(self) -> dict:
        return {"text": self.text, "articles": self.articles, "chapter": self.chapter,
                "section": self.section, "paragraph": self.paragraph, "item": self.item,
                "action": self.action, "external": self.external, "quoted": self.quoted}


def _num(s: str | None) -> int | None:
    return cn_to_int(s) if s else None


def _is_external(before: str, draft_title: str | None) -> bool:
    """True when the words just before a citation name another law, not this draft."""
    before = before.rstrip(" 　的")
    m = _BOOK_BEFORE.search(before)
    if m:
        name = m.group(1)
        if "草案" in name or "征求意见稿" in name or "送审稿" in name:
            return False
        if draft_title and _core(name) == _core(draft_title):
            return False
        return True
    if _INTERNAL_BEFORE.search(before):
        return False
    return bool(_LAW_BEFORE.search(before))


def _core(title: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]|《|》|\s", "", title)


def _action(before: str) -> str | None:
    for name, pattern in _ACTIONS:
        if pattern.search(before):
            return name
    return None


def find_references(text: str, draft: "Draft | None" = None) -> list[Reference]:
    """Every citation in `text`, in order, with external ones flagged (not dropped) for display."""
    text = text.translate(_FW)
    title = draft.title if draft else None
    taken = [False] * (len(text) + 1)
    refs: list[Reference] = []

    def free(m: re.Match[str]) -> bool:
        return not any(taken[m.start():m.end()])

    def claim(m: re.Match[str], ref: Reference) -> None:
        for i in range(m.start(), m.end()):
            taken[i] = True
        before = text[max(0, m.start() - 40):m.start()]
        ref.external = _is_external(before, title)
        ref.action = _action(text[max(0, m.start() - 12):m.start()])
        refs.append(ref)

    for m in _RANGE.finditer(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        if a is None or b is None or not free(m):
            continue
        if b < a or b - a > 300:
            continue
        claim(m, Reference(m.group(0), m.start(), m.end(), list(range(a, b + 1))))
    for m in _LIST.finditer(text):
        if not free(m):
            continue
        nums = [_num(m.group(1))] + [_num(x) for x in re.findall(_N, m.group(2))]
        if any(n is None for n in nums):
            continue
        claim(m, Reference(m.group(0), m.start(), m.end(), [n for n in nums if n is not None]))
    for m in _ARTICLE.finditer(text):
        if not free(m):
            continue
        n = _num(m.group(1))
        if n is None:
            continue
        claim(m, Reference(m.group(0), m.start(), m.end(), [n], paragraph=_num(m.group(3)),
                           item=_num(m.group(4))))
    def chapter_articles(ch: int, sec: int | None = None) -> list[int]:
        if draft is None:
            return []
        if sec is not None:
            return next((list(x.articles) for x in draft.sections if x.chapter == ch and x.number == sec), [])
        c = draft.chapter(ch)
        return list(c.articles) if c else []

    for m in _CHAPTERS.finditer(text):
        if not free(m) or not m.group(0).endswith("章"):
            continue
        first = _num(m.group(1))
        parts = [(sep, _num(n)) for sep, n in _CHAPTER_PART.findall(m.group(2))]
        if first is None or any(n is None for _, n in parts):
            continue
        chapters, prev = [first], first
        for sep, n in parts:
            if re.fullmatch(_RANGE_SEP, sep) and n is not None and prev < n <= prev + 50:
                chapters.extend(range(prev + 1, n + 1))
            elif n is not None:
                chapters.append(n)
            prev = n or prev
        arts = sorted({a for ch in chapters for a in chapter_articles(ch)})
        claim(m, Reference(m.group(0), m.start(), m.end(), arts, chapter=chapters[0]))
    for m in _CHAPTER.finditer(text):
        if not free(m) or _ARTICLE_NEXT.match(text[text.index("章", m.end(1)) + 1:]):
            continue
        ch = _num(m.group(1))
        if ch is None:
            continue
        sec = _num(m.group(2))
        claim(m, Reference(m.group(0), m.start(), m.end(), chapter_articles(ch, sec), chapter=ch, section=sec))
    for m in _SECTION.finditer(text):
        if not free(m) or _ARTICLE_NEXT.match(text[m.end():]) or draft is None:
            continue
        sec = _num(m.group(1))
        earlier = [r.chapter for r in refs if r.chapter is not None and r.start < m.start()]
        if earlier:
            arts = chapter_articles(earlier[-1], sec)
            ch = earlier[-1]
        else:
            same = [x for x in draft.sections if x.number == sec]
            arts, ch = (list(same[0].articles), same[0].chapter) if len(same) == 1 else ([], None)
        claim(m, Reference(m.group(0), m.start(), m.end(), arts, chapter=ch, section=sec))
    quotes = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    for r in refs:
        r.quoted = any(a < r.start < b for a, b in quotes)
    refs.sort(key=lambda r: r.start)
    for prev, ref in zip(refs, refs[1:]):  # 《某法》第三十条、第三十一条: the list shares its law
        if prev.external and re.fullmatch(rf"{_S}(?:{_LIST_SEP}|{_RANGE_SEP}){_S}", text[prev.end:ref.start]):
            ref.external = True
    return refs


def referenced_articles(text: str, draft: "Draft | None" = None) -> list[int]:
    """The draft's article numbers `text` cites explicitly (sorted, unique; unknown numbers dropped)."""
    return cited_articles(find_references(text, draft), draft)


def counting_references(refs: list[Reference], draft: "Draft | None" = None) -> list[Reference]:
    """The references that say which articles a comment addresses: not other laws' articles,
    not numbers the draft lacks, and not a cross-reference quoted from the cited article's own
    text (第二十条“违反本条例第十一条规定”…) when the comment also cites outside the quotes."""
    valid = set(draft.numbers) if draft is not None else None
    refs = [r for r in refs if not r.external and any(valid is None or n in valid for n in r.articles)]
    if any(not r.quoted for r in refs):
        refs = [r for r in refs if not r.quoted]
    return refs


def cited_articles(refs: list[Reference], draft: "Draft | None" = None) -> list[int]:
    valid = set(draft.numbers) if draft is not None else None
    out: set[int] = set()
    for ref in counting_references(refs, draft):
        out.update(n for n in ref.articles if valid is None or n in valid)
    return sorted(out)


def clause_articles(value: str, draft: "Draft | None" = None) -> list[int] | None:
    """The 条款 column of a comment table: 第十二条, 12, 第12条第2款, 第三章 …; None when it says nothing.

    A bare number in that column means an article; 总体/全文/其他 mean a general comment (empty list).
    """
    value = (value or "").strip().translate(_FW)
    if not value:
        return None
    if re.fullmatch(r"\d{1,3}", value):
        n = int(value)
        return [n] if draft is None or n in draft.numbers else []
    if re.fullmatch(r"\d{1,3}([、,，]\d{1,3})+", value):
        nums = [int(x) for x in re.split(r"[、,，]", value)]
        return [n for n in nums if draft is None or n in draft.numbers]
    if re.search(r"总体|全文|整体|总的|其他|通篇|标题", value):
        return []
    found = referenced_articles(value, draft)
    if not found:
        m = re.fullmatch(rf"({_N})(?:条)?", value)
        if m and _num(m.group(1)):
            n = _num(m.group(1)) or 0
            return [n] if draft is None or n in draft.numbers else []
    return found or None
