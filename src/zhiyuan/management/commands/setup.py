"""``zhiyuan setup``: migrate and load the reference data into ``DATABASE_URL``, idempotently."""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.courts.services import load_reference_data


class Command(BaseCommand):
    help = "Migrate the database and load the reference data (idempotent; keeps administrators' corrections)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the load report as JSON")
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="also create one demo account per role (development only; see README)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache's table (ZHIYUAN_CACHE=database)
        report = load_reference_data().as_dict()
        if options["demo_users"]:
            from zhiyuan.accounts.demo import ensure_demo_users

            report["demo_users"] = ensure_demo_users()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS("数据库已迁移，参考数据已载入 (database migrated, reference data loaded)")
        )
        for key in ("created", "updated", "kept"):
            if report[key]:
                self.stdout.write(f"  {key}: " + ", ".join(f"{t} {n}" for t, n in report[key].items()))
        for note in report["skipped"]:
            self.stdout.write(f"  skipped: {note}")
        if report.get("demo_users"):
            self.stdout.write(f"  demo users created: {', '.join(report['demo_users'])}")
