"""``zhiyuan credit sweep [--today YYYY-MM-DD] [--json]`` — publish the listings whose grace period ended
and delete the listings due for deletion (cases closed by performance and the like, expired periods), as
the daily job does; idempotent."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhiyuan.credit import services
from zhiyuan.inputs.dates import clean_date
from zhiyuan.law.errors import LawError
from zhiyuan.problems import EXIT_STATUS_INVALID


class Command(BaseCommand):
    help = "Credit: the daily sweep of the dishonest-debtor list (publication and deletion)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        s = sub.add_parser("sweep", help="publish and delete what is due (as the daily job)")
        s.add_argument("--today", default="", help="the day to sweep for (default: today)")
        s.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = clean_date(options["today"], "today") if options["today"] else timezone.localdate()
        except LawError as err:
            raise CommandError(
                f"{err.message_zh} ({err.message_en})", returncode=EXIT_STATUS_INVALID
            ) from err
        out = services.sweep(today)
        self.stdout.write(
            json.dumps(out) if options["json"] else " ".join(f"{k}: {v}" for k, v in out.items())
        )
