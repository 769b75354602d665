"""Database triggers refusing changes to audit rows (see zhiyuan.audit.triggers)."""

from django.db import migrations

from zhiyuan.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(triggers.install, triggers.remove)]
