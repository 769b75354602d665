"""Rendering the command-center overview of a full province-year on PostgreSQL, against a same-run peer.

Ensures the database (default ``zhiyuan_bench_cmd``, kept between runs) holds a synthetic province
(``zhiyuan setup`` and ``zhiyuan simulate province --seed 1 --scale 1 --years 1 --if-empty``), signs in
a command-center operator of the high court (黔) with Django's test client and times ``GET /command/``
(the whole page: middleware, session, indicators, monthly trend, court tree, overdue nodes, template):

- ``uncached``: the overview cache cleared before each run, so every figure is computed again;
- ``cached``: the normal path, where an unchanged database serves the figures from the cache.

The peer computes the same figures (indicators v1, five campaigns, the monthly trend, per-court counts,
overdue nodes) with straightforward hand-written SQL over the same tables, in one connection, and the
script checks that both agree. Medians of ``--runs`` runs after one warm-up run each.

    .venv/bin/python benchmarks/overview.py [--runs 7]
        [--database-url postgres://postgres@127.0.0.1:5432/zhiyuan_bench_cmd] [--seed 1] [--scale 1]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import yaml

ROOT = Path(__file__).resolve().parents[1]
ZHIYUAN = ROOT / ".venv" / "bin" / "zhiyuan"
CAMPAIGNS = ROOT / "src" / "zhiyuan" / "governance" / "campaigns.yaml"
COURT = "黔"
E = ("执", "执恢")
NOT_LITIGATION = ("民诉前调", "诉前调", "诉前调确", "诉前调书", "执保", "财保")
MEDIATION = ("民诉前调", "诉前调")


def ensure_database(url: str, source: str, seed: int, scale: float, years: int, year: int) -> None:
    """Create the database if missing, migrate, load the reference data and fill it (once)."""
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([str(ZHIYUAN), "setup"], check=True, env=env, stdout=subprocess.DEVNULL)
    if source == "csv":
        import_synthetic(url, scale, seed, year)
    else:
        simulate = ["simulate", "province", "--seed", str(seed), "--scale", str(scale), "--years", str(years)]
        subprocess.run([str(ZHIYUAN), *simulate, "--if-empty"], check=True, env=env)
    # what the worker does after writes: rebuild the indicator rollups (a no-op when they are current)
    subprocess.run([str(ZHIYUAN), "indicators", "refresh"], check=True, env=env, stdout=subprocess.DEVNULL)


# ------------------------------------------------------------------------------------ synthetic data
CAUSES = [
    ("民间借贷纠纷", 30),
    ("买卖合同纠纷", 20),
    ("金融借款合同纠纷", 15),
    ("信用卡纠纷", 10),
    ("追索劳动报酬纠纷", 6),
    ("房屋租赁合同纠纷", 8),
    ("建设工程施工合同纠纷", 5),
    ("机动车交通事故责任纠纷", 6),
]
#: E closing methods with their shares and the recovered share of the claim
E_OUTCOMES = [
    ("fully_performed", 0.40, 1.0),
    ("settlement_performed", 0.08, 0.85),
    ("tcp", 0.40, 0.08),
    ("terminated", 0.10, 0.0),
    ("other", 0.02, 0.0),
]
HEADER_ROW = "case_number,filed_on,cause,claim_amount,closed_on,closing_method,recovered_amount,origin"


class Province:
    """A deterministic province-year of enforcement cases (执, 执恢) at every basic court with their titles
    (民初 judgments and mediations, 民终 appeals, 诉前调确 confirmations after 民诉前调 mediation), civil
    decisions that were performed without enforcement, and the previous year's enforcement cases still
    open at the start of the year. Written as CSV files in dependency order (titles before the cases that
    enforce them), so each file's origins are already in the database."""

    def __init__(self, courts: list[str], year: int, scale: float, seed: int) -> None:
        import random

        self.rng = random.Random(seed)
        self.year = year
        self.courts = courts
        self.weights = [self.rng.lognormvariate(0, 0.6) for _ in courts]
        self.per_year = round(487_800 * scale)  # Guizhou 2024 enforcement cases received (law.md §12)
        self.sequence: dict[tuple[int, str, str], int] = {}
        self.causes = [c for c, _ in CAUSES]
        self.cause_weights = [w for _, w in CAUSES]

    def _number(self, year: int, court: str, type_code: str) -> str:
        key = (year, court, type_code)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        return f"（{year}）{court}{type_code}{self.sequence[key]}号"

    def _day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _court(self) -> str:
        return self.rng.choices(self.courts, self.weights)[0]

    def _claim(self) -> Decimal:
        return Decimal(round(min(self.rng.lognormvariate(10.3, 1.1), 5e7), 2)).quantize(Decimal("0.01"))

    def _e_row(
        self,
        court: str,
        type_code: str,
        filed: dt.date,
        cause: str,
        claim: Decimal,
        origin: str,
        end: dt.date,
    ) -> tuple[list[str], str]:
        number = self._number(filed.year, court, type_code)
        closed = filed + dt.timedelta(days=int(self.rng.expovariate(1 / 110)))
        method, recovered = "", ""
        if closed <= end:
            method, _share, recovered_share = self.rng.choices(E_OUTCOMES, [o[1] for o in E_OUTCOMES])[0]
            recovered = str(
                (claim * Decimal(str(recovered_share * self.rng.uniform(0.7, 1.0)))).quantize(Decimal("0.01"))
            )
        row = [
            number,
            str(filed),
            cause,
            str(claim),
            str(closed) if method else "",
            method,
            recovered,
            origin,
        ]
        return row, method

    def files(self, directory: Path) -> list[Path]:
        """Titles (earlier year and this year), then last year's E cases, then this year's."""
        titles: list[list[str]] = []
        mediations: list[list[str]] = []
        appeals: list[list[str]] = []
        carried: list[list[str]] = []
        enforcement: list[list[str]] = []
        end = dt.date(self.year + 1, 6, 30)
        for year, count in ((self.year - 1, self.per_year // 6), (self.year, self.per_year)):
            for _ in range(count):
                court = self._court()
                cause = self.rng.choices(self.causes, self.cause_weights)[0]
                claim = self._claim()
                filed = self._day(year)
                kind = self.rng.random()
                origin = ""
                if kind < 0.55:  # a first-instance decision, sometimes appealed
                    appealed_title = self.rng.random() < 0.15
                    lead = self.rng.randrange(170, 360) if appealed_title else self.rng.randrange(90, 300)
                    trial_filed = filed - dt.timedelta(days=lead)
                    decided = trial_filed + dt.timedelta(days=self.rng.randrange(40, 80))
                    method = "judgment" if self.rng.random() < 0.7 else "mediation"
                    first = self._number(trial_filed.year, court, "民初")
                    titles.append([first, str(trial_filed), cause, str(claim), str(decided), method, "", ""])
                    origin = first
                    if appealed_title:  # decided, appealed and the appeal decided before the E filing
                        appeal = self._number(decided.year, court[:3], "民终")
                        appealed = decided + dt.timedelta(days=20)
                        appeals.append(
                            [
                                appeal,
                                str(appealed),
                                cause,
                                str(claim),
                                str(appealed + dt.timedelta(days=45)),
                                "judgment",
                                "",
                                first,
                            ]
                        )
                        origin = appeal
                elif kind < 0.70:  # a pre-litigation mediation confirmed by the court
                    mediated = filed - dt.timedelta(days=self.rng.randrange(40, 200))
                    mediation = self._number(mediated.year, court, "民诉前调")
                    mediations.append(
                        [
                            mediation,
                            str(mediated),
                            cause,
                            str(claim),
                            str(mediated + dt.timedelta(days=20)),
                            "confirmed",
                            "",
                            "",
                        ]
                    )
                    confirmation = self._number(mediated.year, court, "诉前调确")
                    day = mediated + dt.timedelta(days=25)
                    appeals.append(
                        [
                            confirmation,
                            str(day),
                            cause,
                            str(claim),
                            str(day + dt.timedelta(days=5)),
                            "confirmed",
                            "",
                            mediation,
                        ]
                    )
                    origin = confirmation
                row, method = self._e_row(court, "执", filed, cause, claim, origin, end)
                (carried if year < self.year else enforcement).append(row)
                if method == "tcp" and self.rng.random() < 0.25:  # resumed after a TCP
                    resumed_on = dt.date.fromisoformat(row[4]) + dt.timedelta(
                        days=self.rng.randrange(30, 300)
                    )
                    if resumed_on.year == self.year:
                        resumed, _ = self._e_row(court, "执恢", resumed_on, cause, claim, row[0], end)
                        enforcement.append(resumed)
            # decisions performed voluntarily (no enforcement) and mediations that failed or succeeded alone
            for _ in range(count // 2):
                court = self._court()
                filed = self._day(year)
                decided = filed + dt.timedelta(days=self.rng.randrange(30, 120))
                method = self.rng.choice(["judgment", "mediation", "withdrawal"])
                cause = self.rng.choices(self.causes, self.cause_weights)[0]
                titles.append(
                    [
                        self._number(filed.year, court, "民初"),
                        str(filed),
                        cause,
                        str(self._claim()),
                        str(decided),
                        method,
                        "",
                        "",
                    ]
                )
                mediated = self._day(year)
                mediations.append(
                    [
                        self._number(mediated.year, court, "民诉前调"),
                        str(mediated),
                        cause,
                        str(self._claim()),
                        str(mediated + dt.timedelta(days=25)),
                        self.rng.choice(["mediation", "withdrawal"]),
                        "",
                        "",
                    ]
                )
        # E cases filed after the as-of day are not data yet
        enforcement = [r for r in enforcement if r[1] <= str(end)]
        paths = []
        for name, rows in (
            ("1-titles", titles + mediations),
            ("2-appeals-confirmations", appeals),
            ("3-enforcement-carried", carried),
            ("4-enforcement", [r for r in enforcement if "执恢" not in r[0]]),
            ("5-resumed", [r for r in enforcement if "执恢" in r[0]]),
        ):
            for part in range(0, len(rows), 200_000):
                path = directory / f"{name}-{part // 200_000}.csv"
                with path.open("w", encoding="utf-8", newline="") as out:
                    writer = csv.writer(out)
                    writer.writerow(HEADER_ROW.split(","))
                    writer.writerows(rows[part : part + 200_000])
                paths.append(path)
        return paths


def import_synthetic(url: str, scale: float, seed: int, year: int) -> None:
    """Generate the province-year as CSV files and import them with ``zhiyuan cases import``."""
    env = {**os.environ, "DATABASE_URL": url}
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM cases_case").fetchone()
        if row and row[0]:
            print(f"database holds {row[0]:,} cases: reused", file=sys.stderr)
            return
        courts = [
            code
            for (code,) in conn.execute(
                "SELECT code FROM courts_court WHERE level = 'basic' AND active ORDER BY code"
            ).fetchall()
        ]
    with tempfile.TemporaryDirectory() as tmp:
        paths = Province(courts, year, scale, seed).files(Path(tmp))
        for path in paths:
            began = time.perf_counter()
            subprocess.run(
                [str(ZHIYUAN), "cases", "import", str(path)], check=True, env=env, stdout=subprocess.DEVNULL
            )
            print(f"imported {path.name} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")  # fresh statistics, as autovacuum would give a loaded database


# ---------------------------------------------------------------------------------------------- peer
DISTRICT = """WITH RECURSIVE d(id) AS (
  SELECT id FROM courts_court WHERE code = %(court)s
  UNION SELECT c.id FROM courts_court c JOIN d ON c.parent_id = d.id)"""
CLOSED = "closed_on BETWEEN %(from)s AND %(to)s"
CLOSED_FIGURES = f"""
  count(*) FILTER (WHERE {CLOSED}) AS closed,
  count(*) FILTER (WHERE {CLOSED} AND closing_method IN ('fully_performed', 'settlement_performed')) AS performed,
  count(*) FILTER (WHERE {CLOSED} AND closing_method = 'tcp') AS tcp,
  count(*) FILTER (WHERE {CLOSED} AND type_code = '执') AS first_closed,
  count(*) FILTER (WHERE {CLOSED} AND type_code = '执' AND closing_method = 'tcp') AS first_tcp,
  sum(recovered_amount) FILTER (WHERE {CLOSED}) AS recovered,
  sum(claim_amount) FILTER (WHERE {CLOSED} AND claim_amount > 0) AS claimed,
  sum(recovered_amount) FILTER (WHERE {CLOSED} AND claim_amount > 0) AS claimed_recovered,
  sum(closed_on - filed_on) FILTER (WHERE {CLOSED}) AS days"""
E_IN_DISTRICT = "court_id IN (SELECT id FROM d) AND type_code IN ('执', '执恢')"
QUERIES = {
    "latest": f"{DISTRICT} SELECT max(filed_on) FROM cases_case WHERE court_id IN (SELECT id FROM d)",
    "enforcement": f"""{DISTRICT} SELECT
  count(*) FILTER (WHERE filed_on >= %(from)s) AS intake,
  count(*) FILTER (WHERE closed_on IS NULL OR closed_on > %(to)s) AS pending, {CLOSED_FIGURES}
FROM cases_case WHERE {E_IN_DISTRICT} AND filed_on <= %(to)s""",
    "judgment_to_enforcement": f"""{DISTRICT} SELECT count(*), count(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM cases_case e WHERE e.origin_id = c.id AND e.derivative_kind = 'enforcement'
    AND e.filed_on <= %(to)s))
FROM cases_case c WHERE c.court_id IN (SELECT id FROM d) AND c.{CLOSED}
  AND c.closing_method IN ('judgment', 'mediation')
  AND (c.type_code = '民终' OR (c.type_code = '民初' AND NOT EXISTS (
    SELECT 1 FROM cases_case a WHERE a.origin_id = c.id AND a.type_code = '民终' AND a.filed_on <= %(to)s)))""",
    "mediation": f"""{DISTRICT} SELECT count(*),
  count(*) FILTER (WHERE closing_method IN ('mediation', 'confirmed')),
  count(*) FILTER (WHERE closing_method IN ('mediation', 'confirmed') AND EXISTS (
    SELECT 1 FROM cases_case e WHERE e.dispute_id = c.dispute_id AND e.derivative_kind = 'enforcement'
    AND e.filed_on <= %(to)s))
FROM cases_case c WHERE c.court_id IN (SELECT id FROM d) AND c.{CLOSED} AND c.type_code IN %(mediation)s""",
    "case_per_dispute": f"""{DISTRICT}, roots AS (SELECT DISTINCT dispute_id FROM cases_case
  WHERE origin_id IS NULL AND court_id IN (SELECT id FROM d) AND filed_on BETWEEN %(from)s AND %(to)s)
SELECT count(*) FILTER (WHERE type_code NOT IN %(not_litigation)s),
  count(DISTINCT dispute_id) FILTER (WHERE type_code NOT IN %(not_litigation)s)
FROM cases_case WHERE dispute_id IN (SELECT dispute_id FROM roots)""",
    "derivative": f"""{DISTRICT} SELECT derivative_kind, count(*) FROM cases_case
WHERE court_id IN (SELECT id FROM d) AND filed_on BETWEEN %(from)s AND %(to)s AND derivative_kind <> ''
GROUP BY derivative_kind""",
    "monthly_intake": f"""{DISTRICT} SELECT date_trunc('month', filed_on), count(*) FROM cases_case
WHERE {E_IN_DISTRICT} AND filed_on BETWEEN %(from)s AND %(to)s GROUP BY 1 ORDER BY 1""",
    "monthly_closed": f"""{DISTRICT} SELECT date_trunc('month', closed_on), {CLOSED_FIGURES}
FROM cases_case WHERE {E_IN_DISTRICT} AND {CLOSED} GROUP BY 1 ORDER BY 1""",
    "monthly_pending_before": f"""{DISTRICT} SELECT count(*) FROM cases_case WHERE {E_IN_DISTRICT}
AND filed_on < %(from)s AND (closed_on IS NULL OR closed_on >= %(from)s)""",
    "monthly_mediation": f"""{DISTRICT} SELECT date_trunc('month', closed_on), count(*),
  count(*) FILTER (WHERE closing_method IN ('mediation', 'confirmed'))
FROM cases_case WHERE court_id IN (SELECT id FROM d) AND {CLOSED} AND type_code IN %(mediation)s
GROUP BY 1 ORDER BY 1""",
    "tree": f"""{DISTRICT} SELECT court_id, count(*) FILTER (WHERE filed_on >= %(from)s),
  count(*) FILTER (WHERE {CLOSED}), count(*) FILTER (WHERE closed_on IS NULL OR closed_on > %(to)s)
FROM cases_case WHERE {E_IN_DISTRICT} AND filed_on <= %(to)s GROUP BY court_id""",
    "overdue": f"""{DISTRICT} SELECT c.court_id, dl.rule, count(*) FROM cases_casedeadline dl
JOIN cases_case c ON c.id = dl.case_id
WHERE c.court_id IN (SELECT id FROM d) AND dl.due < %(today)s AND dl.met_on IS NULL GROUP BY 1, 2""",
    "overdue_oldest": f"""{DISTRICT} SELECT c.case_number, dl.rule, dl.due FROM cases_casedeadline dl
JOIN cases_case c ON c.id = dl.case_id
WHERE c.court_id IN (SELECT id FROM d) AND dl.due < %(today)s AND dl.met_on IS NULL
ORDER BY dl.due, dl.id LIMIT 20""",
}


def campaign_query() -> str:
    """Every configured campaign's cases_closed and amount_recovered, as FILTER clauses of one query."""
    columns = []
    for c in yaml.safe_load(CAMPAIGNS.read_text(encoding="utf-8"))["campaigns"]:
        parts = []
        if c.get("causes"):
            causes = ", ".join(f"'{x}'" for x in c["causes"])
            cause = f"c.cause_text IN ({causes})"
            if c.get("dispute_causes"):
                cause += (
                    " OR EXISTS (SELECT 1 FROM cases_case r WHERE r.dispute_id = c.dispute_id"
                    f" AND r.origin_id IS NULL AND r.cause_text IN ({causes}))"
                )
            parts.append(f"({cause})")
        if c.get("claim_max") is not None:
            parts.append(f"c.claim_amount <= {Decimal(str(c['claim_max']))}")
        if c.get("claim_min") is not None:
            parts.append(f"c.claim_amount >= {Decimal(str(c['claim_min']))}")
        if c.get("origin_types"):
            types = ", ".join(f"'{x}'" for x in c["origin_types"])
            parts.append(
                f"EXISTS (SELECT 1 FROM cases_case o WHERE o.id = c.origin_id AND o.type_code IN ({types}))"
            )
        if c.get("derived_kinds"):
            kinds = ", ".join(f"'{x}'" for x in c["derived_kinds"])
            parts.append(
                "EXISTS (SELECT 1 FROM cases_case k WHERE k.origin_id = c.id"
                f" AND k.derivative_kind IN ({kinds}) AND k.filed_on <= %(to)s)"
            )
        match = " AND ".join(parts) or "TRUE"
        columns.append(f'count(*) FILTER (WHERE {match}) AS "{c["id"]}_n"')
        columns.append(f'sum(c.recovered_amount) FILTER (WHERE {match}) AS "{c["id"]}_a"')
    return (
        f"{DISTRICT} SELECT {', '.join(columns)} FROM cases_case c"
        f" WHERE c.court_id IN (SELECT id FROM d) AND c.type_code IN ('执', '执恢') AND c.{CLOSED}"
    )


def peer(url: str, start: dt.date, end: dt.date, today: dt.date) -> tuple[float, dict[str, Any]]:
    """Seconds for every query of the page's figures, and the results (from the last run)."""
    params = {
        "court": COURT,
        "from": start,
        "to": end,
        "today": today,
        "mediation": list(MEDIATION),
        "not_litigation": list(NOT_LITIGATION),
    }
    queries = {**QUERIES, "campaigns": campaign_query()}
    results: dict[str, Any] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        began = time.perf_counter()
        for name, sql in queries.items():
            results[name] = conn.execute(_tuples(sql), params).fetchall()
        seconds = time.perf_counter() - began
    return seconds, results


def _tuples(sql: str) -> str:
    """psycopg adapts a Python tuple as a record; ``IN %(x)s`` wants ``= ANY(%(x)s)`` with a list."""
    return sql.replace("NOT IN %(not_litigation)s", "<> ALL(%(not_litigation)s::text[])").replace(
        "IN %(mediation)s", "= ANY(%(mediation)s::text[])"
    )


def _rate(numerator: Any, denominator: Any) -> float | None:
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), "ROUND_HALF_UP"))


def agree(page: dict[str, Any], sql: dict[str, Any]) -> list[str]:
    """Differences between the overview's figures and the peer's (empty when they agree)."""
    i = page["indicators"]
    intake, pending, closed, performed, tcp, first_closed, first_tcp, recovered, claimed, claimed_rec, _ = (
        sql["enforcement"][0]
    )
    final, enforced = sql["judgment_to_enforcement"][0]
    m_closed, m_success, m_enforced = sql["mediation"][0]
    lit_cases, lit_disputes = sql["case_per_dispute"][0]
    expected = {
        "intake": intake,
        "closed": closed,
        "pending": pending,
        "full_performance_rate": _rate(performed, closed),
        "tcp_rate": _rate(tcp, closed),
        "first_enforcement_tcp_rate": _rate(first_tcp, first_closed),
        "recovery_rate": _rate(claimed_rec or 0, claimed or 0),
        "recovered_amount": f"{Decimal(recovered or 0):.2f}",
        "judgment_to_enforcement_rate": _rate(enforced, final),
        "mediation_success_rate": _rate(m_success, m_closed),
        "mediation_enforcement_rate": _rate(m_enforced, m_success),
        "case_per_dispute": _rate(lit_cases, lit_disputes),
    }
    problems = [f"{k}: page {i[k]!r} ≠ SQL {v!r}" for k, v in expected.items() if i[k] != v]
    kinds = dict(sql["derivative"])
    problems += [f"derivative {k}" for k, n in i["derivative"].items() if kinds.get(k, 0) != n]
    overdue = sum(n for _, _, n in sql["overdue"])
    if page["overdue"]["count"] != overdue:
        problems.append(f"overdue: page {page['overdue']['count']} ≠ SQL {overdue}")
    months = sum(n for _, n in sql["monthly_intake"])
    if sum(m["intake"] for m in page["monthly"]) != months:
        problems.append("monthly intake")
    row = sql["campaigns"][0]
    for n, c in enumerate(page["campaigns"]):
        if page["campaigns"][c]["cases_closed"] != row[2 * n]:
            problems.append(f"campaign {c}")
    return problems


# ---------------------------------------------------------------------------------------------- page
def time_page(runs: int, query: str) -> dict[str, Any]:
    from django.core.cache import cache
    from django.test import Client

    from zhiyuan.accounts.demo import ensure_demo_users
    from zhiyuan.accounts.models import User

    ensure_demo_users()
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="command_operator"))

    def render() -> float:
        began = time.perf_counter()
        response = client.get(f"/command/?{query}")
        seconds = time.perf_counter() - began
        if response.status_code != 200:
            sys.exit(f"/command/ answered {response.status_code}: {response.content[:500]!r}")
        return seconds

    cache.clear()
    first = render()  # warm-up: imports, template compilation, database caches
    uncached = []
    for _ in range(runs):
        cache.clear()
        uncached.append(render())
    cached = [render() for _ in range(runs)]
    return {"first": first, "uncached": uncached, "cached": cached}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/zhiyuan_bench_cmd")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=1, help="with --source simulate")
    parser.add_argument("--year", type=int, default=2025, help="with --source csv: the province-year")
    parser.add_argument(
        "--source",
        choices=("csv", "simulate"),
        default="csv",
        help="csv: a synthetic province-year through `zhiyuan cases import` (minutes); simulate: `zhiyuan "
        "simulate province` (hours at --scale 1 on a 2-core machine)",
    )
    args = parser.parse_args()
    ensure_database(args.database_url, args.source, args.seed, args.scale, args.years, args.year)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from zhiyuan.cases.models import Case
    from zhiyuan.command import overview
    from zhiyuan.courts.models import Court

    court = Court.objects.get(code=COURT)
    given = (f"{args.year}-01-01", f"{args.year}-12-31") if args.source == "csv" else (None, None)
    start, end = overview.period(court, *given)
    page = time_page(args.runs, f"from={start}&to={end}")
    figures = overview.overview(court, start, end)
    cases = Case.objects.count()
    e_cases = Case.objects.filter(type_code__in=E).count()
    connection.close()

    today = timezone.localdate()
    peer(args.database_url, start, end, today)  # warm-up
    peer_runs = []
    for _ in range(args.runs):
        seconds, sql = peer(args.database_url, start, end, today)
        peer_runs.append(seconds)
    problems = agree(figures, sql)
    with psycopg.connect(args.database_url) as conn:
        server = conn.execute("SHOW server_version").fetchone()
    uncached, cached, sql_median = (
        statistics.median(page["uncached"]),
        statistics.median(page["cached"]),
        statistics.median(peer_runs),
    )
    result = {
        "benchmark": "command-center overview (GET /command/, high court, PostgreSQL)",
        "command": "python benchmarks/overview.py " + " ".join(sys.argv[1:]),
        "data": {"cases": cases, "enforcement_cases": e_cases, "period": [str(start), str(end)]},
        "machine": {
            "python": platform.python_version(),
            "postgresql": server[0] if server else "",
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
        },
        "page_first_seconds": round(page["first"], 3),
        "page_uncached_median_seconds": round(uncached, 3),
        "page_cached_median_seconds": round(cached, 4),
        "peer_sql_median_seconds": round(sql_median, 3),
        "ratio_uncached_page_to_peer": round(uncached / sql_median, 2),
        "ratio_cached_page_to_peer": round(cached / sql_median, 3),
        "target_seconds": 1.0,
        "figures_agree": not problems,
        "differences": problems,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
