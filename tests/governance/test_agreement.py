"""The acceptance test of issue #6: on random case trees, ``zhiyuan indicators --json`` equals the pure
definitions applied to the rows of ``zhiyuan cases export`` — exactly — for a district with --subtree and
for one basic court; and the monthly trend agrees with the indicators of each month."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.governance.conftest import csv_bytes, row
from tests.governance.generator import Generator
from zhiyuan.cases.importing import import_file
from zhiyuan.courts.selectors import reference
from zhiyuan.governance import selectors
from zhiyuan.governance.campaigns import compute_campaigns
from zhiyuan.governance.definitions import CaseSet, Window, compute_all
from zhiyuan.governance.exported import read_csv

pytestmark = pytest.mark.django_db


def indicators_cli(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("indicators", "--json", *args, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def from_export(cases: CaseSet, court: str, subtree: bool, start: str, end: str) -> dict[str, Any]:
    codes = selectors.court_codes(selectors.courts_for(court, subtree))
    w = Window(cases, codes, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return {
        "indicators": compute_all(cases, codes, w.date_from, w.date_to),
        "campaigns": compute_campaigns(w),
    }


@pytest.fixture
def exported(reference_data: None, tmp_path: Path) -> CaseSet:
    """Random trees imported, then exported with ``zhiyuan cases export``; the export's case records."""
    rows = Generator(seed=6).rows(700)
    # an origin named in no file and no database: kept as text, the case starts its own dispute
    rows.append(
        row(
            "（2025）黔0102执9999号",
            "2025-02-01",
            origin="（2019）黔0102民初9999号",
            closed="2025-03-01",
            method="fully_performed",
            claim="100",
            recovered="100",
            cause="追索劳动报酬纠纷",
        )
    )
    report = import_file(io.BytesIO(csv_bytes(rows)), filename="random.csv")
    assert not report.errors, report.as_dict()["errors"][:3]
    assert report.written
    path = tmp_path / "export.csv"
    call_command("cases", "export", str(path), stderr=io.StringIO())
    with path.open(encoding="utf-8") as stream:
        return read_csv(stream, reference().case_numbers)


@pytest.mark.parametrize(
    ("court", "subtree", "start", "end"),
    [
        ("黔01", True, "2025-01-01", "2025-12-31"),
        ("黔0102", False, "2025-01-01", "2025-12-31"),
        ("黔0103", False, "2024-07-01", "2025-06-30"),
        ("黔", True, "2025-12-31", "2025-12-31"),
    ],
)
def test_cli_equals_the_definitions_on_the_export(
    exported: CaseSet, court: str, subtree: bool, start: str, end: str
) -> None:
    args = ["--court", court, "--from", start, "--to", end] + (["--subtree"] if subtree else [])
    cli = indicators_cli(*args)
    expected = from_export(exported, court, subtree, start, end)
    assert cli["indicators"] == expected["indicators"]
    assert cli["campaigns"] == expected["campaigns"]
    assert cli["period"] == {"from": start, "to": end}
    assert cli["scope"]["court"] == court
    assert cli["scope"]["subtree"] is subtree
    if end == "2025-12-31" and start == "2025-01-01":  # the data is rich enough that nothing is vacuous
        got = cli["indicators"]
        assert got["closed"] > 20
        assert got["intake"] > 20
        assert got["pending"] > 0
        for key in ("full_performance_rate", "tcp_rate", "recovery_rate", "judgment_to_enforcement_rate"):
            assert got[key] is not None, key
            assert 0 < got[key] < 1, key
        assert got["mediation_success_rate"] is not None
        assert got["case_per_dispute"] > 1
        if subtree:
            assert all(f["cases_closed"] > 0 for f in cli["campaigns"].values()), cli["campaigns"]


def test_case_per_dispute_agrees_with_cases_stats(exported: CaseSet) -> None:
    out = io.StringIO()
    call_command(
        "cases",
        "stats",
        "--json",
        "--court",
        "黔01",
        "--subtree",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        stdout=out,
    )
    stats = json.loads(out.getvalue())
    cli = indicators_cli("--court", "黔01", "--subtree", "--from", "2025-01-01", "--to", "2025-12-31")
    assert cli["indicators"]["case_per_dispute"] == stats["case_per_dispute"] is not None


def test_monthly_rows_equal_the_indicators_of_each_month(exported: CaseSet) -> None:
    ids = selectors.courts_for("黔01", True)
    start, end = dt.date(2024, 11, 15), dt.date(2025, 12, 31)
    rows = selectors.monthly(ids, start, end)
    assert [r["month"] for r in rows][:3] == ["2024-11", "2024-12", "2025-01"]
    assert len(rows) == 14
    for r in rows:
        first = max(start, dt.date.fromisoformat(r["month"] + "-01"))
        last = min(end, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
        month = selectors.indicators_for(ids, first, last)
        for key, value in r.items():
            if key != "month":
                assert value == month[key], (r["month"], key)
    assert sum(r["closed"] for r in rows) == selectors.indicators_for(ids, start, end)["closed"]
