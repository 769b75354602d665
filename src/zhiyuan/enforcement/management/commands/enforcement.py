"""``zhiyuan enforcement triage --all [--json]`` — triage every enforcement case not yet triaged (imported
or simulated cases), each as of its filing date; idempotent — and ``zhiyuan enforcement accuracy [--json]``
— how many closed cases of each track closed within 45 days of filing."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.audit.services import Actor
from zhiyuan.enforcement import selectors, services
from zhiyuan.problems import EXIT_STATUS_INVALID


class Command(BaseCommand):
    help = "Enforcement: triage (繁简分流) of the cases not yet triaged, and how accurate triage was."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        t = sub.add_parser("triage", help="triage the enforcement cases that have no triage yet")
        t.add_argument("--all", action="store_true", help="every enforcement case without a triage")
        t.add_argument("--json", action="store_true")
        a = sub.add_parser("accuracy", help="closed cases per track and the share closed within 45 days")
        a.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "triage":
            if not options["all"]:
                raise CommandError(
                    "请用 --all 分流全部尚未分流的执行案件。 (Use --all to triage every case not yet triaged.)",
                    returncode=EXIT_STATUS_INVALID,
                )
            done = services.triage_missing(Actor.system("zhiyuan enforcement triage"))
            out = {"triaged": done}
            self.stdout.write(json.dumps(out) if options["json"] else f"已分流 triaged: {done}")
            return
        result = selectors.accuracy()
        rows = {
            track: {"closed": o.closed, "closed_within_45_days": o.quick, "share": o.share}
            for track, o in result.items()
        }
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for track, r in rows.items():
            share = "—" if r["share"] is None else f"{r['share']:.1%}"
            self.stdout.write(
                f"{track:8} closed {r['closed']:7}  within 45 days {r['closed_within_45_days']:7}  {share}"
            )
