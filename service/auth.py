"""Users, bearer tokens and the access rules — one place that decides who sees what.

Roles:
- `admin`: everything, every office; manages users.
- `staff`: reads and writes everything of their own office, nothing of another.
- `contact_point` (基层立法联系点): only the drafts and comments of its own point; no documents,
  items or search of any office.
- `viewer`: reads their own office's data, writes nothing.

Tokens are random (256 bits), shown once, and stored only as SHA-256 digests. Rules are methods
of `Principal` so every endpoint asks the same questions (`can_read`, `can_write`,
`office_scope`) instead of re-deriving them.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ROLES, Token, User

TOKEN_PREFIX = "jd_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class UserError(ValueError):
    """A user cannot be created as asked (unknown role, missing office …)."""


def create_user(session: Session, name: str, role: str, office: str = "", point: str = "") -> tuple[User, str]:
    """A new user and their first token (the token is returned once, never stored in clear)."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role in ("staff", "viewer") and not office:
        raise UserError(f"a {role} belongs to an office: give --office")
    if role == "contact_point" and not (point or office):
        raise UserError("a contact point needs --point (or --office) naming its point")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise UserError(f"user {name!r} already exists")
    user = User(name=name, role=role, office=office or "", point=point or (office if role == "contact_point" else ""))
    session.add(user)
    session.flush()
    token = issue_token(session, user)
    return user, token


def issue_token(session: Session, user: User, label: str = "") -> str:
    token = new_token()
    session.add(Token(user_id=user.id, token_hash=hash_token(token), label=label))
    session.flush()
    return token


def authenticate(session: Session, token: str | None) -> User | None:
    if not token:
        return None
    row = session.execute(select(User).join(Token).where(Token.token_hash == hash_token(token.strip()),
                                                         Token.revoked.is_(False), User.active.is_(True))).first()
    return row[0] if row else None


@dataclass(frozen=True)
class Principal:
    """The caller as the access rules see them."""

    id: int
    name: str
    role: str
    office: str
    point: str

    @classmethod
    def of(cls, user: User) -> "Principal":
        return cls(id=user.id, name=user.name, role=user.role, office=user.office or "", point=user.point or "")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def office_scope(self) -> list[str] | None:
        """Owning offices whose documents this caller may read; None means all."""
        if self.role == "admin":
            return None
        if self.role in ("staff", "viewer"):
            return [self.office]
        return []

    def can_read(self, office: str) -> bool:
        scope = self.office_scope()
        return scope is None or office in scope

    def can_write(self, office: str) -> bool:
        if self.role == "admin":
            return True
        return self.role == "staff" and office == self.office

    @property
    def reads_documents(self) -> bool:
        return self.role in ("admin", "staff", "viewer")

    @property
    def writes_documents(self) -> bool:
        return self.role in ("admin", "staff")
