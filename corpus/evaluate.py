"""`python -m corpus.evaluate`: every figure jiandu claims, measured on held-out material.

Each area keeps its own evaluation module (`corpus/eval_<area>.py` with `evaluate()` and
`report()`/`main()`); this runs them all so the README's numbers come from one command.
"""
from __future__ import annotations

import argparse
import importlib
import sys

AREAS = ("items", "tracking", "themes", "drafts", "formats")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="held-out evaluation of every classifier")
    ap.add_argument("areas", nargs="*", default=list(AREAS), help=f"any of {', '.join(AREAS)}")
    ap.add_argument("--split", default="heldout")
    args = ap.parse_args(argv)
    for area in args.areas:
        try:
            mod = importlib.import_module(f"corpus.eval_{area}")
        except ImportError as e:
            print(f"## {area}: not available ({e})\n")
            continue
        sys.stdout.flush()
        if area == "items":
            print(mod.report(mod.evaluate(args.split)))
        elif _takes_argv(mod.main):
            mod.main(["--split", args.split])
        else:
            mod.main()
        print()
    return 0


def _takes_argv(fn) -> bool:
    import inspect

    return len(inspect.signature(fn).parameters) > 0


if __name__ == "__main__":
    raise SystemExit(main())
