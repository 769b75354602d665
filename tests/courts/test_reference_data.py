"""``zhiyuan setup`` loads the reference data idempotently; corrections survive; the law core reads the DB."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from zhiyuan.courts import selectors
from zhiyuan.courts.models import CalendarDay, CalendarYear, CaseType, Cause, Court, CourtAlias, Provenance
from zhiyuan.courts.services import load_reference_data
from zhiyuan.law.rules import RULES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def blank() -> None:
    """These tests start from a database without reference data (the session loads it for the others);
    the deletion is rolled back with the test."""
    from zhiyuan.courts.models import CalendarDay, CalendarYear, CauseEdition

    for model in (CourtAlias, CalendarDay, CalendarYear, Cause, CauseEdition, CaseType):
        model.objects.all().delete()
    while Court.objects.exists():  # children before parents (parent is PROTECT)
        Court.objects.filter(children__isnull=True).delete()


def test_setup_loads_guizhou_and_is_idempotent() -> None:
    first = load_reference_data().as_dict()
    assert first["created"]["court"] == 98  # 1 high + 9 intermediate + 88 basic (derived table)
    assert Court.objects.get(code="黔").level == "high"
    assert Court.objects.filter(level="intermediate", parent__code="黔").count() == 9
    assert Court.objects.get(code="黔0102").parent.code == "黔01"
    assert all(c.provenance == Provenance.DERIVED for c in Court.objects.all())
    assert len(first["skipped"]) == 2  # two rows of the table have no code
    counts = (
        Court.objects.count(),
        CaseType.objects.count(),
        Cause.objects.count(),
        CalendarDay.objects.count(),
    )
    second = load_reference_data().as_dict()
    assert second["created"] == {}
    assert second["updated"] == {}
    assert counts == (
        Court.objects.count(),
        CaseType.objects.count(),
        Cause.objects.count(),
        CalendarDay.objects.count(),
    )


def test_renamed_county_keeps_old_code_and_gains_alias() -> None:
    load_reference_data()
    court = Court.objects.get(code="黔0221")
    assert "水城区" in court.note
    assert CourtAlias.objects.get(code="黔0204").court == court


def test_case_types_carry_the_enforcement_split_and_mediation_codes() -> None:
    load_reference_data()
    assert CaseType.objects.get(type_code="执恢").type_class == "enforcement"
    assert set(CaseType.objects.filter(type_class="mediation").values_list("type_code", flat=True)) >= {
        "诉前调",
        "民诉前调",
        "诉前调确",
        "诉前调书",
    }


def test_an_administrators_correction_survives_setup() -> None:
    load_reference_data()
    court = Court.objects.get(code="黔0102")
    court.name = "贵阳市南明区人民法院（更正）"
    court.provenance = Provenance.CORRECTED
    court.save()
    report = load_reference_data().as_dict()
    assert report["kept"]["court"] >= 1
    assert Court.objects.get(code="黔0102").name == "贵阳市南明区人民法院（更正）"


def test_setup_command_prints_a_report() -> None:
    out = io.StringIO()
    call_command("setup", stdout=out)
    assert "参考数据已载入" in out.getvalue()
    out = io.StringIO()
    call_command("setup", "--json", stdout=out)
    assert '"created": {}' in out.getvalue()


def test_reference_from_database_uses_admin_calendar_for_later_years() -> None:
    load_reference_data()
    facts = {"rule": "enforcement_notice", "start": "2027-09-28"}  # +3 → 2027-10-01 (a Friday)
    ref = selectors.reference_or_none()
    assert ref is not None
    before = RULES["deadline"].run(facts, ref)
    assert before["due"] == "2027-10-01"
    assert [w["code"] for w in before["warnings"]] == ["calendar_unpublished"]
    # the State Council publishes 2027; the administrator enters National Day 1–7 and marks the year
    for day in range(1, 8):
        CalendarDay.objects.create(date=dt.date(2027, 10, day), kind="holiday", name="国庆节")
    CalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕×号")
    after = RULES["deadline"].run(facts, selectors.reference_or_none())
    assert after["due"] == "2027-10-08"
    assert after["warnings"] == []


def test_database_reference_matches_files_on_every_scenario() -> None:
    """The DB path and the file path give the same answers for the shipped data."""
    from tests.law.scenarios import load_all
    from zhiyuan.law.errors import LawError
    from zhiyuan.rulebook.bundled import reference

    load_reference_data()
    db_ref, file_ref = selectors.reference_or_none(), reference()
    for case in load_all():
        rule = RULES[case.rule]
        try:
            a = rule.run(case.facts, db_ref)
        except LawError as err:
            a = {"error": err.code}
        try:
            b = rule.run(case.facts, file_ref)
        except LawError as err:
            b = {"error": err.code}
        assert a == b, case.id


def test_bankruptcy_transfer_reads_the_court_tree_an_administrator_maintains() -> None:
    load_reference_data()
    gui_yang = Court.objects.get(code="黔01")
    Court.objects.create(code="黔0199", name="新设区人民法院", level="basic", parent=gui_yang)
    facts = {
        "debtor_kind": "enterprise_legal_person",
        "written_consent": "debtor",
        "unable_to_pay_due_debts": True,
        "insolvent_or_clearly_unable": True,
        "domicile_court": "黔0199",
    }
    ref = selectors.reference_or_none()
    assert ref is not None
    assert RULES["bankruptcy-transfer"].run(facts, ref)["receiving_court"] == "黔01"
    # the administrator corrects the court's parent: the receiving court follows
    Court.objects.filter(code="黔0199").update(parent=Court.objects.get(code="黔03"))
    out = RULES["bankruptcy-transfer"].run(facts, selectors.reference_or_none())
    assert (out["receiving_court"], out["receiving_court_name"]) == ("黔03", "贵州省遵义市中级人民法院")


def test_no_reference_before_setup() -> None:
    assert selectors.reference_or_none() is None


def test_setup_with_demo_users_creates_one_per_role_once() -> None:
    from zhiyuan.accounts.matrix import matrix
    from zhiyuan.accounts.models import User

    out = io.StringIO()
    call_command("setup", "--demo-users", stdout=out)
    assert set(User.objects.values_list("username", flat=True)) == set(matrix().roles)
    assert User.objects.get(username="enforcement_officer").court.code == "黔0102"
    assert User.objects.get(username="party").id_number_hash
    out = io.StringIO()
    call_command("setup", "--demo-users", "--json", stdout=out)
    assert '"demo_users": []' in out.getvalue()
