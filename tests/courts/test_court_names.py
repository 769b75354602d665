"""Courts under their names of today (the county-to-city and county-to-district changes), the former names
kept as aliases for older documents and case files, each change with its source; corrections survive."""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

import pytest

from zhiyuan.cases.importing import import_file
from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court, CourtAlias, CourtNameAlias, Provenance
from zhiyuan.courts.services import load_reference_data
from zhiyuan.law.rules import RULES
from zhiyuan.rulebook.bundled import reference

pytestmark = pytest.mark.django_db

#: code → (name today, former name, the day the division changed) — 民政部/国务院 approvals
RENAMED = {
    "黔0222": ("贵州省盘州市人民法院", "贵州省盘县人民法院", dt.date(2017, 4, 9)),
    "黔0221": ("贵州省六盘水市水城区人民法院", "贵州省水城县人民法院", dt.date(2020, 6, 5)),
    "黔0522": ("贵州省黔西市人民法院", "贵州省黔西县人民法院", dt.date(2021, 3, 16)),
    "黔0321": ("贵州省遵义市播州区人民法院", "贵州省遵义县人民法院", dt.date(2016, 3, 20)),
    "黔2322": ("贵州省兴仁市人民法院", "贵州省兴仁县人民法院", dt.date(2018, 7, 2)),
}


def _table() -> list[dict[str, str]]:
    text = (resources.files("zhiyuan") / "reference_data" / "guizhou_courts.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_renamed_courts_carry_their_names_of_today_and_keep_the_old_ones() -> None:
    for code, (name, former, until) in RENAMED.items():
        court = Court.objects.get(code=code)
        assert court.name == name
        alias = CourtNameAlias.objects.get(name=former)
        assert (alias.court, alias.until) == (court, until)
        # the forms without the province find the court too
        assert CourtNameAlias.objects.get(name=former.removeprefix("贵州省")).court == court
        assert CourtNameAlias.objects.get(name=name.removeprefix("贵州省")).court == court


def test_names_follow_the_courts_own_style() -> None:
    """贵州省 + the prefecture for a district's court; a county's or county-level city's without it."""
    assert Court.objects.get(code="黔").name == "贵州省高级人民法院"
    assert Court.objects.get(code="黔01").name == "贵州省贵阳市中级人民法院"
    assert Court.objects.get(code="黔0102").name == "贵州省贵阳市南明区人民法院"
    assert Court.objects.get(code="黔0121").name == "贵州省开阳县人民法院"
    assert Court.objects.get(code="黔0181").name == "贵州省清镇市人民法院"
    assert Court.objects.get(code="黔2301").name == "贵州省兴义市人民法院"
    assert Court.objects.get(code="黔27").name == "贵州省黔南布依族苗族自治州中级人民法院"
    names = list(Court.objects.values_list("name", flat=True))
    assert all(n.startswith("贵州省") and n.endswith("人民法院") for n in names)
    assert len(set(names)) == len(names)


def test_every_change_in_the_table_names_its_source() -> None:
    rows = [r for r in _table() if r["code"].startswith("黔")]
    changed = [r for r in rows if r["renamed_on"] or r["former_names"] or r["division_name_now"]]
    assert {r["code"] for r in changed} >= set(RENAMED)
    for r in changed:
        assert r["former_names"], r["code"]
        assert r["rename_source"], r["code"]
        dt.date.fromisoformat(r["renamed_on"])
    # the old county code stays the court's code (案号规定第十三条); the new division's code is an alias
    assert CourtAlias.objects.get(code="黔0281").court.code == "黔0222"
    assert CourtAlias.objects.get(code="黔0581").court.code == "黔0522"


def test_a_case_number_names_the_court_as_it_is_now() -> None:
    ref = reference()
    for number in ("（2016）黔0222民初1号", "（2024）黔0281执5号"):
        assert RULES["casenum"].run({"text": number}, ref)["court_name"] == "贵州省盘州市人民法院"


def test_an_older_file_naming_the_court_by_its_former_name_imports() -> None:
    data = (
        "case_number,filed_on,court,plaintiffs,defendants\n"
        "（2015）盘民初字第12号,2015-03-02,盘县人民法院,甲|,乙|\n"
        "（2019）黔0221民初3号,2019-05-06,贵州省水城县人民法院,丙|,丁|\n"
    ).encode()
    report = import_file(io.BytesIO(data), filename="old.csv")
    assert report.errors == [], report.errors
    assert Case.objects.get(case_number="（2015）盘民初字第12号").court.code == "黔0222"
    assert Case.objects.get(case_number="（2019）黔0221民初3号").court.code == "黔0221"


def test_setup_keeps_an_administrators_names() -> None:
    court = Court.objects.get(code="黔0222")
    court.name = "盘州市人民法院（更正）"
    court.provenance = Provenance.CORRECTED
    court.save()
    CourtNameAlias.objects.filter(court=court, name="盘县人民法院").delete()  # removed in the admin
    report = load_reference_data().as_dict()
    assert report["kept"]["court"] >= 1
    court.refresh_from_db()
    assert court.name == "盘州市人民法院（更正）"
    assert not CourtNameAlias.objects.filter(name="盘县人民法院").exists()


def test_setup_twice_adds_no_name() -> None:
    before = CourtNameAlias.objects.count()
    assert before > 0
    report = load_reference_data().as_dict()
    assert "court_name_alias" not in report["created"]
    assert CourtNameAlias.objects.count() == before
