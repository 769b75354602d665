"""The register's writes and reads in ``zhiyuan.courts.organizations``: validation codes, parent rules,
audited create/update, idempotent saves, and the filters (region prefixes, focus types) on the real
database."""

from __future__ import annotations

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.courts.models import PartnerOrganization
from zhiyuan.courts.organizations import (
    Filters,
    Known,
    MediatorIn,
    OrganizationIn,
    organization_problems,
    save_mediator,
    save_organization,
    search,
    split_list,
)
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db
WHO = Actor(None, "tester")


def org(code: str, **kw: object) -> OrganizationIn:
    values: dict[str, object] = {"name": f"{code} 调委会", "kind": "peoples_mediation", "court": "黔0102"}
    values.update(kw)
    return OrganizationIn(code=code, **values)  # type: ignore[arg-type]


def codes(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.code for p in problems]


def test_split_list_accepts_the_usual_separators() -> None:
    assert split_list("520102; 520103；520111、520102") == ("520102", "520103", "520111")
    assert split_list("  ") == ()


def test_validation_codes(reference_data: None) -> None:
    known = Known.from_database()
    bad = OrganizationIn(
        code="bad code!",
        name=" ",
        kind="club",
        court="黔9999",
        regions=("5201", "52010"),
        focus_types=("family", "quarrels"),
        capacity=-1,
    )
    assert codes(organization_problems(bad, known)) == [
        "code_invalid",
        "name_missing",
        "capacity_invalid",
        "kind_unknown",
        "court_unknown",
        "region_invalid",
        "focus_type_unknown",
    ]
    assert organization_problems(org("OK-1", regions=("52", "5201", "520102", "520102101")), known) == []
    assert codes(organization_problems(org("new"), known)) == ["code_reserved"]


def test_parent_rules(reference_data: None) -> None:
    save_organization(WHO, org("ZZ", kind="governance_center"))
    save_organization(WHO, org("FT", kind="tribunal"))
    save_organization(WHO, org("ZZ-ZY", kind="governance_center", court="黔0302"))
    known = Known.from_database()
    assert codes(organization_problems(org("G", kind="grid_unit"), known)) == ["parent_required"]
    assert organization_problems(org("G", kind="grid_unit", parent="ZZ"), known) == []
    assert codes(organization_problems(org("G", kind="grid_unit", parent="FT"), known)) == [
        "parent_kind_mismatch"
    ]
    assert codes(organization_problems(org("W", kind="workstation", parent="ZZ"), known)) == [
        "parent_kind_mismatch"
    ]
    assert codes(organization_problems(org("G", kind="grid_unit", parent="ZZ-ZY"), known)) == [
        "parent_court_mismatch"
    ]
    assert codes(organization_problems(org("G", kind="grid_unit", parent="NOPE"), known)) == [
        "parent_unknown"
    ]
    save_organization(WHO, org("G", kind="grid_unit", parent="ZZ"))
    known = Known.from_database()
    assert codes(organization_problems(org("X", parent="G"), known)) == ["parent_kind_mismatch"]  # a leaf
    # a center may sit under a center, but not under its own unit
    save_organization(WHO, org("ZZ2", kind="governance_center", parent="ZZ"))
    known = Known.from_database()
    assert codes(organization_problems(org("ZZ", kind="governance_center", parent="ZZ2"), known)) == [
        "parent_cycle"
    ]


def test_save_is_audited_and_idempotent(reference_data: None) -> None:
    before = AuditEntry.objects.count()
    created_org, created = save_organization(WHO, org("TJ-1", focus_types=("family",), capacity=10))
    assert created
    assert created_org.court.code == "黔0102"
    again, created = save_organization(WHO, org("TJ-1", focus_types=("family",), capacity=10))
    assert not created
    assert again.pk == created_org.pk
    assert AuditEntry.objects.count() == before + 1  # the unchanged save wrote nothing
    save_organization(WHO, org("TJ-1", focus_types=("family",), capacity=12))
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "courts.organization.update"
    assert entry.before["capacity"] == 10
    assert entry.after["capacity"] == 12

    m, created = save_mediator(WHO, MediatorIn("TJ-1-M1", "王明", "TJ-1", ("family",), 3))
    assert created
    assert m.organization.code == "TJ-1"
    with pytest.raises(LawError) as err:
        save_mediator(WHO, MediatorIn("TJ-1-M2", "李华", "NOPE"))
    assert err.value.code == "organization_unknown"
    assert err.value.details["problems"][0]["field"] == "organization"


def test_invalid_save_writes_nothing(reference_data: None) -> None:
    with pytest.raises(LawError) as err:
        save_organization(WHO, org("G", kind="grid_unit"))
    assert err.value.code == "parent_required"
    assert not PartnerOrganization.objects.filter(code="G").exists()


def test_region_and_focus_filters(reference_data: None) -> None:
    save_organization(WHO, org("A-COUNTY"))  # no regions: its court's division (520102)
    save_organization(WHO, org("B-TOWN", kind="tribunal", regions=("520102101",), focus_types=("family",)))
    save_organization(WHO, org("C-PROV", court="黔", regions=("52",), focus_types=("finance",)))
    save_organization(WHO, org("D-ZUNYI", court="黔0302", focus_types=("labour",)))
    qs = PartnerOrganization.objects.all()

    def found(**kw: object) -> list[str]:
        return sorted(o.code for o in search(qs, Filters(**kw)))  # type: ignore[arg-type]

    assert found(region="520102101") == ["A-COUNTY", "B-TOWN", "C-PROV"]
    assert found(region="520102") == ["A-COUNTY", "B-TOWN", "C-PROV"]  # the town lies within the county
    assert found(region="520103") == ["C-PROV"]
    assert found(focus_type="family") == ["A-COUNTY", "B-TOWN"]  # A takes any type
    assert found(focus_type="labour", region="5203") == ["D-ZUNYI"]  # C-PROV covers 5203 but not labour
    assert found(court="黔01") == ["A-COUNTY", "B-TOWN"]
    assert found(court="黔01", kind="tribunal") == ["B-TOWN"]
    assert found(q="zunyi") == ["D-ZUNYI"]
