"""The date a rectification measure promises (力争年底前完成 …), read from a point's evidence.

A point still in progress usually says by when it will be done: 力争2024年底前完成首批改造,
争取明年上半年提交审议, 其余县区的审查工作将于年底前完成, 第二批年内到位, 尚需半年左右完成.
`find_promise` finds those dates, relative to the report that says them (its year, and its date
when the signature gives one), and returns the earliest with the clause it stands in, so the
service can warn when the point is still in progress after that day (`promise_overdue`).

A date counts as a promise only when the clause says so — and never when it reports the past:
- a promise word before it in the same clause (力争、争取、确保、计划、预计、拟、将、安排、需 …),
  or a deadline form (年底前、年内、6月底前、两年内), or a year after the report's own year
  (明年开工 is a plan, 今年7月向社会公布 a fact);
- not a past or running fact: 已于2023年…, 2023年底前已完成, 截至8月底, 今年以来, 自今年1月起;
- not a promise to *start* (拟于下半年启动实施, 明年开工, 明年起分步实施): starting on time says
  nothing about being finished, so it cannot make a point overdue.

Periods end on their last day (上半年 → 6月30日, 三季度末 → 9月30日, 2026年3月 → 3月31日,
汛前 → 5月31日); a month named without a year that already lies before the report's date is
next year's. Durations (两年内, 尚需半年, 分三年实施) run from the report's date, or from the end
of its year when only the year is known — the later reading, so nobody is warned early.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}

# ---------------------------------------------------------------------------- patterns

_CN_YEAR = r"二[〇零○][〇零○一二三四五六七八九]{2}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"[12][0-9]|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"


def _period(p: str) -> str:
    """What may follow a year (or stand alone): a part of the year, a quarter, a month, a season."""
    return (rf"(?:(?P<{p}half>[上下])半年"
            rf"|第?(?P<{p}q>[一二三四1-4])季度(?:末|底)?"
            rf"|(?P<{p}m>{_MONTH})\s*月份?(?:(?P<{p}d>{_DAY})\s*[日号]|(?P<{p}mp>底|末|上旬|中旬|下旬|初|中))?"
            rf"|(?P<{p}season>[春夏秋冬])季(?P<{p}term>学期|开学)?"
            rf"|(?P<{p}flood>主?汛期|汛前))")


_BEFORE = r"(?P<before>前|以前|之前|之内|以内|内)?"
# a year, absolute or relative to the report, with an optional period and deadline word
_YEAR_RE = re.compile(
    rf"(?<![0-9])(?:(?P<abs>(?:19|20)[0-9]{{2}}|{_CN_YEAR})\s*年度?"
    r"|(?P<rel>今明两年|明后两年|后两年|今年度?|本年度?|明年度?|次年度?|下一年度?|翌年|后年))\s*"
    rf"(?:(?P<yend>年?底|年?末|年终|年?内)|{_period('y_')})?" + _BEFORE)
# a period with no year: the report's year
_ALONE_RE = re.compile(
    r"(?<![去前同全每近往历多几数上本今明次翌后年度0-9一二两三四五六七八九十〇零○])"
    rf"(?:(?P<yend>年底|年末|年终|年内|年度内)|{_period('a_')})" + _BEFORE)
# a span of time from the report's date
_SPAN_RE = re.compile(
    r"(?<![0-9一二两三四五六七八九十〇零○上下近前这过去])"
    r"(?P<pre>今后|未来|用|分)?(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,3}|半)\s*(?P<unit>年|个月|个季度)"
    r"(?:时间)?(?:左右)?(?P<within>之内|以内|内)?")

_SEGMENT_END = "，,。；;！？!?：:\n"
# a promise said before the date, in the same clause
_CUE = re.compile(r"力争|争取|确保|计划|预计|预期|拟|将|安排|力求|有望|目标|要求|务必|须|需|准备|打算|承诺|限期|排在|放在")
# the date belongs to the past, or is when something began
_PAST_BEFORE = re.compile(r"(?:已|已经|业已|已于|已在|已经于|截至|截止|截至到|截止到|自|从|于去)\s*$")
_PAST_AFTER = re.compile(r"^\s*(?:已|以来|起(?!草)|至今|同期|相比|比|期间|末已|底已)")
_CUE_AFTER = re.compile(r"^\s*(?:将|要|力争|计划|拟|预计|确保)")  # 今年争取资金… is a fact
_SPAN_CUE_BEFORE = re.compile(r"(?:需|需要|尚需|还需|仍需|用|再用|争取用|力争用|计划用|预计用|将用|计划分|分)\s*$")
_START = re.compile(r"启动|开工|动工|开始|着手|起步|试点|试行|筹建|立项|破土")
_DONE = re.compile(r"完成|完工|竣工|建成|到位|投用|投入使用|运行|上线|出台|印发|实现|完毕|结束|解决|覆盖|达到|达标|办结|"
                   r"销号|挂牌|招生|退出|淘汰|审议|提交|开展|推开|整治|改造|修订|制定|落实|补齐|清零|交付|验收|通车|到期")


@dataclass(frozen=True)
class Promise:
    """A promised date, the clause that promises it, and where it was read."""

    date: dt.date
    text: str          # the clause: 力争2024年底前完成首批120个小区改造
    phrase: str        # the date words: 2024年底前
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "text": self.text, "phrase": self.phrase, "page": self.page}


# ---------------------------------------------------------------------------- numbers and dates

def cn_int(s: str) -> int:
    """12, 十二, 二十, 两, 二〇二五 → int."""
    s = s.strip().translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CN_DIGIT[ch]
    return value


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_REL_OFFSET = {"今明两年": 1, "明后两年": 2, "后两年": 2, "今年": 0, "今年度": 0, "本年": 0, "本年度": 0, "明年": 1,
               "明年度": 1, "次年": 1, "次年度": 1, "下一年": 1, "下一年度": 1, "下年": 1, "下年度": 1, "翌年": 1, "后年": 2}


def _period_date(g: dict[str, str | None], p: str, year: int) -> dt.date | None:
    """The last day of the period named by groups with prefix `p` in `year`; None if none named."""
    if g.get(f"{p}half"):
        return dt.date(year, 6, 30) if g[f"{p}half"] == "上" else dt.date(year, 12, 31)
    if g.get(f"{p}q"):
        return month_end(year, 3 * cn_int(g[f"{p}q"]))
    if g.get(f"{p}m"):
        month = cn_int(g[f"{p}m"])
        if not 1 <= month <= 12:
            return None
        if g.get(f"{p}d"):
            try:
                return dt.date(year, month, cn_int(g[f"{p}d"]))
            except ValueError:
                return None
        part = g.get(f"{p}mp")
        if part in ("上旬", "初"):
            return dt.date(year, month, 10)
        if part in ("中旬", "中"):
            return dt.date(year, month, 20)
        return month_end(year, month)
    if g.get(f"{p}season"):
        season, term = g[f"{p}season"], g.get(f"{p}term")
        if season == "秋":
            return dt.date(year, 8, 31) if term else dt.date(year, 11, 30)
        if season == "春":
            return month_end(year, 2) if term else dt.date(year, 5, 31)
        if season == "夏":
            return dt.date(year, 8, 31)
        return month_end(year + 1, 2)  # winter runs into the next year
    if g.get(f"{p}flood"):
        before = g.get("before") in ("前", "以前", "之前")
        return dt.date(year, 5, 31) if (g[f"{p}flood"] == "汛前" or before) else dt.date(year, 9, 30)
    return None


# ---------------------------------------------------------------------------- finding promises

@dataclass
class _Candidate:
    start: int
    end: int
    date: dt.date
    deadline: bool      # the words themselves set a deadline (…前, …内)
    span: bool = False  # a span of time (两年内)


def _candidates(text: str, year: int, reported: dt.date | None) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _YEAR_RE.finditer(text):
        g = m.groupdict()
        if g["abs"]:
            y = cn_int(g["abs"]) if not g["abs"].isdigit() else int(g["abs"])
        else:
            y = year + _REL_OFFSET.get(g["rel"], 0)
        day = _period_date(g, "y_", y) or dt.date(y, 12, 31)
        deadline = bool(g["before"]) or bool(g["yend"] and "内" in g["yend"])
        out.append(_Candidate(m.start(), m.end(), day, deadline))
    for m in _ALONE_RE.finditer(text):
        g = m.groupdict()
        day = dt.date(year, 12, 31) if g["yend"] else _period_date(g, "a_", year)
        if day is None:
            continue
        if not g["yend"] and reported is not None and day < reported:
            day = day.replace(year=day.year + 1) if not (day.month == 2 and day.day == 29) else month_end(day.year + 1, 2)
        deadline = bool(g["before"]) or bool(g["yend"] and "内" in g["yend"])
        out.append(_Candidate(m.start(), m.end(), day, deadline))
    for m in _SPAN_RE.finditer(text):
        g = m.groupdict()
        n = 0.5 if g["n"] == "半" else cn_int(g["n"])
        months = {"年": 12, "个月": 1, "个季度": 3}[g["unit"]] * n
        if not months or months > 120 or months != int(months):
            continue
        if not (g["within"] or g["pre"] in ("用", "分") or _SPAN_CUE_BEFORE.search(text[:m.start()])):
            continue  # 三年行动方案, 近两年: a span that is no deadline
        base = reported or dt.date(year, 12, 31)
        out.append(_Candidate(m.start(), m.end(), add_months(base, int(months)), True, span=True))
    # leftmost, then longest: 明后两年 is one expression, not 明后 + 两年
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for c in out:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


def _segment(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in _SEGMENT_END) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SEGMENT_END) if i >= 0]
    return a, min(ends) if ends else len(text)


def _is_promise(text: str, c: _Candidate, year: int) -> bool:
    a, b = _segment(text, c.start, c.end)
    before, after = text[a:c.start], text[c.end:b]
    if _PAST_BEFORE.search(before) or _PAST_AFTER.search(after):
        return False
    start, done = _START.search(after), _DONE.search(after)
    if start and (done is None or start.start() < done.start()):
        return False  # a promise to begin, not to finish
    if c.span:
        return True
    if _CUE.search(before) or _CUE_AFTER.search(after):
        return True
    if c.date.year < year:
        return False  # 2000年前建成的老旧小区: a time in the past, not a deadline
    return c.deadline or c.date.year > year


def find_promises(texts: Iterable[Any], year: int, reported: dt.date | None = None) -> list[Promise]:
    """Every promised date in `texts` (strings, or evidence dicts with `text` and `page`), in
    reading order. `year` is the report's year; `reported` its date, when known."""
    out: list[Promise] = []
    for t in texts:
        if isinstance(t, dict):
            text, page = t.get("text") or "", t.get("page")
        else:
            text, page = str(t or ""), None
        norm = text.translate(_FULLWIDTH)  # one character for one: offsets hold in `text`
        for c in _candidates(norm, year, reported):
            if _is_promise(norm, c, year):
                a, b = _segment(norm, c.start, c.end)
                out.append(Promise(c.date, text[a:b].strip(), text[c.start:c.end], page))
    return out


def find_promise(texts: Iterable[Any], year: int, reported: dt.date | None = None) -> Promise | None:
    """The earliest date the texts promise (see the module notes), or None."""
    found = find_promises(texts, year, reported)
    return min(found, key=lambda p: p.date) if found else None


# ---------------------------------------------------------------------------- the report's own date

_SIGNED = re.compile(rf"((?:19|20)[0-9]{{2}}|{_CN_YEAR})\s*年\s*({_MONTH})\s*月\s*({_DAY})\s*日")


def signature_date(texts: list[str]) -> dt.date | None:
    """The date a report is signed with (2024年6月18日 / 二〇二四年六月十八日), looked for in its
    last lines first, then its first lines; only short lines (a date line, not a sentence)."""
    edges = texts[-4:][::-1] + texts[:3]
    for t in edges:
        t = (t or "").translate(_FULLWIDTH)
        if len(t) >= 40:
            continue
        m = _SIGNED.search(t)
        if m:
            try:
                return dt.date(cn_int(m.group(1)), cn_int(m.group(2)), cn_int(m.group(3)))
            except (ValueError, KeyError):
                continue
    return None
