"""Throughput of the case import (``zhiyuan.cases.importing.import_file``) into PostgreSQL, against a
same-run peer.

A deterministic 20,000-row file of dispute trees (first instance → appeal → enforcement → objection →
reconsideration, resumption, mediation → confirmation → enforcement, ...), rows in random order, ~1.5
parties per row with identity numbers reused across cases, is imported into a fresh database
``zhiyuan_bench`` (created, migrated and loaded with the reference data here, dropped at the end).
The peer is PostgreSQL's own ``COPY`` of the same CSV into a plain staging table with the same columns:
the floor for getting those bytes into PostgreSQL. Each figure is the best of ``--repeat`` runs; the
case tables are truncated between runs. Also reported: a re-import of the unchanged file.

    .venv/bin/python benchmarks/cases_import.py [--rows 20000] [--repeat 3] [--seed 1]
        [--server postgres://postgres@127.0.0.1:5432] [--database zhiyuan_bench]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from stdnum.cn import ric, uscc

DATABASE = "zhiyuan_bench"  # default of --database
COLUMNS = (
    "case_number",
    "filed_on",
    "cause",
    "claim_amount",
    "closed_on",
    "closing_method",
    "recovered_amount",
    "origin",
    "plaintiffs",
    "defendants",
    "third_parties",
)
COURTS = {
    "黔0102": "黔01",
    "黔0103": "黔01",
    "黔0111": "黔01",
    "黔0221": "黔02",
    "黔0302": "黔03",
    "黔0502": "黔05",
}
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "信用卡纠纷", "房屋租赁合同纠纷"]
#: parent type → (probability, child type, intermediate court?)
CHILDREN = {
    "民初": [(0.35, "民终", True), (0.45, "执", False)],
    "民终": [(0.45, "执", False)],
    "执": [(0.15, "执异", False), (0.15, "执恢", False), (0.03, "破申", True)],
    "执异": [(0.4, "执复", True)],
    "民诉前调": [(0.4, "诉前调确", False), (0.35, "民初", False)],
    "诉前调确": [(0.4, "执", False)],
}
TRUNCATE = "cases_caseparty, cases_nodelog, cases_case, cases_dispute, cases_numbercounter, parties_party"


def _resident(rng: random.Random) -> str:
    born = dt.date(1984, 1, 1) + dt.timedelta(days=rng.randrange(7000))
    body = f"520102{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _company(rng: random.Random) -> str:
    body = "91520100" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc.calc_check_digit(body)


def generate(rows: int, seed: int) -> bytes:
    """The CSV file: whole dispute trees until ``rows`` rows, shuffled."""
    rng = random.Random(seed)
    people = [(f"当事人{i}", _resident(rng)) for i in range(rows // 2)] + [
        (f"无证件{i}", "") for i in range(rows // 10)
    ]
    companies = [(f"贵州第{i}商贸有限公司", _company(rng)) for i in range(rows // 40)]
    sequences: dict[tuple[str, int, str], int] = {}
    out: list[list[str]] = []

    def party() -> tuple[str, str]:
        return rng.choice(companies if rng.random() < 0.25 else people)

    def text(parties: list[tuple[str, str]]) -> str:
        return ";".join(f"{n}|{i}" if i else n for n, i in parties)

    while len(out) < rows:
        court = rng.choice(list(COURTS))
        cause = rng.choice(CAUSES)
        claimant, respondent = [party()], [party()] if rng.random() < 0.5 else []
        root_type = "民诉前调" if rng.random() < 0.25 else "民初"
        stack = [(root_type, court, dt.date(2021, 1, 4) + dt.timedelta(days=rng.randrange(1500)), "")]
        while stack and len(out) < rows:
            type_code, at, filed, origin = stack.pop()
            key = (at, filed.year, type_code)
            sequences[key] = sequences.get(key, 0) + 1
            number = f"（{filed.year}）{at}{type_code}{sequences[key]}号"
            closed = filed + dt.timedelta(days=rng.randint(5, 150)) if rng.random() < 0.6 else None
            out.append(
                [
                    number,
                    filed.isoformat(),
                    cause,
                    f"{rng.randint(1000, 2_000_000)}.{rng.randint(0, 99):02d}",
                    closed.isoformat() if closed else "",
                    rng.choice(["judgment", "mediation", "fully_performed", "tcp"]) if closed else "",
                    f"{rng.randint(0, 50000)}.00" if type_code == "执" and closed else "",
                    origin,
                    text(claimant),
                    text(respondent),
                    "",
                ]
            )
            for p, child, up in CHILDREN.get(type_code, []):
                if rng.random() < p:
                    child_filed = (closed or filed) + dt.timedelta(days=rng.randint(1, 60))
                    stack.append((child, COURTS[court] if up else court, child_filed, number))
    rng.shuffle(out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(out)
    return buffer.getvalue().encode()


def _admin(server: str, sql: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _copy_peer(url: str, data: bytes, repeat: int) -> float:
    """Best seconds for COPY of the CSV into a plain staging table of text columns (no index or constraint)."""
    best = float("inf")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_staging ({', '.join(f'{c} text' for c in COLUMNS)})")
        for _ in range(repeat):
            conn.execute("TRUNCATE bench_staging")
            start = time.perf_counter()
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy("COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            ):
                copy.write(data)
            best = min(best, time.perf_counter() - start)
        conn.execute("DROP TABLE bench_staging")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=DATABASE, help="created and dropped by the benchmark")
    args = parser.parse_args()
    database = args.database
    data = generate(args.rows, args.seed)
    parties = sum(
        len([p for p in (r["plaintiffs"] + ";" + r["defendants"]).split(";") if p])
        for r in csv.DictReader(io.StringIO(data.decode()))
    )
    _admin(args.server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    _admin(args.server, f"CREATE DATABASE {database}")
    try:
        os.environ["DATABASE_URL"] = f"{args.server}/{database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from zhiyuan.cases.importing import import_file
        from zhiyuan.courts.services import load_reference_data

        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "cases.csv"
            path.write_bytes(data)
            best, again = float("inf"), float("inf")
            for _ in range(args.repeat):
                with connection.cursor() as cur:
                    cur.execute(f"TRUNCATE {TRUNCATE} RESTART IDENTITY CASCADE")
                start = time.perf_counter()
                report = import_file(path, filename=path.name)
                best = min(best, time.perf_counter() - start)
                if not (report.ok and report.created == args.rows):
                    sys.exit(f"import failed: {report.as_dict()['errors'][:3]}")
                start = time.perf_counter()
                unchanged = import_file(path, filename=path.name)
                again = min(again, time.perf_counter() - start)
                if unchanged.unchanged != args.rows or unchanged.written:
                    sys.exit(f"the re-import changed something: {unchanged.as_dict()}")
        connection.close()
        peer = _copy_peer(f"{args.server}/{database}", data, args.repeat)
    finally:
        _admin(args.server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    result = {
        "benchmark": "cases import (CSV → PostgreSQL)",
        "rows": args.rows,
        "parties_per_row": round(parties / args.rows, 2),
        "bytes": len(data),
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
        },
        "zhiyuan": {"seconds": round(best, 3), "rows_per_second": round(args.rows / best)},
        "zhiyuan_reimport_unchanged": {
            "seconds": round(again, 3),
            "rows_per_second": round(args.rows / again),
        },
        "peer_copy": {"seconds": round(peer, 4), "rows_per_second": round(args.rows / peer)},
        "ratio_zhiyuan_to_peer_time": round(best / peer, 1),
        "target_rows_per_second": 10_000,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
