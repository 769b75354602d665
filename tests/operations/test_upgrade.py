"""Upgrading: a database written by an earlier version (tests/fixtures/upgrade) is migrated forward by
``zhiyuan setup`` — the migrations that rewrite data included — and keeps its data, case figures and an
intact audit chain."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
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
FIGURES = (
    "import json; from django.db.models import Count, Sum; from zhiyuan.cases.models import Case; "
    "rows = Case.objects.values('type_code', 'status').annotate(n=Count('pk'), claim=Sum('claim_amount'))"
    ".order_by('type_code', 'status'); "
    "print(json.dumps([[r['type_code'], r['status'], r['n'], str(r['claim'])] for r in rows]))"
)


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _run(path: Path, *args: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["DATABASE_URL"] = f"sqlite:///{path}"
    done = subprocess.run([ZHIYUAN, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.sqlite3.gz")), ids=lambda p: p.name.split(".")[0])
def test_a_database_of_an_earlier_version_upgrades_in_place(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / "zhiyuan.sqlite3"
    with gzip.open(fixture) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    before = _counts(path)
    with sqlite3.connect(path) as db:
        applied_before = db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]
    # the figures through the old schema's columns, read with plain SQL before anything changes
    with sqlite3.connect(path) as db:
        old = db.execute(
            "SELECT type_code, COUNT(*), SUM(CAST(claim_amount AS REAL)) FROM cases_case GROUP BY type_code ORDER BY type_code"
        ).fetchall()

    _run(path, "setup")

    after = _counts(path)
    for table in KEPT:
        assert after.get(table) == before.get(table), table
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0] > applied_before
        # a migration that rewrote data: every audited entry of before counts as a change (audit 0004)
        size, writes = db.execute("SELECT size, writes FROM audit_audithead").fetchone()
        new = db.execute(
            "SELECT type_code, COUNT(*), SUM(CAST(claim_amount AS REAL)) FROM cases_case GROUP BY type_code ORDER BY type_code"
        ).fetchall()
    assert writes >= before["audit_auditentry"]
    assert size >= before["audit_auditentry"]
    assert new == old
    assert json.loads(_run(path, "shell", "--no-imports", "-c", FIGURES))
    verified = json.loads(_run(path, "audit", "verify", "--json"))
    assert verified["ok"], verified
    # and the upgraded database serves the platform's checks
    _run(path, "check")
