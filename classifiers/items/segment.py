"""Section-aware segmentation of a document into candidate points (rules: what a point *is*).

Rules decide where a point starts and ends, because that follows the document's own devices —
numbering, headings, bold leads, 一是/二是 — which are regular and must not be learnt from a few
dozen reports. The model (`classify`) only decides what each candidate is: a problem, a
recommendation, or neither (an achievement, an introduction, a summary).

Units, from the document's devices:
- a heading point: a numbered heading below the top level, its text running over the following
  paragraphs up to the next heading of the same or a higher level;
- a numbered paragraph (1.…、（一）…、①…) with its unnumbered continuation paragraphs;
- a bold-led paragraph (or one bold run after another inside a paragraph);
- inline ordinals: 一是……；二是…… (or 第一，……第二，……) split inside a paragraph;
- otherwise, a plain paragraph on its own.
Within one top-level section only the shallowest numbering level makes points; deeper labels
(（1） inside （一）) are sub-points and stay inside their point's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model import Block, Document
from extractors.numbering import hierarchy_rank

PROBLEM_SECTION = re.compile(r"问题|不足|困难|短板|弱项|差距|薄弱|隐患|挑战")
RECOMMEND_SECTION = re.compile(r"建议|意见|对策|措施|下一步|打算|思考|对此|几点|要求")
ACHIEVE_SECTION = re.compile(r"基本情况|成效|成绩|做法|开展情况|工作情况|实施情况|主要工作|进展|亮点|经验|概况|总体")
SUMMARY_START = re.compile(r"^(以上|上述|总之|综上|总的来看|此外，以上|这些问题|为此|特此|对此，|希望|请|现将|妥否)")
_INLINE = re.compile(r"(?:(?<=^)|(?<=[。；;！？：:，,]))\s*(?P<label>(?:[一二三四五六七八九十]{1,3})[是要](?=[\u4e00-\u9fff“《])|第[一二三四五六七八九十]{1,2}[，,、]|其[一二三四五六七八九十][，,、]|[①②③④⑤⑥⑦⑧⑨⑩])")
_SENT_END = re.compile(r"[。！？；;]")
INTRO_PROBLEM = re.compile(r"(存在|还有|仍有|发现|面临|反映).{0,20}(问题|不足|困难|短板|差距|薄弱环节)|(问题|不足|困难)(如下|主要是|主要表现|表现在)|不容忽视"
                           r"|(问题|不足|困难|短板|差距|弱项).{0,16}(表现在|体现在|反映在)|(问题|不足|短板|弱项|差距)[^。]{0,30}(以下|如下)[几两三四五]?[个点]?方面"
                           r"|(不够|不足|不到位|差距|短板|薄弱|不实|不强|不高|不力|滞后)[^。]{0,20}(体现在|表现在|如下|以下)[^。]{0,8}[：:]$")
INTRO_RECOMMEND = re.compile(r"(提出|形成).{0,12}(意见|建议|要求)|(建议|意见|要求)(如下|是)|为此|对此|下一步|建议：|意见：")


@dataclass
class Candidate:
    """One possible point with the context the classifier needs."""

    lead: str
    text: str
    section: str | None
    section_kind: str
    label: str | None
    device: str
    page: int | None
    position: float
    block_index: int
    depth: int = 0
    features: dict = field(default_factory=dict)


def section_kind(title: str | None) -> str:
    """problem / recommendation / achievement / mixed / none, from the section's heading."""
    if not title:
        return "none"
    p, r, a = bool(PROBLEM_SECTION.search(title)), bool(RECOMMEND_SECTION.search(title)), bool(ACHIEVE_SECTION.search(title))
    if p and r:
        return "mixed"
    if p:
        return "problem"
    if r:
        return "recommendation"
    if a:
        return "achievement"
    return "other"


def lead_sentence(text: str) -> str:
    """First sentence; a very long one is cut at its first comma (inline points' leads)."""
    m = _SENT_END.search(text)
    lead = text[: m.end()] if m else text
    if len(lead) > 60:
        comma = re.search(r"[，,]", lead)
        if comma and comma.start() >= 4:
            lead = lead[: comma.start()]
    return lead


def _inline_points(text: str) -> list[tuple[str, str, int]]:
    """(label, point text, start offset) for each 一是/二是… in a paragraph, if it has ≥ 2 in order."""
    found = list(_INLINE.finditer(text))
    if len(found) < 2:
        return []
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start("label") if i + 1 < len(found) else len(text)
        body = text[m.end("label"):end].strip()
        out.append((m.group("label"), body, m.start("label")))
    return out


def _split_bold(b: Block) -> list[tuple[str, str]]:
    """A paragraph holding several bold-led points (**甲。**……**乙。**……) splits at each bold
    run that starts a sentence; a bold phrase in mid-sentence is emphasis, not a new point."""
    points = [(b.bold_lead or "", 0)]
    for seg in b.bold_segments or []:
        at = b.text.find(seg, points[-1][1] + len(points[-1][0]))
        if at > 0 and b.text[at - 1] in "。；！？" and _SENT_END.search(seg):
            points.append((seg, at))
    out = []
    for k, (lead, start) in enumerate(points):
        end = points[k + 1][1] if k + 1 < len(points) else len(b.text)
        out.append((lead, b.text[start:end].strip()))
    return out


def _top_sections(blocks: list[Block]) -> list[tuple[str | None, int, int]]:
    """(title, start, end) of each top-level section (level-1 headings), the preamble as None."""
    heads = [i for i, b in enumerate(blocks) if b.type == "heading" and b.level == 1]
    spans: list[tuple[str | None, int, int]] = []
    start = 0
    title: str | None = None
    for h in heads:
        if h > start or title is not None:
            spans.append((title, start, h))
        title, start = blocks[h].full_text, h + 1
    spans.append((title, start, len(blocks)))
    return [s for s in spans if s[2] > s[1]]


def _rank(b: Block) -> int | None:
    if b.label_kind is None:
        return None
    r = hierarchy_rank(b.label_kind)
    return r if r is not None else None


def _local_kind(b: Block, current: str | None) -> str | None:
    """A sub-heading or an introducing sentence (……还存在以下问题： / 提出如下审议意见：) sets the
    kind of what follows within the section, for reports without named sections."""
    if b.type == "heading" and b.level and b.level > 1:
        k = section_kind(b.text)
        if k in ("problem", "recommendation", "achievement"):
            return k
        return current
    if b.type not in ("paragraph", "list_item"):
        return current
    if b.label and not ("一是" in b.text or b.text.rstrip().endswith(("：", ":"))):
        return current
    head = b.text[:80]
    intro = head.split("一是")[0] if "一是" in head else head
    if b.text.rstrip().endswith(("：", ":")) and len(b.text) > 80:
        # "……差距不小，群众反映最强烈的问题集中表现在以下几个方面：" closing a long paragraph
        intro = re.split(r"[。！？]", b.text.rstrip())[-1]
    p, r = INTRO_PROBLEM.search(intro), INTRO_RECOMMEND.search(intro)
    if p and not r:
        return "problem"
    if r and not p and (b.text.endswith(("：", ":")) or len(b.text) < 60 or "一是" in b.text):
        return "recommendation"
    return current


_TOPIC = re.compile(r"^(?:关于|在)[^。，]{2,40}(?:问题|方面|工作)。|^关于[^。，；]{2,18}。(?=.{40})")
_ADVICE = re.compile(r"(?<=[。！？])(?=(?:为此，|对此，)?(?:建议|要|应当|应|请))")


def _topic_points(text: str) -> list[tuple[str, str]] | None:
    """"关于资金保障问题。家庭无障碍改造资金没有稳定的来源。……建议县财政……" — a 审议意见
    habit: each paragraph names its topic, states the problem, then what is asked. The topic line
    is context; the problem and the request become points of their own."""
    m = _TOPIC.match(text)
    if not m:
        return None
    rest = text[m.end():].strip()
    if not rest:
        return None
    cut = _ADVICE.search(rest)
    parts = [rest] if cut is None or cut.start() == 0 else [rest[:cut.start()], rest[cut.start():]]
    return [(lead_sentence(p), p) for p in parts if p.strip()]


def _groups_points(blocks: list[Block], i: int, end: int, rank: int) -> bool:
    """A numbered heading that names a group of points rather than being one ("（一）监管执法方面"
    over "1.……" "2.……"). A heading that states a problem keeps its sub-points as its own
    explanation (（一）基层监管力量不足 over 1.人员数量不足 2.专业能力不强), as offices mostly mean it."""
    b = blocks[i]
    return b.type == "heading" and len(b.text) <= 14 and bool(re.search(r"(方面|层面)[。：:]?$", b.text.rstrip()))


def segment(doc: Document) -> list[Candidate]:
    blocks = doc.blocks
    n = max(len(blocks), 1)
    out: list[Candidate] = []
    for title, start, end in _top_sections(blocks):
        top_kind = section_kind(title)
        local: str | None = None
        body = list(range(start, end))
        ranks = [_rank(blocks[i]) for i in body if blocks[i].type in ("heading", "list_item") and _rank(blocks[i]) is not None]
        top_rank = min(ranks) if ranks else None
        point_rank = top_rank
        i = start
        while i < end:
            b = blocks[i]
            if b.type == "table_row":
                i += 1
                continue
            rank = _rank(b)
            if not (top_kind in ("problem", "recommendation") and b.type == "heading"
                    and point_rank is not None and rank == point_rank):
                # a heading at the points' own level in a named section is a point, not a new section:
                # "（二）从源头解决工程款拖欠问题" under 意见和建议 is a recommendation, 问题 or not
                local = _local_kind(b, local)
            kind = local or top_kind
            pos = i / n
            if rank is not None and rank == top_rank:
                point_rank = top_rank
                nxt = next((blocks[k] for k in range(i + 1, end) if _rank(blocks[k]) is not None), None)
                if nxt is not None and (_rank(nxt) or 0) > rank and (
                        b.text.rstrip().endswith(("：", ":")) or _groups_points(blocks, i, end, rank)):
                    # "三、为此，提出如下审议意见：" introduces deeper points; so does a heading that
                    # only names a group of them ("（一）服务供给方面" over "1.……" "2.……")
                    point_rank = _rank(nxt)
                    i += 1
                    continue
            inline_here = _inline_points(b.text) if b.type != "heading" else []
            if rank is not None and rank == point_rank and not inline_here:
                # a point at the section's own numbering level: runs to the next label of its level
                j = i + 1
                parts = [b.text]
                while j < end:
                    nb = blocks[j]
                    nr = _rank(nb)
                    if nb.type == "heading" and (nr is None or nr <= rank):
                        break
                    if nr is not None and nr <= rank:
                        break
                    if nb.type == "table_row":
                        break
                    if b.type != "heading" and nr is None and SUMMARY_START.search(nb.text):
                        break
                    if b.type != "heading" and nr is None and nb.bold_lead:
                        break
                    parts.append(nb.full_text if nr is not None else nb.text)
                    j += 1
                lead = b.text if b.type == "heading" else (b.bold_lead or lead_sentence(b.text))
                out.append(Candidate(lead=lead, text="\n".join(parts), section=title, section_kind=kind,
                                     label=b.label, device="heading" if b.type == "heading" else "numbered",
                                     page=b.page, position=pos, block_index=i))
                i = j
                continue
            if b.type == "heading":
                i += 1
                continue
            inline = inline_here
            if not inline:
                # "一是村文化服务中心建起来了却没有管起来。……" — one point per paragraph, each opened
                # by its ordinal: the same device as 一是……二是…… run together in one paragraph
                m = _INLINE.match(b.text)
                if m and b.label is None and not (b.bold_lead and len(b.bold_lead) >= 4):
                    inline = [(m.group("label"), b.text[m.end("label"):].strip(), m.start("label"))]
            if inline:
                intro = b.text[: inline[0][2]].strip()
                for label, body_text, _ in inline:
                    out.append(Candidate(lead=lead_sentence(body_text), text=body_text, section=title,
                                         section_kind=kind, label=label, device="inline", page=b.page,
                                         position=pos, block_index=i, features={"intro": intro}))
                i += 1
                continue
            topic = _topic_points(b.text) if b.label is None and not b.bold_lead else None
            if topic:
                # the paragraph says which part is which: what is wrong first, then what is asked
                kinds = ["problem", "recommendation"] if len(topic) == 2 else [kind]
                for (lead, text), part_kind in zip(topic, kinds):
                    out.append(Candidate(lead=lead, text=text, section=title, section_kind=part_kind, label=None,
                                         device="inline", page=b.page, position=pos, block_index=i,
                                         features={"intro": b.text[: b.text.index("。") + 1]}))
                i += 1
                continue
            if b.bold_lead and len(b.bold_lead) >= 4:
                for lead, text in _split_bold(b):
                    out.append(Candidate(lead=lead, text=text, section=title, section_kind=kind, label=b.label,
                                         device="bold", page=b.page, position=pos, block_index=i))
                i += 1
                continue
            out.append(Candidate(lead=lead_sentence(b.text), text=b.text, section=title, section_kind=kind,
                                 label=b.label, device="plain", page=b.page, position=pos, block_index=i))
            i += 1
    return out
