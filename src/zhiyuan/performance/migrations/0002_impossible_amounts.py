"""Amounts no column can hold exactly are cleared from titles, obligations and payment reports.

Before agreements and titles checked their amounts (``zhiyuan.law.executability``: ``amount_out_of_range``
above ``zhiyuan.law.money.MAX_AMOUNT``), an agreement item of ``1e20`` could become a title; on SQLite
(15 significant digits) such a row cannot be read back and breaks every page that shows it. The title's
``items`` keep the amount as written; the columns derived from it are cleared (an amount paid, to 0).
"""

from django.db import migrations

MAX_AMOUNT = "9999999999999.99"  # zhiyuan.law.money.MAX_AMOUNT when this was written
#: (model, column, value that replaces an impossible amount)
COLUMNS = (
    ("Title", "total_amount", None),
    ("Obligation", "amount", None),
    ("Obligation", "paid", 0),
    ("PaymentReport", "amount", None),
)


def clear_impossible_amounts(apps, schema_editor):  # type: ignore[no-untyped-def]
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for model, column, replacement in COLUMNS:
            table = quote(apps.get_model("performance", model)._meta.db_table)
            name = quote(column)
            cursor.execute(
                f"UPDATE {table} SET {name} = %s WHERE {name} > {MAX_AMOUNT} OR {name} < 0", [replacement]
            )


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(clear_impossible_amounts, migrations.RunPython.noop)]
