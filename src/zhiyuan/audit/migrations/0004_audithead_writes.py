"""AuditHead.writes: the number of audited changes (accesses — reads, exports, sign-ins — not counted).
Existing entries are all counted once (the log's size): the rollups refresh once, as after any change."""

from django.db import migrations, models
from django.db.models import F


def count_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("audit", "AuditHead").objects.update(writes=F("size"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_verified_head"),
    ]

    operations = [
        migrations.AddField(model_name="audithead", name="writes", field=models.BigIntegerField(default=0)),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
