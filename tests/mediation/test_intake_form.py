"""The clerk's intake form (issue 12): the court from the user's scope, the place as GB/T 2260 names,
parties as structured entries, a recommendation taken without a reason, and every error beside its
field and summed up on top — with nothing written until everything is right."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.mediation.models import Mediation
from zhiyuan.parties import services as parties
from zhiyuan.parties.models import Party, PartyName

from .conftest import APPLICANT, DESCRIPTION, RESPONDENT

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def party(n: int, side: str, name: str, number: str = "", **extra: str) -> dict[str, str]:
    row = {"side": side, "kind": "natural_person", "name": name, "id_type": "", "id_number": number, **extra}
    return {f"party-{n}-{k}": v for k, v in row.items()}


def form(*rows: dict[str, str], **fields: str) -> dict[str, str]:
    """A delegation of the loan dispute to TJ-0102-A (picked by name, not from the list)."""
    rows = rows or (
        party(0, "applicant", APPLICANT[0], APPLICANT[1], phone="138 0013 8000"),
        party(1, "respondent", RESPONDENT[0], RESPONDENT[1], address="贵阳市南明区某路1号"),
    )
    data = {
        "step": "delegate",
        "court": "黔0102",
        "region_province": "520000",
        "region_prefecture": "520100",
        "region_county": "520102",
        "description": DESCRIPTION,
        "claim_amount": "30000",
        "cause": "民间借贷纠纷",
        "focus_type": "private_lending",
        "recommended": "other",
        "organization": "TJ-0102-A",
        "mediator": "M-0102-1",
        "override_reason": "",
        "on": "2025-09-01",
        "party-TOTAL_FORMS": str(len(rows)),
        "party-INITIAL_FORMS": "0",
    }
    for row in rows:
        data.update(row)
    data.update(fields)
    return data


def errors_of(response: Any) -> dict[str, list[str]]:
    """Field → error codes of the intake form and its party rows (``party-<n>-<field>``)."""
    out: dict[str, list[str]] = {}
    ctx = response.context
    for name, errs in ctx["form"].errors.as_data().items():
        out[name] = [e.code or "" for e in errs]
    for n, f in enumerate(ctx["rows"].forms):
        for name, errs in f.errors.as_data().items():
            out[f"party-{n}-{name}"] = [e.code or "" for e in errs]
    if ctx["rows"].non_form_errors():
        out["parties"] = [e.code or "" for e in ctx["rows"].non_form_errors().as_data()]
    return out


def summary(html: str) -> list[str]:
    """The texts of the error summary at the top of the page."""
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert box, "the page shows no error summary"
    return [
        re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", box.group(0), re.S)
    ]


def nothing_written() -> None:
    assert not Mediation.objects.exists()
    assert not Case.objects.exists()


# ------------------------------------------------------------------------------------------ the page


def test_the_page_asks_for_no_codes(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    html = signed_in(staff["clerk"]).get("/mediation/intake/").content.decode()
    # one court: shown by its name, fixed
    assert 'id="court-fixed"' in html
    assert "贵州省贵阳市南明区人民法院" in html
    assert 'type="hidden" name="court" value="黔0102"' in html
    # the place: names, the court's province and prefecture chosen, its counties offered
    assert re.search(r'<option value="520000" selected>贵州省</option>', html)
    assert re.search(r'<option value="520100" selected>贵阳市</option>', html)
    assert '<option value="520102">南明区</option>' in html
    # the organizations by name; two party entries (applicant, respondent) to start with
    assert '<option value="TJ-0102-A">南明区某街道人民调解委员会</option>' in html
    assert 'name="party-0-side"' in html
    assert 'name="party-1-side"' in html
    assert "法院代字" not in html
    assert "行政区划代码" not in html


def test_a_court_user_of_several_courts_chooses_among_them(make_user, orgs: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user("clerk_gy", roles=("filing_clerk",), court="黔01")
    html = signed_in(clerk).get("/mediation/intake/").content.decode()
    assert '<select name="court"' in html
    assert "贵州省贵阳市南明区人民法院" in html
    assert "遵义" not in re.search(r'<select name="court".*?</select>', html, re.S).group(0)  # type: ignore[union-attr]


def test_the_place_cascades_without_script(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = signed_in(staff["clerk"])
    page = c.post("/mediation/intake/", {**form(), "step": "refresh", "region_prefecture": "520300",
                                         "region_county": ""})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200
    assert '<option value="520302">红花岗区</option>' in html
    assert "error-summary" not in html  # a refresh is not a check
    nothing_written()


# ------------------------------------------------------------------------------------- delegation


def test_a_complete_form_delegates_with_structured_parties(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    page = signed_in(staff["clerk"]).post(
        "/mediation/intake/",
        form(
            party(
                0,
                "applicant",
                APPLICANT[0],
                APPLICANT[1],
                phone="138 0013 8000",
                agent_name="赵律师",
                agent_phone="0851-86543210",
            ),
            party(
                1,
                "respondent",
                "某某贸易有限公司",
                "91520102MA6DL7XK4B",
                kind="legal_person",
                id_type="uscc",
                address="贵阳市南明区某路1号",
            ),
            party(2, "respondent", RESPONDENT[0], RESPONDENT[1]),
            party(3, "applicant", ""),  # a blank row: ignored
        ),
    )
    assert page.status_code == 302, errors_of(page)
    m = Mediation.objects.get()
    assert m.region == "520102"
    assert m.organization.code == "TJ-0102-A"
    links = {cp.party.name: cp for cp in CaseParty.objects.filter(case=m.case).select_related("party")}
    assert set(links) == {APPLICANT[0], "某某贸易有限公司", RESPONDENT[0]}
    assert links[APPLICANT[0]].phone == "13800138000"
    assert links[APPLICANT[0]].agent_name == "赵律师"
    assert links[APPLICANT[0]].agent_phone == "0851-86543210"
    assert links["某某贸易有限公司"].party.kind == "legal_person"
    assert links["某某贸易有限公司"].side == "defendant"


@pytest.mark.parametrize(
    ("fields", "where", "code"),
    [
        ({"party-0-id_number": "110105194912310021"}, "party-0-id_number", "id_number_invalid"),
        (
            {"party-0-id_type": "passport", "party-0-id_number": "护照号"},
            "party-0-id_number",
            "id_number_invalid",
        ),
        ({"party-0-phone": "12345"}, "party-0-phone", "phone_invalid"),
        ({"party-1-agent_phone": "0851-123"}, "party-1-agent_phone", "phone_invalid"),
        ({"on": "2025-02-30"}, "on", "date_invalid"),
        ({"claim_amount": "1e20"}, "claim_amount", "amount_out_of_range"),
        ({"claim_amount": "10000000000000"}, "claim_amount", "amount_out_of_range"),
        ({"claim_amount": "0.001"}, "claim_amount", "amount_precision"),
        ({"party-1-name": ""}, "party-1-name", "party_name_missing"),
        ({"description": ""}, "description", "required"),
        ({"organization": ""}, "organization", "organization_missing"),
        ({"cause": "民间借贷\t纠纷"}, "cause", "text_control_character"),
    ],
)
def test_bad_input_is_an_error_beside_its_field_and_nothing_is_written(
    staff: dict[str, Any], orgs: dict[str, Any], fields: dict[str, str], where: str, code: str
) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(**fields))
    assert page.status_code == 422
    assert code in errors_of(page).get(where, []), errors_of(page)
    html = page.content.decode()
    assert f'data-code="{code}"' in html  # listed in the summary on top
    start = html.index(f'id="id_{where}_group"')
    end = html.find('_group"', start + len(where) + 20)
    assert f'id="id_{where}_error"' in html[start:end]  # and shown beside the field
    nothing_written()
    assert not Party.objects.exists()


def test_the_summary_names_the_party_and_the_field(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post(
        "/mediation/intake/", form(**{"party-1-phone": "12345", "claim_amount": "1e20"})
    )
    texts = summary(page.content.decode())
    assert len(texts) == 2
    assert texts[0].startswith("标的额（元）：")
    assert texts[1].startswith("第 2 名当事人 · 联系电话：")


def test_an_applicant_and_a_respondent_are_required(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post(
        "/mediation/intake/",
        form(party(0, "applicant", APPLICANT[0]), party(1, "applicant", "王五")),
    )
    assert page.status_code == 422
    assert errors_of(page)["parties"] == ["parties_missing"]
    nothing_written()


# ---------------------------------------------------------------------------- the court of the user


def test_a_court_outside_the_users_scope_is_refused(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(court="黔0302"))
    assert page.status_code == 422
    assert errors_of(page)["court"] == ["court_out_of_scope"]
    nothing_written()


def test_the_pickers_api_is_scoped_and_checked(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    clerk = signed_in(staff["clerk"])
    found = clerk.get("/api/mediation/intake/organizations", {"court": "黔0102", "q": "街道"}).json()
    assert [o["code"] for o in found] == ["TJ-0102-A"]
    assert found[0]["label"] == "南明区某街道人民调解委员会"
    every = {o["code"] for o in clerk.get("/api/mediation/intake/organizations", {"court": "黔0102"}).json()}
    assert {"TJ-0102-A", "TJ-0102-B"} <= every
    assert "TJ-0302-A" not in every  # another district's organization is not offered
    mediators = clerk.get(
        "/api/mediation/intake/mediators", {"court": "黔0102", "organization": "TJ-0102-A", "q": "王"}
    ).json()
    assert mediators == [{"code": "M-0102-1", "name": "王调解"}]
    assert (
        clerk.get("/api/mediation/intake/mediators", {"court": "黔0102", "organization": "TJ-0302-A"}).json()
        == []
    )
    # a court outside the clerk's scope, a user without the right to delegate
    outside = clerk.get("/api/mediation/intake/organizations", {"court": "黔0302"})
    assert outside.status_code == 403
    assert outside.json()["code"] == "court_out_of_scope"
    judge = signed_in(staff["judge"]).get("/api/mediation/intake/organizations", {"court": "黔0102"})
    assert judge.status_code == 403


# --------------------------------------------------------------------------- a known number, a new name


@pytest.fixture
def recorded() -> Party:
    """The applicant's number, recorded under 张三."""
    return parties.resolve(APPLICANT[0], APPLICANT[1])


def test_a_known_number_under_another_name_asks_the_clerk(
    staff: dict[str, Any], orgs: dict[str, Any], recorded: Party
) -> None:
    c = signed_in(staff["clerk"])
    page = c.post("/mediation/intake/", form(**{"party-0-name": "张叁"}))
    assert page.status_code == 422
    assert errors_of(page)["party-0-name"] == ["identity_other_name"]
    html = page.content.decode()
    assert 'id="party-0-name-choice"' in html
    assert "使用登记的名称“张三”" in html
    assert "保留填写的名称“张叁”" in html
    assert 'value="张叁"' in html  # the typed name stays as typed
    nothing_written()
    assert not PartyName.objects.exists()


@pytest.mark.parametrize(
    ("choice", "case_name", "other_names"), [("recorded", "张三", []), ("alias", "张叁", ["张叁"])]
)
def test_the_clerk_chooses_the_name(
    staff: dict[str, Any], orgs: dict[str, Any], recorded: Party, choice: str, case_name: str,
    other_names: list[str],
) -> None:  # fmt: skip
    page = signed_in(staff["clerk"]).post(
        "/mediation/intake/", form(**{"party-0-name": "张叁", "party-0-name_choice": choice})
    )
    assert page.status_code == 302, errors_of(page)
    link = CaseParty.objects.get(party=recorded)
    assert link.display_name == case_name
    recorded.refresh_from_db()
    assert recorded.name == "张三"  # the record keeps its name
    assert list(PartyName.objects.filter(party=recorded).values_list("name", flat=True)) == other_names


# -------------------------------------------------------------------------- recommended or not


@pytest.fixture
def many(orgs: dict[str, Any]) -> list[PartnerOrganization]:
    """Six more committees at 黔0102 for other kinds of dispute: not all can be in the list of five."""
    court = Court.objects.get(code="黔0102")
    return [
        PartnerOrganization.objects.create(
            code=f"WY-0102-{n}",
            name=f"南明区第{n}物业纠纷调解委员会",
            kind="peoples_mediation",
            court=court,
            focus_types=["property_management"],
            regions=["530102"],
        )
        for n in range(6)
    ]


def _listed(c: Client) -> list[str]:
    page = c.post("/mediation/intake/", {**form(), "step": "suggest"})
    return [r["value"] for r in page.context["recommendations"]]


def test_a_listed_organization_needs_no_reason(staff: dict[str, Any], many: list[Any]) -> None:
    c = signed_in(staff["clerk"])
    listed = _listed(c)
    assert listed[0].startswith("TJ-0102-A|")
    page = c.post("/mediation/intake/", form(recommended=listed[-1], organization="", mediator=""))
    assert page.status_code == 302, errors_of(page)
    m = Mediation.objects.get()
    assert m.organization.code == listed[-1].split("|")[0]
    assert m.override_reason == ""


def test_a_listed_organization_picked_by_name_needs_no_reason(staff: dict[str, Any], many: list[Any]) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(recommended="other"))
    assert page.status_code == 302, errors_of(page)
    assert Mediation.objects.get().override_reason == ""


def test_an_organization_outside_the_list_needs_a_reason(staff: dict[str, Any], many: list[Any]) -> None:
    c = signed_in(staff["clerk"])
    listed = {v.split("|")[0] for v in _listed(c)}
    outside = next(o.code for o in many if o.code not in listed)
    page = c.post("/mediation/intake/", form(organization=outside, mediator=""))
    assert page.status_code == 422
    assert errors_of(page)["override_reason"] == ["override_reason_required"]
    nothing_written()
    page = c.post(
        "/mediation/intake/", form(organization=outside, mediator="", override_reason="当事人共同选择")
    )
    assert page.status_code == 302, errors_of(page)
    assert Mediation.objects.get().override_reason == "当事人共同选择"
