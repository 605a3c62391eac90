"""Compound points: "经费不足、人员短缺" is two demands, and the report may meet only one.

A lead sentence whose clauses (split at 、，；) each carry their own subject and predicate is a
compound point. Each clause gets its own verdict, and the point takes the least advanced one, so a
report that fixes the easy half cannot pass the whole point as resolved.
"""
from __future__ import annotations

import re

# Predicates and verbs of demand carry no topic: a part is identified by its nouns.
PREDICATE_WORDS = set(
    "不足 不够 不高 不强 偏低 偏高 较低 较高 滞后 不到位 到位 不畅 突出 较多 薄弱 缺乏 短缺 不全 不健全 健全 完善 不完善 "
    "加强 加快 推进 提升 提高 严格 深化 推动 建立 压实 广泛 开展 坚决 防止 遏制 有效 充实 加大 持续 全面 切实 落实 "
    "问题 仍然 依然 存在 普遍 明显 不明显 严重 有待 亟待 进一步 着力 大力 积极 化解 解决 增强 强化 规范 不规范 "
    "难以 较大 较为 一些 部分 个别 有的 不少 多发 易发 仍有 发生 相对 比较 不够高 能力 水平 及时 不及时 不严 较弱 偏弱 不力 "
    "不均 不一 欠账 作用 发挥 充分 不充分 不能 无法 未能 没有 情况 现象 "
    "偏软 偏轻 偏少 偏多 偏大 偏小 单一 互不 更加 越来越 手段 陈旧".split())
_MIN_CHARS = 4


_PREPOSITION = re.compile(r"^(?:对|在|把|将|为|从|向|就|关于)")
_NOUN_LIST = re.compile(r"[和及与]")


def _opens_a_phrase(chunk: str) -> bool:
    """A chunk before 、 that cannot stand as a clause: "对非法开垦、违法占用草原的查处失之于宽"
    (the preposition's object runs on) or "老城区和医院、学校周边一位难求" (a list of places)."""
    return bool(_PREPOSITION.match(chunk)) or (
        bool(_NOUN_LIST.search(chunk)) and not any(w in chunk for w in PREDICATE_WORDS if len(w) > 1))


def split_parts(title: str) -> list[str]:
    """The clauses of a compound lead sentence, or [] for a simple one.

    Every clause must be at least four characters, so enumerations of nouns ("卫健、民政、医保部门
    衔接不够") stay whole.
    """
    core = re.sub(r"[。！？!?]+$", "", title.strip())
    if re.match(r"^(?:存在)?重[^、，,]{1,12}[、，,]\s*轻", core):
        return []   # "重账面整改、轻建章立制" is one complaint: the second half is what was neglected
    cut = re.split(r"([、，,；;])", core)
    pieces, seps = cut[0::2], cut[1::2] + [""]
    chunks: list[str] = []
    glue = False    # the last chunk ended in a 、 that does not end a clause
    for piece, sep in zip(pieces, seps):
        piece = piece.strip()
        if glue:
            chunks[-1] += "、" + piece
        elif piece:
            chunks.append(piece)
        glue = sep == "、" and bool(chunks) and _opens_a_phrase(chunks[-1])
    chunks = [c.rstrip("、") for c in chunks]
    if len(chunks) < 2 or any(len(re.sub(r"[^\u4e00-\u9fff]", "", c)) < _MIN_CHARS for c in chunks):
        return []
    return chunks


def topic_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in PREDICATE_WORDS]


def topic_units(words: list[str]) -> set[str]:
    """Topic words cut into two-character units, so 维权成本 still meets 维权周期 half-way."""
    out: set[str] = set()
    for w in topic_words(words):
        if len(w) <= 2:
            out.add(w)
        elif len(w) == 3:
            out.update({w[:2], w[1:]})
        else:
            out.update(w[k:k + 2] for k in range(0, len(w) - 1, 2))
    return out
