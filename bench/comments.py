"""Comment mapping at scale: `python -m bench.comments [--small N] [--large N]`.

Two figures the issue sets targets for:
- 1,000 comments on a 100-article draft mapped, grouped and themed (target < 5 s);
- 100,000 comments (a national campaign) mapped and grouped (target < 2 min, < 2 GB peak RSS).

The draft is 100 real articles (the regulations in ../shared/external/regulations, renumbered
into 10 chapters); the comments are synthetic and seeded: explicit citations in several forms,
content comments built from an article's own clauses plus the writer's own situation, general
comments, and campaigns (40%) — one of 40 letters copied thousands of times with small random
edits (a name, a word dropped, a phrase added), which is what makes near-duplicate search
quadratic if done naively. Both wall and CPU time are printed: on a shared machine the wall
time measures the neighbours as much as the code.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT.parent / "shared" / "external" / "regulations"

OPENERS = ["建议", "我认为", "希望", "个人意见：", "作为基层群众，我建议", "经讨论，我们认为"]
GENERAL = ["总体赞成本条例草案，建议尽快审议通过。", "建议条例文字进一步精炼，表述更加规范。",
           "希望立法机关多听取基层群众的意见。", "本次征求意见时间较短，建议适当延长。",
           "草案结构合理，没有其他意见。", "建议及时公布意见采纳情况。"]
NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
FILLERS = ["谢谢。", "请予采纳。", "此致敬礼。", "望考虑。", ""]
REASONS = ["基层执行中经常遇到这个问题", "群众对此反映比较强烈", "现行做法成本太高", "农村地区情况差别很大",
           "与相邻省市的做法不一致", "执法部门之间容易推诿", "小微企业难以承受", "老年人办理不方便",
           "信息化手段可以解决", "应当给予一定的过渡期", "相关标准需要细化", "监督机制还不健全",
           "经费保障应当落实", "宣传解读要跟上", "责任主体不够明确", "处罚幅度应当与违法情节相当"]


def bench_draft():
    """100 real articles in 10 chapters of 10 (text taken from the real regulations)."""
    from classifiers.drafts import parse_draft, parse_text
    from extractors import load
    from extractors.numbering import int_to_cn

    texts = []
    for f in sorted(REGULATIONS.glob("*.md")):
        texts.extend(a.text.replace("\n", "") for a in parse_draft(load(f)).articles)
    texts = texts[:100]
    lines = []
    for i, t in enumerate(texts, start=1):
        if i % 10 == 1:
            lines.append(f"第{int_to_cn(i // 10 + 1)}章　第{int_to_cn(i // 10 + 1)}部分")
        lines.append(f"第{int_to_cn(i)}条　{t}")
    return parse_text("\n".join(lines), title="基准条例（草案）", source="bench")


def _clause(text: str, rng: random.Random) -> str:
    parts = [p for p in text.replace("；", "，").replace("。", "，").split("，") if len(p) >= 6]
    if not parts:
        return text[:30]
    start = rng.randrange(len(parts))
    return "，".join(parts[start:start + 2])


PLACES = "东城 西城 南湖 北岸 江北 滨江 青石 云岭 白沙 石桥 枫林 柳岸 桃源 松山 梅园 竹溪".split()
SUBJECTS = ["小区", "村", "社区", "街道", "学校", "企业", "市场", "医院", "车站", "公园"]
EVENTS = ["上个月", "去年", "前几天", "这两年", "最近", "今年春天", "疫情期间", "上周"]
HAPPENED = ["出了问题没人管", "反映了好几次", "群众意见很大", "处理得很慢", "发生过纠纷", "执行得不一样",
            "增加了不少负担", "管理比较混乱"]


def _situation(rng: random.Random) -> str:
    """What an individual writer adds from their own life: where, when, what happened, how many."""
    return (f"我们{rng.choice(PLACES)}{rng.choice(SUBJECTS)}{rng.choice(EVENTS)}{rng.choice(HAPPENED)}，"
            f"涉及{rng.randint(2, 900)}{rng.choice(['户', '人', '家', '次'])}")


def _edit(text: str, rng: random.Random) -> str:
    """A small edit as campaign copies have: a word dropped, a phrase or a signature added."""
    r = rng.random()
    if r < 0.3:
        i = rng.randrange(max(1, len(text) - 4))
        text = text[:i] + text[i + 2:]
    elif r < 0.6:
        text = text + rng.choice(FILLERS)
    elif r < 0.8:
        text = rng.choice(["我是本市居民，", "本人", "我们"]) + text
    return text + f"（{rng.choice(NAMES)}某）"


def make_comments(draft, n: int, seed: int = 7, campaign_share: float = 0.4):
    """`n` synthetic comments on `draft` (see module docstring), deterministic for a seed."""
    from classifiers.comment_intake import Comment
    from extractors.numbering import int_to_cn

    rng = random.Random(seed)
    arts = draft.articles
    n_campaigns = max(1, n // 2500)
    campaigns = []
    for _ in range(n_campaigns):
        a = rng.choice(arts)
        campaigns.append(f"强烈要求修改第{int_to_cn(a.number)}条，{_clause(a.text, rng)}的规定不符合实际，"
                         f"{_clause(rng.choice(arts).text, rng)}，希望认真研究我们的诉求。")
    out = []
    for i in range(n):
        r = rng.random()
        if r < campaign_share:
            k = rng.randrange(len(campaigns))
            text = _edit(campaigns[k], rng)
            out.append(Comment(id=f"C{i + 1}", source=f"bench{i // 500}.txt", text=text, extra={"campaign": str(k)}))
            continue
        elif r < campaign_share + 0.2:
            a = rng.choice(arts)
            form = rng.choice([f"第{int_to_cn(a.number)}条", f"第{a.number}条", f"草案第{int_to_cn(a.number)}条第一款"])
            text = (f"{rng.choice(OPENERS)}{form}中{_clause(a.text, rng)}的表述再斟酌，"
                    f"{_situation(rng)}，{'，'.join(rng.sample(REASONS, 2))}，{rng.choice(NAMES)}某提出。")
        elif r < campaign_share + 0.5:
            a = rng.choice(arts)
            text = (f"{rng.choice(OPENERS)}对{_clause(a.text, rng)}作出更具体的规定，{_situation(rng)}，"
                    f"{'，'.join(rng.sample(REASONS, 2))}。")
        else:
            text = rng.choice(GENERAL) + rng.choice(FILLERS)
        out.append(Comment(id=f"C{i + 1}", source=f"bench{i // 500}.txt", text=text))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, draft, with_themes: bool = True) -> dict:
    from classifiers.comment_mapping import (ArticleMatcher, MappingParams, assign_themes,
                                             duplicate_groups, map_comments)

    comments = make_comments(draft, n)
    params = MappingParams.load()
    c0 = time.process_time()
    t0 = time.perf_counter()
    groups_ = duplicate_groups(comments, params)
    t1 = time.perf_counter()
    c1 = time.process_time()
    matcher = ArticleMatcher(draft)
    mapped = map_comments(draft, comments, params, matcher, groups_)
    for m, g in zip(mapped, groups_):
        m.duplicate_group = g
    t2 = time.perf_counter()
    c2 = time.process_time()
    if with_themes:
        assign_themes(mapped, draft, matcher)
    t3 = time.perf_counter()
    cpu = time.process_time() - c0
    groups = {m.duplicate_group for m in mapped if m.duplicate_group}
    # campaign copies should land in one group per campaign
    by_campaign: dict[str, dict] = {}
    for m in mapped:
        k = m.comment.extra.get("campaign")
        if k is not None:
            by_campaign.setdefault(k, {})
            by_campaign[k][m.duplicate_group] = by_campaign[k].get(m.duplicate_group, 0) + 1
    found = sum(max(v.values()) for v in by_campaign.values() if v)
    copies = sum(sum(v.values()) for v in by_campaign.values())
    return {"comments": n, "group_s": t1 - t0, "map_s": t2 - t1, "themes_s": t3 - t2, "total_s": t3 - t0,
            "cpu_s": cpu, "group_cpu_s": c1 - c0, "map_cpu_s": c2 - c1,
            "mapped": sum(1 for m in mapped if m.articles), "groups": len(groups),
            "in_groups": sum(1 for m in mapped if m.duplicate_group), "peak_rss_mb": peak_rss_mb(),
            "campaign_copies": copies, "campaign_recall": found / copies if copies else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.comments", description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=100_000)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    t = time.perf_counter()
    from classifiers.lexicon import tokenizer

    tokenizer()  # jieba's dictionary load is paid once per process; reported apart
    import datasketch  # noqa: F401  (library imports, also once per process)
    import sklearn.feature_extraction.text  # noqa: F401
    draft = bench_draft()
    print(f"set-up (imports, jieba dictionary, 100-article draft): {time.perf_counter() - t:.2f} s; "
          f"draft has {len(draft.articles)} articles in {len(draft.chapters)} chapters")
    for n, target in ((args.small, 5.0), (args.large, 120.0)):
        if n <= 0:
            continue
        r = run(n, draft)
        ok = "OK" if r["total_s"] < target and r["peak_rss_mb"] < 2048 else "OVER TARGET"
        print(f"{n:>7} comments: {r['total_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU "
              f"(group {r['group_s']:.2f} wall/{r['group_cpu_s']:.2f} CPU, map {r['map_s']:.2f} wall/"
              f"{r['map_cpu_s']:.2f} CPU, "
              f"themes {r['themes_s']:.2f}); mapped {r['mapped']}, {r['groups']} duplicate groups holding "
              f"{r['in_groups']} (campaign copies in their campaign's main group: {r['campaign_recall']:.1%}); peak RSS {r['peak_rss_mb']:.0f} MB — target < {target:.0f} s, < 2 GB: {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
