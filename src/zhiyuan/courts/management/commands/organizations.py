"""``zhiyuan organizations import FILE [--skip-invalid] [--json]``, ``zhiyuan organizations export [FILE]
[--format csv|xlsx]`` and ``zhiyuan organizations demo [--seed N] [--json]``.

Exit status: 0 when the import was written or nothing needed writing; 2 when there were errors and nothing
was written, and for bad arguments (missing file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.courts.organizations_demo import ensure_demo_register
from zhiyuan.courts.organizations_export import export_register
from zhiyuan.courts.organizations_io import ImportReport, import_file
from zhiyuan.problems import EXIT_STATUS_INVALID


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


class Command(BaseCommand):
    help = "Import, export or seed the register of mediation organizations and mediators."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV or XLSX register file (all or nothing by default)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--skip-invalid", action="store_true", help="write the valid rows, report the rest")
        imp.add_argument("--json", action="store_true", help="print the import report as JSON")
        exp = sub.add_parser("export", help="export the register in the import format")
        exp.add_argument("file", nargs="?", type=Path, help="target file; CSV on standard output without one")
        exp.add_argument(
            "--format", choices=("csv", "xlsx"), default=None, help="default: by the file suffix"
        )
        demo = sub.add_parser("demo", help="create the fictitious demo register (idempotent)")
        demo.add_argument("--seed", type=int, default=1)
        demo.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        {"import": self._import, "export": self._export, "demo": self._demo}[options["action"]](options)

    def _summary(self, title: str, report: ImportReport) -> None:
        state = "已写入 written" if report.written else "未写入 nothing written"
        c, u = report.created, report.updated
        self.stdout.write(
            f"{title}: {report.rows} 行 rows, 新建 created {c['organizations']} 组织 organizations / "
            f"{c['mediators']} 调解员 mediators, 更新 updated {u['organizations']} / {u['mediators']}, "
            f"未变 unchanged {report.unchanged}, 无效 invalid {report.invalid} — {state}"
        )
        for issue in report.errors:
            where = f"第 {issue.row} 行 row {issue.row}" if issue.row is not None else "文件 file"
            column = f" [{issue.column}]" if issue.column else ""
            self.stdout.write(f"  {where}{column} {issue.code}: {issue.message_zh} / {issue.message_en}")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise _fail(f"文件不存在：{path}", f"no such file: {path}")
        report = import_file(path, skip_invalid=options["skip_invalid"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._summary(f"导入 import {path.name}", report)
        if report.errors and not report.written:
            raise _fail(
                f"导入有 {len(report.errors)} 个错误，未写入任何数据",
                f"{len(report.errors)} error(s): nothing was written",
            )

    def _export(self, options: dict[str, Any]) -> None:
        path: Path | None = options["file"]
        fmt = options["format"] or ("xlsx" if path is not None and path.suffix.lower() == ".xlsx" else "csv")
        if path is None:
            if fmt == "xlsx":
                export_register(sys.stdout.buffer, fmt="xlsx", target_name="stdout")
                return
            try:
                export_register(cast(TextIO, self.stdout), fmt="csv", target_name="stdout")
            except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        try:
            count = export_register(path, fmt=fmt)
        except OSError as exc:
            raise _fail(f"无法写入 {path}：{exc}", f"cannot write {path}: {exc}") from None
        self.stderr.write(f"已导出 {count} 行 (exported {count} rows) → {path}")

    def _demo(self, options: dict[str, Any]) -> None:
        report = ensure_demo_register(options["seed"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._summary(f"演示名册 demo register (seed {options['seed']})", report)
