"""Case export: the import format's columns; export → import into an empty database reproduces the cases,
their origins, disputes and parties field by field (CSV and XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.cases.test_importing import csv_bytes, generated_file, row
from zhiyuan.audit.verification import verify
from zhiyuan.cases import services
from zhiyuan.cases.exporting import export_cases
from zhiyuan.cases.importing import COLUMNS, import_file
from zhiyuan.cases.models import Case, Dispute, NumberCounter
from zhiyuan.cases.services import PartyIn
from zhiyuan.parties.models import Party

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    """Every imported field of every case, its origin and parties, and the disputes as groups of numbers."""
    cases: dict[str, Any] = {}
    groups: dict[int, set[str]] = {}
    for c in Case.objects.select_related("origin", "court", "cause").prefetch_related("parties__party"):
        cases[c.case_number] = {
            "year": c.year,
            "court": c.court.code,
            "court_code": c.court_code,
            "specialized_code": c.specialized_code,
            "type_code": c.type_code,
            "sequence": c.sequence,
            "type_class": c.type_class,
            "family": c.family,
            "cause_text": c.cause_text,
            "cause": (c.cause.edition_id, c.cause.name) if c.cause else None,
            "claim_amount": c.claim_amount,
            "filed_on": c.filed_on,
            "closed_on": c.closed_on,
            "closing_method": c.closing_method,
            "recovered_amount": c.recovered_amount,
            "status": c.status,
            "origin": c.origin.case_number if c.origin else None,
            "origin_text": c.origin_text,
            "derivative_kind": c.derivative_kind,
            "flags": c.flags,
            "parties": [
                (cp.side, cp.display_name, cp.party.id_number, cp.party.kind)
                for cp in sorted(c.parties.all(), key=lambda cp: (cp.side, cp.position, cp.pk))
            ],
        }
        groups.setdefault(c.dispute_id, set()).add(c.case_number)
    return {"cases": cases, "disputes": sorted(sorted(g) for g in groups.values())}


def wipe() -> None:
    """An empty case registry (the audit log is append-only and stays)."""
    Case.objects.update(origin=None)
    Case.objects.all().delete()
    Dispute.objects.all().delete()
    Party.objects.all().delete()
    NumberCounter.objects.all().delete()


@pytest.fixture
def registry(reference_data, make_user, tmp_path) -> dict[str, Any]:
    """Generated trees plus hand-made oddities: an unresolved origin, an unknown cause, unnumbered parties,
    third parties, and a case filed through the services (global party positions)."""
    path, _ = generated_file(tmp_path, seed=3, trees=250)
    assert import_file(path, filename=path.name).written
    odd = [
        row(
            case_number="（2025）黔0103执5号",
            origin="贵阳仲裁委员会（2024）筑仲裁字第3号",
            cause="",
            claim_amount="0.05",
        ),
        row(
            case_number="（2025）黔0103民初9号",
            cause="本地叫法纠纷",
            third_parties="某村委会;赵六",
            plaintiffs="王五",
        ),
    ]
    assert import_file(io.BytesIO(csv_bytes(odd)), filename="odd.csv").created == 2
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    services.file_case(
        clerk,
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2025, 3, 3),
        cause="民间借贷纠纷",
        parties_in=[  # 乙's number is recorded under another name: the case keeps 乙 (another name)
            PartyIn("甲", "plaintiff"),
            PartyIn("乙", "defendant", "520102199003070014", name_choice="alias"),
        ],
    )
    return snapshot()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_reproduces_everything(registry, tmp_path, fmt) -> None:
    target = tmp_path / f"export.{fmt}"
    assert export_cases(target, fmt=fmt) == len(registry["cases"])
    same = import_file(target, filename=target.name)  # into the same database: nothing to do
    assert (same.unchanged, same.written) == (len(registry["cases"]), False)
    wipe()
    report = import_file(target, filename=target.name)
    assert report.ok, report.errors[:3]
    assert report.created == len(registry["cases"])
    assert snapshot() == registry
    assert import_file(target, filename=target.name).unchanged == len(registry["cases"])
    assert verify().ok


def test_export_format(reference_data) -> None:
    data = [
        row(claim_amount="100", closed_on="2024-05-06", closing_method="judgment", defendants="李四;某公司"),
        row(
            case_number="（2024）黔0102执1号",
            origin="（2024）黔0102民初1号",
            recovered_amount="5.5",
            cause="",
            filed_on="2024-06-01",
        ),
    ]
    assert import_file(io.BytesIO(csv_bytes(data)), filename="x.csv").created == 2
    out = io.StringIO()
    export_cases(out, fmt="csv")
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(lines[0]) == COLUMNS
    first, second = (dict(zip(COLUMNS, line, strict=True)) for line in lines[1:])
    assert first["claim_amount"] == "100.00"
    assert first["closed_on"] == "2024-05-06"
    assert first["plaintiffs"] == "张三|11010519491231002X"  # in full: a staff tool
    assert first["defendants"] == "李四;某公司"
    assert first["third_parties"] == ""
    assert second["origin"] == "（2024）黔0102民初1号"
    assert second["recovered_amount"] == "5.50"


def test_cli_export_to_stdout_and_to_xlsx(reference_data, tmp_path: Path) -> None:
    assert import_file(io.BytesIO(csv_bytes([row()])), filename="x.csv").created == 1
    out = io.StringIO()
    call_command("cases", "export", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "（2024）黔0102民初1号" in text
    target = tmp_path / "all.xlsx"
    call_command("cases", "export", str(target), stderr=io.StringIO())
    import openpyxl

    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][0] == "（2024）黔0102民初1号"
