"""Every knob of the service in one place, each with its environment variable and default.

Read once at start-up (`Settings.from_env`) and passed down explicitly, so a test can build a
service on a temporary directory without touching the process environment, and so the CLI, the
API and the workers of one deployment agree on the same limits.

| setting | env var | default |
| --- | --- | --- |
| data_dir | `JIANDU_DATA` (CLI `--data`) | `./data` |
| database_url | `DATABASE_URL` | `sqlite:///DATA/jiandu.db` (embedded) |
| max_bytes | `JIANDU_MAX_BYTES` | 50 MB (52428800) |
| max_pages | `JIANDU_MAX_PAGES` | 2000 |
| max_seconds | `JIANDU_MAX_SECONDS` | 120 (per document, parse + extract) |
| workers | `JIANDU_WORKERS` | 1 (ingestion worker processes started by `jiandu serve`) |
| lease_seconds | `JIANDU_LEASE_SECONDS` | 60 (a running job whose lease lapses is taken again) |
| max_attempts | `JIANDU_MAX_ATTEMPTS` | 3 (after that a job that keeps killing workers fails) |
| query_timeout | `JIANDU_QUERY_TIMEOUT` | 2.0 s (every search query is cut off after this) |
| sqlite_busy_ms | `JIANDU_SQLITE_BUSY_MS` | 15000 (SQLite busy_timeout) |
| due_days | `JIANDU_DUE_DAYS` | 90 (days an office has to answer an inspection document; per office in DATA/offices.json) |
| webhook_url | `JIANDU_WEBHOOK_URL` | none (when set, `serve` POSTs new events there) |
| webhook_secret | `JIANDU_WEBHOOK_SECRET` | none (when set, each POST carries `X-Jiandu-Signature: sha256=<HMAC>`) |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """The service's configuration; immutable so every component sees the same values."""

    data_dir: Path = field(default_factory=lambda: Path("data"))
    database_url: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = 2000
    max_seconds: float = 120.0
    workers: int = 1
    lease_seconds: float = 60.0
    max_attempts: int = 3
    query_timeout: float = 2.0
    sqlite_busy_ms: int = 15000
    due_days: int = 90
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @classmethod
    def from_env(cls, data: str | os.PathLike | None = None,
                 env: dict[str, str] | None = None) -> "Settings":
        """Settings from the environment; an explicit `--data` wins over `JIANDU_DATA`."""
        env = dict(os.environ if env is None else env)
        data_dir = Path(data) if data else Path(env.get("JIANDU_DATA") or "data")
        url = (env.get("DATABASE_URL") or "").strip() or None
        return cls(
            data_dir=data_dir,
            database_url=url,
            max_bytes=_int(env, "JIANDU_MAX_BYTES", DEFAULT_MAX_BYTES),
            max_pages=_int(env, "JIANDU_MAX_PAGES", 2000),
            max_seconds=_float(env, "JIANDU_MAX_SECONDS", 120.0),
            workers=_int(env, "JIANDU_WORKERS", 1),
            lease_seconds=_float(env, "JIANDU_LEASE_SECONDS", 60.0),
            max_attempts=_int(env, "JIANDU_MAX_ATTEMPTS", 3),
            query_timeout=_float(env, "JIANDU_QUERY_TIMEOUT", 2.0),
            sqlite_busy_ms=_int(env, "JIANDU_SQLITE_BUSY_MS", 15000),
            due_days=_int(env, "JIANDU_DUE_DAYS", 90),
            webhook_url=(env.get("JIANDU_WEBHOOK_URL") or "").strip() or None,
            webhook_secret=env.get("JIANDU_WEBHOOK_SECRET") or None,
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL: PostgreSQL (psycopg 3 driver) if configured, else embedded SQLite."""
        if self.database_url:
            url = self.database_url
            for prefix in ("postgresql://", "postgres://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix):]
            return url
        return f"sqlite:///{(self.data_dir / 'jiandu.db').resolve()}"

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql")

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    def env(self) -> dict[str, str]:
        """These settings as environment variables, for worker processes started by `serve`."""
        out = {
            "JIANDU_DATA": str(self.data_dir.resolve()),
            "JIANDU_MAX_BYTES": str(self.max_bytes),
            "JIANDU_MAX_PAGES": str(self.max_pages),
            "JIANDU_MAX_SECONDS": str(self.max_seconds),
            "JIANDU_WORKERS": str(self.workers),
            "JIANDU_LEASE_SECONDS": str(self.lease_seconds),
            "JIANDU_MAX_ATTEMPTS": str(self.max_attempts),
            "JIANDU_QUERY_TIMEOUT": str(self.query_timeout),
            "JIANDU_SQLITE_BUSY_MS": str(self.sqlite_busy_ms),
            "JIANDU_DUE_DAYS": str(self.due_days),
        }
        if self.database_url:
            out["DATABASE_URL"] = self.database_url
        if self.webhook_url:
            out["JIANDU_WEBHOOK_URL"] = self.webhook_url
        if self.webhook_secret:
            out["JIANDU_WEBHOOK_SECRET"] = self.webhook_secret
        return out
