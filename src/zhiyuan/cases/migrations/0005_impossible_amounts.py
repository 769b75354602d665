"""Amounts no column can hold exactly are taken out of the cases they broke.

Before every boundary checked amounts (zhiyuan.inputs.amounts), ``1e20`` reached the database: on SQLite
(15 significant digits) such a row cannot be read back, so every list that showed it answered 500. Each
claim or recovered amount above ``zhiyuan.law.money.MAX_AMOUNT`` (or below zero) is cleared here; the case
keeps the value as it was stored in a ``correction`` node of its log (actor: this migration) and the flag
``amount_cleared``, so a person with ``case:correct`` can enter the right figure.
"""

import datetime as dt

from django.db import migrations

MAX_AMOUNT = "9999999999999.99"  # zhiyuan.law.money.MAX_AMOUNT when this was written
COLUMNS = ("claim_amount", "recovered_amount")
REASON = "迁移：金额超出可记录范围，已清除 · migration: the amount is beyond what can be stored; cleared"


def clear_impossible_amounts(apps, schema_editor):  # type: ignore[no-untyped-def]
    case_model = apps.get_model("cases", "Case")
    node_model = apps.get_model("cases", "NodeLog")
    table = schema_editor.connection.ops.quote_name(case_model._meta.db_table)
    found: dict[int, dict[str, str]] = {}
    with schema_editor.connection.cursor() as cursor:
        for column in COLUMNS:
            name = schema_editor.connection.ops.quote_name(column)
            # read as text: the ORM cannot convert such a value (that is the fault being repaired)
            cursor.execute(
                f"SELECT id, CAST({name} AS TEXT) FROM {table} WHERE {name} > {MAX_AMOUNT} OR {name} < 0"
            )
            for case_id, text in cursor.fetchall():
                found.setdefault(case_id, {})[column] = str(text)
    today = dt.date.today()
    for case_id, values in sorted(found.items()):
        flags = list(case_model.objects.filter(pk=case_id).values_list("flags", flat=True).get() or [])
        case_model.objects.filter(pk=case_id).update(
            **dict.fromkeys(values),
            flags=[*flags, "amount_cleared"] if "amount_cleared" not in flags else flags,
        )
        for column, text in values.items():
            node_model.objects.create(
                case_id=case_id,
                node="correction",
                on=today,
                actor_name="migration 0005_impossible_amounts",
                payload={"field": column, "from": text, "to": None, "reason": REASON},
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_deadline_ended_assignment_ended")]

    operations = [migrations.RunPython(clear_impossible_amounts, migrations.RunPython.noop)]
