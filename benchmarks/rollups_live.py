"""The indicator rollups under a steady stream of case writes, on a province-year on PostgreSQL: the
incremental refresh (only the court-days and disputes touched, :mod:`zhiyuan.governance.increment`)
against the peer measured in the same run, the full rebuild of the same data.

Uses the database of ``benchmarks/indicators.py`` (``zhiyuan_bench_rollup``, ~1.4M cases, loaded once).
After a full rebuild (timed: the peer), a writer thread closes or reopens random enforcement cases at
``--rate`` writes a second (ORM updates, each its own transaction) for ``--seconds``; every ``--interval``
seconds (the refresh job's debounce, 30 s) the main thread refreshes (timed) and in between reads the
command center's figures for the province from the rollups (report + monthly trend, timed). The rollups
are then at most ``interval + refresh time`` behind the writes. At the end the writes stop, one more
incremental refresh runs, and its rollups are checked equal, table by table, to a full rebuild's.

    .venv/bin/python benchmarks/rollups_live.py [--seconds 90] [--rate 20] [--interval 30] [--reload]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from indicators import PERIOD, ROOT, ensure_database


def _writer(ids: list[int], rate: float, stop: threading.Event, done: list[int]) -> None:
    from django.db import connection

    from zhiyuan.cases.models import Case

    rng = random.Random(17)
    pause = 1 / rate
    while not stop.is_set():
        pk = rng.choice(ids)
        case = Case.objects.only("filed_on", "closed_on").get(pk=pk)
        if case.closed_on is None or rng.random() < 0.5:
            Case.objects.filter(pk=pk).update(
                closed_on=case.filed_on + dt.timedelta(days=rng.randint(0, 300)),
                closing_method=rng.choice(["fully_performed", "tcp", "settlement_performed"]),
                recovered_amount=Decimal(rng.randint(0, 90_000)),
            )
        else:
            Case.objects.filter(pk=pk).update(closed_on=None, closing_method="", recovered_amount=None)
        done[0] += 1
        time.sleep(pause)
    connection.close()


def _tables() -> dict[str, list[tuple[str, ...]]]:
    from zhiyuan.governance.refresh import TABLES

    out = {}
    for model in TABLES:
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key or f.attname != "id"]
        out[model.__name__] = sorted(tuple(str(v) for v in r) for r in model.objects.values_list(*names))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/zhiyuan_bench_rollup")
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--rate", type=float, default=20, help="case writes a second")
    parser.add_argument("--interval", type=float, default=30, help="seconds between refreshes")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    ensure_database(args.database_url, args.reload)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from zhiyuan.cases.models import Case
    from zhiyuan.governance import selectors
    from zhiyuan.governance.refresh import refresh

    cases = Case.objects.count()
    full = refresh(force=True)
    ids = list(Case.objects.filter(type_code="执").values_list("pk", flat=True)[:200_000])

    def overview() -> float:
        started = time.perf_counter()
        selectors.report(court_code="黔", subtree=True, date_from=PERIOD[0], date_to=PERIOD[1], path="rollup")
        selectors.monthly(selectors.courts_for("黔", True), *PERIOD, path="rollup")
        return time.perf_counter() - started

    stop, written = threading.Event(), [0]
    writer = threading.Thread(target=_writer, args=(ids, args.rate, stop, written))
    writer.start()
    refreshes: list[dict[str, Any]] = []
    reads: list[float] = []
    ends = time.monotonic() + args.seconds
    next_refresh = time.monotonic() + args.interval
    try:
        while time.monotonic() < ends:
            if time.monotonic() >= next_refresh:
                done = refresh()
                refreshes.append({"seconds": round(done.seconds, 2), "partial": done.partial, **done.rows})
                next_refresh = time.monotonic() + args.interval
            reads.append(overview())
            time.sleep(1)
    finally:
        stop.set()
        writer.join()
    last = refresh()
    partial_tables = _tables()
    again = refresh(force=True)
    equal = _tables() == partial_tables
    incremental = [r["seconds"] for r in refreshes if r["partial"]] + [round(last.seconds, 2)]
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
                "cases": cases,
                "writes": written[0],
                "writes_per_s": round(written[0] / args.seconds, 1),
                "full_refresh_s (peer)": round(full.seconds, 1),
                "full_refresh_again_s": round(again.seconds, 1),
                "incremental_refreshes": [*refreshes, {"seconds": round(last.seconds, 2), "final": True}],
                "incremental_median_s": statistics.median(incremental),
                "ratio_incremental_to_full": round(statistics.median(incremental) / full.seconds, 4),
                "overview_read_ms_median": round(statistics.median(reads) * 1000),
                "overview_read_ms_max": round(max(reads) * 1000),
                "lag_bound_s": round(args.interval + max(incremental), 1),
                "equal_to_full_rebuild": equal,
            },
            indent=1,
        )
    )
    if not equal:
        raise SystemExit("the incremental rollups differ from a full rebuild")


if __name__ == "__main__":
    main()
