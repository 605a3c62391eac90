"""Point-by-point tracking of one inspection against one or several later reports.

`track(items, documents)` is what the CLI, the service and the evaluation call: items are the
inspection's problems and recommendations (from `extract_items` or from gold), documents the
rectification reports in time order. With several reports each point's status is the latest
report that speaks to it — a "回头看" report that is silent about a point already finished does not
undo it — and its history keeps every report's verdict and evidence.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from classifiers.concepts import concepts_of, core_concepts
from extractors.model import Document

from . import decide, parts as parts_mod
from .cues import soft_substitute
from .align import PointQuery, SentenceIndex, Signals, bigrams, point_query, score_matrix, tokenize
from .passages import Sentence, sentences

ADDRESSED_AT = 0.5       # P(addressed) from which a point counts as answered
MIN_SCORE = 0.14        # below this a sentence is not about the point at all
RELATIVE = 0.55         # candidates within this share of the point's best sentence
COMPETE = 0.7           # a sentence belongs to the points scoring within this share of its best point
EVASIVE_SCORE = 0.22    # a boilerplate sentence this close to a point "talks around" it
WIDE = 0.35            # sentences this close to the point's best, and best for this point, inform its status
PART_COVERAGE = 0.3     # share of a part's topic words a sentence must contain to speak to it
PART_MIN_UNITS = 3      # a clause with fewer topic units of its own cannot be shown unanswered


_TOPIC_SHIFT = re.compile(r"^(?:与此同时|此外|另外|另一方面|同时[，,]|再者|还有)")


@dataclass
class Evidence:
    text: str
    page: int | None
    score: float

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "page": self.page, "score": round(self.score, 3)}


@dataclass
class Verdict:
    """One point against one report (or, for the combined result, against all of them)."""

    status: str
    evidence: list[Evidence] = field(default_factory=list)
    score: float = 0.0
    flags: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    evidence_texts: list[str] = field(default_factory=list)   # evidence + continuations (status input)


@dataclass
class TrackedPoint:
    id: str
    type: str
    title: str
    text: str
    status: str
    evidence: list[Evidence]
    score: float
    flags: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title, "text": self.text,
                "status": self.status, "evidence": [{"text": e.text, "page": e.page} for e in self.evidence],
                "score": round(self.score, 3), "flags": self.flags, "parts": self.parts, "history": self.history}


# ---------------------------------------------------------------------------------------------
def _select(matrix: list[list[Signals]], qi: int, sents: list[Sentence], best_of: list[float],
            best_cue_of: list[float]) -> tuple[list[int], list[int], dict[str, float], list[int]]:
    """Evidence sentences of point qi (best first), their continuations, and alignment features.

    A point competes for sentences only with points of its own type (`best_of` is the best score
    of any point of that type on each sentence): a recommendation restates its problem, so the
    two must be allowed to share the measure that answers both.
    """
    scores = [sig.score for sig in matrix[qi]]
    # a measure announced for another point ("在禁毒社工方面……") does not answer this one
    foreign = {i for i in range(len(sents)) if best_cue_of[i] >= 0.5 and matrix[qi][i].cue < 0.5 * best_cue_of[i]}
    eligible = [i for i, s in enumerate(sents) if not s.generic and i not in foreign and scores[i] >= COMPETE * best_of[i]]
    best = max((scores[i] for i in eligible), default=0.0)
    cands = sorted((i for i in eligible if scores[i] >= max(MIN_SCORE, RELATIVE * best)), key=lambda i: -scores[i])
    second = sorted((scores[i] for i in eligible), reverse=True)[1:2]
    # continuations: later sentences of the same paragraph that belong to no other point
    extra: list[int] = []
    chosen = set(cands)
    for i in sorted(cands):
        j = i + 1
        while j < len(sents) and sents[j].paragraph == sents[i].paragraph and j not in chosen:
            if sents[j].generic:
                j += 1
                continue
            if best_of[j] >= MIN_SCORE and scores[j] < COMPETE * best_of[j]:
                break  # another point's sentence: the measure for this one has ended
            if _TOPIC_SHIFT.match(sents[j].text) or (sents[j].cue_own and scores[j] < COMPETE * best_of[j]):
                break  # "与此同时" / "此外" / a new "针对……问题": the report moves on
            extra.append(j)
            chosen.add(j)
            j += 1
    # what the status decision reads is wider than the evidence shown: a point answered in three
    # places ("主体已封顶……预计明年投用" / "另外2个县尚在选址" / "完成了首批80个") is only as
    # finished as its least finished place, even when one place aligns much better than the others
    wide = [i for i in eligible if i not in chosen and scores[i] >= max(MIN_SCORE, WIDE * best)
            and scores[i] >= best_of[i] - 1e-9]
    top = matrix[qi][cands[0]] if cands else None
    feats = {
        "best": best,
        "best_cosine": top.cosine if top else 0.0, "best_title_cov": top.title_cov if top else 0.0,
        "best_sent_cov": top.sent_cov if top else 0.0, "best_figures": top.figures if top else 0.0,
        "best_cue": top.cue if top else 0.0, "n_evidence": float(len(cands)),
        "margin": best - (second[0] if second else 0.0),
        # how far the point's best sentence belongs to it rather than to a rival point
        "share": (scores[cands[0]] / best_of[cands[0]]) if cands and best_of[cands[0]] else 0.0,
    }
    return cands, extra, feats, wide


def _part_verdicts(title: str, pool: list[int], sents: list[Sentence], weight,
                   status_model, point_status: str, min_coverage: float = PART_COVERAGE) -> list[dict[str, Any]]:
    """Each clause of a compound lead sentence judged on the sentences that name its topic.

    Topic units are weighted by how distinctive they are among the inspection's own points:
    野生动物 in a wildlife inspection names every point and so identifies none.
    """
    chunks = parts_mod.split_parts(title)
    if not chunks:
        return []
    out = []
    units = [parts_mod.topic_units(tokenize(c)) for c in chunks]
    for k, chunk in enumerate(chunks):
        # what this clause names that the others do not (惠企政策 is the subject of both halves of
        # "惠企政策兑现慢，政策制定前听取企业意见不够"); a clause with nothing of its own keeps all its words
        wanted = _own_units(units, k) or units[k]
        # one or two topic units ("待遇偏低", "后继乏人", "数据难以互通") are too thin to prove a
        # clause was skipped — a report says 打通 for 互通 — so such a clause gets its own verdict
        # only where sentences speak to it, else it follows the point
        thin = len(wanted) < PART_MIN_UNITS
        total = sum(weight(b) for b in wanted)
        hits = []
        own_best = 0.0
        for i in pool:
            own = sum(weight(b) for b in wanted if b in sents[i].text) / total if total else 0.0
            own_best = max(own_best, own)
            where = f"{sents[i].text}|{sents[i].cue or ''}|{sents[i].heading}"
            cov = sum(weight(b) for b in wanted if b in where) / total if total else 0.0
            if cov >= min_coverage:
                hits.append((cov, i))
        hits.sort(key=lambda t: -t[0])
        ev = [i for _, i in hits]
        # a ritual sentence that names this clause more squarely than any measure does
        # ("护林员队伍年龄结构问题，……需要从长计议") means the report talked around it
        paragraphs = {sents[i].paragraph for i in pool}
        talked_around = max((sum(weight(b) for b in wanted if b in s.text) / total
                             for s in sents if s.generic and s.paragraph in paragraphs and total), default=0.0)
        if talked_around >= PART_COVERAGE and talked_around > own_best:
            ev = []
        if not total or (thin and not ev and point_status != "not_addressed"):
            status = point_status       # a clause with no topic of its own, or too thin a one, follows the point
        elif not ev or point_status == "not_addressed":
            status, ev = "not_addressed", []
        else:
            texts = [sents[i].clean for i in sorted(ev)]
            status, _ = decide.status_of(texts, status_model)
        out.append({"text": chunk, "status": status,
                    "evidence": [{"text": sents[i].clean, "page": sents[i].page} for i in ev[:2]]})
    return out


def _own_units(units: list[set[str]], k: int) -> set[str]:
    """The topic units of clause k that no other clause of the same point has."""
    return units[k] - set().union(*(u for j, u in enumerate(units) if j != k))


UNANSWERED = 0.15   # a demand whose distinctive words reach this share in no sentence was never answered


def demand_clauses(title: str, text: str) -> list[str]:
    """The demands a recommendation lists after its lead ("制定……计划；推进……对接，开展……试点。")."""
    lead = title.rstrip("。")
    body = text[len(lead):] if text.startswith(lead) else text
    return [c.strip("，, ") for c in re.split(r"[；;。\n]", body) if len(re.sub(r"[^\u4e00-\u9fff]", "", c)) >= 6]


def _unanswered_demands(q: PointQuery, sents: list[Sentence], weight, status: str) -> list[dict[str, Any]]:
    """Parts for a recommendation one of whose demands the report never names at all.

    "推进电子公文系统与数字档案系统对接，开展单套制归档试点" asked in the same breath as the
    digitisation plan the report does answer: the demand's own words (电子公文, 单套制) occur in no
    sentence. Only recommendations are read this way — a problem's explanation also carries
    background that no answer repeats — and only a demand with no trace anywhere counts.
    """
    clauses = demand_clauses(q.title, q.text)
    if len(clauses) < 2:
        return []
    out, missing = [], False
    units = [parts_mod.topic_units(tokenize(c)) for c in clauses]
    lead = parts_mod.topic_units(tokenize(q.title))
    for k, clause in enumerate(clauses):
        # what this demand asks that the lead and the other demands do not (数字档案 is the subject of all)
        wanted = _own_units(units, k) - lead
        total = sum(weight(u) for u in wanted)
        if len(wanted) < 3 or not total:
            out.append({"text": clause, "status": status, "evidence": []})
            continue
        best = max((sum(weight(u) for u in wanted if u in f"{s.text}|{s.cue or ''}|{s.heading}") / total
                    for s in sents if not s.generic), default=0.0)
        gone = best < UNANSWERED
        missing |= gone
        out.append({"text": clause, "status": "not_addressed" if gone else status, "evidence": []})
    return out if missing else []


def _unfinished_tail(chosen: list[int], sents: list[Sentence], scores: list[float]) -> list[int]:
    """Sentences later in an evidence paragraph that say the work is not over.

    "新增社会工作者12名，已全部上岗；司法所人员不足问题正在会同编办研究，拟逐步解决" — the second half
    names no measure, so it cannot address a point (it is filtered as generic), but it does tell
    the reader the point is still open. It counts for status only, and only when it mentions the
    point at all (a positive alignment score) and carries a plan or remainder cue.
    """
    if not chosen:
        return []
    first = {}
    for i in chosen:
        first[sents[i].paragraph] = min(first.get(sents[i].paragraph, i), i)
    out = []
    for j, s in enumerate(sents):
        if not s.generic or j in chosen or s.paragraph not in first or j < first[s.paragraph]:
            continue
        if scores[j] > 0 and s.unfinished:
            out.append(j)
    return out


def status_texts(cands: list[int], extra: list[int], sents: list[Sentence], scores: list[float]) -> list[str]:
    """What the resolved/in-progress decision reads: evidence, continuations and unfinished tails,
    and the title of a section that files the evidence as unfinished ("二、未达预期的事项")."""
    chosen = sorted(set(cands) | set(extra) | set(_unfinished_tail(cands + extra, sents, scores)))
    sections = dict.fromkeys(filter(None, (decide.cues.open_section(sents[i].heading) for i in cands + extra)))
    return [sents[i].clean for i in chosen] + list(sections)


def analyse(queries: list[PointQuery], doc: Document):
    """Sentences, their index, the score matrix and each point's selected evidence (for training too)."""
    sents = sentences(doc)
    if not sents or not queries:
        return None
    index = SentenceIndex.build(sents)
    matrix = score_matrix(index, queries)
    best_of: dict[str, list[float]] = {}
    best_cue_of: dict[str, list[float]] = {}
    for t in {q.type for q in queries}:
        rows = [matrix[k] for k, q in enumerate(queries) if q.type == t]
        best_of[t] = [max(row[i].score for row in rows) for i in range(len(sents))]
        best_cue_of[t] = [max(row[i].cue for row in rows) for i in range(len(sents))]
    selections = [_select(matrix, qi, sents, best_of[q.type], best_cue_of[q.type]) for qi, q in enumerate(queries)]
    for q, (cands, extra, feats, _) in zip(queries, selections):
        feats["core_overlap"] = core_overlap(q.title, [sents[i].text for i in cands + extra])
    return sents, index, matrix, selections


def core_overlap(title: str, texts: list[str]) -> float:
    """Share of the point's core concepts (staff, money, sanctions …) its evidence names at all.

    An answer that fixes the easy half (培训 for 查处不力, 宣传折页 for 滥用标志) aligns well on the
    point's words but names none of its core; the addressed model weighs this with the rest.
    """
    core = core_concepts(title)
    if not core or not texts:
        return 1.0 if texts else 0.0
    have = set().union(*(concepts_of(t) for t in texts))
    return len(core & have) / len(core)


def track_report(queries: list[PointQuery], doc: Document, addressed_model=None, status_model=None) -> list[Verdict]:
    """Verdicts of every point against one later report."""
    analysis = analyse(queries, doc)
    if analysis is None:
        return [Verdict("not_addressed") for _ in queries]
    sents, index, matrix, selections = analysis
    point_texts = [q.text or q.title for q in queries]

    weights: dict[str, float] = {}

    def unit_weight(unit: str) -> float:
        w = weights.get(unit)
        if w is None:
            df = sum(1 for t in point_texts if unit in t)
            w = weights[unit] = math.log(1 + len(point_texts) / (1 + df))
        return w

    verdicts = []
    for qi, q in enumerate(queries):
        cands, extra, feats, wide = selections[qi]
        p_addr = decide.addressed_probability(feats, addressed_model) if cands else 0.0
        # a ritual sentence "talks around" a point only when it names the point's topic
        generic_best = max((matrix[qi][i].score for i, s in enumerate(sents)
                            if s.generic and not decide.cues.is_intro(s.text)
                            and (matrix[qi][i].title_cov >= 0.15 or matrix[qi][i].cue >= 0.3)), default=0.0)
        flags: list[str] = []
        if not cands or p_addr < ADDRESSED_AT:
            if generic_best >= EVASIVE_SCORE and generic_best >= 0.8 * feats["best"]:
                flags.append("evasive")
            # a compound point may be answered in one half only, too thinly to align as a whole
            parts = []
            if parts_mod.split_parts(q.title):
                pool = [i for i, s in enumerate(sents) if not s.generic]
                parts = _part_verdicts(q.title, pool, sents, unit_weight, status_model, "in_progress",
                                       min_coverage=0.5)
                if not any(p["status"] != "not_addressed" for p in parts):
                    parts = [dict(p, status="not_addressed", evidence=[]) for p in parts]
                elif "evasive" not in flags:
                    flags.append("evasive")
            # absence of a measure is never evidence: no evidence list for a point not addressed
            v = Verdict("not_addressed", [], p_addr, flags, parts, features=feats)
            verdicts.append(v)
            continue
        if soft_substitute(q.title, [sents[i].text for i in cands + extra]):
            # 避重就轻: training or leaflets reported where staff, oversight or sanctions were asked for
            verdicts.append(Verdict("not_addressed", [], p_addr, ["evasive"], [], features={**feats, "soft_only": 1.0}))
            continue
        scores = [sig.score for sig in matrix[qi]]
        texts = status_texts(cands, extra + wide, sents, scores)
        status, p_res = decide.status_of(texts, status_model)
        paragraphs = {sents[i].paragraph for i in cands + extra}
        pool = [i for i, s in enumerate(sents) if not s.generic
                and (s.paragraph in paragraphs or scores[i] >= max(MIN_SCORE, 0.4 * feats["best"]))]
        parts = _part_verdicts(q.title, pool, sents, unit_weight, status_model, status)
        if not parts and q.type == "recommendation":
            parts = _unanswered_demands(q, sents, unit_weight, status)
            feats["demand_unanswered"] = float(bool(parts))
        if parts:
            part_statuses = [p["status"] for p in parts]
            status = decide.least_advanced([status] + part_statuses) if "not_addressed" in part_statuses \
                else decide.least_advanced(part_statuses)
            if "not_addressed" in part_statuses and any(s != "not_addressed" for s in part_statuses):
                flags.append("evasive")
        evidence = [Evidence(sents[i].clean, sents[i].page, matrix[qi][i].score) for i in cands]
        evidence += [Evidence(sents[i].clean, sents[i].page, matrix[qi][i].score) for i in extra]
        verdicts.append(Verdict(status, evidence, p_addr, flags, parts, {**feats, "p_resolved": p_res}, texts))
    return _pair_up(queries, verdicts) if PAIR_UP else verdicts


PAIR_UP = True       # judge the k-th problem and the k-th recommendation together when the counts match
PAIR_SURE = 0.8      # a match this sure may carry a partner the report left unanswered to resolved


def _pair_up(queries: list[PointQuery], verdicts: list[Verdict]) -> list[Verdict]:
    """A recommendation answers the problem of the same number: judge the two as one.

    Reports list problems 一、…五、 and then recommendations 一、…五、 in the same order, and the
    later report answers the subject once ("针对执法力量薄弱的问题……"), so when the counts match
    the k-th problem and the k-th recommendation share their verdict — taken from whichever of
    the two the report answers more clearly (the higher alignment). Points whose counts do not
    match are left alone: the correspondence is then not known.
    """
    problems = [k for k, q in enumerate(queries) if q.type == "problem"]
    recs = [k for k, q in enumerate(queries) if q.type == "recommendation"]
    if not problems or len(problems) != len(recs):
        return verdicts
    out = list(verdicts)
    for a, b in zip(problems, recs):
        va, vb = verdicts[a], verdicts[b]
        if va.status == vb.status or not _same_subject(queries[a], queries[b]):
            continue
        lead, other = (va, b) if decide.ORDER.index(va.status) >= decide.ORDER.index(vb.status) else (vb, a)
        if _part_unanswered(verdicts[other]):
            lead, other = verdicts[other], (a if other == b else b)  # a demand never answered holds both back
        if verdicts[other].status == "not_addressed" and lead.status == "resolved" and lead.score < PAIR_SURE:
            continue  # one side unanswered, the other "resolved" on a weak match: each keeps its own
        out[other] = Verdict(lead.status, lead.evidence, lead.score, list(lead.flags), lead.parts,
                             dict(lead.features), list(lead.evidence_texts))
    return out


def _part_unanswered(v: Verdict) -> bool:
    return bool(v.features.get("demand_unanswered"))


def _same_subject(p: PointQuery, r: PointQuery) -> bool:
    """Do the k-th problem and the k-th recommendation speak of one subject (shared character
    pairs or a shared core concept)? Offices do not always keep the order (乡镇消防经费 ↔ 智慧消防)."""
    bp, br = bigrams(p.title + p.text[:60]), bigrams(r.title + r.text[:60])
    overlap = len(bp & br) / max(1, min(len(bp), len(br)))
    return overlap >= 0.1 or bool(core_concepts(p.title) & core_concepts(r.title + r.text[:60]))


def _combine(history: list[Verdict]) -> Verdict:
    """The latest report that speaks to a point decides; parts combine part by part."""
    addressed = [v for v in history if v.status != "not_addressed" or any(p["status"] != "not_addressed" for p in v.parts)]
    if not addressed:
        last = history[-1]
        return Verdict("not_addressed", [], max(v.score for v in history), list(last.flags), last.parts)
    latest = addressed[-1]
    if not any(v.parts for v in history):
        return latest
    # part-level carry-forward: a part finished earlier stays finished when a later report is silent on it
    names = [p["text"] for p in next(v.parts for v in history if v.parts)]
    combined = []
    for k, name in enumerate(names):
        state = {"text": name, "status": "not_addressed", "evidence": []}
        for v in history:
            if v.parts and k < len(v.parts) and v.parts[k]["status"] != "not_addressed":
                state = dict(v.parts[k])
            elif not v.parts and v.status != "not_addressed":
                state = {"text": name, "status": v.status, "evidence": [e.to_json() for e in v.evidence[:1]]}
        combined.append(state)
    statuses = [p["status"] for p in combined]
    flags = ["evasive"] if "not_addressed" in statuses and any(s != "not_addressed" for s in statuses) else []
    return Verdict(decide.least_advanced(statuses), latest.evidence, latest.score, flags, combined)


def track(items: list[Any], documents: list[Document], names: list[str] | None = None,
          addressed_model=None, status_model=None) -> list[TrackedPoint]:
    """Track every problem and recommendation through the later reports (in time order)."""
    queries = [point_query(it) for it in items]
    per_doc = [track_report(queries, d, addressed_model, status_model) for d in documents]
    names = names or [d.source for d in documents]
    out = []
    for qi, q in enumerate(queries):
        history = [verdicts[qi] for verdicts in per_doc]
        final = _combine(history) if history else Verdict("not_addressed")
        hist_json = []
        if len(history) > 1:
            for name, v in zip(names, history):
                entry = {"rectification": name, "status": v.status,
                         "evidence": [{"text": e.text, "page": e.page} for e in v.evidence], "score": round(v.score, 3)}
                if v.flags:
                    entry["flags"] = v.flags
                if v.parts:
                    entry["parts"] = v.parts
                hist_json.append(entry)
        out.append(TrackedPoint(q.id, q.type, q.title, q.text, final.status, final.evidence, final.score,
                                final.flags, final.parts, hist_json))
    return out
