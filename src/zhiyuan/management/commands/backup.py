"""``zhiyuan backup FILE [--json]``: a consistent online backup of the whole platform — the database and a
manifest (version, migrations, row counts, audit root, SHA-256 of the parts) — in one new file. Keys are
never in it. Exit status 2 when the file exists or cannot be written (see :mod:`zhiyuan.operations.backup`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.operations import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the platform's database with a manifest to FILE (a new file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="the backup file to create (e.g. zhiyuan-2026-12-04.tar.gz)"
        )
        parser.add_argument("--json", action="store_true", help="print the manifest as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        written = backup.backup(options["file"].resolve())
        m = written.manifest
        if options["json"]:
            self.stdout.write(json.dumps({"file": str(written.path), **m}, ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成 backup written: {written.path} ({m['engine']}, {len(m['tables'])} 表 tables, "
                f"{sum(m['tables'].values())} 行 rows, 审计日志 audit log {m['audit']['size']})"
            )
        )
