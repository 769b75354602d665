"""How long a large case import holds SQLite's write lock, as a concurrent writer (the web) sees it.

The deterministic file of ``cases_import.py`` (dispute trees, rows shuffled, 1.5 parties per row with
identity numbers; default 300,000 rows) is imported with ``zhiyuan.cases.importing.import_file`` into a
fresh *file* SQLite database configured as the platform configures it (WAL, ``synchronous=FULL``,
``BEGIN IMMEDIATE``), migrated and loaded with the reference data in a temporary directory.

Meanwhile a probe process stands for the web: every 50 ms it takes the write lock as a request does
(``BEGIN IMMEDIATE``, one insert into a table of its own, ``COMMIT``) with a busy timeout long enough
never to fail, and records how long each acquisition waited. Reported: the import's wall time; its write
transactions, ``BEGIN`` to ``COMMIT`` (measured inside the importing process); the probe's longest and
99th-percentile waits and how many of its writes waited longer than the platform's busy timeout (30 s:
each of them would have failed). Then the same file with every claim amount changed is imported again (every
case updated, audited, its party links kept) and measured the same way. Peer, same run: the probe's waits
over as long a stretch with no import running (what a write costs anyway).

    .venv/bin/python benchmarks/import_lock.py [--rows 300000] [--seed 1] [--busy-timeout 30] [--no-update]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE_EVERY = 0.05


def probe(database: str, stop: str, out: str) -> None:
    """The probe process: take the write lock every PROBE_EVERY seconds until ``stop`` exists."""
    conn = sqlite3.connect(database, timeout=3600, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    waits: list[float] = []
    while not os.path.exists(stop):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        waits.append(time.perf_counter() - start)
        conn.execute("INSERT INTO bench_probe (at) VALUES (?)", (time.time(),))
        conn.execute("COMMIT")
        time.sleep(PROBE_EVERY)
    Path(out).write_text(json.dumps(waits))


def _run_probe(database: Path, tmp: Path, name: str, work: object) -> tuple[list[float], float]:
    stop, out = tmp / f"{name}.stop", tmp / f"{name}.json"
    child = subprocess.Popen([sys.executable, __file__, "--probe", str(database), str(stop), str(out)])
    time.sleep(0.5)
    start = time.perf_counter()
    result = work() if callable(work) else time.sleep(float(work))  # type: ignore[func-returns-value]
    seconds = time.perf_counter() - start
    stop.touch()
    child.wait(timeout=3600)
    waits: list[float] = json.loads(out.read_text())
    if result is not None and not result:
        sys.exit("the import failed")
    return waits, seconds


def changed(data: bytes) -> bytes:
    """The file with every claim amount one cent more (the fourth column: yuan with two decimals)."""
    out = []
    for line in data.split(b"\n"):
        cells = line.split(b",")
        if len(cells) > 3 and cells[3][-3:-2] == b".":
            cents = int(cells[3][-2:])
            cells[3] = cells[3][:-2] + b"%02d" % ((cents + 1) % 100) if cents < 99 else cells[3][:-2] + b"98"
        out.append(b",".join(cells))
    return b"\n".join(out)


def _summary(waits: list[float], busy_timeout: float) -> dict[str, object]:
    ordered = sorted(waits)
    return {
        "writes": len(ordered),
        "longest_wait_s": round(ordered[-1], 3) if ordered else 0.0,
        "p99_wait_s": round(ordered[int(0.99 * (len(ordered) - 1))], 3) if ordered else 0.0,
        "median_wait_s": round(ordered[len(ordered) // 2], 4) if ordered else 0.0,
        "over_busy_timeout": sum(1 for w in ordered if w > busy_timeout),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--busy-timeout", type=float, default=30.0)
    parser.add_argument("--no-update", action="store_true", help="only the first import (new cases)")
    parser.add_argument("--probe", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(*args.probe)
        return
    sys.path.insert(0, str(HERE))
    from cases_import import generate

    data = generate(args.rows, args.seed)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        database = tmp / "bench.sqlite3"
        os.environ["ZHIYUAN_VAR_DIR"] = name
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from zhiyuan.cases.importing import import_file
        from zhiyuan.courts.services import load_reference_data

        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data()
        with connection.cursor() as cur:
            cur.execute("CREATE TABLE bench_probe (id INTEGER PRIMARY KEY, at REAL)")
        path = tmp / "cases.csv"
        path.write_bytes(data)

        transactions: list[tuple[float, float]] = []  # (wall seconds, CPU seconds of this process)
        began: list[tuple[float, float]] = []
        commit = connection.commit

        def timed_commit() -> None:
            commit()
            if began:
                wall, cpu = began.pop()
                transactions.append((time.perf_counter() - wall, time.process_time() - cpu))

        def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            if sql.startswith("BEGIN"):
                began[:] = [(time.perf_counter(), time.process_time())]
            return execute(sql, params, many, context)

        connection.commit = timed_commit  # type: ignore[method-assign]

        def work(expect: str) -> bool:
            transactions.clear()
            with connection.execute_wrapper(watch):
                report = import_file(path, filename=path.name)
            return report.ok and getattr(report, expect) == args.rows

        waits, seconds = _run_probe(database, tmp, "import", lambda: work("created"))
        created = list(transactions)
        update_waits: list[float] = []
        update_seconds, updated = 0.0, []
        if not args.no_update:
            path.write_bytes(changed(data))  # every claim amount one cent more: every case is updated
            update_waits, update_seconds = _run_probe(database, tmp, "update", lambda: work("updated"))
            updated = list(transactions)
        connection.close()
        idle, _ = _run_probe(database, tmp, "idle", min(seconds, 60.0))

    def spent(transactions: list[tuple[float, float]]) -> list[dict[str, float]]:
        return [{"seconds": round(w, 3), "cpu_seconds": round(c, 3)} for w, c in transactions]

    result = {
        "benchmark": "write lock held by a case import (CSV → SQLite file, WAL)",
        "rows": args.rows,
        "bytes": len(data),
        "machine": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
        },
        "import_seconds": round(seconds, 2),
        "rows_per_second": round(args.rows / seconds),
        # every write transaction of the import, BEGIN to COMMIT: wall seconds (what another writer waits)
        # and CPU seconds of the importing process (SQLite works in it; steadier on a shared machine)
        "write_transactions": spent(created),
        "probe_during_import": _summary(waits, args.busy_timeout),
        "update_seconds": round(update_seconds, 2),
        "update_write_transactions": spent(updated),
        "probe_during_update": _summary(update_waits, args.busy_timeout),
        "probe_idle_peer": _summary(idle, args.busy_timeout),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
