"""Refusals of the 终本 workflow, before anything is written: the wrong role, another court, not the
handler, bad input on the services, the pages and the API (in words, with stable codes), nothing left
unpaid, resuming a case never terminated; and the case page offers the 终本 section instead of the bare
move."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.enforcement.termination.conftest import ready
from zhiyuan.accounts import services as accounts
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement.models import Finding, LibraryEntry, Opinion
from zhiyuan.enforcement.termination import resumption, services
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    scopes = [s for s in ("case:view", "enforcement:terminate") if s in user.permissions]
    _, raw = accounts.issue_token(None, user, "t", scopes)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/enforcement/termination{path}"
    if method == "get":
        return Client().get(url, body or {}, **auth)
    return Client().post(url, body or {}, content_type="application/json", **auth)


def test_the_wrong_role_another_court_and_not_the_handler_are_refused(
    tcp_case: Case, people: dict[str, Any], make_user: Any, today: dt.date
) -> None:
    for who in ("judge", "officer_zunyi", "command"):
        with pytest.raises(Denied):
            services.record_finding(people[who], tcp_case, "leads_checked", True, "核查", today)
        with pytest.raises(Denied):
            services.terminate(people[who], tcp_case, today)
    other = make_user("officer2", roles=("enforcement_officer",), court="黔0102")
    ready(tcp_case, people, today)
    with pytest.raises(Denied) as err:
        services.terminate(other, tcp_case, today)
    assert err.value.code == "not_case_handler"
    assert not LibraryEntry.objects.exists()
    assert tcp_case.status != "closed"


def test_bad_input_is_refused_in_words_and_writes_nothing(
    tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    officer = people["officer"]
    cases = [
        (
            lambda: services.record_finding(officer, tcp_case, "teleport", True, "x", today),
            "finding_item_invalid",
        ),
        (
            lambda: services.record_finding(officer, tcp_case, "leads_checked", True, "  ", today),
            "note_required",
        ),
        (
            lambda: services.record_finding(
                officer, tcp_case, "leads_checked", True, "x", today + dt.timedelta(days=1)
            ),
            "date_in_future",
        ),
        (lambda: services.record_opinion(officer, tcp_case, today, ""), "text_required"),
        (lambda: services.record_opinion(officer, tcp_case, "2026-02-30", "同意"), "date_invalid"),
        (lambda: services.terminate(officer, tcp_case, today, other_recovered="-5"), "amount_out_of_range"),
        (lambda: services.terminate(officer, tcp_case, today, other_recovered="50000"), "nothing_unpaid"),
        (lambda: resumption.resume(officer, tcp_case, today, "court", "发现财产"), "not_terminated"),
        (lambda: resumption.resume(officer, tcp_case, today, "anyone", "发现财产"), "resumed_by_invalid"),
        (lambda: resumption.resume(officer, tcp_case, today, "court", ""), "reason_required"),
    ]
    nodes = NodeLog.objects.filter(case=tcp_case).count()
    for act, code in cases:
        with pytest.raises(LawError) as err:
            act()
        assert err.value.code == code, (code, err.value.code)
        assert err.value.message_zh
        assert err.value.message_en
    assert not Finding.objects.exists()
    assert not Opinion.objects.exists()
    assert NodeLog.objects.filter(case=tcp_case).count() == nodes


def test_the_case_page_shows_the_checklist_and_no_bare_move(
    tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    page = (
        _client(people["officer"]).get(reverse("cases:detail", args=[tcp_case.case_number])).content.decode()
    )
    section = page[page.index('<section id="termination"') :]
    assert 'data-code="applicant_informed" data-holds="0" data-source="officer"' in section
    assert 'data-code="notice_served" data-holds="0" data-source="case"' in section
    assert "尚未约谈申请执行人" in section
    assert 'id="tcp-terminate-form"' in section
    assert 'data-action="terminate_current"' not in page
    assert 'data-action="close"' in page  # the other moves stay free
    assert 'data-link="enforcement.termination"' in page  # a link to the 终本 page instead
    # a judge who views the case sees no 终本 section (it holds property records)
    judge_page = _client(people["judge"]).get(reverse("cases:detail", args=[tcp_case.case_number]))
    assert 'id="termination"' not in judge_page.content.decode()


def test_the_pages_refuse_in_words(tcp_case: Case, people: dict[str, Any], today: dt.date) -> None:
    client = _client(people["officer"])
    url = reverse("enforcement:tcp_terminate", args=[tcp_case.case_number])
    response = client.post(url, {"on": today.isoformat()})
    assert response.status_code == 400
    text = response.content.decode()
    assert "不符合终结本次执行程序的条件" in text
    assert "尚未约谈申请执行人" in text
    response = client.post(
        reverse("enforcement:tcp_finding", args=[tcp_case.case_number]), {"item": "leads_checked"}
    )
    assert response.status_code == 400
    assert "请更正标出的内容" in response.content.decode()
    response = client.post(
        reverse("enforcement:tcp_opinion", args=[tcp_case.case_number]),
        {"heard_on": today.isoformat(), "text": "同意终本"},
    )
    assert response.status_code == 302
    assert Opinion.objects.filter(case=tcp_case).count() == 1
    other = _client(people["officer_zunyi"]).post(url, {"on": today.isoformat()})
    assert other.status_code == 404


def test_the_api_answers_the_checklist_and_refuses_with_codes(
    tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    officer = people["officer"]
    got = _api(officer, "get", "/checklist", {"case_number": tcp_case.case_number})
    assert got.status_code == 200
    body = got.json()
    assert body["allowed"] is False
    assert "applicant_informed" in body["missing"]
    assert len(body["items"]) == 12
    refused = _api(
        officer, "post", "/terminate", {"case_number": tcp_case.case_number, "on": today.isoformat()}
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "tcp_not_allowed"
    assert "applicant_informed" in refused.json()["details"]["missing"]
    bad = _api(
        officer,
        "post",
        "/findings",
        {
            "case_number": tcp_case.case_number,
            "item": "teleport",
            "holds": True,
            "note": "x",
            "on": today.isoformat(),
        },
    )
    assert bad.status_code == 422
    made = _api(
        officer,
        "post",
        "/findings",
        {
            "case_number": tcp_case.case_number,
            "item": "leads_checked",
            "holds": True,
            "note": "无线索",
            "on": today.isoformat(),
        },
    )
    assert made.status_code == 201
    assert next(i for i in made.json()["items"] if i["code"] == "leads_checked")["holds"] is True
    away = _api(people["officer_zunyi"], "get", "/checklist", {"case_number": tcp_case.case_number})
    assert away.status_code == 404
    assert (
        _api(people["judge"], "get", "/checklist", {"case_number": tcp_case.case_number}).status_code == 403
    )
    resumed = _api(
        officer,
        "post",
        "/resume",
        {"case_number": tcp_case.case_number, "on": today.isoformat(), "by": "court", "reason": "x"},
    )
    assert resumed.json()["code"] == "not_terminated"
