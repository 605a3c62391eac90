"""The shared structure pass run after every reader: labels, headings and levels, title, kind.

Readers know their format's facts (Word's numbering, a PDF line's font size); this pass applies
the conventions of Chinese official documents to all of them alike, so a report reads the same
whether it came as .docx, .pdf or .txt:
- a typed numbering label is split off the text (Word's drawn labels arrive already split);
- 一、 > （一） > 1. > （1） > ① and 第X编 > 第X章 > 第X节 give heading levels, ranked among the
  kinds a document actually uses (a report that starts at （一） has （一） at level 1);
- a short numbered line is a heading, a long one a numbered paragraph (list_item);
- the title (关于……的报告, ……条例（草案）) is lifted out of the body, not mistaken for a heading.
"""
from __future__ import annotations

import re
from statistics import median

from .kind import detect_kind
from .model import Block, Document
from .numbering import HIERARCHY, hierarchy_rank, split_label

HEADING_MAX = 36
_TITLE_WORDS = re.compile(r"^关于.{2,}(报告|意见|决定|通知|函|说明|建议|汇报|情况)$|(条例|办法|规定|细则|规则|决定)([（(].{2,8}[）)])?$|意见汇总表?$|(报告|审议意见)$")
_SENTENCE_PUNCT = re.compile(r"[，,；;：:！？]")
_DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_RED_HEADER = re.compile(r"^\S{2,30}(文件|公报|简报|通报)$")
_DATE_OR_ORG = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$|^[（(]?\d{4}年\d{1,2}月\d{1,2}日|(人大常委会|人民政府|委员会|办公室|检查组|调研组|视察组)$")


def _assign_label(block: Block) -> None:
    if block.type == "table_row":
        return
    if block.label:
        label, _ = split_label(block.label + "文")
        block.label_kind = label.kind if label else "word"
        return
    label, rest = split_label(block.text)
    if label is None:
        return
    block.label, block.text, block.label_kind = label.text, rest, label.kind
    if block.bold_lead:  # the bold run is the lead sentence, not the number in front of it
        lead = block.bold_lead[len(label.text):].strip() if block.bold_lead.startswith(label.text) else block.bold_lead
        block.bold_lead = lead if len(lead) >= 2 else None


def _is_heading_text(text: str) -> bool:
    body = text.rstrip("。.")
    return 0 < len(body) <= HEADING_MAX and not _SENTENCE_PUNCT.search(body) and "。" not in body


_CLAUSE_PUNCT = re.compile(r"[；;！？。]")


def _is_labelled_heading(text: str) -> bool:
    """"（二）执法手段用得不足，处罚普遍偏轻" or "一、校内这条线：课后服务": a numbered short line with a
    comma or an inner colon but no closing stop is a heading in official prose; a numbered paragraph
    item ends its sentence with 。 or ；, and a line ending on a colon introduces what follows."""
    colons = len(re.findall(r"[：:]", text))
    return 0 < len(text) <= HEADING_MAX and not _CLAUSE_PUNCT.search(text) and text.count("，") <= 1 \
        and colons <= 1 and not text.rstrip().endswith(("：", ":"))


def _find_title(doc: Document) -> None:
    blocks = doc.blocks
    if not blocks:
        return
    sizes = [b.font_size for b in blocks if b.font_size]
    body_size = median(sizes) if sizes else None
    start = 0
    while start < min(len(blocks), 4) and blocks[start].type == "paragraph" and not blocks[start].label and (
            (_DATE_OR_ORG.search(blocks[start].text) and blocks[start].align != "center")
            or _DOC_NUMBER.search(blocks[start].text) or _RED_HEADER.search(blocks[start].text)):
        start += 1  # a red header (……人民代表大会常务委员会文件), document number or issuing office above the title
    if start >= len(blocks):
        return
    first = blocks[start]
    if first.label or first.type == "table_row":
        return
    picked: list[int] = []
    big = body_size is not None and first.font_size is not None and first.font_size >= body_size + 3
    styled = first.style in ("Title", "md1") or big or (first.align == "center" and (
        body_size is None or (first.font_size or 0) >= body_size + 1.5 or first.bold))
    if styled:
        picked.append(start)
        j = start + 1
        while j < len(blocks) and j < start + 3 and (blocks[j].align == "center" or big) and not blocks[j].label and \
                first.font_size is not None and abs((blocks[j].font_size or 0) - first.font_size) < 0.6 and \
                first.style != "md1" and not blocks[j].text.startswith(("——", "—", "（", "(")):
            picked.append(j)
            j += 1
    elif _TITLE_WORDS.search(first.text) and len(first.text) <= 80 and not first.text.endswith("。"):
        picked.append(start)
    if picked:
        doc.title = "".join(blocks[i].text for i in picked)
        doc.blocks = [b for i, b in enumerate(blocks) if i not in picked]


def _decide_types(doc: Document) -> None:
    in_article = False
    n = len(doc.blocks)
    for i, b in enumerate(doc.blocks):
        if b.type == "table_row":
            continue
        kind = b.label_kind
        if kind in ("bian", "zhang", "jie"):
            b.type, in_article = "heading", False
        elif kind == "article":
            b.type, in_article = "list_item", True
        elif kind in HIERARCHY or kind == "word":
            if in_article:
                b.type = "list_item"
            elif b.type == "heading" or _is_heading_text(b.text) or _is_labelled_heading(b.text):
                b.type = "heading"
            else:
                b.type = "list_item"
        elif b.type == "heading":
            if len(b.text) > 60 and b.style not in ("md1", "md2", "md3", "md4"):
                b.type = "paragraph"
        elif b.bold and _is_heading_text(b.text) and not _DATE_OR_ORG.search(b.text) and not b.text.endswith("。"):
            b.type = "heading"
        elif doc.format in ("txt", "md") and _is_heading_text(b.text) and not b.text.endswith("。") and \
                not _DATE_OR_ORG.search(b.text) and i + 1 < n and len(doc.blocks[i + 1].text) > 2 * len(b.text) and \
                len(b.text) <= 24:
            b.type = "heading"


def _assign_levels(doc: Document) -> None:
    heading_kinds = {b.label_kind for b in doc.blocks if b.type == "heading" and b.label_kind in HIERARCHY}
    ranked = sorted(heading_kinds, key=lambda k: hierarchy_rank(k) or 0)
    level_of = {k: i + 1 for i, k in enumerate(ranked)}
    deepest = len(ranked)
    for b in doc.blocks:
        if b.type == "table_row":
            continue
        kind = b.label_kind
        if b.type == "heading":
            if kind in level_of:
                b.level = level_of[kind]
            elif b.outline_level:
                b.level = max(1, b.outline_level - (1 if b.style and b.style.startswith("md") else 0))
            else:
                b.level = 1
        elif b.type == "list_item":
            if kind == "article":
                b.level = sum(1 for k in ("bian", "zhang", "jie") if k in level_of) + 1
            elif kind in level_of:
                b.level = level_of[kind]
            else:
                rank = hierarchy_rank(kind or "")
                deeper = [level_of[k] for k in level_of if rank is not None and (hierarchy_rank(k) or 0) < rank]
                b.level = (max(deeper) + 1) if deeper else deepest + 1


def finish(doc: Document) -> Document:
    doc.blocks = [b for b in doc.blocks if b.text.strip() or b.type == "table_row"]
    for b in doc.blocks:
        _assign_label(b)
    if doc.title is None:
        _find_title(doc)
    _decide_types(doc)
    _assign_levels(doc)
    doc.kind = detect_kind(doc.title, doc.blocks)
    return doc
