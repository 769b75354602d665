"""The 终本 library: a case terminated through the API is listed on the library page and by the API in the
user's court scope with its unpaid amount and next re-query date, filtered by court, exported as XLSX; its
ruling downloads as issued. Two resumptions at once file exactly one 执恢 case (SQLite file and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.enforcement.termination.conftest import ask_main_classes, ready
from tests.races import race as _race
from tests.races import skip_on_one_connection
from zhiyuan.accounts import services as accounts
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import LibraryEntry
from zhiyuan.enforcement.termination import resumption, services
from zhiyuan.law.calendar import add_months


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _terminated(case: Case, people: dict[str, Any], today: dt.date) -> LibraryEntry:
    ready(case, people, today)
    ask_main_classes(case, people)
    return services.terminate(people["officer"], case, today)


@pytest.mark.django_db
def test_the_library_lists_filters_and_exports_in_scope(
    gateways: Any, tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    officer = people["officer"]
    ready(tcp_case, people, today)
    ask_main_classes(tcp_case, people)
    _, raw = accounts.issue_token(None, officer, "t", ["case:view", "enforcement:terminate"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    made = Client().post(
        "/api/enforcement/termination/terminate",
        {"case_number": tcp_case.case_number, "on": today.isoformat(), "other_recovered": "2500.50"},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    assert made.json()["unpaid_amount"] == "47499.50"
    assert made.json()["next_requery"] == add_months(today, 6).isoformat()

    listed = Client().get("/api/enforcement/termination/library", **auth).json()
    assert [e["case_number"] for e in listed] == [tcp_case.case_number]
    court = tcp_case.court_id
    page = _client(officer).get(reverse("enforcement:tcp_library"), {"court": court}).content.decode()
    assert f'data-case="{tcp_case.case_number}"' in page
    assert "47499.50" in page
    elsewhere = _client(people["officer_zunyi"]).get(reverse("enforcement:tcp_library")).content.decode()
    assert tcp_case.case_number not in elsewhere  # another court's officer does not see it
    export = _client(officer).get(reverse("enforcement:tcp_library_export"), {"court": court})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == tcp_case.case_number
    assert Decimal(str(rows[1][5])) == Decimal("47499.50")
    ruling = _client(officer).get(reverse("enforcement:tcp_ruling", args=[tcp_case.case_number]))
    assert ruling.status_code == 200
    assert ruling.content[:2] == b"PK"
    detail = _client(officer).get(reverse("cases:detail", args=[tcp_case.case_number])).content.decode()
    assert 'id="tcp-resume-form"' in detail
    assert 'id="tcp-unpaid"' in detail


@pytest.mark.django_db(transaction=True)
def test_two_resumptions_at_once_file_exactly_one_resumed_case(
    gateways: Any, tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    skip_on_one_connection()
    _terminated(tcp_case, people, today)
    officer = people["officer"]
    results, errors = _race(
        *[
            lambda: resumption.resume(officer, tcp_case, today, "applicant", "申请执行人提供存款线索")
            for _ in range(2)
        ]
    )
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["already_resumed"]
    assert Case.objects.filter(origin=tcp_case, type_code="执恢").count() == 1
    assert LibraryEntry.objects.get(case=tcp_case).state == "resumed"
