"""``zhiyuan performance tick [--today DATE] [--enqueue] [--json]`` — the daily lapse check — and
``zhiyuan performance template KIND FILE`` — write the default DOCX template of a notice kind, the
starting point of a court's own.

Exit status 2 for bad arguments (a bad date, an unknown notice kind)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhiyuan.performance import documents
from zhiyuan.performance.ticking import tick
from zhiyuan.problems import EXIT_STATUS_INVALID


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


class Command(BaseCommand):
    help = "Voluntary performance: the daily lapse check (tick) and the default notice templates."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        t = sub.add_parser(
            "tick", help="issue sanction warnings; file enforcement cases of lapsed urging periods"
        )
        t.add_argument("--today", help="the day to check as (YYYY-MM-DD; default: today in Asia/Shanghai)")
        t.add_argument("--enqueue", action="store_true", help="enqueue the job for the worker instead")
        t.add_argument("--json", action="store_true")
        tpl = sub.add_parser("template", help="write the default DOCX template of a notice kind")
        tpl.add_argument("kind", help="|".join(documents.FIELDS))
        tpl.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            self._template(options)
            return
        text = options["today"]
        try:
            today = dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError:
            raise _fail(
                f"--today 日期无效：{text}", f"invalid --today date '{text}': use YYYY-MM-DD"
            ) from None
        if options["enqueue"]:
            from zhiyuan.performance.tasks import tick as job

            result = job.enqueue(today.isoformat())
            self.stdout.write(f"已加入队列 enqueued: {result.id}")
            return
        report = tick(today).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(
            f"{report['today']}: 预告书 warnings {len(report['warnings'])}，"
            f"执行立案 filed {len(report['filed'])}，状态变化 status changes {report['status_changes']}"
        )
        for number in report["filed"]:
            self.stdout.write(f"  执行立案 filed: {number}")

    def _template(self, options: dict[str, Any]) -> None:
        kind = options["kind"]
        if kind not in documents.FIELDS:
            raise _fail(
                f"未知文书类型：{kind}", f"unknown notice kind '{kind}': use {'|'.join(documents.FIELDS)}"
            )
        path: Path = options["file"]
        path.write_bytes(documents.default_template(kind))
        fields = ", ".join("{" + f + "}" for f in documents.FIELDS[kind])
        self.stdout.write(f"{path}: 可用占位符 fields: {fields}")
