"""Fixtures for the indicator tests: the same case rows computed through the pure definitions (from the
rows, as an export gives them) and through the database (imported, then the SQL selectors)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest

from zhiyuan.cases.importing import COLUMNS

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
Row = dict[str, str]


def row(number: str, filed: str, **fields: str) -> Row:
    """A row of the import/export format; ``closed`` is closed_on, ``method`` the closing method."""
    values = {"case_number": number, "filed_on": filed}
    aliases = {"closed": "closed_on", "method": "closing_method", "claim": "claim_amount"}
    aliases |= {"recovered": "recovered_amount"}
    for key, value in fields.items():
        values[aliases.get(key, key)] = value
    return {column: values.get(column, "") for column in COLUMNS}


def csv_bytes(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


Compute = Callable[..., dict[str, Any]]


@pytest.fixture(params=["pure", "db"])
def compute(request: pytest.FixtureRequest) -> Compute:
    """``compute(rows, court=, subtree=, date_from=, date_to=)`` → {"indicators", "campaigns"}, by the pure
    definitions over the rows, or by the SQL selectors after importing them."""

    def pure(rows: list[Row], court: str, subtree: bool, date_from: dt.date, date_to: dt.date) -> Any:
        from zhiyuan.governance.campaigns import compute_campaigns
        from zhiyuan.governance.definitions import Window, compute_all
        from zhiyuan.governance.exported import records
        from zhiyuan.rulebook.bundled import reference

        cases = records(rows, reference().case_numbers)
        # the test data's courts: a district is its code's prefix (黔01 → 黔01, 黔0102, …)
        codes = (
            {r.court_code for r in cases.records if r.court_code.startswith(court)} if subtree else {court}
        )
        return {
            "indicators": compute_all(cases, codes, date_from, date_to),
            "campaigns": compute_campaigns(Window(cases, frozenset(codes), date_from, date_to)),
        }

    def db(rows: list[Row], court: str, subtree: bool, date_from: dt.date, date_to: dt.date) -> Any:
        from zhiyuan.cases.importing import import_file
        from zhiyuan.governance import selectors

        request.getfixturevalue("reference_data")
        report = import_file(io.BytesIO(csv_bytes(rows)), filename="cases.csv")
        assert not report.errors, report.as_dict()["errors"]
        ids = selectors.courts_for(court, subtree)
        return {
            "indicators": selectors.indicators_for(ids, date_from, date_to),
            "campaigns": selectors.campaigns_for(ids, date_from, date_to),
        }

    backend = pure if request.param == "pure" else db

    def run(
        rows: list[Row],
        court: str = "黔0102",
        subtree: bool = False,
        date_from: dt.date = PERIOD[0],
        date_to: dt.date = PERIOD[1],
    ) -> dict[str, Any]:
        return backend(rows, court, subtree, date_from, date_to)  # type: ignore[no-any-return]

    return run
