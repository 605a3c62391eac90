"""Word automatic numbering for ``numbering: auto`` sources.

The typed heading labels (一、 （一） 1. （1） ①) are stripped from the text and drawn by
numbering.xml instead, because template-made drafts really look like that and a parser must
recover the label from numbering.xml. The counters must show exactly the typed labels, so the
plan simulates Word's counters and starts a new ``w:num`` (with ``w:startOverride`` on every
level, which both Word and LibreOffice read as "restart here") wherever the simulated value would
differ from the typed one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .jd import Block, JdDocument
from .labels import KINDS
from .styles import StylePreset

NUM_FMT = {"cn": "chineseCounting", "cn_paren": "chineseCounting", "dec": "decimal",
           "dec_paren": "decimal", "circle": "decimalEnclosedCircleChinese"}
_DEFAULT_TEMPLATE = {"cn": "%N、", "cn_paren": "（%N）", "dec": "%N.", "dec_paren": "（%N）", "circle": "%N"}


@dataclass
class Assignment:
    """How one heading paragraph is numbered: ``num_id`` None means numbering via its style;
    ``num_id`` 0 means explicitly no numbering (suppresses a style's numbering)."""

    num_id: int | None
    ilvl: int


@dataclass
class _Instance:
    num_id: int
    overrides: dict[int, int]
    counters: dict[int, int | None] = field(default_factory=dict)
    used: bool = False


@dataclass
class NumberingPlan:
    """The numbering definitions to write and the assignment of each heading block."""

    abstract_id: int
    templates: dict[str, str]  # kind → lvlText with %N
    style_ilvl: dict[int, int]  # heading level → ilvl carried by the Heading style (via="style")
    instances: list[_Instance]
    assignments: dict[int, Assignment]  # id(block) → assignment
    level_of_kind: dict[str, int]  # kind → heading level it mostly appears at (for label fonts)


def _auto_headings(doc: JdDocument) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "heading"]


def plan_numbering(doc: JdDocument, preset: StylePreset, first_abstract: int, first_num: int) -> NumberingPlan:
    """Decide ilvls, num instances and overrides so Word draws exactly the typed labels."""
    headings = _auto_headings(doc)
    templates: dict[str, str] = {}
    for b in headings:
        if b.label and b.label.kind not in templates:
            templates[b.label.kind] = b.label.template
    by_level: dict[int, Counter[str]] = {}
    by_kind: dict[str, Counter[int]] = {}
    for b in headings:
        if b.label and b.label.template == templates[b.label.kind]:
            assert b.level is not None
            by_level.setdefault(b.level, Counter())[b.label.kind] += 1
            by_kind.setdefault(b.label.kind, Counter())[b.level] += 1
    style_ilvl = {lvl: KINDS.index(c.most_common(1)[0][0]) for lvl, c in by_level.items()} \
        if preset.numbering_via == "style" else {}
    level_of_kind = {k: c.most_common(1)[0][0] for k, c in by_kind.items()}

    base = _Instance(first_num, {})
    instances = [base]
    cur = base
    assignments: dict[int, Assignment] = {}
    seen_level1 = False

    def new_instance(ilvl: int, value: int) -> _Instance:
        inst = _Instance(first_num + len(instances), {k: 1 for k in range(len(KINDS))} | {ilvl: value})
        instances.append(inst)
        return inst

    for b in headings:
        label = b.label
        if not label or label.template != templates[label.kind]:
            if b.label:
                doc.warnings.append(f"{doc.path}:{b.line}: label {label.text.strip()!r} differs in punctuation "
                                    "from the first of its kind; kept as typed text")
            if b.level in style_ilvl:
                assignments[id(b)] = Assignment(0, 0)
            continue
        k, v = KINDS.index(label.kind), label.value
        restart_here = preset.numbering_via == "restart" and b.level == 1 and seen_level1
        seen_level1 = seen_level1 or b.level == 1
        counter = cur.counters.get(k)
        if counter is not None:
            expected, clean = counter + 1, True
        else:
            start = cur.overrides.get(k, 1)
            expected, clean = start, (not cur.used) or start == 1
        if restart_here or expected != v or not clean:
            cur = new_instance(k, v)
        cur.used = True
        cur.counters[k] = v
        for j in range(k + 1, len(KINDS)):
            cur.counters[j] = None
        via_style = cur is base and style_ilvl.get(b.level) == k  # type: ignore[arg-type]
        assignments[id(b)] = Assignment(None if via_style else cur.num_id, k)
    return NumberingPlan(first_abstract, templates, style_ilvl, instances, assignments, level_of_kind)


def _el(tag: str, **attrs: str) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def write_numbering(numbering_el, plan: NumberingPlan, preset: StylePreset, style_ids: dict[int, str]) -> None:
    """Append the abstractNum and the num instances to the numbering part's ``w:numbering``."""
    absn = _el("w:abstractNum", abstractNumId=str(plan.abstract_id))
    absn.append(_el("w:multiLevelType", val="multilevel"))
    ilvl_style = {ilvl: style_ids[lvl] for lvl, ilvl in plan.style_ilvl.items()}
    indent = str(round(preset.body_size * 40)) if preset.heading_indent else "0"
    for ilvl, kind in enumerate(KINDS):
        lvl = _el("w:lvl", ilvl=str(ilvl))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=NUM_FMT[kind]))
        if ilvl in ilvl_style:
            lvl.append(_el("w:pStyle", val=ilvl_style[ilvl]))
        lvl.append(_el("w:suff", val="nothing"))
        template = plan.templates.get(kind, _DEFAULT_TEMPLATE[kind])
        lvl.append(_el("w:lvlText", val=template.replace("%N", f"%{ilvl + 1}")))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        ppr.append(_el("w:ind", left="0", firstLine=indent))
        lvl.append(ppr)
        look = preset.headings[min(plan.level_of_kind.get(kind, ilvl + 1), 4) - 1]
        rpr = _el("w:rPr")
        rpr.append(_el("w:rFonts", ascii=preset.latin_font, hAnsi=preset.latin_font, eastAsia=look.font))
        if look.bold:
            rpr.append(_el("w:b"))
        rpr.append(_el("w:sz", val=str(round(look.size * 2))))
        lvl.append(rpr)
        absn.append(lvl)
    first_num = numbering_el.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering_el.append(absn)
    for inst in plan.instances:
        num = _el("w:num", numId=str(inst.num_id))
        num.append(_el("w:abstractNumId", val=str(plan.abstract_id)))
        for ilvl, start in sorted(inst.overrides.items()):
            ov = _el("w:lvlOverride", ilvl=str(ilvl))
            ov.append(_el("w:startOverride", val=str(start)))
            num.append(ov)
        numbering_el.append(num)


def next_ids(numbering_el) -> tuple[int, int]:
    """First free abstractNumId and numId in an existing numbering part."""
    absn = [int(e.get(qn("w:abstractNumId"))) for e in numbering_el.findall(qn("w:abstractNum"))]
    nums = [int(e.get(qn("w:numId"))) for e in numbering_el.findall(qn("w:num"))]
    return max(absn, default=-1) + 1, max(nums, default=0) + 1


def num_pr(num_id: int, ilvl: int) -> OxmlElement:
    """A ``w:numPr`` element (ilvl before numId, as the schema orders them)."""
    pr = _el("w:numPr")
    pr.append(_el("w:ilvl", val=str(ilvl)))
    pr.append(_el("w:numId", val=str(num_id)))
    return pr
