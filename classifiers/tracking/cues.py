"""The wording that carries status in a rectification report: completion, plans, boilerplate.

Staff read status from a handful of verbal habits of official prose — 已建成、全部整改到位 with a
figure for finished work; 正在、逐步、下一步将、力争……前 for work begun or promised — and they learn to
skip the ritual sentences (高度重视、逐条研究、提高政治站位) that answer nothing. These lists encode
that reading habit once, as general knowledge of the genre, so the classifier learns weights over
cues rather than memorising the wording of any one report. They were written before the held-out
pairs and must not be tuned to them.
"""
from __future__ import annotations

import re

# --- completion ------------------------------------------------------------------------------
# "已" + a result verb is the core completion habit; the list of preparatory objects below turns
# "已制定方案 / 已起草 / 已启动" into a plan, because a plan written is not a problem solved.
DONE_PATTERNS = [
    r"已(?:经)?(?:全部|全面|基本|如期|按期|顺利)?(?:完成|建成|建立|出台|印发|办结|实现|达到|覆盖|消除|到位|投入|投用|运行|整改|落实|"
    r"设立|配备|配齐|招录|招聘|补齐|纳入|接入|开通|解决|取得|提高|提升|增加|缩短|压缩|关闭|拆除|复耕|发放|验收|挂牌|修订|制定|出台|"
    r"成立|组建|改造|安装|核增|开设|清理|销号|查处|办理|更新|上线|恢复)",
    r"全部(?:完成|建成|整改|到位|落实|消除|补齐|办结|复耕|纳入|接入|实现|发放|达标|拆除|清零)",
    r"(?:整改|落实|补齐|配备|发放|安装|招录|复耕)到位",
    r"(?:实现|达到)(?:了)?(?:全覆盖|100%|百分之百)",
    r"全覆盖", r"整改销号", r"清零", r"均已", r"已于\d{4}年", r"累计", r"建成(?:并)?投(?:入使|)用",
    r"(?:提高|提升|增加|缩短|压缩|下降|降低)(?:到|至|了)\d", r"由[\d.]+[^，。；]{0,8}(?:提高|缩短|压缩|增加|降低|下降)(?:到|至)",
    r"新建|新增|建成|办结|查办|破获|追讨|追发|培训[^，。；]{0,12}\d+人次|完工|竣工|通过[^，。；]{0,6}验收",
    r"完毕|现已|均已|落成|投运|正式运行|建成运行|实现常态化|如期完成|按期完成|顺利完成|全面完成|圆满完成|已实现",
    r"(?:扩展|扩大|提升|提高|增加|减少|下降|降低)(?:到|至)\d", r"(?:达到|达)\d+(?:\.\d+)?%",
    r"(?:全部|全员|均|所有[^，。；]{0,6})(?:建立|实现|覆盖|开通|纳入|到岗|上岗|合格|落实|完成|轮训|取证|配备|更换|恢复|腾退)",
    r"覆盖(?:所有|全部)|(?:复查|验收|考核|检测|抽检)合格",
    r"已(?:经)?(?:与|同|和)[^，。；]{1,30}?(?:完成|实现)(?:了)?(?:对接|联网|并网|联通|互通|共享)",
]
# --- begun, ongoing or promised --------------------------------------------------------------
PLAN_PATTERNS = [
    r"正在|正按|着手|筹备|起草|草拟|征求意见|待[^，。；]{1,12}后", r"下一步|今后|下阶段|接下来",
    r"计划(?:于|在|到|分)?|拟(?:于|在|将|定)?|预计|力争|争取|确保[^，。；]{0,10}前", r"将(?!其|此|该|所)",
    r"逐步|分批|分年度|分步|陆续|有序推进|加快推进|持续推进|稳步推进|抓紧|加紧",
    r"研究制定|研究建立|正在研究|列入(?:[^，。；]{0,6})?计划|纳入(?:[^，。；]{0,6})?计划|启动|试点|方案编制|编制[^，。；]{0,8}方案",
    r"年底前|年内|上半年|下半年|\d{4}年(?:底|前|内)",
    r"尚未|仍有|剩余|其余[^，。；]{0,20}(?:正在|将|按|分批)",
    r"明年|后年|来年|明后两年|届时|尚需|尚在|仍在|有待|之中|进行中|推进中|研究中|部分完成|试运行|尽快|适时|准备|谋划",
    r"其余|剩余|余下|另有\d|同步进行|正在进行|逐年|分步实施|分[两三四五几多]批",
    r"仍需|还需|还要|有待进一步|持续用力|暂未|暂时|需要(?:进一步)?(?:加强|推进|协调)|需与",
    r"(?:办理|实施|建设|推进|研究|进行|整改|落实|审核|审批|筹建|施工|调配|编制|修订)中(?![心央])",
    r"处于[^，。；]{0,10}阶段|进入[^，。；]{0,10}(?:环节|程序|阶段)|(?:调研|研究)?论证|目前正|正抓紧|正加紧|正会同|正组织|正督促|正按",
]
# Preparatory "completions": what is finished is only the paperwork for future work.
PREP_PATTERNS = [
    r"已(?:经)?(?:制定|拟定|起草|编制|形成|研究制定)[^，。；]{0,24}(?:方案|计划|规划|意见稿|草案|初稿)",
    r"已(?:经)?(?:启动|着手|部署|列入|纳入)[^，。；]{0,16}(?:计划|建设|工作|程序|议程)?",
    r"已(?:经)?(?:成立|组建)[^，。；]{0,12}筹备", r"已(?:经)?完成[^，。；]{0,16}(?:排查|摸底|调研|方案|论证|选址|立项|设计|编制)",
    r"已(?:经)?报[^，。；]{0,10}审", r"已(?:经)?开展[^，。；]{0,8}(?:试点|调研|摸底)",
    r"已(?:经)?完成[^，。；]{0,16}(?:招标|立项|审批|批复|初稿|可研|评审|征求意见)", r"获(?:得)?批复|已获批|已批复",
    r"已(?:经)?(?:分解)?下达", r"已(?:经)?(?:印发|出台)[^，。；]{0,24}方案",
]
# --- boilerplate ------------------------------------------------------------------------------
BOILERPLATE = [
    "高度重视", "逐条研究", "逐项研究", "认真研究", "研究落实", "抓好落实", "抓落实", "审议意见", "专题会议", "专题研究",
    "提高认识", "思想认识", "统一思想", "政治站位", "责任担当", "学习领会", "上级精神", "摆上", "议事日程", "责任感", "紧迫感",
    "做细做实", "加以解决", "积极探索", "有效途径", "高质量发展", "巩固", "新台阶", "以此为契机", "有关要求", "切实", "认真",
    "进一步", "不断", "全力", "着力", "积极推动", "统筹", "重要位置", "多次召开", "召开会议", "研究部署", "领导小组", "主要领导",
    "批示", "任务清单", "整改清单", "整改台账", "责任单位", "完成时限", "时间节点", "分解", "牵头", "跟踪", "持续抓好", "落到实处",
    "取得积极进展", "水平", "良好氛围", "工作机制", "强化", "加强", "推动", "提升", "确保", "坚持", "问题导向", "其他问题", "其他事项",
    "高度关注", "给予关注", "统筹研究", "一并考虑", "今后工作中", "一以贯之", "守土有责", "守土尽责", "压紧压实", "思想上",
    "对表对标", "调度", "传达学习", "抓手", "着落", "回音", "重要内容", "重要举措", "认识到", "放在心上",
]
_BOILER_RE = re.compile("|".join(map(re.escape, BOILERPLATE)))
# A concrete measure names a number, a document, a facility or a countable action.
CONCRETE_PATTERNS = [
    r"\d", r"(?:[二三四五六七八九十百千万两][一二三四五六七八九十百千万两]*|一[十百千万][一二三四五六七八九十百千万]*)"
    r"(?:个|名|处|座|家|所|件|项|期|场|次|批|公里|亩|万|台|条|支|人)", r"《[^》]+》",
    r"建成|新建|改造|招聘|招录|聘请|设立|开设|配备|出台|印发|关闭|拆除|查处|查办|立案|排查|检测|安装|接入|开通|组建|成立|挂牌|"
    r"发放|培训|复耕|截污|纳管|核增|划定|修订|制定|起草|编制|整治|清理|验收|试点|签订|建立|推行|实施|举办|投入(?:资金|使用|运行)|安排|派驻|"
    r"调增|兑付|补设|关停|取缔|上线|招标|开工|完成(?:了)?(?:对接|联网|并网|联通)",
]
_DONE = [re.compile(p) for p in DONE_PATTERNS]
_PLAN = [re.compile(p) for p in PLAN_PATTERNS]
_PREP = [re.compile(p) for p in PREP_PATTERNS]
_CONCRETE = [re.compile(p) for p in CONCRETE_PATTERNS]
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿|个|名|处|座|家|所|件|项|期|场|次|批|公里|平方米|亩|台|条|支|人|天|元|吨|张|册|对)")
_CUE = re.compile(r"(?:针对|关于|对于|就|围绕|在)([^，。；：]{2,40}?)(?:的|等|两方面|几方面)?(?:问题|短板|情况|不足|现象|方面|事项)")
_CUE_LEAD = re.compile(r"^(?:关于|对于|针对|围绕|就)([^，。；：]{2,24})[，,]")


# A promise with a date: 预计明年6月完工, 力争2025年底前, 拟于下半年 — the work is not done yet.
_FUTURE = re.compile(r"(?:预计|计划|力争|争取|拟|将|确保|预期)[^，。；]{0,12}(?:明年|后年|下半年|上半年|年底|年内|\d{4}年|\d{1,2}月|前)")


# Work explicitly left over: 其余70个……待春节后整改 / 仍需持续用力 / 尚未下达 — whatever else was finished.
_REMAINDER = re.compile(r"其余|剩余|余下|仍需|还需|尚需|尚未|暂未|仍在|尚在|部分完成|待[^，。；]{1,14}后|未完成|首批|第一批|"
                        r"(?:还有|尚有|另有)\d")


def remainder_hits(text: str) -> int:
    return len(_REMAINDER.findall(text))


def count(patterns: list[re.Pattern[str]], text: str) -> int:
    return sum(len(p.findall(text)) for p in patterns)


def done_hits(text: str) -> int:
    return count(_DONE, text)


def plan_hits(text: str) -> int:
    return count(_PLAN, text)


def prep_hits(text: str) -> int:
    return count(_PREP, text)


def figures(text: str) -> int:
    return len(_FIGURE.findall(text))


def boiler_hits(text: str) -> int:
    return len(_BOILER_RE.findall(text))


_YEAR = re.compile(r"(?:19|20)\d\d年(?:度)?")


def is_concrete(text: str) -> bool:
    """A figure, a document, a facility or a countable action — a year alone is none of these."""
    text = _YEAR.sub("", text)
    return any(p.search(text) for p in _CONCRETE)


# Verbs of attitude and intention: what a report says when it has nothing to report.
_ATTITUDE = re.compile(r"重视|关注|认为|责成|要求|强调|研究|考虑|对待|(?<!整)改进(?!度)|创造条件|加以|长期任务|十分重要|非常重要|高度|部署")


# A clause that ends on an abstract verb of intent promises nothing checkable.
_EMPTY_PROMISE = re.compile(r"(?:研究|解决|考虑|支持|改进|对待|重视|关注|加以[\u4e00-\u9fff]{0,2}|推进|统筹|争取|办法|综合施策)[。；！]?$")


# "X是Y的重要组成部分 / 骨干力量 / 第一道关口": a definition praises the subject instead of acting on it.
_DEFINITION = re.compile(r"是[^，。；]{0,30}(?:重要|关键|基础|骨干|第一道|前提|保障|支撑|根本|核心|重中之重|必然要求|"
                         r"应有之义|组成部分|来源|窗口|关口|防线|力量|抓手|途径|环节|短板|难点|弱项)")
# Attitude and intention only: 十分关心 / 充分理解基层的难处 / 表示要 / 有了更深的认识 / 要求……增强意识.
_STANCE = re.compile(r"关心|关切|理解|难处|表示|认识|意识|态度|重视|关注|要求|强调|责成|尽力|尽可能|力所能及|予以倾斜|"
                     r"研究|考虑|支持|对此|一贯|一直|始终|认为|关系到|循序渐进|从长计议|破题|久久为功")
# The topic a sentence announces ("关于……的问题") is neither content nor stance.
_TOPIC_CLAUSE = re.compile(r"^(?:关于|对于|针对|至于|就)[^，。；]{2,40}(?:问题|情况|方面|事项)$")


def _all_clauses_empty(text: str) -> bool:
    """Every clause a definition or a stance, none with a figure, a document or finished work.

    Whole-sentence word lists miss these because a noun inside them looks like an action
    (招标投标违法行为 contains 招标); clause by clause, nothing in them is a measure.
    """
    if _substantive(text):
        return False
    clauses = [c for c in re.split(r"[，,；;。：:]", text)
               if len(re.sub(r"[^\u4e00-\u9fff]", "", c)) >= 4 and not _TOPIC_CLAUSE.match(c.strip())]
    return bool(clauses) and any(_DEFINITION.search(c) for c in clauses) and \
        all(_DEFINITION.search(c) or _STANCE.search(c) for c in clauses)


# Deferral to some later occasion: "县政府将在编制以后年度预算时综合权衡" promises a thought, not a measure.
_DEFERRAL = re.compile(r"(?:将|会|拟)在[^，。；]{2,30}(?:时|中|过程中|之际)[^，。；]{0,8}"
                       r"(?:综合权衡|权衡|统筹考虑|一并考虑|通盘考虑|研究考虑|予以考虑|酌情|斟酌|统筹研究|一并研究)")
# Put off, with or without a reason: "按程序申请缓办", "尚不具备动工的前提", "会商编制部门后再行明确".
_POSTPONED = re.compile(r"缓办|暂缓(?:实施|推进|办理|执行)|(?:暂|尚|还)不具备[^，。；]{0,10}(?:条件|前提)|"
                        r"后再行(?:明确|研究|考虑|确定)|另行研究|暂不(?:予以)?(?:调整|考虑|实施)")


def _substantive(text: str) -> bool:
    """A figure, a named document or work done: what no ritual or put-off sentence carries."""
    return bool(re.search(r"\d|《", text) or done_hits(text))


def is_generic(text: str) -> bool:
    """True for a ritual sentence that names no concrete measure (no figure, document or action).

    "对审议意见高度重视，逐条研究落实" or "提高政治站位，严格按照有关要求开展工作" mention a topic at
    most; they never count as addressing a point, however well their words match it.
    """
    if is_intro(text):
        return True
    if _EMPTY_PROMISE.search(text.strip()) and not re.search(r"\d|《|已|正在|正[^，。；]{0,2}(?:进行|组织|编制|开展)", text) \
            and not done_hits(text):
        return True  # "……需统筹研究解决" / "……将积极争取上级支持": a promise with nothing in it
    if (_DEFERRAL.search(text) or _POSTPONED.search(text)) and not _substantive(text):
        return True
    if _all_clauses_empty(text):
        return True  # "投诉举报是……重要窗口，市政府一直对此十分关注，要求……增强服务意识"
    if is_concrete(text):
        return False
    stripped = _BOILER_RE.sub("", text)
    return boiler_hits(text) > 0 or bool(_ATTITUDE.search(text)) or len(re.sub(r"[^\u4e00-\u9fff]", "", stripped)) < 8


# How the answer opens: the committee reviewed the report, the opinions were sent and received.
_RECEIPT = re.compile(r"(?:人大常委会|常委会)[^。；]{0,24}会议[^。；]{0,12}审议了|审议意见[^。；]{0,24}(?:送交|转交|交办|收悉)|"
                      r"(?:收到|收悉|接到)[^。；]{0,50}(?:审议意见|检查报告)")


def is_intro(text: str) -> bool:
    """The sentences that introduce the report ("现将……报告如下", "……会议审议了执法检查组关于……的报告"):
    about every point, so about none."""
    return bool(re.search(r"如下[：:。]?$|报告如下|汇报如下", text.strip())) or \
        (bool(_RECEIPT.search(text)) and not done_hits(_RECEIPT.sub("", text)))


def cue_topic(text: str) -> str | None:
    """The topic a measure announces: "针对执法力量薄弱的问题" → "执法力量薄弱"."""
    m = _CUE.search(text) or _CUE_LEAD.search(text)
    return m.group(1) if m else None


# Aspect in the grammar rather than the vocabulary: whatever verb follows, 已/业已/均已 mark work
# done, 将/拟/计划/争取 work promised, 未/尚未 work not done. These generalise to verbs no list names.
_PERFECTIVE = re.compile(r"(?:业已|已经|现已|均已|都已|皆已|早已|已)(?![^，。；]{0,20}(?:方案|计划|规划|草案|初稿|立项|招标|申请|报批|报送))")
_PROSPECTIVE = re.compile(r"(?<![即必])将(?!其|此|该|所)|拟|计划|争取|力争|预计|准备|打算|有望|待")
_NEGATED = re.compile(r"尚未|暂未|未能|没有|未(?:完成|到位|落实|解决|建成|实现|出台)|不到位")


# The unmistakable marks of open work, without the noisy ones (将 is also 把, 逐步 also describes
# finished work): under way (正在/正结合), hoped-for dates (有望/预计……前), what is left (其余/另外38处/首期).
_STILL_OPEN = re.compile(r"正在|正(?:结合|指导|组织|会同|抓紧|加紧|按照?|督促|履行|开展|推进|实施|编制|进行|筹|办理|协调|研究)|"
                         r"有望|预计|力争|争取[^，。；]{0,10}(?:前|年|月)|计划(?:于|在|到)?[^，。；]{0,8}(?:年|月|前)|"
                         r"其余|剩余|余下|剩下|尚未|暂未|尚在|仍在|仍需|还需|尚需|首期|首批|第一批|(?:另外|另有|还有|尚有)\d|待[^，。；]{1,14}后|"
                         r"拟于|准备(?:明年|下半年|年内)|初稿|征求意见稿|报请|排入|列入[^，。；]{0,12}计划|明年|下半年|"
                         r"推进中|未达预期|未能?兑现|没有兑现|进展滞后")


def still_open(text: str) -> bool:
    return bool(_STILL_OPEN.search(text))


# A report grouped by progress: "二、尚在推进中的事项", "二、未达预期的事项", "二、没有兑现的承诺".
# ("一、前期未完成事项的落实情况" reports on them and says nothing of their state now.)
_OPEN_SECTION = re.compile(r"(?:尚在推进中|正在推进|正在整改|未达预期|未能?兑现|没有兑现|尚未完成|仍未完成|进展滞后)"
                           r"的(?:事项|问题|承诺|任务|工作)(?=\s|$)")


def open_section(heading: str) -> str | None:
    """The heading of a section that files its points as unfinished, if a sentence sits under one."""
    m = _OPEN_SECTION.search(heading or "")
    return m.group(0) if m else None


def status_features(sentences: list[str]) -> dict[str, float]:
    """Cue counts over a point's evidence, the inputs of the resolved/in_progress classifier."""
    text = "。".join(sentences)
    n = max(1, len(sentences))
    done, plan, prep, fig = done_hits(text), plan_hits(text), prep_hits(text), figures(text)
    # pooled counts let three finished sentences outvote one "正在履行采购程序，有望明年建成"; a point
    # is only as finished as its least finished place, so each sentence is also weighed on its own
    unfinished = sum(1 for s in sentences if still_open(s))
    last = sentences[-1] if sentences else ""
    clauses = [c for c in re.split(r"[，,。；;]", text) if c.strip()]
    tail = clauses[-1] if clauses else ""
    return {
        "done": float(done), "plan": float(plan), "prep": float(prep), "figures": float(min(fig, 6)),
        "done_rate": done / n, "plan_rate": plan / n,
        "net": float(done - plan - prep),
        "has_plan": float(plan > 0), "has_done": float(done > 0), "has_prep": float(prep > 0),
        "last_plan": float(plan_hits(last) > 0), "last_done": float(done_hits(last) > 0),
        "plan_only": float(plan > 0 and done == 0), "done_only": float(done > 0 and plan == 0 and prep == 0),
        "tail_plan": float(plan_hits(tail) > 0 and done_hits(tail) == 0),
        "future_dated": float(len(_FUTURE.findall(text))),
        "remainder": float(len(_REMAINDER.findall(text))),
        "perfective": float(min(len(_PERFECTIVE.findall(text)), 4)),
        "prospective": float(min(len(_PROSPECTIVE.findall(text)), 4)),
        "negated": float(len(_NEGATED.findall(text))),
        "unfinished_share": unfinished / n,
        "any_unfinished": float(unfinished > 0),
    }


FEATURES = list(status_features(["x"]).keys())


# --- soft measures ----------------------------------------------------------------------------
# Measures that cost little and change nothing structural: courses, contests, leaflets, talks.
_SOFT = re.compile(r"培训|轮训|参训|跟班学习|业务学习|结业|竞赛|比武|获评|能手|考核班|讲座|宣讲|宣传|折页|手册|问答|明白纸|"
                   r"告知书|提示书|提示函|倡议|提醒|证书|持证|评比|表扬|编印|汇编")
_NOT_SOFT = re.compile(r"虚假宣传|违规宣传|夸大宣传")   # an offence, not a leaflet
# What training or publicity can answer: skills, awareness, knowledge.
_SOFT_POINT = re.compile(r"能力|素质|业务|培训|专业化|水平|宣传|意识|知晓|认识|观念|普法|不了解|不知道|不会")
_ENFORCE = re.compile(r"查处|立案|处罚|罚款|检查|抽查|巡查|暗访|约谈|通报(?!表扬)|督促整改|责令")


def soft_substitute(title: str, texts: list[str]) -> bool:
    """Every clause of the evidence a soft measure or no measure, for a point that asked for more.

    The commonest dodge in rectification reports is to answer 力量不足 or 查处不力 with a training
    course or a leaflet: well aligned, concrete, finished — and beside the point. A point about
    skills or awareness is of course answered by training, and a soft measure beside any other
    concrete work in the same evidence (补贴提高到600元, 约谈并通报, 新注册志愿者2300人) is no dodge.
    """
    if not texts or _SOFT_POINT.search(title):
        return False
    clauses = [c for t in texts for c in re.split(r"[，,；;。]", _NOT_SOFT.sub("", t)) if c.strip()]
    return any(_SOFT.search(c) for c in clauses) and all(_SOFT.search(c) or not _real_work(c) for c in clauses)


def _real_work(clause: str) -> bool:
    return bool(is_concrete(clause) or done_hits(clause) or still_open(clause) or _ENFORCE.search(clause))
