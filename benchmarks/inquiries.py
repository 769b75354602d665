"""5,000 asset inquiries persisted through the platform against ``zhiyuan gateway-sim`` at 200 ms, with a
worker killed (``kill -9``) mid-run.

The platform's way end to end: the inquiries are asked on 50 enforcement cases (``ask_many``: rows with
their idempotency keys, audit entries and nodes, committed in batches of 500, each batch enqueuing the
pump), two ``zhiyuan db_worker`` processes send them (``ZHIYUAN_GATEWAY_CONCURRENCY`` requests in flight
each) and collect the results feed into the database (the cursor committed with the rows). ``--kill-after``
seconds in, one worker is killed with SIGKILL and a new one started (it enqueues the sweep, as the
scheduler does every minute); the rows the dead worker held are re-sent under their keys once their lease
(``--lease``) runs out. The run ends when every inquiry is complete in the database.

The simulator has the faults of ``benchmarks/gateway.py`` (503s, dropped answers, duplicate deliveries,
late and unanswered classes), all 17 classes per inquiry. Checked afterwards: **duplicates** — inquiries the
network created beyond one per inquiry asked; **losses** — inquiries not complete plus asset rows the
network holds that the database does not (each inquiry read whole from the network, latency off).
The peer, same run, same simulator settings: the client-level run of ``benchmarks/gateway.py`` (threads
submitting with the client, one consumer of the feed, nothing stored).

    .venv/bin/python benchmarks/inquiries.py [--database-url postgres://postgres@127.0.0.1:5432/zh_bench]
        [--inquiries 5000] [--latency-ms 200] [--kill-after 8] [--no-peer]

The database named is dropped and created afresh (PostgreSQL), or a SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CASES = 50
CHUNK = 500


def _gateway_benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("gateway_benchmark", HERE / "gateway.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fresh_database(url: str) -> str:
    """Drop and create the PostgreSQL database of ``url``; a SQLite file when no URL is given."""
    if not url:
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='zh-bench-')) / 'bench.sqlite3'}"
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _env(url: str, sim_url: str, args: argparse.Namespace) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=url,
        ZHIYUAN_GATEWAY_URL=sim_url,
        ZHIYUAN_GATEWAY_LEASE_SECONDS=str(args.lease),
        ZHIYUAN_GATEWAY_CONCURRENCY=str(args.concurrency),
        ZHIYUAN_LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    return env


WORKER = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'zhiyuan.settings'); django.setup()\n"
    "from django.core.management import call_command\n"
    "from zhiyuan.enforcement.inquiries import tasks\n"
    "tasks.network_sweep.enqueue()\n"
    "call_command('db_worker', interval=0.1, startup_delay=False)\n"
)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdout=out, stderr=subprocess.STDOUT)


def _setup(n_cases: int) -> list[tuple[Any, Any]]:
    """Reference data, a clerk, and ``n_cases`` enforcement cases each against a debtor of its own."""
    import datetime as dt
    from decimal import Decimal

    from zhiyuan.accounts import services as accounts
    from zhiyuan.cases import services as cases
    from zhiyuan.courts.services import load_reference_data
    from zhiyuan.enforcement.inquiries import services
    from zhiyuan.law.identity import resident_check_digit

    load_reference_data()
    clerk = accounts.create_user(None, username="clerk", password="Zhiyuan#2026", court_code="黔0102")
    accounts.grant_role(None, clerk, "filing_clerk")
    clerk.refresh_from_db()
    out = []
    for i in range(n_cases):
        body = f"52010219900101{i:03d}"
        case = cases.file_case(
            clerk,
            court_code="黔0102",
            type_code="执",
            filed_on=dt.date(2026, 11, 2),
            claim_amount=Decimal("50000"),
            parties_in=[
                cases.PartyIn("张三", "plaintiff", "11010519491231002X"),
                cases.PartyIn(f"被执行人{i}", "defendant", body + resident_check_digit(body)),
            ],
        )
        out.append((case, services.debtors(case)[0]))
    return out


def platform_run(args: argparse.Namespace, gateway: Any) -> dict[str, Any]:
    """The platform's run (see the module's docstring)."""
    from zhiyuan.gateway.process import SimulatorProcess

    url = _fresh_database(args.database_url)
    log = Path(tempfile.mkdtemp(prefix="zh-bench-log-")) / "workers.log"
    with SimulatorProcess(seed=args.seed, latency_ms=args.latency_ms, **gateway.FAULTS) as sim:
        env = _env(url, sim.url, args)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "zhiyuan.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db.models import Count

        from zhiyuan.audit.services import Actor
        from zhiyuan.enforcement.inquiries import services
        from zhiyuan.enforcement.models import Inquiry, InquiryResult
        from zhiyuan.gateway.client import GatewayClient
        from zhiyuan.gateway.protocol import AssetClass

        call_command("migrate", verbosity=0)
        pairs = _setup(CASES)
        classes = [c.value for c in AssetClass]
        who = Actor.system("benchmark")
        workers = [_worker(env, log) for _ in range(args.workers)]
        time.sleep(2.0)  # the workers are up and polling before the clock starts
        started = time.monotonic()
        for first in range(0, args.inquiries, CHUNK):
            asks = [
                pairs[n % len(pairs)] + (classes,) for n in range(first, min(args.inquiries, first + CHUNK))
            ]
            services.ask_many(who, asks, "batch")
        asked = time.monotonic() - started
        killed_at = None
        done_at = None
        deadline = started + args.deadline
        while time.monotonic() < deadline:
            now = time.monotonic()
            if killed_at is None and now - started >= args.kill_after:
                os.kill(workers[0].pid, signal.SIGKILL)
                workers[0].wait()
                killed_at = now - started
                workers[0] = _worker(env, log)
            open_ = Inquiry.objects.exclude(state__in=("complete", "failed")).count()
            if killed_at is not None and open_ == 0:
                done_at = time.monotonic() - started
                break
            time.sleep(0.25)
        wall = done_at if done_at is not None else time.monotonic() - started
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(20)
            except subprocess.TimeoutExpired:
                w.kill()
                w.wait()
        stats = sim.stats()
        sim.configure(latency_ms=0, fail_rate=0, drop_rate=0)
        states = dict(Inquiry.objects.values_list("state").annotate(n=Count("pk")))
        gateway_ids = list(Inquiry.objects.exclude(gateway_id="").values_list("gateway_id", flat=True))
        stored = InquiryResult.objects.count()
        with GatewayClient(sim.url) as client, ThreadPoolExecutor(32) as pool:
            expected = sum(
                pool.map(
                    lambda gid: sum(max(1, len(r.assets)) for r in client.inquiry(gid).results), gateway_ids
                )
            )
    not_complete = args.inquiries - states.get("complete", 0)
    return {
        "name": "platform (persisted, 2 workers, one killed)",
        "database": urlsplit(url).scheme,
        "wall_s": round(wall, 2),
        "asking_s": round(asked, 2),
        "killed_at_s": None if killed_at is None else round(killed_at, 2),
        "inquiries": args.inquiries,
        "states": states,
        "created_at_network": stats["inquiries_created"],
        "duplicates": stats["inquiries_created"] - args.inquiries,
        "losses": not_complete + max(0, expected - stored),
        "asset_rows_stored": stored,
        "asset_rows_at_network": expected,
        "deliveries": stats["deliveries"],
        "faults_503": stats["failed_503"],
        "answers_dropped": stats["dropped"],
        "replays": stats["replays"],
        "in_flight_409": stats["in_flight_409"],
        "worker_tracebacks": log.read_text(errors="replace").count("Traceback"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (dropped and created); default SQLite"
    )
    parser.add_argument("--inquiries", type=int, default=5000)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight per worker")
    parser.add_argument("--lease", type=float, default=5.0, help="seconds a dead worker's rows stay held")
    parser.add_argument("--kill-after", type=float, default=8.0)
    parser.add_argument("--deadline", type=float, default=300.0)
    parser.add_argument("--peer", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    gateway = _gateway_benchmark()
    runs = []
    if args.peer:
        peer_args = argparse.Namespace(
            inquiries=args.inquiries,
            concurrency=args.workers * args.concurrency,
            latency_ms=args.latency_ms,
            seed=args.seed,
            deadline=120.0,
        )
        runs.append(
            gateway.run(
                "client level (benchmarks/gateway.py, nothing stored)", peer_args, gateway.platform_client
            )
        )
    mine = platform_run(args, gateway)
    runs.insert(0, mine)
    out: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "settings": {**vars(args), **gateway.FAULTS, "classes_per_inquiry": 17, "cases": CASES},
        "runs": runs,
    }
    if args.peer:
        out["wall_ratio_vs_client_level"] = round(mine["wall_s"] / runs[1]["wall_s"], 2)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if mine["duplicates"] == 0 and mine["losses"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
