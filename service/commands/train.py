"""`jiandu train [items|themes|tracking|all]`: retrain the classifiers from corpus/, seeded."""
from __future__ import annotations

import argparse
import importlib

# what → module with train(seed=…) -> str
TRAINERS = {
    "items": "classifiers.items.train",
    "themes": "classifiers.themes.train",
    "tracking": "classifiers.tracking.train",
}


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", nargs="?", default="all", choices=[*TRAINERS, "all"])
    p.add_argument("--seed", type=int, default=0)


def run(args: argparse.Namespace) -> int:
    names = list(TRAINERS) if args.what == "all" else [args.what]
    for name in names:
        try:
            mod = importlib.import_module(TRAINERS[name])
        except ImportError:
            print(f"{name}: not available")
            continue
        print(f"{name}: {mod.train(seed=args.seed)}")
    return 0
