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
]
# --- begun, ongoing or promised --------------------------------------------------------------
PLAN_PATTERNS = [
    r"正在|正按|着手|筹备|起草|草拟|征求意见|待[^，。；]{1,12}后", r"下一步|今后|下阶段|接下来",
    r"计划(?:于|在|到|分)?|拟(?:于|在|将|定)?|预计|力争|争取|确保[^，。；]{0,10}前", r"将(?!其|此|该|所)",
    r"逐步|分批|分年度|分步|陆续|有序推进|加快推进|持续推进|稳步推进|抓紧|加紧",
    r"研究制定|研究建立|正在研究|列入(?:[^，。；]{0,6})?计划|纳入(?:[^，。；]{0,6})?计划|启动|试点|方案编制|编制[^，。；]{0,8}方案",
    r"年底前|年内|上半年|下半年|\d{4}年(?:底|前|内)",
    r"尚未|仍有|剩余|其余[^，。；]{0,20}(?:正在|将|按|分批)",
]
# Preparatory "completions": what is finished is only the paperwork for future work.
PREP_PATTERNS = [
    r"已(?:经)?(?:制定|拟定|起草|编制|形成|研究制定)[^，。；]{0,24}(?:方案|计划|规划|意见稿|草案|初稿)",
    r"已(?:经)?(?:启动|着手|部署|列入|纳入)[^，。；]{0,16}(?:计划|建设|工作|程序|议程)?",
    r"已(?:经)?(?:成立|组建)[^，。；]{0,12}筹备", r"已(?:经)?完成[^，。；]{0,16}(?:排查|摸底|调研|方案|论证|选址|立项|设计|编制)",
    r"已(?:经)?报[^，。；]{0,10}审", r"已(?:经)?开展[^，。；]{0,8}(?:试点|调研|摸底)",
]
# --- boilerplate ------------------------------------------------------------------------------
BOILERPLATE = [
    "高度重视", "逐条研究", "逐项研究", "认真研究", "研究落实", "抓好落实", "抓落实", "审议意见", "专题会议", "专题研究",
    "提高认识", "思想认识", "统一思想", "政治站位", "责任担当", "学习领会", "上级精神", "摆上", "议事日程", "责任感", "紧迫感",
    "做细做实", "加以解决", "积极探索", "有效途径", "高质量发展", "巩固", "新台阶", "以此为契机", "有关要求", "切实", "认真",
    "进一步", "不断", "全力", "着力", "积极推动", "统筹", "重要位置", "多次召开", "召开会议", "研究部署", "领导小组", "主要领导",
    "批示", "任务清单", "整改清单", "整改台账", "责任单位", "完成时限", "时间节点", "分解", "牵头", "跟踪", "持续抓好", "落到实处",
    "取得积极进展", "水平", "良好氛围", "工作机制", "强化", "加强", "推动", "提升", "确保", "坚持", "问题导向", "其他问题", "其他事项",
]
_BOILER_RE = re.compile("|".join(map(re.escape, BOILERPLATE)))
# A concrete measure names a number, a document, a facility or a countable action.
CONCRETE_PATTERNS = [
    r"\d", r"[一二三四五六七八九十百千万两]+(?:个|名|处|座|家|所|件|项|期|场|次|批|公里|亩|万|台|条|支|人)", r"《[^》]+》",
    r"建成|新建|改造|招聘|招录|聘请|设立|开设|配备|出台|印发|关闭|拆除|查处|查办|立案|排查|检测|安装|接入|开通|组建|成立|挂牌|"
    r"发放|培训|复耕|截污|纳管|核增|划定|修订|制定|起草|编制|整治|清理|验收|试点|签订",
]
_DONE = [re.compile(p) for p in DONE_PATTERNS]
_PLAN = [re.compile(p) for p in PLAN_PATTERNS]
_PREP = [re.compile(p) for p in PREP_PATTERNS]
_CONCRETE = [re.compile(p) for p in CONCRETE_PATTERNS]
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿|个|名|处|座|家|所|件|项|期|场|次|批|公里|平方米|亩|台|条|支|人|天|元|吨|张|册|对)")
_CUE = re.compile(r"(?:针对|关于|对于|就|围绕)([^，。；：]{2,40}?)(?:的)?(?:问题|短板|情况|不足|现象)")


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


def is_concrete(text: str) -> bool:
    return any(p.search(text) for p in _CONCRETE)


def is_generic(text: str) -> bool:
    """True for a ritual sentence that names no concrete measure (no figure, document or action).

    "对审议意见高度重视，逐条研究落实" or "提高政治站位，严格按照有关要求开展工作" mention a topic at
    most; they never count as addressing a point, however well their words match it.
    """
    if re.search(r"(?:报告|汇报|说明)如下[：:]?$|如下[：:]$", text.strip()):
        return True
    if is_concrete(text):
        return False
    stripped = _BOILER_RE.sub("", text)
    return boiler_hits(text) > 0 or len(re.sub(r"[^\u4e00-\u9fff]", "", stripped)) < 8


def cue_topic(text: str) -> str | None:
    """The topic a measure announces: "针对执法力量薄弱的问题" → "执法力量薄弱"."""
    m = _CUE.search(text)
    return m.group(1) if m else None


def status_features(sentences: list[str]) -> dict[str, float]:
    """Cue counts over a point's evidence, the inputs of the resolved/in_progress classifier."""
    text = "。".join(sentences)
    n = max(1, len(sentences))
    done, plan, prep, fig = done_hits(text), plan_hits(text), prep_hits(text), figures(text)
    last = sentences[-1] if sentences else ""
    return {
        "done": float(done), "plan": float(plan), "prep": float(prep), "figures": float(min(fig, 6)),
        "done_rate": done / n, "plan_rate": plan / n,
        "net": float(done - plan - prep),
        "has_plan": float(plan > 0), "has_done": float(done > 0), "has_prep": float(prep > 0),
        "last_plan": float(plan_hits(last) > 0), "last_done": float(done_hits(last) > 0),
        "plan_only": float(plan > 0 and done == 0), "done_only": float(done > 0 and plan == 0 and prep == 0),
    }


FEATURES = list(status_features(["x"]).keys())
