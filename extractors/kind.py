"""Which of the contract's kinds a document is, from its title first, then its structure and wording.

The title is decisive in official documents (关于……审议意见研究处理情况的报告 is always a
rectification report, whatever else it says); order matters because titles nest each other's
words: a rectification report names the 审议意见 it answers, a comment letter names the 草案.
"""
from __future__ import annotations

import re

from .model import Block

_RECT = re.compile(r"(整改|研究处理|办理|落实).{0,12}(情况|结果|工作)?的?(报告|说明|汇报)|审议意见.{0,10}(落实|办理|研究处理|整改)")
_COMMENTS = re.compile(r"意见(建议)?(汇总|征集|反馈|梳理)|意见表|建议表|修改(意见|建议)|》的?(意见|建议)|(意见|建议)[的]?(信|函)$|提出的?(意见|建议)")
_DRAFT = re.compile(r"(条例|办法|规定|细则|决定|规则)\s*[（(]\s*(草案|修正草案|修订草案|征求意见稿|送审稿|修改稿)|修正案\s*[（(]草案|草案[）)]?$|征求意见稿")
_INSPECTION = re.compile(r"执法检查|实施情况的?(检查)?报告|视察|调研|审议意见|专题询问|评议|监督")
_REGULATION = re.compile(r"(条例|办法|规定|规则|实施细则)$")


def detect_kind(title: str | None, blocks: list[Block]) -> str:
    title = (title or "").strip()
    articles = sum(1 for b in blocks if b.label_kind == "article")
    if title:
        # The last noun is the genre: "……审计查出问题整改情况报告的审议意见" is the committee's
        # opinion *on* a rectification report, itself feedback the government must answer.
        if title.endswith("审议意见"):
            return "inspection_report"
        # "……规定贯彻落实情况的检查报告" checks how a law is carried out: an inspection. Only the
        # follow-up of 审议意见 or of 整改 ("审议意见落实情况的报告") answers one.
        if re.search(r"(评议|视察|调研|检查)(意见|报告)$", title) and not (
                re.search(r"(研究处理|整改|落实|办理)(情况|结果)", title[-12:]) and re.search(r"审议意见|整改|研究处理", title)):
            return "inspection_report"
        if _RECT.search(title):
            return "rectification_report"
        if _COMMENTS.search(title):
            return "comments"
        if _DRAFT.search(title) or (articles >= 2 and _REGULATION.search(title)):
            return "draft_regulation"
        if _INSPECTION.search(title):
            return "inspection_report"
    if articles >= 5 or (articles >= 2 and _REGULATION.search(title)):
        return "draft_regulation"
    body = "".join(b.text for b in blocks[:200])
    if any(b.type == "table_row" and re.search(r"意见|建议", b.text) for b in blocks[:3]) and \
            sum(1 for b in blocks if b.type == "table_row") >= 3:
        return "comments"
    rect_cues = len(re.findall(r"针对|已完成|整改到位|下一步|研究处理", body))
    headings = "".join(b.text for b in blocks if b.type == "heading")
    insp_cues = len(re.findall(r"存在的?(主要|突出)?问题|问题和不足|困难和不足|意见建议|意见和建议|几点建议|对策建议|审议意见", headings))
    insp_cues += len(re.findall(r"执法检查组|视察组|调研组", body[:600]))
    opening = "".join(b.text for b in blocks[:4])[:400]
    if rect_cues >= 4 and rect_cues > insp_cues and re.search(r"审议意见|整改|研究处理", opening):
        return "rectification_report"
    if insp_cues >= 2:
        return "inspection_report"
    return "other"
