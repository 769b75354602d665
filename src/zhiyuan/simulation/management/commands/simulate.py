"""``zhiyuan simulate province --seed N --scale S --years Y [--start YEAR] [--as-of DATE] [--if-empty]``.

Generates the synthetic Guizhou province and imports it chunk by chunk (see ``zhiyuan.simulation``).
Exit status 0 when done (or nothing to do), 2 for bad arguments or a chunk the import refused.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zhiyuan.law.errors import LawError
from zhiyuan.problems import EXIT_STATUS_INVALID
from zhiyuan.simulation.province import ChunkPlan
from zhiyuan.simulation.services import has_simulated_data, simulate_province


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


class Command(BaseCommand):
    help = "Generate a synthetic Guizhou province (disputes through mediation, trial and enforcement)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        prov = sub.add_parser("province", help="generate and import the province, chunk by chunk (resumable)")
        prov.add_argument("--seed", type=int, default=1, help="random seed (same seed, same province)")
        prov.add_argument("--scale", type=float, default=0.01, help="1 = one province-year (~488k 执行案件)")
        prov.add_argument("--years", type=int, default=3, help="number of years")
        prov.add_argument("--start", type=int, help="first year (default: the years end this year)")
        prov.add_argument("--as-of", dest="as_of", help="the simulated 'today', YYYY-MM-DD (default: today)")
        prov.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database already holds simulated data"
        )
        prov.add_argument("--json", action="store_true", help="print the summary as JSON")
        sub.add_parser("demo-work", help="give the demo accounts their work at the demo court (idempotent)")
        enf = sub.add_parser(
            "enforcement", help="property and measures on a share of the province's open enforcement cases"
        )
        enf.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "demo-work":
            self._demo_work()
            return
        if options["action"] == "enforcement":
            from zhiyuan.simulation.enforcement_province import ensure_province_activity

            made = ensure_province_activity(options["seed"])
            self.stdout.write(
                "全省执行财产 province enforcement: " + ", ".join(f"{k} {v}" for k, v in made.items())
            )
            return
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise _fail(
                    f"--as-of 日期无效：{options['as_of']}，须为 YYYY-MM-DD",
                    f"invalid --as-of date '{options['as_of']}': use YYYY-MM-DD",
                ) from None
        if options["if_empty"] and has_simulated_data():
            self.stdout.write("数据库中已有模拟数据，沿用 (simulated data present: reused)")
            return
        console = Console(stderr=True)
        bar = Progress(
            TextColumn("模拟 simulating {task.fields[chunk]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[cases]} 件 cases"),
            TimeElapsedColumn(),
            console=console,
            disable=not sys.stderr.isatty(),
        )
        task = bar.add_task("", total=None, chunk="", cases=0)
        totals = {"cases": 0}

        def advance(chunk: ChunkPlan, cases: int, skipped: bool) -> None:
            totals["cases"] += cases
            bar.update(
                task,
                advance=1,
                chunk=chunk.key + (" (已导入 done)" if skipped else ""),
                cases=totals["cases"],
            )

        try:
            with bar:
                summary = simulate_province(
                    seed=options["seed"],
                    scale=options["scale"],
                    years=options["years"],
                    start=options["start"],
                    as_of=as_of,
                    progress=advance,
                    on_plan=lambda n: bar.update(task, total=n),
                )
        except LawError as err:
            raise _fail(f"[{err.code}] {err.message_zh}", err.message_en) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"模拟完成 done: {summary.years[0]}–{summary.years[-1]}, 数据块 chunks {summary.chunks} "
            f"(导入 imported {summary.imported}, 跳过 skipped {summary.skipped}), 案件 cases {summary.cases}, "
            f"委派调解 mediations {summary.mediations}, 执行依据 titles {summary.titles}"
        )

    def _demo_work(self) -> None:
        from zhiyuan.simulation.demo_work import ensure_demo_work

        try:
            made = ensure_demo_work()
        except LawError as err:
            raise _fail(err.message_zh, err.message_en) from None
        if not made:
            self.stdout.write("演示账号的待办已存在，沿用 (demo accounts' work present: reused)")
            return
        self.stdout.write("演示待办 demo work: " + ", ".join(f"{key} {value}" for key, value in made.items()))
