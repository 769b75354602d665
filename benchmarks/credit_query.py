"""The public credit query (``GET /api/public/credit``) over HTTP against a five-million-entry list on
PostgreSQL, against the peer measured in the same run: the bare PostgreSQL index lookup the endpoint makes
(pgbench, the same statement, the same clients, no HTTP and no Django).

The list: ``--rows`` published listings (default 5,000,000) in a database of its own (``--database``,
default ``zhiyuan_bench_credit``, kept for the next run: ``--reseed`` builds it again). Every listing has
its own debtor name, identity number (stored as the keyed hash and the masked form, as the platform stores
it) and case number; they point at 2,237 real cases and 2,237 real parties filed through the case services
(so the one-active-listing-per-case-and-party constraint holds) and are written with PostgreSQL's COPY, the
partial indexes of the public query rebuilt after.

The server runs as docs/deployment.md says production does: the public query service ``zhiyuan serve
--public`` (Granian, a worker per core, one thread each; :mod:`zhiyuan.operations.public_service`), production
settings, the database cache shared by the workers (``ZHIYUAN_CACHE=database``), request logs as in
production (refusals and failures). With ``--platform`` the platform's own server, ``zhiyuan serve``
(Gunicorn), answering the same address through its middleware, is measured too. The per-client limit counts every query as in production,
with the limit raised above what one load generator sends (all load comes from one address here).

The load: wrk (Debian's package; ``apt-get install wrk``) with ``--clients`` connections over two threads
for ``--seconds`` after a warm-up, requesting random keys — half by name and identity number, half by case
number — from a file of 100,000 drawn among all rows; every answer is checked to hold one result first.
The peer: pgbench with the same number of clients, the same statement by case number (the identity lookup
needs the keyed hash, which only the platform computes), simple protocol as Django uses it.

    .venv/bin/python benchmarks/credit_query.py [--rows 5000000] [--seconds 20] [--clients 16] [--platform]
        [--reseed]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import free_port, wait_live  # the production-server benchmark next door

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
OUT = Path(__file__).resolve().parent / "out"
SIDE = 2237  # cases × parties ≥ 5,000,000 distinct (case, party) pairs
CASE_NUMBER = "（2025）黔0102执{}号"
#: the servers' sizing, taken from the caller's environment (the platform's server, the service)
SIZING = ("ZHIYUAN_WEB_", "ZHIYUAN_PUBLIC_WORKERS", "ZHIYUAN_PUBLIC_THREADS")
FIELDS = "name, id_masked, court_name, case_number, obligation, grounds, published_on, until"


def _id_number(n: int) -> str:
    """A synthetic 18-character identity number for listing ``n`` (only hashed and masked)."""
    return f"5201{n:013d}X"


def _name(n: int) -> str:
    return f"测试债务人{n}"


def _env(database: str, port: int = 0) -> dict[str, str]:
    """Production settings against ``database``; the keys kept beside the database (its hashes need them)."""
    OUT.mkdir(exist_ok=True)
    keyfile = OUT / f"{database}.keys"
    if not keyfile.exists():
        keys = subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout
        keyfile.write_text(keys)
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith(("ZHIYUAN_", "DJANGO_")) or k.startswith(SIZING)) and k != "DATABASE_URL"
    }  # the servers' sizing may be varied from outside
    env.update(dict(line.split("=", 1) for line in keyfile.read_text().split()))
    var = OUT / f"{database}.var"
    var.mkdir(exist_ok=True)
    env.update(
        ZHIYUAN_ENV="production",
        ZHIYUAN_ALLOWED_HOSTS="127.0.0.1",
        ZHIYUAN_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        ZHIYUAN_SECURE_SSL_REDIRECT="0",
        ZHIYUAN_VAR_DIR=str(var),
        ZHIYUAN_CACHE="database",
        ZHIYUAN_CREDIT_QUERY_LIMIT="1000000000",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
    )
    return env


def _admin(sql: str) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _rows(database: str) -> int:
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
            row = conn.execute("SELECT count(*) FROM credit_listing WHERE status = 'published'").fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


def seed(rows: int) -> None:
    """(In a process with the production environment.) Cases, parties and ``rows`` published listings."""
    import datetime as dt
    from decimal import Decimal

    import django

    django.setup()
    from django.db import connection

    from zhiyuan.cases.models import Case
    from zhiyuan.cases.services import PartyIn, file_case
    from zhiyuan.courts.models import Court
    from zhiyuan.law.identity import resident_check_digit
    from zhiyuan.parties.selectors import identity_hash

    court = Court.objects.get(code="黔0102")
    have = Case.objects.filter(court=court, type_code="执").count()
    for i in range(have, SIDE):
        body = f"52010219{70 + i % 30:02d}0101{i % 1000:03d}"
        file_case(
            None,
            court_code="黔0102",
            type_code="执",
            filed_on=dt.date(2025, 1, 2),
            claim_amount=Decimal("10000"),
            parties_in=[
                PartyIn("申请执行人甲", "plaintiff", "11010519491231002X"),
                PartyIn(f"被执行人{i}", "defendant", body + resident_check_digit(body)),
            ],
        )
    cases = list(Case.objects.filter(court=court, type_code="执").order_by("pk").values_list("pk", flat=True))
    parties = sorted(
        {p for c in Case.objects.filter(pk__in=cases) for p in c.parties.values_list("party_id", flat=True)}
    )
    cases, parties = cases[:SIDE], parties[:SIDE]
    with connection.cursor() as cur:
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'credit_listing'")
        rebuilt = [(n, d) for n, d in cur.fetchall() if n.startswith("credit_public")]
        for name, _ in rebuilt:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("DELETE FROM credit_listing")
    columns = (
        "case_id, party_id, court_id, status, grounds, evidence, debtor_is_minor, guarantee_provided, "
        "seized_property_sufficient, performance_order_later, aggravated, extension_years, grounds_applied, "
        "citations, period_years, proposed_by_id, proposed_by_name, proposed_on, grace_months, decided_by_id, "
        "decided_by_name, decided_on, refusal_reason, publish_on, until, published_on, service_note, name, "
        "id_hash, id_masked, court_name, case_number, obligation, trigger, deletion_note, created_at"
    )
    now = dt.datetime.now(dt.UTC)
    raw = connection.connection
    started = time.monotonic()
    with raw.cursor() as cur, cur.copy(f"COPY credit_listing ({columns}) FROM STDIN") as copy:
        for n in range(rows):
            number = _id_number(n)
            decided = dt.date(2025, 1, 2) + dt.timedelta(days=n % 600)
            copy.write_row(
                (
                    cases[n % SIDE], parties[n // SIDE], court.pk, "published", "[2]", "拒不申报财产", False,
                    False, False, False, False, 0, "[2]", "[]", 2, 1, "执行员", decided, 0, 2, "院长",
                    decided, "", decided, decided.replace(year=decided.year + 2), decided, "", _name(n),
                    identity_hash(number), number[:6] + "********" + number[-4:], court.name,
                    CASE_NUMBER.format(n + 1), "给付金钱 10000.00 元", "", "", now,
                )
            )  # fmt: skip
            if n % 500_000 == 499_999:
                print(f"  {n + 1:,} rows, {time.monotonic() - started:.0f} s", file=sys.stderr)
    with connection.cursor() as cur:
        for _, definition in rebuilt:
            cur.execute(definition)
        cur.execute("ANALYZE credit_listing")
    connection.commit() if not connection.get_autocommit() else None


def _keys(rows: int, count: int) -> list[tuple[str, int]]:
    """``count`` request paths, half by name and identity number, half by case number, over all rows."""
    draw = random.Random(20261205)
    paths = []
    for i in range(count):
        n = draw.randrange(rows)
        if i % 2:
            paths.append((f"/api/public/credit?case={quote(CASE_NUMBER.format(n + 1))}", n))
        else:
            paths.append((f"/api/public/credit?name={quote(_name(n))}&id={_id_number(n)}", n))
    return paths


def _wrk(base: str, paths: list[str], clients: int, seconds: float, folder: Path) -> dict[str, Any]:
    listing = folder / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = folder / "paths.lua"
    script.write_text(
        "local paths = {}\n"
        f'for line in io.lines("{listing}") do paths[#paths + 1] = line end\n'
        "local i = 0\n"
        "request = function()\n  i = i + 1\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\nend\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('P99_US %d\\nP50_US %d\\nNON2XX %d\\n', latency:percentile(99),"
        " latency:percentile(50), summary.errors.status))\nend\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = int(re.search(r"P99_US (\d+)", out).group(1)) / 1000  # type: ignore[union-attr]
    p50 = int(re.search(r"P50_US (\d+)", out).group(1)) / 1000  # type: ignore[union-attr]
    bad = int(re.search(r"NON2XX (\d+)", out).group(1))  # type: ignore[union-attr]
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "requests_per_s": round(rps),
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "non_2xx": bad,
        "socket_errors": sockets.group(1) if sockets else "none",
    }


def _pgbench(database: str, rows: int, clients: int, seconds: float, folder: Path) -> dict[str, Any]:
    script = folder / "lookup.sql"
    number = CASE_NUMBER.replace("{}", "' || :n || '")
    quoted = FIELDS.replace("until", '"until"')
    script.write_text(
        f"\\set n random(1, {rows})\n"
        f"SELECT {quoted} FROM credit_listing "
        f"WHERE status = 'published' AND case_number = '{number}' ORDER BY published_on, id LIMIT 100;\n"
    )
    logs = folder / "pgbench"
    logs.mkdir()
    out = subprocess.run(
        ["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "simple", f"-c{clients}", "-j2",
         f"-T{int(seconds)}", "-f", str(script), "-l", "--log-prefix", str(logs / "tx"), database],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latencies = sorted(int(line.split()[2]) for f in logs.iterdir() for line in f.read_text().splitlines())
    return {
        "requests_per_s": round(tps),
        "p50_ms": round(latencies[len(latencies) // 2] / 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] / 1000, 2),
    }


def _serve(env: dict[str, str], port: int, public: bool) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [ZHIYUAN, "serve", "--bind", f"127.0.0.1:{port}", *(["--public"] if public else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_live(f"http://127.0.0.1:{port}", process)  # the service's 404 for that address is an answer too
    return process


def _measure(env: dict[str, str], port: int, public: bool, keys: list[tuple[str, int]], args: Any,
             folder: Path) -> dict[str, Any]:  # fmt: skip
    """Start the server, check 200 answers, warm it up, then measure with wrk."""
    base = f"http://127.0.0.1:{port}"
    server = _serve(env, port, public)
    try:
        with httpx.Client(base_url=base) as http:
            for path, n in keys[:200]:  # the answers are right before they are fast
                results = http.get(path).json()["results"]
                if len(results) != 1 or results[0]["name"] != _name(n):
                    raise SystemExit(f"wrong answer to {path}: {results}")
                if _id_number(n) in json.dumps(results):
                    raise SystemExit(f"a full identity number in the answer to {path}")
        paths = [p for p, _ in keys]
        _wrk(base, paths, args.clients, 5, folder)  # warm-up
        return _wrk(base, paths, args.clients, args.seconds, folder)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--platform", action="store_true", help="measure the platform's server too")
    parser.add_argument("--database", default="zhiyuan_bench_credit")
    parser.add_argument("--reseed", action="store_true", help="build the list again")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)  # the seeding subprocess
    args = parser.parse_args()
    if args.seed:
        seed(args.rows)
        return
    if not shutil.which("wrk") or not shutil.which("pgbench"):
        raise SystemExit("needs wrk and pgbench (apt-get install wrk postgresql-client)")
    env = _env(args.database)
    reseed = args.reseed or _rows(args.database) != args.rows
    if reseed:
        _admin(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{args.database}"')
    subprocess.run([ZHIYUAN, "setup"], env=env, check=True, capture_output=True)  # migrations of this version
    if reseed:
        started = time.monotonic()
        subprocess.run(
            [sys.executable, __file__, "--seed", "--rows", str(args.rows)],
            env={**env, "DJANGO_SETTINGS_MODULE": "zhiyuan.settings"}, check=True,
        )  # fmt: skip
        print(f"seeded {args.rows:,} listings in {time.monotonic() - started:.0f} s", file=sys.stderr)
    keys = _keys(args.rows, 100_000)
    port = free_port()
    env = _env(args.database, port)
    subprocess.run([ZHIYUAN, "collectstatic", "--noinput", "-v0"], env=env, check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="zhiyuan-credit-bench-") as tmp:
        folder = Path(tmp)
        http_row = _measure(env, port, True, keys, args, folder)
        platform_row = _measure(env, port, False, keys, args, folder) if args.platform else None
        peer = _pgbench(args.database, args.rows, args.clients, args.seconds, folder)
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "rows": args.rows,
                "clients": args.clients,
                "seconds": args.seconds,
                "http (zhiyuan serve --public)": http_row,
                **({"http (zhiyuan serve, the platform)": platform_row} if platform_row else {}),
                "peer (pgbench, bare index lookup)": peer,
                "ratio_to_peer": round(http_row["requests_per_s"] / peer["requests_per_s"], 3),
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
