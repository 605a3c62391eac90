"""The 修改对照表 between two versions of a draft, and carrying comments across versions.

Between 一审稿 and 二审稿 articles are inserted, deleted, moved and reworded, so every later
article is renumbered: comparing article 12 with article 12 says nothing. Articles are aligned
by what they say: character-bigram cosine between every old and new article (cross-references
like 第十二条 blanked out, since they change with the renumbering), plus a small bonus for
staying in the same relative position, solved as one assignment (Hungarian method) so each
article pairs at most once. Pairs below the similarity floor are added/deleted articles. Pairs
that break the longest increasing run of new numbers are *moved*; the others are unchanged or
changed in place. Changed wording is marked with character-level diff spans (difflib).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .drafts import Article, Draft, article_label
from extractors.numbering import CN_NUM_CHARS, cn_to_int, int_to_cn

_REF = re.compile(rf"第([{CN_NUM_CHARS}\d]+)条")
MIN_SIMILARITY = 0.35
POSITION_WEIGHT = 0.1


@dataclass
class Span:
    """One stretch of a character diff: equal, insert, delete or replace."""

    op: str
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


@dataclass
class ArticleChange:
    """One row of the 对照表."""

    status: str  # unchanged, changed, moved, added, deleted
    old: int | None
    new: int | None
    old_text: str = ""
    new_text: str = ""
    similarity: float | None = None
    spans: list[Span] = field(default_factory=list)
    note: str = ""

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old != self.new

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "old": self.old, "new": self.new,
                "old_label": article_label(self.old) if self.old else None,
                "new_label": article_label(self.new) if self.new else None,
                "renumbered": self.renumbered, "text_changed": self.changed if self.status not in ("added", "deleted") else None,
                "similarity": None if self.similarity is None else round(self.similarity, 4),
                "old_text": self.old_text, "new_text": self.new_text,
                "spans": [s.to_json() for s in self.spans], "note": self.note}


@dataclass
class DraftDiff:
    old: Draft
    new: Draft
    rows: list[ArticleChange]

    @property
    def mapping(self) -> dict[int, int | None]:
        """Old article number → new number (None: deleted)."""
        return {r.old: r.new for r in self.rows if r.old is not None}

    def summary(self) -> dict[str, int]:
        out = {k: 0 for k in ("unchanged", "changed", "moved", "added", "deleted")}
        for r in self.rows:
            out[r.status] += 1
        out["renumbered"] = sum(1 for r in self.rows if r.renumbered)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"old": {"source": self.old.source, "title": self.old.title, "articles": len(self.old.articles)},
                "new": {"source": self.new.source, "title": self.new.title, "articles": len(self.new.articles)},
                "summary": self.summary(),
                "mapping": {str(k): v for k, v in self.mapping.items()},
                "rows": [r.to_json() for r in self.rows]}


def _blank_refs(text: str) -> str:
    return _REF.sub("第条", text)


def char_spans(old: str, new: str) -> list[Span]:
    """Character-level diff (no junk heuristics: Chinese has no word spaces to lean on)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [Span(op, old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes()]


def similarity_matrix(old: list[Article], new: list[Article]) -> np.ndarray:
    """Cosine of character-bigram counts (cross-references blanked) between every old and new article."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    if not old or not new:
        return np.zeros((len(old), len(new)))
    vec = CountVectorizer(analyzer="char", ngram_range=(2, 2))
    X = vec.fit_transform([_blank_refs(a.text) for a in old] + [_blank_refs(a.text) for a in new])
    X = normalize(X.astype(float))
    A, B = X[:len(old)], X[len(old):]
    return (A @ B.T).toarray()


def _lis(seq: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tail_idx.append(i)
        else:
            tails[k] = x
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    out = set()
    i = tail_idx[-1] if tail_idx else -1
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


def _renumber_refs(text: str, mapping: dict[int, int | None]) -> str:
    def sub(m: re.Match[str]) -> str:
        n = cn_to_int(m.group(1))
        new = mapping.get(n) if n is not None else None
        return f"第{int_to_cn(new)}条" if new else m.group(0)
    return _REF.sub(sub, text)


def diff_drafts(old: Draft, new: Draft, min_similarity: float = MIN_SIMILARITY) -> DraftDiff:
    """Align the two versions' articles and classify every article (see the module docstring)."""
    from scipy.optimize import linear_sum_assignment

    S = similarity_matrix(old.articles, new.articles)
    pairs: list[tuple[int, int]] = []
    if S.size:
        po = np.linspace(0, 1, len(old.articles))[:, None] if len(old.articles) > 1 else np.zeros((1, 1))
        pn = np.linspace(0, 1, len(new.articles))[None, :] if len(new.articles) > 1 else np.zeros((1, 1))
        score = S + POSITION_WEIGHT * (1 - np.abs(po - pn))
        score = np.where(S >= min_similarity, score, -1.0)
        rows, cols = linear_sum_assignment(-score)
        pairs = [(int(i), int(j)) for i, j in zip(rows, cols) if S[i, j] >= min_similarity]
    pairs.sort()
    in_order = _lis([j for _, j in pairs])
    moved = {pairs[k] for k in range(len(pairs)) if k not in in_order}
    old_to_new = {old.articles[i].number: new.articles[j].number for i, j in pairs}
    mapping: dict[int, int | None] = {a.number: old_to_new.get(a.number) for a in old.articles}

    by_new: dict[int, ArticleChange] = {}
    for i, j in pairs:
        a, b = old.articles[i], new.articles[j]
        status = "moved" if (i, j) in moved else ("unchanged" if a.text == b.text else "changed")
        row = ArticleChange(status, a.number, b.number, a.text, b.text, float(S[i, j]))
        if a.text != b.text:
            row.spans = char_spans(a.text, b.text)
            if _renumber_refs(a.text, mapping) == b.text:
                row.note = "仅引用条文序号随条文调整"
        by_new[j] = row
    rows: list[ArticleChange] = []
    matched_old = {i for i, _ in pairs}
    deleted_after: dict[int, list[ArticleChange]] = {}  # new index after which a deleted article is shown
    last_new = -1
    for i, a in enumerate(old.articles):
        if i in matched_old:
            j = next(j for ii, j in pairs if ii == i)
            if (i, j) not in moved:
                last_new = j
            continue
        deleted_after.setdefault(last_new, []).append(ArticleChange("deleted", a.number, None, a.text, ""))
    rows.extend(deleted_after.get(-1, []))
    for j, b in enumerate(new.articles):
        rows.append(by_new.get(j) or ArticleChange("added", None, b.number, "", b.text))
        rows.extend(deleted_after.get(j, []))
    return DraftDiff(old, new, rows)


_QUOTE = re.compile(r"[“\"「『]([^”\"」』]{4,200})[”\"」』]")


def quoted_texts(text: str) -> list[str]:
    """Text a comment quotes from the draft (“每户限养一只犬”): its anchor besides the number."""
    return [q.strip() for q in _QUOTE.findall(text or "")]


def carry_comments(old_draft: Draft, new_draft: Draft, mapping: dict[str, list[int]],
                   texts: dict[str, str] | None = None, diff: DraftDiff | None = None) -> dict[str, list[int]]:
    """Comments on the old version → articles of the new one.

    `mapping` is comment id → old article numbers; `texts` (optional) the comments' texts. A
    comment is anchored by number and by the article text it quotes: a quote found in exactly
    one new article decides; otherwise the number goes through the diff alignment. A comment
    whose article was deleted carries to nothing (see `carry_details` for the reasons).
    """
    return {cid: d["articles"] for cid, d in carry_details(old_draft, new_draft, mapping, texts, diff).items()}


def carry_details(old_draft: Draft, new_draft: Draft, mapping: dict[str, list[int]],
                  texts: dict[str, str] | None = None, diff: DraftDiff | None = None) -> dict[str, dict[str, Any]]:
    """Like `carry_comments`, with how each article was carried and which were deleted."""
    diff = diff or diff_drafts(old_draft, new_draft)
    align = diff.mapping
    out: dict[str, dict[str, Any]] = {}
    for cid, olds in mapping.items():
        quotes = quoted_texts((texts or {}).get(cid, ""))
        arts: list[int] = []
        via: dict[int, str] = {}
        deleted: list[int] = []
        for n in olds:
            target = None
            for q in quotes:
                old_art = old_draft.article(n)
                if old_art is None or q not in old_art.text:
                    continue  # the quote is not from this article
                hits = [a.number for a in new_draft.articles if q in a.text]
                if len(hits) == 1:
                    target, via[n] = hits[0], "quote"
                    break
            if target is None:
                target = align.get(n)
                if target is not None:
                    via[n] = "alignment"
            if target is None:
                deleted.append(n)
            elif target not in arts:
                arts.append(target)
        out[cid] = {"articles": sorted(arts), "from": list(olds), "via": {str(k): v for k, v in via.items()},
                    "deleted": deleted}
    return out


STATUS_CN = {"unchanged": "未修改", "changed": "修改", "moved": "移动", "added": "新增", "deleted": "删除"}


def explain(row: ArticleChange) -> str:
    """The 说明 column: what happened to the article, in the office's words."""
    parts = []
    if row.status == "added":
        return "新增条款"
    if row.status == "deleted":
        return "删除条款"
    if row.status == "moved":
        parts.append(f"由原{article_label(row.old)}移至{article_label(row.new)}")  # type: ignore[arg-type]
    elif row.renumbered:
        parts.append(f"条序由原{article_label(row.old)}调整为{article_label(row.new)}")  # type: ignore[arg-type]
    if row.changed:
        parts.append(row.note or "文字修改")
    return "；".join(parts) or "未修改"


def write_docx(diff: DraftDiff, path: str, include_unchanged: bool = True) -> int:
    """The 修改对照表 as a Word table: 原条文 | 修改后条文 | 说明; deleted wording struck through,
    inserted wording bold and underlined. Returns the number of article rows written."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"《{diff.new.title or diff.old.title or '草案'}》修改对照表")
    run.bold = True
    run.font.size = Pt(18)
    s = diff.summary()
    doc.add_paragraph(f"原稿{len(diff.old.articles)}条，修改稿{len(diff.new.articles)}条：新增{s['added']}条，"
                      f"删除{s['deleted']}条，移动{s['moved']}条，文字修改{s['changed']}条，条序调整{s['renumbered']}条。")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, ("原条文", "修改后条文", "说明")):
        cell.text = h
        cell.paragraphs[0].runs[0].bold = True
    red = RGBColor(0xC0, 0x00, 0x00)
    n = 0
    for row in diff.rows:
        if row.status == "unchanged" and not row.renumbered and not include_unchanged:
            continue
        cells = table.add_row().cells
        n += 1
        po, pn = cells[0].paragraphs[0], cells[1].paragraphs[0]
        if row.old is not None:
            po.add_run(article_label(row.old) + "　").bold = True
        if row.new is not None:
            pn.add_run(article_label(row.new) + "　").bold = True
        if row.status == "deleted":
            r = po.add_run(row.old_text)
            r.font.strike = True
            r.font.color.rgb = red
            pn.add_run("（删除）")
        elif row.status == "added":
            r = pn.add_run(row.new_text)
            r.bold = r.underline = True
        elif not row.spans:
            po.add_run(row.old_text)
            pn.add_run(row.new_text)
        else:
            for sp in row.spans:
                if sp.old:
                    r = po.add_run(sp.old)
                    if sp.op != "equal":
                        r.font.strike = True
                        r.font.color.rgb = red
                if sp.new:
                    r = pn.add_run(sp.new)
                    if sp.op != "equal":
                        r.bold = r.underline = True
        cells[2].text = explain(row)
    from .comment_summary import set_column_widths

    set_column_widths(table, (Cm(10.5), Cm(10.5), Cm(4.5)))
    doc.save(path)
    return n
