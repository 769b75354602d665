"""Upgrading: a database written by an earlier version (tests/fixtures/upgrade, one SQLite file and one
PostgreSQL dump per version) is migrated forward by ``zhiyuan setup`` — the migrations that rewrite data
included — and keeps its data, case figures and an intact audit chain, on both engines."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
PG = os.environ.get("ZHIYUAN_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
#: tables whose rows an upgrade must keep exactly (reference data may grow with the new version's)
KEPT = (
    "cases_case",
    "cases_caseparty",
    "cases_nodelog",
    "parties_party",
    "mediation_mediation",
    "accounts_user",
    "audit_auditcheckpoint",
)
#: the case figures through the old schema's columns, read with plain SQL before anything changes
OLD_FIGURES = (
    "SELECT type_code, COUNT(*), SUM(CAST(claim_amount AS NUMERIC)) FROM cases_case "
    "GROUP BY type_code ORDER BY type_code"
)
FIGURES = (
    "import json; from django.db.models import Count, Sum; from zhiyuan.cases.models import Case; "
    "rows = Case.objects.values('type_code', 'status').annotate(n=Count('pk'), claim=Sum('claim_amount'))"
    ".order_by('type_code', 'status'); "
    "print(json.dumps([[r['type_code'], r['status'], r['n'], str(r['claim'])] for r in rows]))"
)

#: runs one SQL statement on the database under test and returns its rows
Query = Callable[[str], list[tuple[Any, ...]]]


def _pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False


def _sqlite(fixture: Path, tmp_path: Path) -> Iterator[tuple[str, Query]]:
    path = tmp_path / "zhiyuan.sqlite3"
    with gzip.open(fixture) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)

    def query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            return db.execute(sql).fetchall()

    yield f"sqlite:///{path}", query


def _postgresql(fixture: Path) -> Iterator[tuple[str, Query]]:
    if not _pg_reachable():
        if os.environ.get("CI", "false") not in ("", "false"):
            pytest.fail(f"PostgreSQL does not answer at {PG}: in CI the upgrade test must run on it")
        pytest.skip(f"PostgreSQL does not answer at {PG}")
    import psycopg

    name = f"zh_upgrade_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restored = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--dbname", f"{PG}/{name}", str(fixture)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr

        def query(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(f"{PG}/{name}") as db:
                return list(db.execute(sql).fetchall())

        yield f"{PG}/{name}", query
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=sorted([*FIXTURES.glob("*.sqlite3.gz"), *FIXTURES.glob("*.pgdump")]),
    ids=lambda p: p.name.replace(".gz", ""),
)
def earlier(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Query]]:
    """The database of an earlier version, restored for this test: its URL and a way to query it."""
    fixture: Path = request.param
    if fixture.name.endswith(".pgdump"):
        yield from _postgresql(fixture)
    else:
        yield from _sqlite(fixture, tmp_path)


#: the tables of the database under test, by engine
TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
}


def _counts(url: str, query: Query) -> dict[str, int]:
    names = [r[0] for r in query(TABLES["sqlite" if url.startswith("sqlite") else "postgresql"])]
    return {t: query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in names}


def _run(url: str, *args: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["DATABASE_URL"] = url
    done = subprocess.run([ZHIYUAN, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _figures(query: Query) -> list[tuple[str, int, str | None]]:
    return [(t, int(n), None if s is None else f"{float(s):.2f}") for t, n, s in query(OLD_FIGURES)]


def test_a_database_of_an_earlier_version_upgrades_in_place(earlier: tuple[str, Query]) -> None:
    url, query = earlier
    before = _counts(url, query)
    applied_before = query("SELECT COUNT(*) FROM django_migrations")[0][0]
    old = _figures(query)

    _run(url, "setup")

    after = _counts(url, query)
    for table in KEPT:
        assert after.get(table) == before.get(table), table
    assert query("SELECT COUNT(*) FROM django_migrations")[0][0] > applied_before
    # a migration that rewrote data: every audited entry of before counts as a change (audit 0004)
    size, writes = query("SELECT size, writes FROM audit_audithead")[0]
    assert writes >= before["audit_auditentry"]
    assert size >= before["audit_auditentry"]
    assert _figures(query) == old
    assert json.loads(_run(url, "shell", "--no-imports", "-c", FIGURES))
    verified = json.loads(_run(url, "audit", "verify", "--json"))
    assert verified["ok"], verified
    # and the upgraded database serves the platform's checks
    _run(url, "check")
