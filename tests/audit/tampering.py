"""What someone with write access to the database, but without the signing key, can do behind the
application's back."""

from __future__ import annotations

from django.db import connection

from zhiyuan.audit.chain import GENESIS, entry_leaf, next_chain
from zhiyuan.audit.models import AuditEntry


def sql(statement: str, params: tuple[object, ...] = ()) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def without_triggers(*statements: tuple[str, tuple[object, ...]]) -> None:
    """Run statements on the audit table with its append-only triggers out of the way."""
    if connection.vendor == "postgresql":
        sql("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
    else:
        sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    for statement, params in statements:
        sql(statement, params)
    if connection.vendor == "postgresql":
        sql("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def rewrite_chain_from(seq: int, actor_name: str) -> None:
    """Change entry ``seq`` and recompute every leaf and chain hash after it, and the head, so that the
    chain is consistent again."""
    rows = list(AuditEntry.objects.order_by("seq").values())
    chain = GENESIS
    updates = []
    for row in rows:
        if row["seq"] == seq:
            row["actor_name"] = actor_name
        if row["seq"] >= seq:
            leaf = entry_leaf(row)
            row["chain_hash"] = next_chain(chain, leaf)
            updates.append(
                (
                    "UPDATE audit_auditentry SET actor_name = %s, leaf_hash = %s, chain_hash = %s WHERE seq = %s",
                    (row["actor_name"], leaf, row["chain_hash"], row["seq"]),
                )
            )
        chain = row["chain_hash"]
    without_triggers(*updates)
    sql("UPDATE audit_audithead SET chain_hash = %s WHERE id = 1", (chain,))
