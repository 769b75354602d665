"""The register import reads a CSV in GB18030/GBK as it reads UTF-8 (and says which), refuses a file in
neither, takes the exports' formula guard off, refuses control characters per cell and shares the
platform's one import report."""

from __future__ import annotations

import codecs

import pytest

from tests.courts.test_organizations_import import GOOD, HEADER
from zhiyuan.cases.imports.report import CaseImportReport
from zhiyuan.courts.models import Mediator, PartnerOrganization
from zhiyuan.courts.organizations_io import ImportReport, RegisterImportReport, import_file
from zhiyuan.inputs.report import ImportReport as Report
from zhiyuan.inputs.report import Issue

pytestmark = pytest.mark.django_db

RARE = [*GOOD, "mediator,FT-1-M2,𠀀䶮,,,,FT-1,,,1,,"]  # a mediator whose name GBK cannot encode


def _text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_text(*RARE).encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + _text(*RARE).encode("utf-8"), "utf-8-sig"),
        (_text(*RARE).encode("gb18030"), "gb18030"),
        (_text(*GOOD).encode("gbk"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk"],
)
def test_every_encoding_imports_the_same_register(reference_data: None, data: bytes, encoding: str) -> None:
    report = import_file(data, filename="register.csv")
    assert report.errors == []
    assert report.encoding == encoding
    assert report.as_dict()["encoding"] == encoding
    assert PartnerOrganization.objects.get(code="ZZ-1").name == "南明区综治中心"
    if "𠀀" in data.decode(encoding.replace("-sig", "")):
        assert Mediator.objects.get(code="FT-1-M2").name == "𠀀䶮"


def test_a_file_in_neither_encoding_is_refused(reference_data: None) -> None:
    report = import_file(_text(*GOOD).encode("utf-8") + b"\xff\n", filename="register.csv")
    assert [(e.row, e.code) for e in report.errors] == [(None, "file_unreadable")]
    assert "UTF-8" in report.errors[0].message_en
    assert not PartnerOrganization.objects.exists()


def test_formula_guard_and_control_characters(reference_data: None) -> None:
    rows = [
        "organization,ZZ-1,'=南明区综治中心,governance_center,黔0102,,,,,50,'+0851-1234,true",
        "organization,ZZ-2,第二\x07中心,governance_center,黔0102,,,,,50,,true",
    ]
    report = import_file(_text(*rows).encode("utf-8"), filename="register.csv", skip_invalid=True)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "name", "text_control_character")]
    zz = PartnerOrganization.objects.get(code="ZZ-1")
    assert (zz.name, zz.contact) == ("=南明区综治中心", "+0851-1234")


def test_one_report_for_every_import() -> None:
    """The register's and the cases' reports are the platform's one import report, counted their way."""
    assert ImportReport is RegisterImportReport
    assert issubclass(RegisterImportReport, Report)
    assert issubclass(CaseImportReport, Report)
    register, cases = RegisterImportReport(rows=2), CaseImportReport(rows=2)
    register.errors.append(Issue(2, "code", "code_duplicate", "重复", "repeated"))
    assert set(register.as_dict()) == set(cases.as_dict())
    assert register.as_dict()["created"] == {"organizations": 0, "mediators": 0}
    assert cases.as_dict()["created"] == 0
    assert not register.ok
    assert cases.ok
