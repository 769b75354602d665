"""``zhiyuan scheduler`` — run for ever, enqueuing periodic jobs as they fall due (beside ``zhiyuan
db_worker``, which runs them) — ``zhiyuan scheduler --once [--now ISO] [--json]`` — enqueue what is due
once and exit (for cron and tests) — and ``zhiyuan scheduler --list`` — the declared jobs.

Any number of schedulers may run: each slot of each job is enqueued once. Exit status 1 when a job could
not be enqueued (``--once``), 2 for bad arguments."""

from __future__ import annotations

import datetime as dt
import json
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhiyuan.problems import EXIT_STATUS_INVALID
from zhiyuan.scheduling import services
from zhiyuan.scheduling.registry import jobs


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} ({en})", returncode=EXIT_STATUS_INVALID)


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"--now 时间无效：{text}，须为 ISO 8601（如 2026-05-01T02:00+08:00）",
            f"invalid --now '{text}': use ISO 8601, e.g. 2026-05-01T02:00+08:00",
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Enqueue periodic jobs as they fall due (for ever, or --once); --list shows the declared jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue what is due now, then exit")
        parser.add_argument(
            "--now", help="with --once: act as if it were this moment (ISO 8601; no offset = Asia/Shanghai)"
        )
        parser.add_argument("--list", action="store_true", help="list the declared jobs and their last run")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between checks when running for ever"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"] and not options["once"]:
            raise _fail("--now 只能与 --once 一起使用", "--now goes with --once only")
        if options["interval"] <= 0:
            raise _fail("--interval 须大于 0", "--interval must be positive")
        if options["list"]:
            self._list(options["json"])
        elif options["once"]:
            now = _moment(options["now"]) if options["now"] else timezone.now()
            outcomes = services.run_due(now)
            if options["json"]:
                self.stdout.write(json.dumps([o.as_dict() for o in outcomes], ensure_ascii=False))
            else:
                for outcome in outcomes:
                    self._show(outcome)
            if any(o.status == services.FAILED for o in outcomes):
                raise SystemExit(1)
        else:
            self._serve(options["interval"])

    def _show(self, o: services.Outcome) -> None:
        slot = timezone.localtime(o.slot).strftime("%Y-%m-%d %H:%M")
        if o.status == services.ENQUEUED:
            self.stdout.write(self.style.SUCCESS(f"已入队 enqueued: {o.job} @ {slot} (task {o.task_id})"))
        elif o.status == services.ALREADY:
            self.stdout.write(f"已入队过 already enqueued: {o.job} @ {slot}")
        else:
            self.stdout.write(self.style.ERROR(f"入队失败 could not enqueue: {o.job} @ {slot}: {o.error}"))

    def _list(self, as_json: bool) -> None:
        now = timezone.now()
        last = services.last_runs()
        rows = []
        for job in jobs():
            latest = job.schedule.latest(now)
            done = last.get(job.name)
            following = job.schedule.following(latest)
            rows.append(
                {
                    "job": job.name,
                    "schedule": job.schedule.describe(),
                    "task": job.task.module_path,
                    "description": job.description,
                    "last_slot": timezone.localtime(done.slot).isoformat() if done else None,
                    "next_slot": timezone.localtime(
                        latest if done is None or done.slot < latest else following
                    ).isoformat(),
                }
            )
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['job']}: {row['schedule']} → {row['task']}; "
                f"上次 last {row['last_slot'] or '—'}; 下次 next {row['next_slot']}"
            )

    def _serve(self, interval: float) -> None:
        stop = threading.Event()

        def finish(signum: int, frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, finish)
        signal.signal(signal.SIGINT, finish)
        names = ", ".join(j.name for j in jobs()) or "—"
        self.stdout.write(f"调度器已启动 scheduler started (every {interval:g} s): {names}")
        services.serve(interval, stop, self._show)
        self.stdout.write("调度器已停止 scheduler stopped")
