"""The dirty log of the case table: database triggers that record, in the writing transaction, each case
row before and after every insert, update and delete (``governance_dirtycase``), so an indicator refresh
rebuilds only what was touched (:mod:`zhiyuan.governance.increment`).

Triggers, not signals: bulk imports and raw SQL write without signals. On PostgreSQL one statement-level
trigger per event reads the transition tables (a bulk import pays one ``INSERT … SELECT``); SQLite has
row triggers. SQLite drops a table's triggers when a migration rebuilds the table, so :func:`install` is
idempotent and runs again after every ``migrate`` (``post_migrate``, :mod:`zhiyuan.governance.apps`)."""

from __future__ import annotations

from typing import Any

NAMES = "('governance_dirty_insert', 'governance_dirty_update', 'governance_dirty_delete')"
COLUMNS = "case_id, dispute_id, court_id, filed_on, closed_on"
ROW = "{0}.id, {0}.dispute_id, {0}.court_id, {0}.filed_on, {0}.closed_on"

#: PostgreSQL: one statement-level trigger per event, reading the transition tables (a bulk import of many
#: rows pays one INSERT … SELECT, not one per row)
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION governance_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO governance_dirtycase ({COLUMNS}) SELECT {ROW.format("n")} FROM n; RETURN NULL; END $$""",
    f"""CREATE OR REPLACE FUNCTION governance_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO governance_dirtycase ({COLUMNS}) SELECT {ROW.format("o")} FROM o; RETURN NULL; END $$""",
    f"""CREATE OR REPLACE FUNCTION governance_dirty_both() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO governance_dirtycase ({COLUMNS})
              SELECT {ROW.format("o")} FROM o UNION ALL SELECT {ROW.format("n")} FROM n; RETURN NULL; END $$""",
    """CREATE TRIGGER governance_dirty_insert AFTER INSERT ON cases_case REFERENCING NEW TABLE AS n
       FOR EACH STATEMENT EXECUTE FUNCTION governance_dirty_new()""",
    """CREATE TRIGGER governance_dirty_update AFTER UPDATE ON cases_case
       REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION governance_dirty_both()""",
    """CREATE TRIGGER governance_dirty_delete AFTER DELETE ON cases_case REFERENCING OLD TABLE AS o
       FOR EACH STATEMENT EXECUTE FUNCTION governance_dirty_old()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS governance_dirty_insert ON cases_case",
    "DROP TRIGGER IF EXISTS governance_dirty_update ON cases_case",
    "DROP TRIGGER IF EXISTS governance_dirty_delete ON cases_case",
    "DROP FUNCTION IF EXISTS governance_dirty_new()",
    "DROP FUNCTION IF EXISTS governance_dirty_old()",
    "DROP FUNCTION IF EXISTS governance_dirty_both()",
]
SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS governance_dirty_insert AFTER INSERT ON cases_case BEGIN
        INSERT INTO governance_dirtycase ({COLUMNS}) VALUES ({ROW.format("NEW")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS governance_dirty_update AFTER UPDATE ON cases_case BEGIN
        INSERT INTO governance_dirtycase ({COLUMNS}) VALUES ({ROW.format("OLD")}), ({ROW.format("NEW")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS governance_dirty_delete AFTER DELETE ON cases_case BEGIN
        INSERT INTO governance_dirtycase ({COLUMNS}) VALUES ({ROW.format("OLD")}); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS governance_dirty_insert",
    "DROP TRIGGER IF EXISTS governance_dirty_update",
    "DROP TRIGGER IF EXISTS governance_dirty_delete",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    """Create the triggers where they are missing (PostgreSQL: replaced; SQLite: kept if present)."""
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_DROP[:3] + POSTGRESQL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE)


def uninstall(connection: Any) -> None:
    """Drop the triggers and their functions."""
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_DROP)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)


def installed(connection: Any) -> int:
    """How many of the three triggers the case table has."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT COUNT(*) FROM pg_trigger WHERE tgname IN {NAMES} AND NOT tgisinternal")
        else:
            cursor.execute(f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN {NAMES}")
        return int(cursor.fetchone()[0])
