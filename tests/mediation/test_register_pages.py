"""The register pages through Django's test client: who sees which organizations, filters and
pagination (plain GET and HTMX), the detail with mediators, units, load and results, the forms (court
scope, field errors with codes, audit) and the upload."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.services import file_case
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.courts.organizations_io import COLUMNS
from zhiyuan.mediation.models import Mediation, MediationStatus

pytestmark = pytest.mark.django_db
LIST = "/mediation/organizations/"


def org(code: str, court: str = "黔0102", **kw: Any) -> PartnerOrganization:
    values: dict[str, Any] = {"name": f"{code}调解委员会", "kind": "peoples_mediation"}
    values.update(kw)
    return PartnerOrganization.objects.create(code=code, court=Court.objects.get(code=court), **values)


@pytest.fixture
def register(reference_data: None) -> dict[str, PartnerOrganization]:
    """A center with two grid units and a committee at 黔0102, a committee at 黔0302, a partner at 黔."""
    center = org("ZZ-0102", kind="governance_center", capacity=10)
    return {
        "center": center,
        "g1": org("ZZ-0102-G1", kind="grid_unit", parent=center, regions=["520102101"]),
        "g2": org("ZZ-0102-G2", kind="grid_unit", parent=center, regions=["520102102"], active=False),
        "tj": org("TJ-0102", focus_types=["family"]),
        "zunyi": org("TJ-0302", court="黔0302"),
        "national": org("GH-52", court="黔", kind="national_partner", regions=["52"], focus_types=["labour"]),
    }


@pytest.fixture
def users(make_user, register: dict[str, PartnerOrganization]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("reg_clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("reg_officer", roles=("enforcement_officer",), court="黔0102"),
        "head": make_user("reg_head", roles=("division_head",), court="黔01"),
        "clerk_zunyi": make_user("reg_clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "partner": make_user("reg_partner", roles=("partner_user",), organization="TJ-0102"),
        "party": make_user("reg_party", roles=("party",), id_number="520102199003070014"),
    }


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def listed(response: Any) -> set[str]:
    return {o.code for o in (row["org"] for row in response.context["rows"])}


def test_who_sees_what(users: dict[str, Any]) -> None:
    assert listed(signed_in(users["clerk"]).get(LIST)) == {
        "ZZ-0102",
        "ZZ-0102-G1",
        "ZZ-0102-G2",
        "TJ-0102",
        "GH-52",
    }
    assert listed(signed_in(users["clerk_zunyi"]).get(LIST)) == {"TJ-0302", "GH-52"}
    assert listed(signed_in(users["head"]).get(LIST)) == {
        "ZZ-0102",
        "ZZ-0102-G1",
        "ZZ-0102-G2",
        "TJ-0102",
        "GH-52",
    }
    assert listed(signed_in(users["partner"]).get(LIST)) == {"TJ-0102"}
    assert signed_in(users["partner"]).get(f"{LIST}ZZ-0102/").status_code == 404
    assert signed_in(users["clerk_zunyi"]).get(f"{LIST}TJ-0102/").status_code == 404
    before = AuditEntry.objects.filter(outcome="denied").count()
    assert signed_in(users["party"]).get(LIST).status_code == 403
    assert AuditEntry.objects.filter(outcome="denied").count() == before + 1
    assert Client().get(LIST).status_code == 302


def test_filters_and_htmx(users: dict[str, Any]) -> None:
    c = signed_in(users["clerk"])
    assert listed(c.get(LIST, {"kind": "grid_unit"})) == {"ZZ-0102-G1", "ZZ-0102-G2"}
    assert listed(c.get(LIST, {"kind": "grid_unit", "active": "1"})) == {"ZZ-0102-G1"}
    assert listed(c.get(LIST, {"region": "520102102"})) == {"ZZ-0102", "ZZ-0102-G2", "TJ-0102", "GH-52"}
    assert listed(c.get(LIST, {"focus_type": "labour"})) == {"ZZ-0102", "ZZ-0102-G1", "ZZ-0102-G2", "GH-52"}
    assert listed(c.get(LIST, {"court": "黔0102", "q": "TJ"})) == {"TJ-0102"}
    r = c.get(LIST, {"kind": "tribunal"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "<html" not in r.content.decode()
    assert 'id="no-results"' in r.content.decode()
    bad = c.get(LIST, {"region": "52x"})
    assert 'id="filter-errors"' in bad.content.decode()


def test_pagination(users: dict[str, Any]) -> None:
    court = Court.objects.get(code="黔0102")
    PartnerOrganization.objects.bulk_create(
        PartnerOrganization(code=f"BULK-{i:03d}", name=f"网格{i}", kind="other", court=court)
        for i in range(120)
    )
    c = signed_in(users["clerk"])
    first = c.get(LIST, {"kind": "other"})
    assert first.context["page"].paginator.count == 120
    assert len(first.context["rows"]) == 50
    third = c.get(LIST, {"kind": "other", "page": 3})
    assert len(third.context["rows"]) == 20
    assert 'rel="prev"' in third.content.decode()
    assert 'rel="next"' not in third.content.decode()


def test_detail_shows_mediators_units_load_and_results(
    users: dict[str, Any], register: dict[str, Any]
) -> None:
    center = register["center"]
    m = Mediator.objects.create(organization=center, code="ZZ-M1", name="王明", capacity=3)
    for i, (status, closed, focus) in enumerate(
        [
            (MediationStatus.SUCCEEDED, dt.date(2025, 3, 13), "family"),
            (MediationStatus.FAILED, dt.date(2025, 3, 23), "family"),
            (MediationStatus.SUCCEEDED, dt.date(2025, 3, 6), "neighbour"),
            (MediationStatus.MEDIATING, None, "family"),
            (MediationStatus.WITHDRAWN, dt.date(2025, 3, 5), "family"),
        ]
    ):
        case = file_case(None, court_code="黔0102", type_code="民诉前调", filed_on=dt.date(2025, 3, 3))
        Mediation.objects.create(
            case=case,
            organization=center,
            mediator=m,
            focus_type=focus,
            status=status,
            opened_on=dt.date(2025, 3, 3),
            deadline=dt.date(2025, 4, 2),
            closed_on=closed,
            description=f"纠纷{i}",
        )
    r = signed_in(users["clerk"]).get(f"{LIST}ZZ-0102/")
    assert r.status_code == 200
    ctx = r.context
    assert [u["u"].code for u in ctx["units"]] == ["ZZ-0102-G1", "ZZ-0102-G2"]
    assert ctx["open"] == 1
    assert ctx["load_percent"] == 10
    assert ctx["mediators"][0]["open"] == 1
    assert (ctx["closed"], ctx["succeeded"], ctx["rate"]) == (3, 2, 66.7)
    family = next(row["r"] for row in ctx["results"] if row["r"].focus_type == "family")
    assert (family.closed, family.succeeded, family.mean_days) == (2, 1, 15.0)
    assert ctx["maintains"]
    assert not signed_in(users["officer"]).get(f"{LIST}ZZ-0102/").context["maintains"]
    assert not signed_in(users["clerk"]).get(f"{LIST}GH-52/").context["maintains"]  # the high court's


def test_create_and_edit_forms(users: dict[str, Any]) -> None:
    c = signed_in(users["clerk"])
    form = {
        "code": "ZZ-0102-G3",
        "name": "第三网格",
        "kind": "grid_unit",
        "court": "黔0102",
        "parent": "ZZ-0102",
        "regions": "520102103",
        "focus_types": ["family", "neighbour"],
        "capacity": "6",
        "contact": "",
        "active": "on",
    }
    r = c.post(reverse("mediation:organization_new"), form)
    assert r.status_code == 302
    made = PartnerOrganization.objects.get(code="ZZ-0102-G3")
    assert made.parent == users_center()
    assert made.focus_types == ["family", "neighbour"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "courts.organization.create"
    assert entry.actor_name == "reg_clerk"

    r = c.post(reverse("mediation:organization_new"), {**form, "code": "ZZ-0102-G4", "parent": "TJ-0102"})
    assert r.status_code == 200
    assert "parent_kind_mismatch" in str(r.context["form"].errors["parent"])
    assert not PartnerOrganization.objects.filter(code="ZZ-0102-G4").exists()

    r = c.post(
        reverse("mediation:organization_edit", args=["ZZ-0102-G3"]), {**form, "capacity": "9", "code": "X"}
    )
    assert r.status_code == 302
    made.refresh_from_db()
    assert made.capacity == 9  # the code is not editable: the posted one is ignored
    assert made.code == "ZZ-0102-G3"

    r = c.post(
        reverse("mediation:mediator_new", args=["ZZ-0102-G3"]),
        {"code": "G3-M1", "name": "李华", "capacity": "2", "active": "on"},
    )
    assert r.status_code == 302
    assert Mediator.objects.get(code="G3-M1").organization == made
    r = c.post(
        reverse("mediation:mediator_edit", args=["ZZ-0102-G3", "G3-M1"]),
        {"code": "G3-M1", "name": "李华", "capacity": "4"},
    )
    assert r.status_code == 302
    edited = Mediator.objects.get(code="G3-M1")
    assert (edited.capacity, edited.active) == (4, False)


def users_center() -> PartnerOrganization:
    return PartnerOrganization.objects.get(code="ZZ-0102")


def test_forms_respect_court_scope_and_permission(users: dict[str, Any]) -> None:
    form = {
        "code": "TJ-NEW",
        "name": "新调委会",
        "kind": "peoples_mediation",
        "court": "黔0302",
        "capacity": "0",
        "active": "on",
    }
    r = signed_in(users["clerk"]).post(reverse("mediation:organization_new"), form)
    assert r.status_code == 200  # 黔0302 is not a choice for a 黔0102 clerk
    assert "court" in r.context["form"].errors
    assert (
        signed_in(users["clerk"]).get(reverse("mediation:organization_edit", args=["GH-52"])).status_code
        == 403
    )
    assert signed_in(users["officer"]).get(reverse("mediation:organization_new")).status_code == 403
    assert (
        signed_in(users["partner"]).get(reverse("mediation:organization_edit", args=["TJ-0102"])).status_code
        == 403
    )
    # the intermediate court's division head maintains its district's organizations
    r = signed_in(users["head"]).post(reverse("mediation:organization_new"), {**form, "court": "黔0102"})
    assert r.status_code == 302
    assert PartnerOrganization.objects.get(code="TJ-NEW").court.code == "黔0102"


def upload(client: Client, *rows: str, skip: bool = False) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = ("\n".join([",".join(COLUMNS), *rows]) + "\n").encode()
    data: dict[str, Any] = {"file": SimpleUploadedFile("register.csv", body, content_type="text/csv")}
    if skip:
        data["skip_invalid"] = "on"
    return client.post(reverse("mediation:organizations_import"), data)


def test_upload(users: dict[str, Any]) -> None:
    c = signed_in(users["clerk"])
    good = "organization,TJ-0102-2,第二调委会,peoples_mediation,黔0102,,,,family,10,,"
    outside = "organization,TJ-0302-2,遵义调委会,peoples_mediation,黔0302,,,,,,,"
    r = upload(c, good, outside)
    assert r.status_code == 400
    assert [(e["row"], e["code"]) for e in r.context["errors"]] == [(3, "court_out_of_scope")]
    assert not PartnerOrganization.objects.filter(code="TJ-0102-2").exists()
    r = upload(c, good, outside, skip=True)
    assert r.status_code == 200
    assert PartnerOrganization.objects.filter(code="TJ-0102-2").exists()
    assert not PartnerOrganization.objects.filter(code="TJ-0302-2").exists()
    assert upload(signed_in(users["officer"]), good).status_code == 403
