"""The public query of the dishonest-debtor list (失信被执行人名单公开查询): no sign-in, exact match only,
published listings only, masked identity numbers, a per-client rate limit.

A person or unit is found by name AND identity number (or organization code) together — never by a
partial name or a name alone, so the list cannot be enumerated — or a case by its exact number. Each
lookup is one query on ``credit_listing`` through a partial index on published rows; the limit is one
upsert on ``credit_querywindow`` (measured at five million rows: benchmarks/credit_query.py)."""

from __future__ import annotations

import json
import time
from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

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


def _lookup(name: str, id_number: str, case_number: str) -> tuple[str, list[Any]] | None:
    """The query's match (``case`` or ``identity``) and its parameters; None when it can match nothing (an
    identity number without a hash); :class:`LawError` ``query_invalid`` or a text error when it is not a
    query the list answers (a partial name or a name alone: no enumeration)."""
    name = check_text(name or "", field="name", max_length=NAME_MAX).strip()
    id_number = check_text(id_number or "", field="id", max_length=ID_NUMBER_MAX).strip()
    case_number = check_text(case_number or "", field="case", max_length=CASE_MAX).strip()
    if case_number and (name or id_number):
        raise _bad(
            "请按姓名（名称）和证件号码查询，或按案号查询，二者择一。",
            "Query by name and identity, or by case.",
        )
    if case_number:
        return "case", [normalise_case_number(case_number)]
    if name and id_number:
        hashed = identity_hash(id_number)
        return ("identity", [hashed, name]) if hashed else None
    raise _bad(
        "须同时提供姓名（名称）和身份证号码（组织机构代码），或提供完整案号。",
        "Give both the name and the identity number (organization code), or the full case number.",
    )


def search(name: str = "", id_number: str = "", case_number: str = "") -> list[dict[str, Any]]:
    """Published listings matching exactly (name and identity number together, or the case number)."""
    match = _lookup(name, id_number, case_number)
    if match is None:
        return []
    return [_result(row) for row in _run(_SELECT[match[0]], match[1])]


def answer(client: str, name: str = "", id_number: str = "", case_number: str = "") -> tuple[int, list[Any]]:
    """Count ``client``'s query and answer it: (0, the results), or (seconds to wait, []) when the client is
    over its limit. A query that is not valid is counted too, then refused (:class:`LawError`). Two
    statements: counting and looking up in one held the client's count row through the lookup, and one
    busy client's queries then queued behind each other (measured: benchmarks/credit_query.py)."""
    wait = throttle_wait(client)
    return (wait, []) if wait else (0, search(name, id_number, case_number))


def _result(row: tuple[Any, ...]) -> dict[str, Any]:
    """One result of the contract from a row of :data:`_FIELDS` (JSON and dates as each database gives them)."""
    found = dict(zip(KEYS, row, strict=True))
    if isinstance(found["grounds"], str):
        found["grounds"] = json.loads(found["grounds"])
    for key in ("published_on", "until"):
        value = found[key]
        found[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return found


def _run(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """The rows of one statement. On PostgreSQL through the driver's own cursor, whose server-side binding
    prepares a statement run a few times (no parsing or planning per query after that), and without the
    health check Django makes of a kept connection before each request's first statement (``SELECT 1``, a
    third round trip for this query): a connection found broken instead is replaced and the statement
    sent once more. Elsewhere through Django's cursor. Errors come out as Django's."""
    conn: Any = connections[DEFAULT_DB_ALIAS]  # the thread's connection, looked up once (PostgreSQL's below)
    if conn.vendor != "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    for attempt in (1, 2):
        if conn.connection is not None:
            conn.health_check_done = True  # the check is the statement itself (see above)
        conn.ensure_connection()
        try:
            # Django's wrapper (errors as Django's, execute wrappers, query logs) round the driver's cursor
            with conn._prepare_cursor(psycopg.Cursor(conn.connection)) as cursor:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
        except DatabaseError:
            if attempt == 2 or not conn.connection.broken:
                raise
            conn.close()  # the server went away (a restart, a dropped link): a new connection
    raise AssertionError("unreachable")


def release() -> None:
    """What Django does for the query's one connection at the end of a request: closes it when it is past
    its age (``ZHIYUAN_DB_CONN_MAX_AGE``) or an error left it unusable; never inside a transaction (a test's)."""
    conn = connections[DEFAULT_DB_ALIAS]
    if not conn.in_atomic_block:
        conn.close_if_unusable_or_obsolete()


def _select(*match: str) -> str:
    """The public query's statement for published listings whose ``match`` columns equal the parameters.
    The status is a literal, not a parameter, so that a prepared
    statement's generic plan still uses the partial indexes on published rows (``credit_public_case``,
    ``credit_public_identity``)."""
    meta = Listing._meta
    column = {f.name: f.column for f in meta.concrete_fields}
    columns = ", ".join(f'"{column[f]}"' for f in _FIELDS)
    where = " AND ".join(f'"{column[f]}" = %s' for f in match)
    published = ListingStatus.PUBLISHED.value  # the platform's own constant, not a value from outside
    return (
        f'SELECT {columns} FROM "{meta.db_table}" WHERE "status" = \'{published}\' AND {where} '
        f'ORDER BY "published_on", "id" LIMIT {MAX_RESULTS}'
    )


#: the model's fields behind :data:`KEYS`, in the same order
_FIELDS = ("name", "id_masked", "court_name", "case_number", "obligation", "grounds", "published_on", "until")
_MATCHES = {"case": ("case_number",), "identity": ("id_hash", "name")}
_SELECT = {match: _select(*columns) for match, columns in _MATCHES.items()}


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
    (count,) = _run(_COUNT, [client[:45], start])[0]
    return 0 if count <= allowed else max(1, start + window - now)


_TABLE = QueryWindow._meta.db_table
_COUNT = (
    f"INSERT INTO {_TABLE} (client, window_start, count) VALUES (%s, %s, 1) "
    f"ON CONFLICT (client, window_start) DO UPDATE SET count = {_TABLE}.count + 1 RETURNING count"
)


def prune_windows(now: float | None = None) -> int:
    """Delete the counts of windows that have ended; returns how many rows went."""
    _, window = limit()
    current = int(now if now is not None else time.time())
    deleted, _ = QueryWindow.objects.filter(window_start__lte=current - window).delete()
    return deleted
