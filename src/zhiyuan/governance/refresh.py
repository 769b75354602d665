"""Rebuilding the indicator rollups (:mod:`zhiyuan.governance.models`) from the case tables: a handful of
``INSERT … SELECT`` statements (the same SQL on SQLite and PostgreSQL, bar the day difference), in one
transaction, under a snapshot (REPEATABLE READ on PostgreSQL; SQLite's single writer) so that the rollups
and the stamp they record describe the same state of the data.

The **stamp** says which state that is: the number of audited changes (``AuditHead.writes``: every audited
write, in the writing transaction — the chain's head row serializes them, so a write committed after the
snapshot always shows; reads, exports and sign-ins are audited too but are not changes, so they leave it
alone), plus the highest case id and the latest ``updated_at`` (writes that bypass the audit, like a bulk
load). It changes on more than case writes (any audited change), never on less: a rollup whose stamp
equals the current stamp is exactly the data; any other is stale.

A refresh is idempotent: unchanged data (same stamp, same campaign configuration) is a no-op unless
forced; concurrent refreshes on PostgreSQL take an advisory lock and the later one does nothing."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from zhiyuan.audit.models import AuditHead
from zhiyuan.cases.models import Case
from zhiyuan.governance.campaigns import Campaign, campaigns
from zhiyuan.governance.definitions import (
    APPEAL_CIVIL,
    DECISION_METHODS,
    E_TYPES,
    ENFORCEMENT_KIND,
    FIRST_INSTANCE_CIVIL,
    MEDIATION_SUCCESS,
    MEDIATION_TYPES,
    PERFORMED,
    TCP,
)
from zhiyuan.governance.models import (
    CampaignDay,
    CampaignFact,
    DayRollup,
    DecisionDay,
    DecisionFact,
    DerivativeDay,
    DirtyCase,
    RollupState,
    RootDay,
)
from zhiyuan.law.derivation import NOT_LITIGATION

#: PostgreSQL advisory-lock key of the refresh ("zhiyuan rollup")
LOCK_KEY = 7_206_911
CASES = Case._meta.db_table
TABLES = (DayRollup, DerivativeDay, RootDay, DecisionFact, DecisionDay, CampaignFact, CampaignDay)
#: what the rollup rows mean; a change makes rollups built before it stale (2: the recovery rate counts
#: each case's recovered amount up to its claim; 3: the stamp counts audited changes, not accesses)
FORMAT = "r3"


def stamp() -> str:
    """The current state of the case data, as the rollups record it (three index lookups)."""
    head = AuditHead.objects.filter(pk=1).values_list("writes", flat=True).first() or 0
    row = Case.objects.aggregate(id=Max("pk"), at=Max("updated_at"))
    at = row["at"].isoformat() if row["at"] else ""
    return f"{FORMAT}|{head}|{row['id'] or 0}|{at}"


def campaigns_key(configured: Sequence[Campaign] | None = None) -> str:
    """A fingerprint of the campaign configuration the campaign facts were built for."""
    chosen = campaigns() if configured is None else configured
    canonical = [
        {k: sorted(v) if isinstance(v, frozenset) else str(v) for k, v in vars(c).items()} for c in chosen
    ]
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def state() -> RollupState | None:
    """What the rollups were last built from (None before the first refresh)."""
    return RollupState.objects.filter(pk=1).first()


def is_fresh(configured: Sequence[Campaign] | None = None) -> bool:
    """Do the rollups describe the data as it is now (and the campaigns as configured)?"""
    s = state()
    return (
        s is not None
        and s.stamp == stamp()
        and s.campaigns_key == campaigns_key(configured)
        and not DirtyCase.objects.exists()  # a raw write moves no stamp but is logged
    )


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did."""

    done: bool  # False: already fresh, or another refresh holds the lock
    stamp: str
    seconds: float
    rows: dict[str, int]  # full: the rows of each table; partial: the court-days, disputes, cases touched
    partial: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "stamp": self.stamp,
            "seconds": round(self.seconds, 3),
            "rows": self.rows,
            "partial": self.partial,
        }


# ----------------------------------------------------------------------------------------------- SQL
#: the touched court-days and disputes of an incremental refresh (temporary tables of its transaction,
#: :mod:`zhiyuan.governance.increment`); a builder called with ``part=True`` reads only those
KEYS = "zh_rollup_keys"
DISPUTES = "zh_rollup_disputes"
ROOT_DISPUTES = "zh_rollup_root_disputes"


def _keyed(court: str, day: str, part: bool) -> str:
    """``AND`` the row's court-day is a touched one (nothing when the whole table is rebuilt)."""
    return f" AND ({court}, {day}) IN (SELECT court_id, day FROM {KEYS})" if part else ""


def _disputed(dispute: str, part: bool) -> str:
    """``AND`` the row's dispute is a touched one (nothing when the whole table is rebuilt)."""
    return f" AND {dispute} IN (SELECT dispute_id FROM {DISPUTES})" if part else ""


def _in(values: Sequence[str] | frozenset[str]) -> tuple[str, list[str]]:
    items = sorted(values)
    return ", ".join(["%s"] * len(items)), items


def _days(later: str, earlier: str) -> str:
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _day_rollup(part: bool = False) -> tuple[str, list[Any]]:
    types, tp = _in(E_TYPES | MEDIATION_TYPES)
    perf, pp = _in(PERFORMED)
    succ, sp = _in(MEDIATION_SUCCESS)
    sql = f"""
        INSERT INTO {DayRollup._meta.db_table}
            (court_id, day, type_code, filed, closed, performed, tcp, success, recovered, claimed,
             claimed_recovered, days)
        SELECT court_id, day, type_code, SUM(filed), SUM(closed), SUM(performed), SUM(tcp), SUM(success),
               SUM(recovered), SUM(claimed), SUM(claimed_recovered), SUM(days)
        FROM (
            SELECT court_id, filed_on AS day, type_code, 1 AS filed, 0 AS closed, 0 AS performed, 0 AS tcp,
                   0 AS success, 0 AS recovered, 0 AS claimed, 0 AS claimed_recovered, 0 AS days
            FROM {CASES} WHERE type_code IN ({types}){_keyed("court_id", "filed_on", part)}
            UNION ALL
            SELECT court_id, closed_on, type_code, 0, 1,
                   CASE WHEN closing_method IN ({perf}) THEN 1 ELSE 0 END,
                   CASE WHEN closing_method = %s THEN 1 ELSE 0 END,
                   CASE WHEN closing_method IN ({succ}) THEN 1 ELSE 0 END,
                   COALESCE(recovered_amount, 0),
                   CASE WHEN claim_amount > 0 THEN claim_amount ELSE 0 END,
                   CASE WHEN claim_amount > 0 AND COALESCE(recovered_amount, 0) > claim_amount THEN claim_amount
                        WHEN claim_amount > 0 THEN COALESCE(recovered_amount, 0) ELSE 0 END,
                   {_days("closed_on", "filed_on")}
            FROM {CASES} WHERE type_code IN ({types}) AND closed_on IS NOT NULL{_keyed("court_id", "closed_on", part)}
        ) u
        GROUP BY court_id, day, type_code"""
    return sql, [*tp, *pp, TCP, *sp, *tp]


def _derivative_day(part: bool = False) -> tuple[str, list[Any]]:
    sql = f"""
        INSERT INTO {DerivativeDay._meta.db_table} (court_id, day, kind, cases)
        SELECT court_id, filed_on, derivative_kind, COUNT(*) FROM {CASES}
        WHERE derivative_kind <> ''{_keyed("court_id", "filed_on", part)}
        GROUP BY court_id, filed_on, derivative_kind"""
    return sql, []


def _root_day(part: bool = False) -> tuple[str, list[Any]]:
    nl, np_ = _in(NOT_LITIGATION)
    # the disputes of the roots of the touched court-days (whole disputes, touched or not), gathered by
    # the incremental refresh before this statement
    roots = f" AND dispute_id IN (SELECT dispute_id FROM {ROOT_DISPUTES})" if part else ""
    sql = f"""
        INSERT INTO {RootDay._meta.db_table} (court_id, day, disputes, litigation_disputes, litigation_cases)
        SELECT r.court_id, r.filed_on, COUNT(*), SUM(CASE WHEN d.n > 0 THEN 1 ELSE 0 END), SUM(d.n)
        FROM {CASES} r
        JOIN (SELECT dispute_id, SUM(CASE WHEN type_code NOT IN ({nl}) THEN 1 ELSE 0 END) AS n
              FROM {CASES} WHERE 1 = 1{roots} GROUP BY dispute_id) d ON d.dispute_id = r.dispute_id
        WHERE r.origin_id IS NULL{_keyed("r.court_id", "r.filed_on", part)}
        GROUP BY r.court_id, r.filed_on"""
    return sql, np_


def _decision_facts(part: bool = False) -> tuple[str, list[Any]]:
    dm, dp = _in(DECISION_METHODS)
    ms, mp = _in(MEDIATION_SUCCESS)
    mt, mtp = _in(MEDIATION_TYPES)
    sql = f"""
        INSERT INTO {DecisionFact._meta.db_table}
            (case_id, role, court_id, type_code, closed_on, appealed_on, enforced_on)
        SELECT c.id, 'final', c.court_id, c.type_code, c.closed_on, d.appealed_on, d.enforced_on
        FROM {CASES} c
        LEFT JOIN (SELECT origin_id,
                          MIN(CASE WHEN type_code = %s THEN filed_on END) AS appealed_on,
                          MIN(CASE WHEN derivative_kind = %s THEN filed_on END) AS enforced_on
                   FROM {CASES} WHERE origin_id IS NOT NULL{_disputed("dispute_id", part)}
                   GROUP BY origin_id) d ON d.origin_id = c.id
        WHERE c.closed_on IS NOT NULL AND c.closing_method IN ({dm}) AND c.type_code IN (%s, %s)
              {_disputed("c.dispute_id", part)}
        UNION ALL
        SELECT c.id, 'mediation', c.court_id, c.type_code, c.closed_on, NULL, e.enforced_on
        FROM {CASES} c
        LEFT JOIN (SELECT dispute_id, MIN(filed_on) AS enforced_on FROM {CASES}
                   WHERE derivative_kind = %s{_disputed("dispute_id", part)}
                   GROUP BY dispute_id) e ON e.dispute_id = c.dispute_id
        WHERE c.closed_on IS NOT NULL AND c.closing_method IN ({ms}) AND c.type_code IN ({mt})
              {_disputed("c.dispute_id", part)}"""
    params = [APPEAL_CIVIL, ENFORCEMENT_KIND, *dp, FIRST_INSTANCE_CIVIL, APPEAL_CIVIL, ENFORCEMENT_KIND]
    return sql, [*params, *mp, *mtp]


def _campaign_facts(c: Campaign, part: bool = False) -> tuple[str, list[Any]]:
    """The closed E cases matching the campaign's date-free conditions — the live path's own filter
    (:func:`zhiyuan.governance.selectors.static_filter`), compiled — with the first derived filing."""
    from zhiyuan.governance.selectors import static_filter

    qs = Case.objects.filter(closed_on__isnull=False, type_code__in=E_TYPES).filter(static_filter(c))
    if part:
        qs = qs.extra(where=[f"{CASES}.dispute_id IN (SELECT dispute_id FROM {DISPUTES})"])
    since: Any = None
    if c.derived_kinds:
        first = (
            Case.objects.filter(origin_id=OuterRef("pk"), derivative_kind__in=c.derived_kinds)
            .order_by()
            .values("origin_id")
            .annotate(m=Min("filed_on"))
            .values("m")
        )
        qs = qs.annotate(since=Subquery(first)).filter(since__isnull=False)
        since = "since"
    columns = ["pk", "court_id", "closed_on", "recovered_amount"] + ([since] if since else [])
    select, params = qs.order_by().values_list(*columns).query.sql_with_params()
    table = CampaignFact._meta.db_table
    names = "case_id, court_id, closed_on, recovered" + (", since" if since else "")
    sql = f"INSERT INTO {table} (campaign, {names}) SELECT %s, q.* FROM ({select}) q"
    return sql, [c.id, *params]


def _decision_days(part: bool = False) -> tuple[str, list[Any]]:
    sql = f"""
        INSERT INTO {DecisionDay._meta.db_table}
            (court_id, day, role, type_code, decisions, unappealed, enforced, unappealed_enforced)
        SELECT court_id, closed_on, role, type_code, COUNT(*),
               SUM(CASE WHEN appealed_on IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN enforced_on IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN appealed_on IS NULL AND enforced_on IS NOT NULL THEN 1 ELSE 0 END)
        FROM {DecisionFact._meta.db_table} WHERE 1 = 1{_keyed("court_id", "closed_on", part)}
        GROUP BY court_id, closed_on, role, type_code"""
    return sql, []


def _campaign_days(part: bool = False) -> tuple[str, list[Any]]:
    sql = f"""
        INSERT INTO {CampaignDay._meta.db_table} (court_id, day, campaign, cases, recovered)
        SELECT court_id, closed_on, campaign, COUNT(*), SUM(recovered)
        FROM {CampaignFact._meta.db_table} WHERE 1 = 1{_keyed("court_id", "closed_on", part)}
        GROUP BY court_id, closed_on, campaign"""
    return sql, []


def _single_roots() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT dispute_id FROM {CASES} WHERE origin_id IS NULL "
            "GROUP BY dispute_id HAVING COUNT(*) > 1) m"
        )
        return int(cursor.fetchone()[0]) == 0


# --------------------------------------------------------------------------------------------- refresh
def refresh(*, force: bool = False, configured: Sequence[Campaign] | None = None) -> Refreshed:
    """Bring the rollups up to date in one transaction: only what the case writes since the last refresh
    touched (:mod:`zhiyuan.governance.increment`), or everything — the first time, when ``force``, when the
    campaigns or the rollups' format changed, or after a bulk write. A no-op when they are fresh, unless
    ``force``."""
    from zhiyuan.governance import increment

    chosen = tuple(campaigns() if configured is None else configured)
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if outermost:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                return Refreshed(False, "", time.perf_counter() - started, {})
            cursor.execute("SET LOCAL jit = off")
        now_stamp, key = stamp(), campaigns_key(chosen)
        current, _ = RollupState.objects.get_or_create(pk=1)
        dirty = increment.logged(cursor)
        if not force and current.stamp == now_stamp and current.campaigns_key == key and not dirty:
            return Refreshed(False, now_stamp, time.perf_counter() - started, {})
        cases = Case.objects.count()
        partial = (
            not force
            and current.refreshed_at is not None
            and current.campaigns_key == key
            and current.stamp.startswith(FORMAT + "|")
            and increment.worth_it(dirty, cases)
        )
        if partial:
            # single roots before: only the touched disputes can have changed that; else look at all
            single = increment.single_roots_kept(cursor) if current.single_roots else _single_roots()
            rows = increment.rebuild_touched(cursor, connection.vendor, chosen)
        else:
            for model in TABLES:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
            statements = [_day_rollup(), _derivative_day(), _root_day(), _decision_facts()]
            statements += [_campaign_facts(c) for c in chosen] + [_decision_days(), _campaign_days()]
            for sql, params in statements:
                cursor.execute(sql, params)
            increment.forget(cursor)
            if connection.vendor == "postgresql":  # the planner's statistics of the new rows
                for model in TABLES:
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
            rows = {m._meta.model_name or "": m.objects.count() for m in TABLES}
            single = _single_roots()
        current.stamp, current.campaigns_key = now_stamp, key
        current.single_roots = single
        current.cases = cases
        current.refreshed_at = timezone.now()
        current.seconds = time.perf_counter() - started
        current.save()
    return Refreshed(True, now_stamp, current.seconds, rows, partial)
