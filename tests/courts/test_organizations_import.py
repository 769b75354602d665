"""Bulk import and export of the register (docs/organizations-import.md), the demo register and the
``zhiyuan organizations`` command: idempotent by code, all or nothing, per-row/column error codes,
--skip-invalid, XLSX, court scope."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhiyuan.audit.models import AuditEntry
from zhiyuan.courts.models import Court, CourtLevel, Mediator, PartnerKind, PartnerOrganization
from zhiyuan.courts.organizations_demo import NATIONAL, ensure_demo_register
from zhiyuan.courts.organizations_export import export_register
from zhiyuan.courts.organizations_io import COLUMNS, import_file

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = [
    "organization,ZZ-1,南明区综治中心,governance_center,黔0102,,,,,50,0851-1234,true",
    "organization,ZZ-1-G1,第一网格,grid_unit,黔0102,ZZ-1,,520102101,family;neighbour,5,,",  # parent above
    "organization,FT-1-W1,工作站,workstation,黔0102,FT-1,,520102102,,0,,是",  # parent below
    "organization,FT-1,第一人民法庭,tribunal,黔0102,,,520102101；520102102,family、traffic,20,,1",
    "mediator,FT-1-M1,王明,,,,FT-1,,traffic,3,,",
    "mediator,ZZ-1-M1,李华,,,,ZZ-1,,,,,false",
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_import_creates_then_is_idempotent(reference_data: None) -> None:
    report = import_file(csv_bytes(*GOOD), filename="register.csv")
    assert report.errors == []
    assert report.written
    assert report.created == {"organizations": 4, "mediators": 2}
    ws = PartnerOrganization.objects.get(code="FT-1-W1")
    assert ws.parent is not None
    assert ws.parent.code == "FT-1"
    assert ws.regions == ["520102102"]
    assert PartnerOrganization.objects.get(code="FT-1").focus_types == ["family", "traffic"]
    assert not Mediator.objects.get(code="ZZ-1-M1").active
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "courts.organizations.import"
    assert sorted(entry.after["created_codes"])[:2] == ["FT-1", "FT-1-W1"]  # type: ignore[index]

    seq = AuditEntry.objects.count()
    again = import_file(csv_bytes(*GOOD), filename="register.csv")
    assert again.unchanged == 6
    assert again.created == {"organizations": 0, "mediators": 0}
    assert AuditEntry.objects.count() == seq  # nothing changed, nothing audited

    changed = [*GOOD[:4], "mediator,FT-1-M1,王明,,,,FT-1,,traffic;family,4,,", GOOD[5]]
    third = import_file(csv_bytes(*changed), filename="register.csv")
    assert third.updated == {"organizations": 0, "mediators": 1}
    assert third.unchanged == 5
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.after["changes"]["mediator:FT-1-M1"]["capacity"] == [3, 4]  # type: ignore[index]


def test_all_or_nothing_with_row_and_column_errors(reference_data: None) -> None:
    rows = [
        *GOOD,
        "organization,G-2,孤立网格,grid_unit,黔0102,,,,,,,",
        "organization,X-1,某调委会,peoples_mediation,黔9999,,,5201x,quarrels,ten,,maybe",
        "mediator,M-9,赵六,peoples_mediation,,,NOPE,,,,,",
        "organization,ZZ-1,重复,governance_center,黔0102,,,,,,,",
        "club,Y,某,,,,,,,,,",
    ]
    report = import_file(csv_bytes(*rows), filename="register.csv")
    assert not report.written
    assert PartnerOrganization.objects.count() == 0
    assert Mediator.objects.count() == 0
    found = {(i.row, i.column, i.code) for i in report.errors}
    assert {
        (8, "parent", "parent_required"),
        (9, "capacity", "capacity_invalid"),
        (9, "active", "active_invalid"),
        (9, "court", "court_unknown"),
        (9, "regions", "region_invalid"),
        (9, "focus_types", "focus_type_unknown"),
        (10, "kind", "column_not_applicable"),
        (10, "organization", "organization_unknown"),
        (11, "code", "code_duplicate"),
        (12, "record", "record_unknown"),
    } <= found
    assert report.invalid == 5


def test_skip_invalid_writes_the_rest_and_spreads_to_dependants(reference_data: None) -> None:
    rows = [
        "organization,FT-1,第一人民法庭,tribunal,黔0102,,,,,ten,,",  # bad capacity
        "organization,FT-1-W1,工作站,workstation,黔0102,FT-1,,,,,,",  # its parent's row is invalid
        "mediator,FT-1-M1,王明,,,,FT-1,,,,,",
        "organization,ZZ-1,南明区综治中心,governance_center,黔0102,,,,,,,",
        "mediator,ZZ-1-M1,李华,,,,ZZ-1,,,,,",
    ]
    report = import_file(csv_bytes(*rows), filename="r.csv", skip_invalid=True)
    assert report.written
    assert report.invalid == 3
    assert {(i.row, i.code) for i in report.errors} == {
        (2, "capacity_invalid"),
        (3, "depends_on_invalid_row"),
        (4, "depends_on_invalid_row"),
    }
    assert set(PartnerOrganization.objects.values_list("code", flat=True)) == {"ZZ-1"}
    assert set(Mediator.objects.values_list("code", flat=True)) == {"ZZ-1-M1"}


def test_file_level_errors(reference_data: None) -> None:
    assert import_file(b"", filename="r.csv").errors[0].code == "file_empty"
    assert import_file(b"code,name\n", filename="r.csv").errors[0].code == "column_missing"
    assert (
        import_file(csv_bytes(header=HEADER + ",colour"), filename="r.csv").errors[0].code == "column_unknown"
    )
    assert import_file(b"\xff\xfe", filename="r.csv").errors[0].code == "file_unreadable"
    assert import_file(b"x", filename="r.xlsx").errors[0].code == "file_unreadable"
    assert import_file(b"x", filename="r.ods").errors[0].code == "file_format_unsupported"


def test_court_scope(reference_data: None) -> None:
    import_file(csv_bytes(GOOD[0]), filename="r.csv")
    rows = [
        "organization,ZZ-1,改名,governance_center,黔0302,,,,,,,",  # moves a 黔0102 center to 黔0302
        "organization,ZY-1,遵义调委会,peoples_mediation,黔0302,,,,,,,",
    ]
    report = import_file(csv_bytes(*rows), filename="r.csv", court_scope={"黔0302"})
    assert [(i.row, i.code) for i in report.errors] == [(2, "court_out_of_scope")]
    assert not report.written


def test_xlsx_round_trip(reference_data: None, tmp_path: Path) -> None:
    import_file(csv_bytes(*GOOD), filename="r.csv")
    target = tmp_path / "register.xlsx"
    assert export_register(target, fmt="xlsx") == 6
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    PartnerOrganization.objects.filter(code="FT-1").update(capacity=99)
    report = import_file(target)
    assert report.written
    assert report.updated["organizations"] == 1
    assert report.unchanged == 5
    assert PartnerOrganization.objects.get(code="FT-1").capacity == 20


def test_csv_export_lists_parents_first(reference_data: None) -> None:
    import_file(csv_bytes(*GOOD), filename="r.csv")
    out = io.StringIO()
    assert export_register(out) == 6
    lines = out.getvalue().splitlines()
    codes = [line.split(",")[1] for line in lines[1:]]
    assert codes.index("FT-1") < codes.index("FT-1-W1")
    assert codes[-2:] == ["FT-1-M1", "ZZ-1-M1"]
    assert import_file(out.getvalue().encode(), filename="again.csv").unchanged == 6


def test_demo_register(reference_data: None) -> None:
    start = time.monotonic()
    report = ensure_demo_register(seed=7)
    assert time.monotonic() - start < 20  # a few seconds in practice; generous for slow CI disks
    basic = Court.objects.filter(level=CourtLevel.BASIC).exclude(division_code="").count()
    assert report.created["organizations"] == basic * 7 + len(NATIONAL)
    nanming = PartnerOrganization.objects.filter(court__code="黔0102")
    kinds = sorted(nanming.values_list("kind", flat=True))
    assert kinds.count(PartnerKind.GRID_UNIT) == 3
    assert PartnerKind.TRIBUNAL in kinds
    assert PartnerOrganization.objects.get(code="DEMO-FT-0102-W1").parent.code == "DEMO-FT-0102"  # type: ignore[union-attr]
    national = PartnerOrganization.objects.filter(kind=PartnerKind.NATIONAL_PARTNER)
    assert {o.court.code for o in national} == {"黔"}
    assert national.count() == 5
    assert not PartnerOrganization.objects.filter(mediators__isnull=True, kind=PartnerKind.TRIBUNAL).exists()
    assert all("演示" in name for name in PartnerOrganization.objects.values_list("name", flat=True))
    again = ensure_demo_register(seed=7)
    assert again.created == {"organizations": 0, "mediators": 0}
    assert again.updated["organizations"] == 0


def test_command(reference_data: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(*GOOD))
    call_command("organizations", "import", str(good), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == {"organizations": 4, "mediators": 2}
    assert out["written"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("organization,G,网格,grid_unit,黔0102,,,,,,,"))
    with pytest.raises(CommandError) as err:
        call_command("organizations", "import", str(bad))
    assert err.value.returncode == 2
    assert "parent_required" in capsys.readouterr().out
    call_command("organizations", "import", str(bad), "--skip-invalid")
    assert "无效 invalid 1" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("organizations", "import", str(tmp_path / "missing.csv"))
    target = tmp_path / "out.xlsx"
    call_command("organizations", "export", str(target))
    assert openpyxl.load_workbook(target).worksheets[0].max_row == 7
    call_command("organizations", "export", "--format", "csv")
    assert capsys.readouterr().out.splitlines()[0] == HEADER
    call_command("organizations", "demo", "--seed", "3", "--json")
    assert json.loads(capsys.readouterr().out)["created"]["organizations"] > 500
