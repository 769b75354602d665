"""``zhiyuan restore FILE [--json]``: restore a backup into the empty database ``DATABASE_URL`` names,
then check the tables, the migrations and the whole audit chain against the backup's manifest.

Exit status 0 when the restored data match; 2 when nothing was written (no such file, a corrupt backup,
another engine, a non-empty target); 1 when the restored data do not match the manifest (do not use it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.law.errors import LawError
from zhiyuan.operations import backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify it against the backup's manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `zhiyuan backup`")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.restore(options["file"].resolve())
        except LawError as err:
            if err.code != "restore_mismatch":
                raise  # nothing was written: exit status 2 (zhiyuan.cli)
            print(f"错误 error [{err.code}]: {err.message_zh} / {err.message_en}", file=sys.stderr)
            if options["json"]:
                self.stdout.write(json.dumps(err.details.get("result", {}), ensure_ascii=False))
            raise SystemExit(1) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核验 restored and verified: {result['tables']} 表 tables, {result['rows']} 行 rows, "
                f"审计链完整 audit chain intact ({result['audit']['size']}, root {result['audit']['root'][:16]}…)"
            )
        )
