"""Refreshing the indicator rollups incrementally: only the court-days and disputes that the case writes
since the last refresh touched (the dirty log, :mod:`zhiyuan.governance.dirty`), inside the refresh's
transaction and snapshot (:func:`zhiyuan.governance.refresh.refresh`).

What a touched case changes:

- its disputes (before and after the write) — every case of them gets its decision and campaign facts
  rebuilt (a fact depends on the cases derived from it, which share its dispute);
- the court-days of its filing and closing (before and after), of the roots of those disputes (案-件比
  counts a dispute at its root's court and day), and of the facts removed and added — every day row of
  those court-days is rebuilt from the case table or the facts.

Each rebuilt row is computed whole from the current data by the full refresh's own statements, restricted
to the touched keys (``part=True``), so the result is the full refresh's result: the tests hold the two to
each other after random writes. When the log holds more than :data:`SHARE` of the cases (a bulk import),
the full refresh is cheaper and is used instead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zhiyuan.governance.campaigns import Campaign
from zhiyuan.governance.models import (
    CampaignDay,
    CampaignFact,
    DayRollup,
    DecisionDay,
    DecisionFact,
    DerivativeDay,
    DirtyCase,
    RootDay,
)
from zhiyuan.governance.refresh import (
    CASES,
    DISPUTES,
    KEYS,
    ROOT_DISPUTES,
    _campaign_days,
    _campaign_facts,
    _day_rollup,
    _decision_days,
    _decision_facts,
    _derivative_day,
    _keyed,
    _root_day,
)

#: above this share of the case count the dirty log is rebuilt whole (a bulk import)
SHARE = 0.05
#: ... and never below this many rows
FLOOR = 20_000
DIRTY = DirtyCase._meta.db_table
CASE_IDS = "zh_rollup_cases"
FACTS = (DecisionFact._meta.db_table, CampaignFact._meta.db_table)
TEMPORARY = (KEYS, DISPUTES, CASE_IDS, ROOT_DISPUTES)


def logged(cursor: Any) -> int:
    """How many rows the dirty log holds (in the refresh's snapshot)."""
    cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
    return int(cursor.fetchone()[0])


def worth_it(dirty: int, cases: int) -> bool:
    """Is a partial rebuild of ``dirty`` logged rows cheaper than a full one of ``cases`` cases?"""
    return dirty <= max(FLOOR, int(cases * SHARE))


def forget(cursor: Any) -> None:
    """Empty the dirty log of what the snapshot sees (a write committed after it stays for the next)."""
    cursor.execute(f"DELETE FROM {DIRTY}")


def _temporary(cursor: Any, vendor: str) -> None:
    for name, columns in (
        (KEYS, "court_id bigint, day date"),
        (DISPUTES, "dispute_id bigint"),
        (CASE_IDS, "case_id bigint"),
        (ROOT_DISPUTES, "dispute_id bigint"),
    ):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
    if vendor == "postgresql":
        cursor.execute(f"CREATE INDEX ON {KEYS} (court_id, day)")


def _analyze(cursor: Any, vendor: str) -> None:
    if vendor == "postgresql":  # a temporary table has no statistics until asked
        for name in TEMPORARY:
            cursor.execute(f"ANALYZE {name}")


def _fact_keys(cursor: Any) -> None:
    for table in FACTS:
        cursor.execute(
            f"INSERT INTO {KEYS} SELECT DISTINCT court_id, closed_on FROM {table} "
            f"WHERE case_id IN (SELECT case_id FROM {CASE_IDS})"
        )


def rebuild_touched(cursor: Any, vendor: str, chosen: Sequence[Campaign]) -> dict[str, int]:
    """Rebuild the rollup rows the dirty log touches and empty the log; how many of each were touched."""
    _temporary(cursor, vendor)
    cursor.execute(
        f"INSERT INTO {DISPUTES} SELECT DISTINCT dispute_id FROM {DIRTY} WHERE dispute_id IS NOT NULL"
    )
    cursor.execute(
        f"INSERT INTO {CASE_IDS} SELECT case_id FROM {DIRTY} UNION "
        f"SELECT id FROM {CASES} WHERE dispute_id IN (SELECT dispute_id FROM {DISPUTES})"
    )
    cursor.execute(
        f"INSERT INTO {KEYS} SELECT court_id, filed_on FROM {DIRTY} WHERE filed_on IS NOT NULL UNION "
        f"SELECT court_id, closed_on FROM {DIRTY} WHERE closed_on IS NOT NULL UNION "
        f"SELECT court_id, filed_on FROM {CASES} WHERE origin_id IS NULL "
        f"AND dispute_id IN (SELECT dispute_id FROM {DISPUTES})"
    )
    _fact_keys(cursor)  # the court-days of the facts about to go
    _analyze(cursor, vendor)
    for table in FACTS:
        cursor.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT case_id FROM {CASE_IDS})")
    for sql, params in [_decision_facts(part=True)] + [_campaign_facts(c, part=True) for c in chosen]:
        cursor.execute(sql, params)
    _fact_keys(cursor)  # ... and of the facts that came
    cursor.execute(
        f"INSERT INTO {ROOT_DISPUTES} SELECT DISTINCT dispute_id FROM {CASES} "
        f"WHERE origin_id IS NULL{_keyed('court_id', 'filed_on', True)}"
    )
    _analyze(cursor, vendor)
    builders = (
        (DayRollup, _day_rollup),
        (DerivativeDay, _derivative_day),
        (RootDay, _root_day),
        (DecisionDay, _decision_days),
        (CampaignDay, _campaign_days),
    )
    for model, build in builders:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE 1 = 1{_keyed('court_id', 'day', True)}")
        cursor.execute(*build(part=True))
    touched = {}
    for name, table in (("court_days", KEYS), ("disputes", DISPUTES), ("cases", CASE_IDS)):
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT * FROM {table}) t")
        touched[name] = int(cursor.fetchone()[0])
    forget(cursor)
    for name in TEMPORARY:
        cursor.execute(f"DROP TABLE {name}")
    return touched


def single_roots_kept(cursor: Any) -> bool:
    """Does every touched dispute still have a single root (the rest were single before)?"""
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT dispute_id FROM {CASES} WHERE origin_id IS NULL "
        f"AND dispute_id IN (SELECT DISTINCT dispute_id FROM {DIRTY}) "
        "GROUP BY dispute_id HAVING COUNT(*) > 1) m"
    )
    return int(cursor.fetchone()[0]) == 0
