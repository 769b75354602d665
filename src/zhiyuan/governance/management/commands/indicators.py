"""``zhiyuan indicators --court CODE [--subtree] --from DATE --to DATE [--json] [--path auto|live|rollup]``,
``zhiyuan indicators refresh [--force]`` (rebuild the rollups) and ``zhiyuan indicators --markdown`` (the
definitions, as docs/indicators.md). The default path ``auto`` reads the rollups only when they are fresh,
so the numbers are always those of the data as it is.

Exit status 2 for bad input (unknown court, bad date, a period that ends before it starts)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from zhiyuan.governance.campaigns import campaigns
from zhiyuan.governance.definitions import INDICATORS
from zhiyuan.governance.markdown import indicators_markdown
from zhiyuan.governance.refresh import refresh
from zhiyuan.governance.selectors import PATHS, report
from zhiyuan.law.errors import LawError
from zhiyuan.problems import EXIT_STATUS_INVALID


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


def _date(text: str | None, option: str) -> dt.date:
    if not text:
        raise _fail(f"须给出 {option} 日期（YYYY-MM-DD）", f"{option} is required (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"{option} 日期无效：{text}，须为 YYYY-MM-DD", f"invalid {option} date '{text}': use YYYY-MM-DD"
        ) from None


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v) or "0"
    return str(value)


class Command(BaseCommand):
    help = "Indicators v1 (收结存, rates, 案-件比, derivative cases, campaigns) for a court and a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["refresh"], help="refresh: rebuild the rollups")
        parser.add_argument("--force", action="store_true", help="refresh even when the rollups are fresh")
        parser.add_argument(
            "--path", choices=PATHS, default="auto", help="auto (rollups when fresh), live or rollup"
        )
        parser.add_argument("--court", default="", help="court code (法院代字), e.g. 黔01")
        parser.add_argument("--subtree", action="store_true", help="include every court below --court")
        parser.add_argument("--from", dest="date_from", help="first day of the period, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last day of the period, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--markdown", action="store_true", help="print the definitions (docs/indicators.md)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            done = refresh(force=options["force"])
            self.stdout.write(json.dumps(done.as_dict(), ensure_ascii=False))
            return
        if options["markdown"]:
            self.stdout.write(indicators_markdown(), ending="")
            return
        if not options["court"]:
            raise _fail("须给出 --court 法院代字", "--court is required")
        date_from, date_to = _date(options["date_from"], "--from"), _date(options["date_to"], "--to")
        try:
            data = report(
                court_code=options["court"],
                subtree=options["subtree"],
                date_from=date_from,
                date_to=date_to,
                path=options["path"],
            )
        except LawError as err:
            raise _fail(err.message_zh, err.message_en) from None
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._table(data)

    def _table(self, data: dict[str, Any]) -> None:
        scope, period = data["scope"], data["period"]
        where = "及下辖法院 and below" if scope["subtree"] else ""
        title = f"{scope['name']} {scope['court']} {where} {period['from']} — {period['to']}"
        table = Table(title=title)
        for column in ("指标", "Indicator", "值 Value"):
            table.add_column(column)
        for key, value in data["indicators"].items():
            table.add_row(INDICATORS[key].name_zh, INDICATORS[key].name_en, _shown(value))
        names = {c.id: c for c in campaigns()}
        for key, figures in data["campaigns"].items():
            c = names[key]
            table.add_row(
                f"专项：{c.name_zh}",
                f"Campaign: {c.name_en}",
                f"{figures['cases_closed']} 件 cases, {figures['amount_recovered']} 元 yuan",
            )
        Console(file=self.stdout, width=120).print(table)  # type: ignore[arg-type]
