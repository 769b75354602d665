"""Indicators of a full province-year on PostgreSQL: the rollup path against the live SQL path (the peer,
same run, same process, same numbers checked equal).

Ensures the database (default ``zhiyuan_bench_rollup``, kept between runs) is migrated, holds the reference
data and ~1.4M cases (``benchmarks/indicators.sql``: 600k 民初 and 200k 民诉前调 roots at the 88 basic
courts, 500k 执 and 100k 执恢 derived from them, mid-2024 to 2025; loaded once, or again with
``--reload``), refreshes the rollups (timed), then for the whole province (黔, with its subtree) and for
one basic court times ``report()`` + ``monthly()`` for 2025 by each path: one warm-up run, then the
median of ``--runs`` (rollup) and ``--live-runs`` (live) runs.

    .venv/bin/python benchmarks/indicators.py [--runs 7] [--live-runs 2] [--reload]
        [--database-url postgres://postgres@127.0.0.1:5432/zhiyuan_bench_rollup] [--jit on|off|server]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
ZHIYUAN = ROOT / ".venv" / "bin" / "zhiyuan"
DATA_SQL = Path(__file__).with_name("indicators.sql")
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
MIN_CASES = 1_000_000


def ensure_database(url: str, reload: bool) -> None:
    """Create, migrate and (once) fill the benchmark database."""
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([str(ZHIYUAN), "setup"], check=True, env=env, stdout=subprocess.DEVNULL)
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM cases_case").fetchone()
        if reload or not row or row[0] < MIN_CASES:
            print("loading ~1.4M cases (a few minutes) …", file=sys.stderr)
            conn.execute(DATA_SQL.read_text(encoding="utf-8"))  # type: ignore[arg-type]


def timed(fn: Any, warmups: int, runs: int) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls after ``warmups``, and the last result."""
    result = None
    for _ in range(warmups):
        result = fn()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/zhiyuan_bench_rollup")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--live-runs", type=int, default=2)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--jit", choices=["on", "off", "server"], default="server")
    parser.add_argument("--basic", default="黔0102", help="the basic court timed on its own")
    args = parser.parse_args()
    ensure_database(args.database_url, args.reload)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    from zhiyuan.governance import selectors
    from zhiyuan.governance.refresh import refresh

    if args.jit != "server":
        with connection.cursor() as cursor:
            cursor.execute(f"SET jit = {args.jit}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    done = refresh(force=True)
    print(f"{cases:,} cases; jit {jit}; refresh {done.seconds:.1f} s; rows {done.rows}")

    def run(code: str, subtree: bool, path: selectors.Path) -> Any:
        def once() -> Any:
            data = selectors.report(
                court_code=code, subtree=subtree, date_from=PERIOD[0], date_to=PERIOD[1], path=path
            )
            ids = selectors.courts_for(code, subtree)
            return data, selectors.monthly(ids, *PERIOD, path=path)

        return once

    print("| scope | rollup report+monthly (median) | live report+monthly (median) | live / rollup | equal |")
    print("|---|---|---|---|---|")
    for code, subtree, label in (("黔", True, "province (黔 + subtree)"), (args.basic, False, args.basic)):
        fast, fast_result = timed(run(code, subtree, "rollup"), 1, args.runs)
        slow, slow_result = timed(run(code, subtree, "live"), 1, args.live_runs)
        equal = fast_result == slow_result
        print(f"| {label} | {fast * 1000:.0f} ms | {slow:.1f} s | {slow / fast:.0f}× | {equal} |")
        if not equal:
            raise SystemExit("the two paths disagree")
    print(
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
