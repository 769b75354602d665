"""Parties identified by any identity document through intake (form text and CSV), the partner API and
the agreement check: the document type beside the number (issue 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhiyuan.cases.services import PartyIn
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import agreements, intake
from zhiyuan.mediation.models import Mediation
from zhiyuan.parties.models import Party

from .conftest import APPLICANT, DESCRIPTION, PAYMENT, RESPONDENT, delegate_one
from .test_partner_api import BASE, bearer

pytestmark = pytest.mark.django_db
PASSPORT = ("John Smith", "123456789")
LATER_REGION = ("王五", "520302198001011236")  # 红花岗区 (1997) code, born 1980


def test_intake_text_names_the_document_where_the_shape_does_not() -> None:
    parsed = intake.parse_parties(
        "John Smith 护照 123456789; 陈大文 H12345678；林美 taiwan_permit 12345678; 张三 11010519491231002X; 赵六",
        "defendant",
    )
    assert [(p.name, p.id_number, p.id_type) for p in parsed] == [
        ("John Smith", "123456789", "passport"),
        ("陈大文", "H12345678", ""),
        ("林美", "12345678", "taiwan_permit"),
        ("张三", "11010519491231002X", ""),
        ("赵六", "", ""),
    ]
    with pytest.raises(LawError) as err:
        intake.parse_parties("陈大文 回乡证 H1234567", "defendant")
    assert err.value.code == "id_number_invalid"


def test_bulk_intake_accepts_a_passport_holder(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = Client()
    c.force_login(staff["clerk"])
    head = "applicants,respondents,description,focus_type,organization,override_reason,claim_amount\n"
    line = (
        f'"{APPLICANT[0]} {APPLICANT[1]}","{PASSPORT[0]} 护照 {PASSPORT[1]}; {LATER_REGION[0]} {LATER_REGION[1]}",'
        f"{DESCRIPTION},private_lending,TJ-0102-A,批量,30000\n"
    )
    upload = SimpleUploadedFile("disputes.csv", (head + line).encode("utf-8"), content_type="text/csv")
    report = c.post("/api/mediation/intake/bulk?court=黔0102&on=2025-09-01", {"file": upload}).json()
    assert (report["delegated"], report["errors"]) == (1, 0), report
    assert Party.objects.get(name=PASSPORT[0]).id_type == "passport"
    assert Party.objects.get(name=LATER_REGION[0]).id_type == "resident_id"


def test_the_partner_api_takes_the_document_type(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = Client()
    h = bearer(staff["partner"])
    body = {
        "applicants": [{"name": APPLICANT[0], "id_number": APPLICANT[1]}],
        "respondents": [{"name": PASSPORT[0], "id_type": "passport", "id_number": PASSPORT[1]}],
        "description": "张三借给 John Smith 三万元，约定半年归还，到期未还，多次催讨无果。",
        "cause": "民间借贷纠纷",
        "claim_amount": "30000.00",
        "on": "2025-09-01",
    }
    unknown = c.post(
        BASE,
        {**body, "respondents": [{**body["respondents"][0], "id_type": "驾驶证"}]},
        content_type="application/json",
        **h,
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "id_type_unknown"
    untyped = c.post(
        BASE,
        {**body, "respondents": [{"name": PASSPORT[0], "id_number": PASSPORT[1]}]},
        content_type="application/json",
        **h,
    )
    assert untyped.status_code == 422
    assert untyped.json()["code"] == "id_number_invalid"
    assert not Mediation.objects.exists()
    r = c.post(BASE, body, content_type="application/json", **h)
    assert r.status_code == 201, r.content
    assert [(p["ref"], p["id_type"]) for p in r.json()["parties"]] == [
        ("A1", "resident_id"),
        ("R1", "passport"),
    ]
    pk = r.json()["id"]
    # the passport holder is an identified obligor: the agreement is executable and can be confirmed
    saved = c.post(f"{BASE}/{pk}/agreement", {"items": [PAYMENT]}, content_type="application/json", **h)
    assert saved.json()["executable"] is True, saved.json()
    assert saved.json()["findings"] == []
    done = c.post(
        f"{BASE}/{pk}/outcome",
        {"outcome": "succeeded", "on": "2025-09-20"},
        content_type="application/json",
        **h,
    )
    assert done.status_code == 200, done.content
    asked = c.post(
        f"{BASE}/{pk}/confirmation",
        {"route": "confirmation", "on": "2025-09-22"},
        content_type="application/json",
        **h,
    )
    assert asked.status_code == 201, asked.content
    follow_up = Mediation.objects.get(pk=pk).follow_up
    assert follow_up is not None
    assert {cp.party.id_type for cp in follow_up.parties.all()} == {"resident_id", "passport"}


def test_several_obligors_without_liability_stated_are_a_warning(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    m = delegate_one(
        staff["clerk"],
        orgs,
        respondents=[
            PartyIn(RESPONDENT[0], "defendant", RESPONDENT[1]),
            PartyIn(PASSPORT[0], "defendant", PASSPORT[1], "passport"),
        ],
    )
    item = {**PAYMENT, "obligors": ["R1", "R2"], "interest": {"from": "2025-10-01"}}
    saved = agreements.save_agreement(staff["partner"], m, items=[item])
    assert saved.executable
    assert {(f["code"], f["severity"]) for f in saved.findings} == {
        ("liability_unspecified", "warning"),
        ("interest_basis_missing", "warning"),
    }
    signed = agreements.succeed(staff["partner"], m, on=dt.date(2025, 9, 20))
    assert signed.status == "final"


def test_an_agreement_saved_before_the_document_type_existed_is_still_checked(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    saved = agreements.save_agreement(staff["partner"], mediation, items=[PAYMENT])
    saved.parties = [{k: v for k, v in p.items() if k != "id_type"} for p in saved.parties]
    saved.save(update_fields=["parties"])
    signed = agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert signed.executable
