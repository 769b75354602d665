"""``zhiyuan cases import FILE [--skip-invalid] [--json]``, ``zhiyuan cases export [FILE]`` and
``zhiyuan cases stats [--json] [--court CODE] [--subtree] [--from DATE] [--to DATE]``.

Exit status: 0 when the import was written or nothing needed writing; 2 when there were errors and
nothing was written, and for bad arguments (unknown court, bad date, missing file).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.cases.exporting import export_cases
from zhiyuan.cases.importing import ImportReport, Issue, import_file
from zhiyuan.cases.selectors import courts_in, dispute_stats
from zhiyuan.problems import EXIT_STATUS_INVALID

PROGRESS_MIN_ROWS = 1001
SHOWN_WARNINGS = 20


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"{option} 日期无效：{text}，须为 YYYY-MM-DD", f"invalid {option} date '{text}': use YYYY-MM-DD"
        ) from None


def _line(issue: Issue) -> str:
    where = f"第 {issue.row} 行 row {issue.row}" if issue.row is not None else "文件 file"
    column = f" [{issue.column}]" if issue.column else ""
    return f"  {where}{column} {issue.code}: {issue.message_zh} / {issue.message_en}"


class Command(BaseCommand):
    help = "Import cases from CSV/XLSX, export them, or print dispute statistics (案-件比)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV or XLSX case file (all or nothing by default)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--skip-invalid", action="store_true", help="write the valid rows, report the rest")
        imp.add_argument("--json", action="store_true", help="print the import report as JSON")
        exp = sub.add_parser("export", help="export cases in the import format (CSV, or XLSX for *.xlsx)")
        exp.add_argument("file", nargs="?", type=Path, help="target file; CSV on standard output without one")
        st = sub.add_parser("stats", help="cases, disputes, 案-件比 and derivative counts")
        st.add_argument("--json", action="store_true")
        st.add_argument("--court", default="", help="court code of the disputes' first cases")
        st.add_argument("--subtree", action="store_true", help="include the courts below --court")
        st.add_argument("--from", dest="date_from", help="first filing date of the disputes' first cases")
        st.add_argument("--to", dest="date_to", help="last filing date of the disputes' first cases")

    def handle(self, *args: Any, **options: Any) -> None:
        {"import": self._import, "export": self._export, "stats": self._stats}[options["action"]](options)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise _fail(f"文件不存在：{path}", f"no such file: {path}")
        report = import_file(
            path,
            filename=path.name,
            skip_invalid=options["skip_invalid"],
            progress=sys.stderr.isatty(),
            progress_min_rows=PROGRESS_MIN_ROWS,
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._summary(path, report)
        if report.errors and not report.written:
            raise _fail(
                f"导入有 {len(report.errors)} 个错误，未写入任何数据",
                f"{len(report.errors)} error(s): nothing was written",
            )

    def _summary(self, path: Path, report: ImportReport) -> None:
        state = "已写入 written" if report.written else "未写入 nothing written"
        self.stdout.write(
            f"导入 import {path.name}: {report.rows} 行 rows, 新建 created {report.created}, "
            f"更新 updated {report.updated}, 未变 unchanged {report.unchanged}, "
            f"无效 invalid {report.invalid} — {state}"
        )
        if report.errors:
            self.stdout.write(f"错误 errors ({len(report.errors)}):")
            for issue in report.errors:
                self.stdout.write(_line(issue))
        if report.warnings:
            self.stdout.write(f"警告 warnings ({len(report.warnings)}):")
            for issue in report.warnings[:SHOWN_WARNINGS]:
                self.stdout.write(_line(issue))
            if len(report.warnings) > SHOWN_WARNINGS:
                rest = len(report.warnings) - SHOWN_WARNINGS
                self.stdout.write(f"  …另有 {rest} 条 and {rest} more (--json lists all)")

    def _export(self, options: dict[str, Any]) -> None:
        path: Path | None = options["file"]
        if path is None:
            try:
                export_cases(cast(TextIO, self.stdout), fmt="csv", target_name="stdout")
            except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        try:
            count = export_cases(path, fmt=fmt)
        except OSError as exc:
            raise _fail(f"无法写入 {path}：{exc}", f"cannot write {path}: {exc}") from None
        self.stderr.write(f"已导出 {count} 件案件 (exported {count} cases) → {path}")

    def _stats(self, options: dict[str, Any]) -> None:
        court_ids: list[int] | None = None
        if options["court"]:
            court_ids = courts_in(options["court"], options["subtree"])
            if not court_ids:
                raise _fail(f"未知法院代字：{options['court']}", f"unknown court code '{options['court']}'")
        elif options["subtree"]:
            raise _fail("--subtree 须与 --court 同用", "--subtree needs --court")
        date_from, date_to = _date(options["date_from"], "--from"), _date(options["date_to"], "--to")
        stats = dispute_stats(court_ids=court_ids, date_from=date_from, date_to=date_to)
        if options["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        self.stdout.write(f"案件 cases: {stats['cases']}    纠纷 disputes: {stats['disputes']}")
        self.stdout.write(f"案-件比 case_per_dispute: {stats['case_per_dispute']}")
        self.stdout.write(f"全部程序/纠纷 all_procedures_per_dispute: {stats['all_procedures_per_dispute']}")
        for kind, n in stats["derivative"].items():
            self.stdout.write(f"  {kind}: {n}")
