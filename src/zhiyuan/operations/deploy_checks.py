"""What a production instance still lacks, as Django system checks run by ``zhiyuan check --deploy``:
each is an error (the command exits non-zero) naming the setting to fix, in both languages.

Production start-up already refuses a missing or default secret, missing keys and a missing public
address (settings.py); these checks add what a server can start without but must not run without: the
production environment itself, real allowed hosts, HTTPS, a shared cache, and PostgreSQL with its
just-in-time compiler off (JIT makes the indicator queries' planning slower than their execution)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError, connection

KEYS = ("ZHIYUAN_SECRET_KEY", "ZHIYUAN_FIELD_KEYS", "ZHIYUAN_BLIND_INDEX_KEY", "ZHIYUAN_AUDIT_SIGNING_KEY")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "*"}


def _error(code: int, zh: str, en: str, hint: str) -> Error:
    return Error(f"{zh} / {en}", hint=hint, id=f"zhiyuan.E{code:03d}")


@register(deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The environment, keys, hosts, HTTPS and cache of a production instance."""
    found: list[CheckMessage] = []
    if settings.ZHIYUAN_ENV != "production":
        found.append(_error(1, "未以生产模式运行", "not running as production", "set ZHIYUAN_ENV=production"))
    missing = [k for k in KEYS if not os.environ.get(k)]
    if missing:
        found.append(
            _error(
                2,
                f"缺少密钥：{', '.join(missing)}",
                f"keys missing: {', '.join(missing)}",
                "`zhiyuan keys` generates them; keep them in the environment file (deploy/zhiyuan.env)",
            )
        )
    if not set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS:
        found.append(
            _error(
                3,
                "ALLOWED_HOSTS 只有本机地址",
                "ALLOWED_HOSTS names only this machine",
                "set ZHIYUAN_ALLOWED_HOSTS to the host name users type, e.g. zhiyuan.court.example",
            )
        )
    if not settings.ZHIYUAN_PUBLIC_BASE_URL.startswith("https://"):
        found.append(
            _error(
                4,
                "对外访问地址不是 HTTPS",
                "the public address is not HTTPS",
                "set ZHIYUAN_PUBLIC_BASE_URL=https://… (notices print it and their QR codes encode it)",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SECURE_HSTS_SECONDS):
        found.append(
            _error(
                5,
                "未启用 HTTPS 的安全设置（安全 Cookie、HSTS）",
                "HTTPS settings are off (secure cookies, HSTS)",
                "production turns them on; do not set ZHIYUAN_HSTS_SECONDS=0",
            )
        )
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        found.append(
            _error(
                6,
                "缓存未在进程间共享",
                "the cache is not shared between processes",
                "set ZHIYUAN_CACHE=database (a table `zhiyuan setup` creates) so every web worker sees the "
                "same throttles and counters",
            )
        )
    return found


@register(deploy=True)
def production_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """PostgreSQL, with JIT off (asked of the server itself: the deploy check is run where it serves)."""
    if connection.vendor == "sqlite":
        return [
            Warning(
                "数据库是内置的 SQLite：同一时间只有一个写入 / the database is the embedded SQLite: one writer at a time",
                hint="PostgreSQL is the production database (docs/deployment.md)",
                id="zhiyuan.W001",
            )
        ]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            row = cursor.fetchone()
    except DatabaseError as exc:
        return [_error(7, "无法连接数据库", f"the database cannot be reached ({exc})", "check DATABASE_URL")]
    if row and str(row[0]).lower() == "on":
        return [
            _error(
                8,
                "PostgreSQL 的 JIT 编译已开启",
                "PostgreSQL's JIT compilation is on",
                "ALTER SYSTEM SET jit = off; SELECT pg_reload_conf(); (or jit = off in postgresql.conf)",
            )
        ]
    return []
