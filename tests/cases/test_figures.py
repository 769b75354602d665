"""Amounts and dates at the case boundaries (issue 11): what a column cannot hold is refused with a stable
code before anything is written (API and pages); a recovered amount far above the claim needs a reason;
an authorised user corrects a recorded figure, audited, with a reason; dates that do not exist are field
errors, never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services
from zhiyuan.cases.models import Assignment, Case, NodeLog
from zhiyuan.cases.services import PartyIn
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")
PARTIES = [{"name": CREDITOR[0], "side": "plaintiff"}, {"name": DEBTOR[0], "side": "defendant"}]


def handling(case: Case, user: Any) -> Case:
    """``user`` is the case's handler (承办人)."""
    Assignment.objects.get_or_create(
        case=case,
        user_id=user.pk,
        capacity="handler",
        defaults={"user_name": user.get_username(), "assigned_by": "test", "assigned_on": case.filed_on},
    )
    return case


def bearer(user: Any, scopes: tuple[str, ...]) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def staff(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("fig_clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("fig_officer", roles=("enforcement_officer",), court="黔0102"),
        "head": make_user("fig_head", roles=("division_head",), court="黔0102"),
        "president": make_user("fig_president", roles=("court_president",), court="黔01"),
    }


@pytest.fixture
def enforcement(staff: dict[str, Any]) -> Case:
    """An open 执 case at 黔0102 with a claim of 10,000.00 yuan, handled by the officer."""
    case = services.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2025, 3, 3),
        claim_amount=Decimal("10000.00"),
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    return handling(case, staff["officer"])


# ------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1e20", "amount_out_of_range"),
        (1e20, "amount_out_of_range"),
        ("10000000000000", "amount_out_of_range"),
        ("-1", "amount_out_of_range"),
        ("0.001", "amount_precision"),
        ("十万", "amount_invalid"),
    ],
)
def test_filing_through_the_api_refuses_an_amount_no_column_holds(
    staff: dict[str, Any], value: object, code: str
) -> None:
    body = {"court": "黔0102", "type_code": "民初", "filed_on": "2025-03-03", "claim_amount": value}
    r = Client().post(
        "/api/cases", {**body, "parties": PARTIES}, content_type="application/json",
        **bearer(staff["clerk"], ("case:file", "case:view")),
    )  # fmt: skip
    assert r.status_code == 422, r.content
    problem = r.json()
    assert problem["code"] == "invalid_input"
    errors = problem["details"]["errors"]
    assert [e["type"] for e in errors] == [code]
    assert "claim_amount" in errors[0]["loc"]
    assert not Case.objects.exists()


def test_the_largest_amount_is_stored_and_read_back_exactly(staff: dict[str, Any]) -> None:
    body = {
        "court": "黔0102",
        "type_code": "民初",
        "filed_on": "2025-03-03",
        "claim_amount": "9999999999999.99",
    }
    r = Client().post(
        "/api/cases", {**body, "parties": PARTIES}, content_type="application/json",
        **bearer(staff["clerk"], ("case:file", "case:view")),
    )  # fmt: skip
    assert r.status_code == 201, r.content
    assert Case.objects.get().claim_amount == Decimal("9999999999999.99")
    listed = Client().get("/api/cases", **bearer(staff["clerk"], ("case:view",)))
    assert listed.status_code == 200
    assert listed.json()["items"][0]["claim_amount"] == "9999999999999.99"


def test_the_service_refuses_an_amount_from_any_caller(staff: dict[str, Any]) -> None:
    with pytest.raises(LawError) as caught:
        services.file_case(
            None, court_code="黔0102", type_code="民初", filed_on=dt.date(2025, 3, 3),
            claim_amount=Decimal("1e20"),
        )  # fmt: skip
    assert caught.value.code == "amount_out_of_range"
    assert caught.value.message_zh
    assert caught.value.message_en
    assert not Case.objects.exists()


def test_the_openapi_document_states_the_bounds(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()["components"]["schemas"]
    amount = spec["FileIn"]["properties"]["claim_amount"]
    number = next(s for s in amount["anyOf"] if s.get("type") == "number")
    assert number["maximum"] == 9999999999999.99
    assert number["minimum"] == 0


def test_closing_through_the_api_refuses_an_impossible_recovered_amount(
    staff: dict[str, Any], enforcement: Case
) -> None:
    body = {
        "name": "close",
        "on": "2025-06-02",
        "closing_method": "fully_performed",
        "recovered_amount": "1e20",
    }
    url = f"/api/cases/{enforcement.case_number}/transitions"
    r = Client().post(
        url,
        body,
        content_type="application/json",
        **bearer(staff["officer"], ("case:view", "enforcement:handle")),
    )
    assert r.status_code == 422, r.content
    assert r.json()["details"]["errors"][0]["type"] == "amount_out_of_range"
    assert Case.objects.get(pk=enforcement.pk).status != "closed"


# ------------------------------------------------------------------------------------- plausibility


def test_a_recovered_amount_far_above_the_claim_needs_a_reason(
    staff: dict[str, Any], enforcement: Case
) -> None:
    officer = staff["officer"]
    with pytest.raises(LawError) as caught:
        services.transition(
            officer, enforcement, "close", dt.date(2025, 6, 2), closing_method="fully_performed",
            recovered_amount=Decimal("516700.00"),
        )  # fmt: skip
    err = caught.value
    assert err.code == "recovered_implausible"
    assert err.details["factor"] == "3"
    assert err.details["parameter"] == "amounts.recovered_claim_factor"
    assert "51.7" in err.message_zh
    assert "51.7" in err.message_en
    assert Case.objects.get(pk=enforcement.pk).status == "filed"
    # three times the claim is still plausible (interest, costs); one cent more is not
    with pytest.raises(LawError):
        services.transition(
            officer, enforcement, "close", dt.date(2025, 6, 2), closing_method="fully_performed",
            recovered_amount=Decimal("30000.01"),
        )  # fmt: skip
    closed = services.transition(
        officer, enforcement, "close", dt.date(2025, 6, 2), closing_method="fully_performed",
        recovered_amount=Decimal("516700.00"), confirm_reason="含迟延履行期间的债务利息及拍卖溢价，经核对属实",
    )  # fmt: skip
    assert closed.recovered_amount == Decimal("516700.00")
    node = NodeLog.objects.get(case=enforcement, node="close")
    assert node.payload["recovered_confirmed"].startswith("含迟延履行期间")
    entry = AuditEntry.objects.filter(action="cases.transition.close").latest("seq")
    assert entry.after["recovered_amount"] == "516700.00"
    assert entry.after["recovered_confirmed"].startswith("含迟延履行期间")


def test_three_times_the_claim_is_recorded_without_a_reason(staff: dict[str, Any], enforcement: Case) -> None:
    closed = services.transition(
        staff["officer"], enforcement, "close", dt.date(2025, 6, 2), closing_method="fully_performed",
        recovered_amount=Decimal("30000.00"),
    )  # fmt: skip
    assert closed.recovered_amount == Decimal("30000.00")
    assert "recovered_confirmed" not in NodeLog.objects.get(case=enforcement, node="close").payload


def test_the_page_asks_for_a_reason_and_keeps_what_was_typed(
    staff: dict[str, Any], enforcement: Case
) -> None:
    c = signed_in(staff["officer"])
    url = reverse("cases:transition", args=[enforcement.case_number])
    post = {
        "name": "close",
        "on": "2025-06-02",
        "closing_method": "fully_performed",
        "recovered_amount": "516700",
    }
    page = c.post(url, post)
    html = page.content.decode()
    assert page.status_code == 422
    assert "<code>recovered_implausible</code>" in html
    assert 'id="confirm-reason"' in html
    assert 'value="516700"' in html
    done = c.post(url, {**post, "confirm_reason": "拍卖溢价，经核对属实"})
    assert done.status_code == 302
    assert Case.objects.get(pk=enforcement.pk).recovered_amount == Decimal("516700.00")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("recovered_amount", "1e20", "amount_out_of_range"), ("on", "2025-02-30", "date_invalid")],
)
def test_the_page_reports_a_field_error_with_its_code(
    staff: dict[str, Any], enforcement: Case, field: str, value: str, code: str
) -> None:
    post = {"name": "close", "on": "2025-06-02", "closing_method": "fully_performed", field: value}
    page = signed_in(staff["officer"]).post(reverse("cases:transition", args=[enforcement.case_number]), post)
    html = page.content.decode()
    assert page.status_code == 422
    assert 'id="action-error"' in html
    assert "<code>invalid_input</code>" in html
    assert f'<code class="field-code" data-field="{field}">{code}</code>' in html
    assert Case.objects.get(pk=enforcement.pk).status == "filed"


# ---------------------------------------------------------------------------------------- correction


def test_an_authorised_user_corrects_a_recorded_figure_audited_with_a_reason(
    staff: dict[str, Any], enforcement: Case
) -> None:
    with pytest.raises(Denied):
        services.correct_recorded_figure(
            staff["officer"], enforcement, "claim_amount", "20000", reason="笔误", on=dt.date(2025, 6, 3)
        )
    with pytest.raises(LawError) as no_reason:
        services.correct_recorded_figure(
            staff["head"], enforcement, "claim_amount", "20000", reason=" ", on=dt.date(2025, 6, 3)
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(LawError) as unknown:
        services.correct_recorded_figure(
            staff["head"], enforcement, "status", "closed", reason="x", on=dt.date(2025, 6, 3)
        )
    assert unknown.value.code == "figure_unknown"
    fixed = services.correct_recorded_figure(
        staff["head"], enforcement, "claim_amount", "20000", reason="立案时少录一位", on=dt.date(2025, 6, 3)
    )
    assert fixed.claim_amount == Decimal("20000.00")
    entry = AuditEntry.objects.filter(action="cases.case.correct").latest("seq")
    assert entry.actor_name == staff["head"].get_username() or entry.actor_id == staff["head"].pk
    assert entry.before == {"claim_amount": "10000.00"}
    assert entry.after["claim_amount"] == "20000.00"
    assert entry.after["reason"] == "立案时少录一位"
    node = NodeLog.objects.get(case=enforcement, node="correction")
    assert node.payload == {
        "field": "claim_amount",
        "from": "10000.00",
        "to": "20000.00",
        "reason": "立案时少录一位",
    }


def test_a_correction_keeps_the_figures_plausible_unless_confirmed(
    staff: dict[str, Any], enforcement: Case
) -> None:
    Case.objects.filter(pk=enforcement.pk).update(status="closed", recovered_amount=Decimal("9000.00"))
    enforcement.refresh_from_db()
    president = staff["president"]  # of the intermediate court: the district's cases are in scope
    with pytest.raises(LawError) as caught:
        services.correct_recorded_figure(
            president, enforcement, "claim_amount", "100", reason="按判决书更正", on=dt.date(2025, 6, 3)
        )
    assert caught.value.code == "recovered_implausible"
    assert Case.objects.get(pk=enforcement.pk).claim_amount == Decimal("10000.00")
    fixed = services.correct_recorded_figure(
        president,
        enforcement,
        "claim_amount",
        "100",
        reason="按判决书更正",
        on=dt.date(2025, 6, 3),
        confirm=True,
    )
    assert fixed.claim_amount == Decimal("100.00")
    # clearing a figure is a correction too
    cleared = services.correct_recorded_figure(
        president, enforcement, "recovered_amount", None, reason="到位金额待核实", on=dt.date(2025, 6, 4)
    )
    assert cleared.recovered_amount is None


def test_the_correction_api_and_page(staff: dict[str, Any], enforcement: Case) -> None:
    url = f"/api/cases/{enforcement.case_number}/corrections"
    body = {"field": "claim_amount", "value": "12000.00", "reason": "核对原始卷宗", "on": "2025-06-03"}
    denied = Client().post(
        url, body, content_type="application/json", **bearer(staff["officer"], ("case:view",))
    )
    assert denied.status_code == 403
    headers = bearer(staff["head"], ("case:view", "case:correct"))
    bad = Client().post(url, {**body, "value": "1e20"}, content_type="application/json", **headers)
    assert bad.status_code == 422
    assert bad.json()["details"]["errors"][0]["type"] == "amount_out_of_range"
    r = Client().post(url, body, content_type="application/json", **headers)
    assert r.status_code == 200, r.content
    assert r.json()["claim_amount"] == "12000.00"
    # the page: the form is offered to a holder of case:correct only, and a refusal is shown
    detail = reverse("cases:detail", args=[enforcement.case_number])
    assert 'id="correction-form"' in signed_in(staff["head"]).get(detail).content.decode()
    assert 'id="correction-form"' not in signed_in(staff["officer"]).get(detail).content.decode()
    page = signed_in(staff["head"]).post(
        reverse("cases:correct", args=[enforcement.case_number]),
        {"field": "claim_amount", "value": "13000", "reason": "", "on": "2025-02-30"},
    )
    html = page.content.decode()
    assert page.status_code == 422
    assert 'id="action-error"' in html
    assert "YYYY-MM-DD" in html
    done = signed_in(staff["head"]).post(
        reverse("cases:correct", args=[enforcement.case_number]),
        {"field": "claim_amount", "value": "13000", "reason": "再次核对", "on": "2025-06-04"},
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=enforcement.pk).claim_amount == Decimal("13000.00")


# -------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/cases", {"court": "黔0102", "type_code": "民初", "filed_on": "2025-02-30"}, "filed_on"),
        ("/api/cases", {"court": "黔0102", "type_code": "民初", "filed_on": "2025-13-01"}, "filed_on"),
    ],
)
def test_an_impossible_date_in_the_api_is_a_422_naming_the_field(
    staff: dict[str, Any], path: str, body: dict[str, Any], field: str
) -> None:
    r = Client().post(path, body, content_type="application/json", **bearer(staff["clerk"], ("case:file",)))
    assert r.status_code == 422
    problem = r.json()
    assert problem["code"] == "invalid_input"
    assert any(field in e["loc"] for e in problem["details"]["errors"])


def test_an_impossible_date_in_a_query_is_a_422(staff: dict[str, Any]) -> None:
    r = Client().get("/api/cases?filed_from=2025-02-30", **bearer(staff["clerk"], ("case:view",)))
    assert r.status_code == 422
    assert any("filed_from" in e["loc"] for e in r.json()["details"]["errors"])


def test_an_impossible_date_in_the_search_form_is_a_field_error(staff: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).get(reverse("cases:search"), {"filed_from": "2025-02-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="search-errors"' in html
