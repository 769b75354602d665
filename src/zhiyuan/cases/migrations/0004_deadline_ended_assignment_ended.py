"""Deadlines can end without being met (superseded, or the case closed); assignments can end (reassigned).

The deadlines still open on closed cases are ended on the day the case closed: nothing can meet them any
more (the 终本 re-query, an extension closed by 终本, a 执复 decision period no node met)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def end_deadlines_of_closed_cases(apps, schema_editor):  # type: ignore[no-untyped-def]
    case_model = apps.get_model("cases", "Case")
    deadline_model = apps.get_model("cases", "CaseDeadline")
    closed_on = case_model.objects.filter(pk=OuterRef("case_id")).values("closed_on")[:1]
    deadline_model.objects.filter(
        met_on__isnull=True, ended_on__isnull=True, case__closed_on__isnull=False
    ).update(ended_on=Subquery(closed_on), ended_by="closing")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_updated_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="ended_on",
            field=models.DateField(blank=True, null=True, verbose_name="改派日期"),
        ),
        migrations.AddField(
            model_name="casedeadline",
            name="ended_by",
            field=models.CharField(blank=True, max_length=40, verbose_name="终止节点"),
        ),
        migrations.AddField(
            model_name="casedeadline",
            name="ended_on",
            field=models.DateField(blank=True, null=True, verbose_name="终止日"),
        ),
        migrations.RunPython(end_deadlines_of_closed_cases, migrations.RunPython.noop, elidable=True),
    ]
