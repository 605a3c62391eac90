"""`jiandu search QUERY [--data DIR] [--kind K] [--type T] [--limit N] --json`: search the store."""
from __future__ import annotations

import argparse

from ..output import emit_json, table
from ._common import add_data_option


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="words to find (Chinese or English)")
    add_data_option(p)
    p.add_argument("--kind", choices=["inspection_report", "rectification_report", "draft_regulation",
                                      "comments", "other"])
    p.add_argument("--type", choices=["problem", "recommendation"])
    p.add_argument("--theme")
    p.add_argument("--year", type=int)
    p.add_argument("--office")
    p.add_argument("--law")
    p.add_argument("--all", action="store_true",
                   help="also search document text outside items (titles, background, drafts); such hits "
                        "have item_id and type null")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the contract's JSON")


def run(args: argparse.Namespace) -> int:
    from .. import search
    from ._common import open_store

    if args.limit < 0 or args.offset < 0:
        import sys

        sys.stderr.write("jiandu: --limit and --offset must not be negative\n")
        return 2
    store = open_store(args)
    f = search.Filters(kind=args.kind, type=args.type, theme=args.theme, year=args.year,
                       office=args.office, law=args.law, items_only=not args.all)
    with store.read() as s:
        try:
            res = search.search(s, args.query, f, limit=args.limit, offset=args.offset,
                                timeout=store.settings.query_timeout)
        except search.SearchTimeout as e:
            import sys

            sys.stderr.write(f"jiandu: {e}\n")
            return 1
    store.dispose()
    if args.json:
        emit_json(res.to_json())
        return 0
    import html
    import re

    more = "+" if res.total_is_lower_bound else ""  # very frequent words are counted up to a cap
    print(f"“{args.query}” 共 {res.total}{more} 条 / {res.total}{more} hits")
    rows = [[f"{h.score:.2f}", h.source, h.item_id or "", h.type or "",
             html.unescape(re.sub(r"</?mark>", "", h.highlight))] for h in res.hits]
    if rows:
        print(table(rows, ["得分", "文件", "条目", "类型", "摘要"]))
    return 0
