"""Workflow pages (scoped list, refusals re-rendered with the rule's message) and bulk CSV intake (all or
nothing, with a row-level report)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhiyuan.mediation.models import Mediation

from .conftest import APPLICANT, DESCRIPTION, RESPONDENT

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_list_is_scoped(mediation: Mediation, staff: dict[str, Any]) -> None:
    number = mediation.case.case_number
    assert number in signed_in(staff["clerk"]).get("/mediation/").content.decode()
    assert number in signed_in(staff["partner"]).get("/mediation/").content.decode()
    assert number not in signed_in(staff["partner_b"]).get("/mediation/").content.decode()
    assert number not in signed_in(staff["clerk_zunyi"]).get("/mediation/").content.decode()
    assert signed_in(staff["partner_b"]).get(f"/mediation/{mediation.pk}/").status_code == 404


def test_a_refused_step_shows_its_code_and_writes_nothing(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    c = signed_in(staff["partner"])
    page = c.post(f"/mediation/{mediation.pk}/extend/", {"on": "2025-09-20", "consent": []})
    assert page.status_code == 422
    assert "consent_missing" in page.content.decode()
    mediation.refresh_from_db()
    assert mediation.deadline == dt.date(2025, 10, 9)
    # the judge sees no conduct actions; the partner cannot reach the intake
    assert (
        'id="session-form"'
        not in signed_in(staff["judge"]).get(f"/mediation/{mediation.pk}/").content.decode()
    )
    assert c.get("/mediation/intake/").status_code == 403


def test_intake_page_shows_the_suggestion(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post(
        "/mediation/intake/",
        {
            "step": "suggest",
            "court": "黔0102",
            "applicants": "张三",
            "respondents": "李四",
            "description": DESCRIPTION,
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="suggested-focus"' in html
    assert 'data-organization="TJ-0102-' in html


CSV_HEAD = "applicants,respondents,description,focus_type,organization,override_reason,claim_amount\n"


def test_bulk_intake_is_all_or_nothing(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = signed_in(staff["clerk"])
    good = f'"{APPLICANT[0]} {APPLICANT[1]}","{RESPONDENT[0]} {RESPONDENT[1]}",{DESCRIPTION},private_lending,TJ-0102-A,批量,30000\n'
    bad = f"王五,赵六,{DESCRIPTION},astrology,TJ-0102-A,批量,\n"

    def post(text: str) -> Any:
        upload = SimpleUploadedFile("disputes.csv", text.encode("utf-8"), content_type="text/csv")
        return c.post("/api/mediation/intake/bulk?court=黔0102&on=2025-09-01", {"file": upload})

    refused = post(CSV_HEAD + good + bad)
    assert refused.status_code == 200, refused.content
    report = refused.json()
    assert report["delegated"] == 0
    assert report["errors"] == 1
    assert report["rows"][1]["row"] == 3
    assert report["rows"][1]["error"]["code"] == "focus_type_unknown"
    assert not Mediation.objects.exists()
    done = post(CSV_HEAD + good + good).json()
    assert done["delegated"] == 2
    assert Mediation.objects.count() == 2
