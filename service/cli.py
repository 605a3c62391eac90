"""The `jiandu` command: a thin dispatcher over one module per sub-command.

Each sub-command lives in `service/commands/<name>.py` with `register(subparsers)` and
`run(args) -> int`; modules are imported only when their command runs, so `jiandu parse` does
not pay for FastAPI or scikit-learn at start-up.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from .output import EXIT_USAGE

# name → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("service.commands.parse", "读取文档结构 / parse a document into blocks"),
    "extract": ("service.commands.extract", "抽取问题与建议 / extract problems and recommendations"),
    "track": ("service.commands.track", "整改跟踪 / track rectification of each point"),
    "themes": ("service.commands.themes", "主题归类 / group items into themes"),
    "draft": ("service.commands.draft", "条例草案结构 / articles and chapters of a draft"),
    "comments": ("service.commands.comments", "立法意见归条 / map comments to articles"),
    "diff": ("service.commands.diff", "修改对照表 / compare two draft versions"),
    "ingest": ("service.commands.ingest", "入库 / ingest files into the store"),
    "search": ("service.commands.search", "检索 / search the store"),
    "serve": ("service.commands.serve", "启动服务 / start the web service"),
    "user": ("service.commands.user", "用户管理 / manage users and tokens"),
    "watch": ("service.commands.watch", "监视目录 / ingest files dropped into a folder"),
    "train": ("service.commands.train", "训练模型 / train the classifiers from corpus/"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors are exit code 2, one line
        sys.stderr.write(f"jiandu: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _available() -> dict[str, tuple[str, str]]:
    out = {}
    for name, (module, help_) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            out[name] = (module, help_)
    return out


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, str]]:
    parser = _Parser(prog="jiandu", description="监督 — 人大监督与立法工作文档智能")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = {}
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    for name, (module, help_) in _available().items():
        if wanted in COMMANDS and name != wanted:
            subs.add_parser(name, help=help_)  # listed in help, not loaded
            continue
        mod = importlib.import_module(module)
        sub = subs.add_parser(name, help=help_, description=help_)
        mod.register(sub)
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    if argv is not None:
        sys.argv = ["jiandu", *argv]
    parser, modules = build_parser()
    args = parser.parse_args(sys.argv[1:])
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    mod = importlib.import_module(modules[args.command])
    try:
        return int(mod.run(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
