"""The public query of the dishonest-debtor list (失信被执行人名单公开查询): no sign-in, exact match only,
published listings only, masked identity numbers, a per-client rate limit.

A person or unit is found by name AND identity number (or organization code) together — never by a
partial name or a name alone, so the list cannot be enumerated — or a case by its exact number. Each
lookup is one query on ``credit_listing`` through a partial index on published rows; the limit is one
upsert on ``credit_querywindow`` (measured at five million rows: benchmarks/credit_query.py)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection

from zhiyuan.credit.models import Listing, ListingStatus, QueryWindow
from zhiyuan.inputs.text import ID_NUMBER_MAX, check_text
from zhiyuan.law.errors import LawError
from zhiyuan.parties.selectors import identity_hash

#: the keys of each result, in order (the public contract)
KEYS = ("name", "id_masked", "court", "case_number", "obligation", "grounds", "published_on", "until")
NAME_MAX = 200
CASE_MAX = 64
MAX_RESULTS = 100
#: a case number typed with ASCII brackets, as people do, is the register's full-width one
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


def normalise_case_number(text: str) -> str:
    """The register's form of a typed case number: full-width brackets, no spaces."""
    return "".join(text.split()).translate(_FULL_WIDTH)


def _bad(zh: str, en: str) -> LawError:
    return LawError("query_invalid", zh, en)


def search(name: str = "", id_number: str = "", case_number: str = "") -> list[dict[str, Any]]:
    """Published listings matching exactly (name and identity number together, or the case number)."""
    name = check_text(name or "", field="name", max_length=NAME_MAX).strip()
    id_number = check_text(id_number or "", field="id", max_length=ID_NUMBER_MAX).strip()
    case_number = check_text(case_number or "", field="case", max_length=CASE_MAX).strip()
    if case_number and (name or id_number):
        raise _bad(
            "请按姓名（名称）和证件号码查询，或按案号查询，二者择一。",
            "Query by name and identity, or by case.",
        )
    rows = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    if case_number:
        rows = rows.filter(case_number=normalise_case_number(case_number))
    elif name and id_number:
        hashed = identity_hash(id_number)
        if not hashed:
            return []
        rows = rows.filter(id_hash=hashed, name=name)
    else:
        raise _bad(
            "须同时提供姓名（名称）和身份证号码（组织机构代码），或提供完整案号。",
            "Give both the name and the identity number (organization code), or the full case number.",
        )
    fields = (
        "name",
        "id_masked",
        "court_name",
        "case_number",
        "obligation",
        "grounds",
        "published_on",
        "until",
    )
    return [
        {
            "name": r["name"],
            "id_masked": r["id_masked"],
            "court": r["court_name"],
            "case_number": r["case_number"],
            "obligation": r["obligation"],
            "grounds": r["grounds"],
            "published_on": r["published_on"].isoformat() if r["published_on"] else None,
            "until": r["until"].isoformat() if r["until"] else None,
        }
        for r in rows.order_by("published_on", "pk").values(*fields)[:MAX_RESULTS]
    ]


def limit() -> tuple[int, int]:
    """(queries per window, window seconds) for one client."""
    return (
        settings.ZHIYUAN_CREDIT_QUERY_LIMIT,
        settings.ZHIYUAN_CREDIT_QUERY_WINDOW,
    )


def throttle_wait(client: str) -> int:
    """Count one query of ``client`` (its address) in the current fixed window; 0 when it may go on, else
    the seconds until the window ends (the 429's Retry-After). One upsert on ``credit_querywindow`` (a
    statement of its own outside a request's transaction), so every web process shares the count."""
    allowed, window = limit()
    now = int(time.time())
    start = now - now % window
    table = QueryWindow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, window_start, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (client, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [client[:45], start],
        )
        count = int(cursor.fetchone()[0])
    return 0 if count <= allowed else max(1, start + window - now)


def prune_windows(now: float | None = None) -> int:
    """Delete the counts of windows that have ended; returns how many rows went."""
    _, window = limit()
    current = int(now if now is not None else time.time())
    deleted, _ = QueryWindow.objects.filter(window_start__lte=current - window).delete()
    return deleted
