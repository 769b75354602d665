"""Database triggers that refuse changes to audit rows, so even SQL outside the application is stopped
unless someone with the power to drop triggers does it deliberately (and the chain still shows it).

PostgreSQL refuses UPDATE and DELETE row by row; SQLite refuses UPDATE (a deleted row shows up as a
gap or a truncated chain when verified). TRUNCATE by a database superuser is caught by comparing with
a signed checkpoint kept elsewhere (``zhiyuan audit verify --checkpoint FILE``)."""

from __future__ import annotations

from typing import Any

TABLE = "audit_auditentry"

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION zhiyuan_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only (审计日志只能追加)'; END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION zhiyuan_audit_append_only()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS zhiyuan_audit_append_only()",
]
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_entry_no_update"]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def install(apps: Any, schema_editor: Any) -> None:
    """Migration step: create the triggers for this database."""
    _run(schema_editor, {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps: Any, schema_editor: Any) -> None:
    """Reverse migration step."""
    _run(schema_editor, {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE})
