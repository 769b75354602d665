"""Peak memory and throughput of the province generator (``zhiyuan simulate province``) at two scales an
order of magnitude apart, against a same-run peer.

The generator streams: it builds one chunk (at most ``volume.disputes_per_chunk`` disputes), renders its
CSV for the import and drops it. The peer generates the very same rows but keeps them all in one list, as
a generator that materialises the province before importing would. Peak memory is measured with
``tracemalloc`` (Python allocations, reset before each run, after a warm-up run has loaded the
caches); throughput (rows per second of CSV produced)
is timed in separate runs without tracing. The import itself is measured by ``cases_import.py``.
A temporary SQLite database holds the reference data the generator reads (courts, causes, calendar).

    .venv/bin/python benchmarks/simulate_memory.py [--scales 0.002 0.02] [--year 2025] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _django(var_dir: str) -> None:
    os.environ["ZHIYUAN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("setup", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _runs(seed: int, scale: float, year: int) -> tuple[Callable[[], int], Callable[[], int]]:
    from zhiyuan.simulation.province import Numbering, generate, plan, rows, to_csv
    from zhiyuan.simulation.services import world

    sim = world(seed, scale)
    chunks = plan(sim, scale, [year])
    as_of = dt.date(year, 12, 31)

    def streaming() -> int:
        numbering, count = Numbering(), 0
        for chunk in chunks:
            disputes = generate(sim, chunk)
            numbering.assign([s for d in disputes for s in d])
            data, n = to_csv(rows(disputes, as_of))
            count += n
            del data, disputes
        return count

    def materialised() -> int:
        numbering, kept = Numbering(), []
        for chunk in chunks:
            disputes = generate(sim, chunk)
            numbering.assign([s for d in disputes for s in d])
            kept.extend(rows(disputes, as_of))
        return len(kept)

    return streaming, materialised


def _peak(run: Callable[[], int]) -> tuple[int, float]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    count = run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak / 2**20


def _rate(run: Callable[[], int]) -> tuple[float, float]:
    """Rows per second of wall time and per second of this process's CPU time (less sensitive to a
    shared machine's load)."""
    started, cpu = time.perf_counter(), time.process_time()
    count = run()
    return count / (time.perf_counter() - started), count / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs=2, default=[0.002, 0.02])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        _django(var_dir)
        _runs(args.seed, args.scales[0], args.year)[0]()  # warm-up: caches and tables loaded once
        results = []
        for scale in args.scales:
            streaming, materialised = _runs(args.seed, scale, args.year)
            rows_s, peak_s = _peak(streaming)
            rows_m, peak_m = _peak(materialised)
            assert rows_s == rows_m
            wall, cpu = _rate(streaming)
            results.append(
                {
                    "scale": scale,
                    "rows": rows_s,
                    "streaming_peak_mib": round(peak_s, 1),
                    "materialised_peak_mib": round(peak_m, 1),
                    "streaming_rows_per_s": round(wall),
                    "streaming_rows_per_cpu_s": round(cpu),
                }
            )
            print(json.dumps(results[-1]), flush=True)
    small, large = results
    print(
        json.dumps(
            {
                "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores",
                "load_average": os.getloadavg()[0],
                "rows_ratio": round(large["rows"] / small["rows"], 1),
                "streaming_peak_ratio": round(large["streaming_peak_mib"] / small["streaming_peak_mib"], 2),
                "materialised_peak_ratio": round(
                    large["materialised_peak_mib"] / small["materialised_peak_mib"], 2
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
