"""How long `jiandu themes` takes to group 10,000 items: `python bench/themes.py [N]`.

The items are synthetic but varied: each takes a lead sentence from one corpus item and two or
three body sentences from other items of the same gold theme, with every figure replaced by a
random one, spread over 200 documents and six years, so the themes are as mixed as a county's
reports over several years. Lead sentences do repeat (there are ~500 in the corpus), so the
word cache is switched off: every text is cut as if it were new. The time covers
everything after loading the model: tokenizing, features, classification, clustering of the
unsure items, keywords, and recurrence linking. Target: under 10 s on 2 cores.
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SENT = re.compile(r"(?<=[。；！？])")
_NUM = re.compile(r"\d+(?:\.\d+)?")


def synthetic_items(n: int = 10_000, seed: int = 0):
    import random

    from classifiers.themes import ThemeItem
    from classifiers.themes.gold import load_gold

    rng = random.Random(seed)
    gold = load_gold()
    by_theme: dict[str, list[str]] = {}
    for g in gold:
        body = g.text[len(g.title):] if g.text.startswith(g.title) else g.text
        by_theme.setdefault(g.theme, []).extend(s.strip() for s in _SENT.split(body) if len(s.strip()) > 8)
    items = []
    counters: dict[tuple[str, str], int] = {}
    for k in range(n):
        g = rng.choice(gold)
        pool = by_theme.get(g.theme) or [g.text]
        body = "".join(rng.sample(pool, min(len(pool), rng.randint(2, 3))))
        text = _NUM.sub(lambda m: str(rng.randint(2, 999)), g.title + body)
        doc = f"synthetic_{k % 200:03d}.docx"
        prefix = "P" if g.type == "problem" else "R"
        counters[(doc, prefix)] = counters.get((doc, prefix), 0) + 1
        items.append(ThemeItem(source=doc, id=f"{prefix}{counters[(doc, prefix)]}", type=g.type,
                               title=g.title, text=text, year=2020 + (k % 200) % 6, doc=doc))
    return items


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 10_000
    from classifiers.themes import default_model, group_items
    from classifiers import lexicon

    from classifiers.themes import features

    items = synthetic_items(n)
    model = default_model()
    lexicon.tokenizer()  # dictionary loading is start-up, not grouping
    features._words = lexicon.content_words  # no cache: repeated lead sentences must not help
    import resource

    def cpu() -> float:  # this process and its tokenizing workers
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    cpu0, start = cpu(), time.perf_counter()
    result = group_items(items, model)
    elapsed, used = time.perf_counter() - start, cpu() - cpu0
    covered = sum(len(t.items) for t in result.themes)
    assert covered == len(items), "every item in exactly one theme"
    print(f"themes: grouped {len(items):,} items into {len(result.themes)} themes "
          f"({sum(t.discovered for t in result.themes)} discovered) and {len(result.recurrences)} "
          f"recurrences in {elapsed:.2f} s wall, {used:.2f} s CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
