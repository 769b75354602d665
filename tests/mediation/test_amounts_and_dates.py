"""Amounts and dates at the mediation boundaries (issue 11): ``1e20`` is refused on the intake page, in
the bulk intake, through the partner API and in an agreement, each with a stable code and a message; a
date that does not exist is a field error shown on the page, never a 500; an agreement's due date already
past is a warning that does not block. (Amounts stored before all this: tests/cases/test_stored_amounts.py.)"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.cases.models import Case
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import agreements
from zhiyuan.mediation.models import Agreement, Mediation

from .conftest import APPLICANT, DESCRIPTION, PAYMENT, RESPONDENT
from .test_intake_form import errors_of, form, summary

pytestmark = pytest.mark.django_db
PARTNER = "/api/mediation/partner/disputes"


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def bearer(user: Any, scopes: tuple[str, ...] = ("partner:handle", "mediation:conduct")) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "partner system", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def shown_error(html: str) -> tuple[str, str]:
    """The code and message of the page's error banner."""
    found = re.search(r'id="action-error"[^>]*><code>([^<]+)</code>\s*([^<]+)</p>', html)
    assert found, "the page shows no error message"
    return found.group(1), found.group(2).strip()


def intake_error(page: Any, field: str) -> tuple[str, str]:
    """The code of the intake page's error on ``field`` and the summary's line for it."""
    codes = errors_of(page)[field]
    line = next(t for t in summary(page.content.decode()) if t)
    return codes[0], line


# ------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1e20", "amount_out_of_range"),
        ("10000000000000", "amount_out_of_range"),
        ("0.001", "amount_precision"),
    ],
)
def test_the_intake_page_refuses_an_impossible_claim(
    staff: dict[str, Any], orgs: dict[str, Any], value: str, code: str
) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(claim_amount=value))
    assert page.status_code == 422
    shown_code, message = intake_error(page, "claim_amount")
    assert shown_code == code
    assert "标的额" in message
    assert not Mediation.objects.exists()
    assert not Case.objects.exists()


def test_the_bulk_intake_refuses_an_impossible_claim(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    head = "applicants,respondents,description,focus_type,organization,override_reason,claim_amount\n"
    row = f'"{APPLICANT[0]} {APPLICANT[1]}","{RESPONDENT[0]} {RESPONDENT[1]}",{DESCRIPTION},private_lending,TJ-0102-A,批量,'
    upload = SimpleUploadedFile(
        "disputes.csv", (head + row + "30000\n" + row + "1e20\n").encode(), content_type="text/csv"
    )
    r = signed_in(staff["clerk"]).post(
        "/api/mediation/intake/bulk?court=黔0102&on=2025-09-01", {"file": upload}
    )
    assert r.status_code == 200, r.content
    report = r.json()
    assert (report["delegated"], report["errors"]) == (0, 1)
    error = report["rows"][1]["error"]
    assert error["code"] == "amount_out_of_range"
    assert error["details"]["field"] == "claim_amount"
    assert error["message_zh"]
    assert error["message_en"]
    assert not Mediation.objects.exists()


@pytest.mark.parametrize("value", ["1e20", 1e20, -5, "12.345"])
def test_the_partner_api_refuses_an_impossible_claim(
    staff: dict[str, Any], orgs: dict[str, Any], value: object
) -> None:
    body = {
        "applicants": [{"name": APPLICANT[0], "id_number": APPLICANT[1]}],
        "respondents": [{"name": RESPONDENT[0], "id_number": RESPONDENT[1]}],
        "description": DESCRIPTION,
        "claim_amount": value,
        "on": "2025-09-01",
    }
    r = Client().post(PARTNER, body, content_type="application/json", **bearer(staff["partner"]))
    assert r.status_code == 422, r.content
    problem = r.json()
    assert problem["code"] == "invalid_input"
    error = problem["details"]["errors"][0]
    assert error["type"] in {"amount_out_of_range", "amount_precision"}
    assert "claim_amount" in error["loc"]
    assert not Mediation.objects.exists()
    fine = Client().post(
        PARTNER,
        {**body, "claim_amount": 30000.5},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert fine.status_code == 201, fine.content
    assert Mediation.objects.get().case.claim_amount == Decimal("30000.50")


def test_an_agreement_with_an_impossible_amount_cannot_be_signed(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    huge = {**PAYMENT, "amount": "1e20"}
    saved = agreements.save_agreement(staff["partner"], mediation, items=[huge])
    assert not saved.executable
    assert [(f["code"], f["severity"], f["item"]) for f in saved.findings] == [
        ("amount_out_of_range", "error", 0)
    ]
    with pytest.raises(LawError) as refused:
        agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert refused.value.code == "agreement_not_executable"
    # through the partner API: the finding comes back
    r = Client().post(
        f"{PARTNER}/{mediation.pk}/agreement",
        {"items": [{**PAYMENT, "amount": "100000000000000000000.00"}]},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert r.status_code == 200, r.content
    assert r.json()["executable"] is False
    assert r.json()["findings"][0]["code"] == "amount_out_of_range"


# -------------------------------------------------------------------------------------------- dates


def test_an_impossible_intake_date_is_shown_not_a_500(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(on="2025-02-30"))
    assert page.status_code == 422
    code, message = intake_error(page, "on")
    assert code == "date_invalid"
    assert "委派日期" in message
    assert not Mediation.objects.exists()


@pytest.mark.parametrize("step", ["session", "extend", "succeed", "fail", "withdraw"])
def test_an_impossible_date_on_the_detail_page_is_shown(
    mediation: Mediation, staff: dict[str, Any], step: str
) -> None:
    page = signed_in(staff["partner"]).post(
        f"/mediation/{mediation.pk}/{step}/", {"on": "2025-02-30", "mode": "online", "reason": "x"}
    )
    assert page.status_code == 422
    code, message = shown_error(page.content.decode())
    assert code == "date_invalid"
    assert "2025-02-30" in message


def test_an_impossible_date_in_the_partner_api_names_the_field(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    r = Client().post(
        f"{PARTNER}/{mediation.pk}/sessions",
        {"held_on": "2025-02-30", "mode": "online"},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert r.status_code == 422
    assert any("held_on" in e["loc"] for e in r.json()["details"]["errors"])


def test_a_past_due_date_in_an_agreement_is_a_warning_that_does_not_block(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    c = signed_in(staff["partner"])
    item = {
        "item-0-type": "payment",
        "item-0-obligors": "R1",
        "item-0-obligee": "A1",
        "item-0-amount": "30000.00",
        "item-0-due": "2020-01-31",
    }
    saved = c.post(f"/mediation/{mediation.pk}/agreement/", item)
    assert saved.status_code == 302
    html = c.get(f"/mediation/{mediation.pk}/").content.decode()
    assert 'data-code="due_past"' in html
    assert "2020-01-31" in html
    stored = agreements.findings_by_item(Agreement.objects.get(mediation=mediation))
    assert "due_past" not in {f["code"] for fs in stored.values() for f in fs}  # shown, not stored
    signed = agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert signed.executable
