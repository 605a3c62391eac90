"""`jiandu user add NAME --role R [--office O] [--point P]`: create a user, print their token.

The token is printed once and stored only as a digest; keep it. `jiandu user list` shows users.
"""
from __future__ import annotations

import argparse

from ..output import emit_json, table
from ._common import add_data_option


def register(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    add = sub.add_parser("add", help="create a user and print a token")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "staff", "contact_point", "viewer"])
    add.add_argument("--office", default="", help="the office the user belongs to (staff, viewer)")
    add.add_argument("--point", default="", help="a contact point's own point")
    add_data_option(add)
    add.add_argument("--json", action="store_true")
    ls = sub.add_parser("list", help="list users")
    add_data_option(ls)
    ls.add_argument("--json", action="store_true")
    tok = sub.add_parser("token", help="issue a new token for an existing user")
    tok.add_argument("name")
    add_data_option(tok)
    tok.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    import sys

    from sqlalchemy import select

    from ..auth import UserError, create_user, issue_token
    from ..models import User
    from ..store import audit
    from ._common import open_store

    if not args.action:
        sys.stderr.write("jiandu: user: give an action: add, list or token\n")
        return 2
    store = open_store(args)
    if args.action == "list":
        with store.read() as s:
            users = [{"id": u.id, "name": u.name, "role": u.role, "office": u.office, "point": u.point}
                     for u in s.scalars(select(User).order_by(User.id))]
        if args.json:
            emit_json({"users": users})
        else:
            print(table([[str(u["id"]), u["name"], u["role"], u["office"], u["point"]] for u in users],
                        ["编号", "用户", "角色", "单位", "联系点"]))
        return 0
    try:
        with store.write() as s:
            if args.action == "add":
                user, token = create_user(s, args.name, args.role, args.office, args.point)
                audit(s, None, "user.add", f"user:{user.id}", user.office, role=user.role, via="cli")
            else:
                user = s.scalar(select(User).where(User.name == args.name))
                if user is None:
                    raise UserError(f"no user named {args.name!r}")
                token = issue_token(s, user, label="cli")
                audit(s, None, "user.token", f"user:{user.id}", user.office, via="cli")
            out = {"id": user.id, "name": user.name, "role": user.role, "office": user.office,
                   "point": user.point, "token": token}
    except UserError as e:
        sys.stderr.write(f"jiandu: {e}\n")
        return 2
    if args.json:
        emit_json(out)
    else:
        print(token)
    return 0
