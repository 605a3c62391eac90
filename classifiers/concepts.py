"""The core of a problem in a few concepts, so a paraphrase is recognised as the same problem.

"乡镇监管人员少、兼职多" and "基层执法力量薄弱" share almost no words, yet a reader sees the same
problem raised again: *staff* that is *lacking* at the *grassroots*. Word and character vectors
miss this; a small lexicon of what supervision reports complain about (who or what is short,
and how) catches it. The lexicon is general knowledge of the genre, written from the labelling
rules in `corpus/THEMES.md`, not from any evaluation document; users can extend it like the
taxonomy. Each concept is a list of surface forms; a text's concept vector is the idf-weighted
set of concepts it names, the lead sentence counting fully and the explanation half.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import scipy.sparse as sp

CONCEPTS: dict[str, tuple[str, ...]] = {
    # who or what is short
    "staff": ("人员", "力量", "队伍", "人手", "编制", "专职", "兼职", "工作者", "社工", "网格员", "专干", "协管员",
              "监管员", "执法员", "工作人员", "人少", "身兼数职", "一人多岗"),
    "talent": ("人才", "专业技术", "医生", "医师", "教师", "师资", "护理员", "后继乏人", "技术人员"),
    "money": ("经费", "资金", "投入", "预算", "补助", "补贴", "财政", "钱"),
    "publicity": ("宣传", "普法", "知晓", "科普", "覆盖面", "讲座", "告知"),
    "awareness": ("意识", "观念", "认识不足", "法治观念", "淡薄", "不了解", "不知道"),
    "platform": ("平台", "系统", "信息化", "数据", "数字化", "智慧", "预警", "追溯", "联网", "在线"),
    "sharing": ("共享", "互通", "孤岛", "对接", "互联"),
    "coordination": ("部门", "职责", "协调", "联动", "协同", "交叉", "多头", "推诿", "衔接", "各管一段", "合力",
                     "九龙治水"),
    "sanction": ("处罚", "查处", "立案", "罚款", "刚性", "以罚代管", "宽松软", "震慑", "追责", "问责", "违法成本"),
    "lenient": ("偏轻", "偏软", "不严", "宽松", "从轻", "不力", "打折扣", "失之于宽", "手软"),
    "rules": ("制度", "细则", "办法", "配套", "标准", "规定", "规章", "政策", "条例", "实施意见"),
    "facility": ("设施", "场所", "场地", "管网", "设备", "站点", "阵地", "硬件", "校舍", "仪器", "装备", "器材"),
    "ageing": ("老化", "陈旧", "年久失修", "破损", "落后", "超期"),
    "upkeep": ("管护", "运维", "维护", "养护", "重建轻管", "建而不管", "闲置"),
    "testing": ("检测", "检验", "送检", "化验", "鉴定", "抽检"),
    "oversight": ("监管", "监督", "检查", "巡查", "督导", "排查", "执法检查"),
    "gap": ("盲区", "空白", "漏洞", "死角", "薄弱环节", "小散", "流动摊贩", "小作坊", "无证", "游离"),
    "duty": ("主体责任", "经营者", "生产经营单位", "企业责任", "自律"),
    "participation": ("参与", "志愿", "举报", "投诉", "社会力量", "社会组织", "自治", "共治"),
    "grassroots": ("基层", "乡镇", "村级", "社区", "街道", "农村"),
    "service": ("服务供给", "服务能力", "服务质量", "服务不足", "供给"),
    # how it is wrong
    "lack": ("不足", "薄弱", "短缺", "缺乏", "匮乏", "不够", "欠缺", "缺口", "偏少", "少", "紧张", "不强"),
    "late": ("滞后", "缓慢", "迟缓", "未出台", "尚未", "没有出台", "迟迟"),
    "unclear": ("不清", "不明", "不顺", "不畅", "不一"),
    "unstable": ("不稳定", "流动性大", "流失", "老龄化", "青黄不接"),
    "not_done": ("不到位", "落实不好", "落实不够", "执行不严", "流于形式", "走过场"),
}

_NAMES = list(CONCEPTS)
_PATTERNS = [re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True))) for forms in CONCEPTS.values()]


def concepts_of(text: str) -> set[int]:
    """Indices of the concepts a text names."""
    return {k for k, p in enumerate(_PATTERNS) if p.search(text or "")}


def concept_matrix(titles: list[str], heads: list[str]) -> "sp.csr_matrix":
    """Unit rows of idf-weighted concepts (lead sentence 1.0, explanation start 0.5).

    The idf is taken over the batch itself: in a year of food-safety reports 监管 names every
    problem and so tells none apart. (numpy and scipy load here, not at import: tracking uses
    this module for `concepts_of` alone and must start fast.)
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(titles)
    dense = np.zeros((n, len(_NAMES)))
    for i, (t, h) in enumerate(zip(titles, heads)):
        for k in concepts_of(h):
            dense[i, k] = 0.5
        for k in concepts_of(t):
            dense[i, k] = 1.0
    df = (dense > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    dense *= idf
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return sp.csr_matrix(dense / norms)


def concept_names(row: set[int]) -> list[str]:
    return [_NAMES[k] for k in sorted(row)]


# Concepts that say how something is wrong or where, not what: they name no problem's core.
_MANNER = frozenset({"lack", "late", "unclear", "unstable", "not_done", "grassroots", "oversight", "rules", "ageing"})


def core_concepts(text: str) -> set[int]:
    """The concepts of what a problem is about (staff, money, sanctions …), without its manner."""
    return {k for k in concepts_of(text) if _NAMES[k] not in _MANNER}
