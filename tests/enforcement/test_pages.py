"""The triage on the case page and its forms, through Django's test client on the real database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.enforcement.models import Triage

pytestmark = pytest.mark.django_db

LATIN_CODE = re.compile(r"\b(simple|complex|small_claim|no_quick_means|funds_cover_claim|amount_\w+)\b")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _section(html: str) -> str:
    start = html.index('<section id="triage"')
    return html[start : html.index("</section>", start)]


def test_case_page_shows_track_and_reasons_in_words(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    html = _client(people["officer"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    section = _section(html)
    assert "简案" in section
    assert "申请执行标的额 8,000.00 元，不超过小额标准 10,000.00 元。" in section
    assert 'id="triage-facts-form"' in section
    assert 'id="triage-override-form"' in section
    assert not LATIN_CODE.search(re.sub(r"<[^>]+>", " ", section))  # no codes in the Chinese page text


def test_other_roles_see_the_track_without_forms(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(500000)
    html = _client(people["command"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    section = _section(html)
    assert "繁案" in section
    assert "triage-facts-form" not in section


def test_english_page_names_the_track_in_english(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    client = _client(people["officer"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    section = _section(client.get(reverse("cases:detail", args=[case.case_number])).content.decode())
    assert "Simple track" in section
    assert "The claim of 8,000.00 yuan is at most the small-claim limit of 10,000.00 yuan." in section


def test_officer_records_facts_and_the_track_changes(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    client = _client(people["officer"])
    url = reverse("enforcement:triage_facts", args=[case.case_number])
    response = client.post(url, {"frozen_amount": "100", "third_party_objection": "on"})
    assert response.status_code == 302
    section = _section(client.get(response["Location"]).content.decode())
    assert "繁案" in section
    assert "案外人对执行标的提出异议，须审查处理。" in section


@pytest.mark.parametrize("value", ["-5", "1e20", "12.345", "abc"])
def test_bad_amount_is_refused_in_words(file_enforcement: Any, people: dict[str, Any], value: str) -> None:
    case = file_enforcement(8000)
    response = _client(people["officer"]).post(
        reverse("enforcement:triage_facts", args=[case.case_number]), {"frozen_amount": value}
    )
    assert response.status_code == 400
    assert 'id="triage-error"' in response.content.decode()
    assert Triage.objects.get(case=case).frozen_amount == 0


def test_override_page_flow(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    client = _client(people["officer"])
    url = reverse("enforcement:triage_override", args=[case.case_number])
    refused = client.post(url, {"track": "complex", "reason": ""})
    assert refused.status_code == 400
    assert Triage.objects.get(case=case).track == "simple"
    done = client.post(url, {"track": "complex", "reason": "另案查封财产须协调处置"})
    assert done.status_code == 302
    section = _section(client.get(done["Location"]).content.decode())
    assert "繁案" in section
    assert "王执行" in section
    assert "另案查封财产须协调处置" in section


def test_officer_of_another_court_cannot_reach_the_case(
    file_enforcement: Any, people: dict[str, Any]
) -> None:
    case = file_enforcement(8000)
    client = _client(people["officer_zunyi"])
    response = client.post(
        reverse("enforcement:triage_override", args=[case.case_number]), {"track": "complex", "reason": "x"}
    )
    assert response.status_code == 404
    assert Triage.objects.get(case=case).track == "simple"


def test_judge_in_scope_is_refused_with_a_message(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    response = _client(people["judge"]).post(
        reverse("enforcement:triage_override", args=[case.case_number]),
        {"track": "complex", "reason": "理由"},
    )
    assert response.status_code == 403
    assert 'id="triage-error"' in response.content.decode()


def test_case_list_shows_and_filters_by_track(file_enforcement: Any, people: dict[str, Any]) -> None:
    simple = file_enforcement(8000)
    complex_ = file_enforcement(500000)
    untriaged = file_enforcement(None)
    client = _client(people["officer"])
    html = client.get(reverse("cases:search"), {"type_code": "执"}).content.decode()
    assert '<th data-column="track">繁简分流</th>' in html
    assert html.count('<td data-column="track">简案</td>') == 1
    assert html.count('<td data-column="track">繁案</td>') == 1
    for track, shown, hidden in (
        ("simple", simple, complex_),
        ("complex", complex_, simple),
        ("none", untriaged, simple),
    ):
        page = client.get(reverse("cases:search"), {"track": track}).content.decode()
        assert shown.case_number in page
        assert hidden.case_number not in page
    bad = client.get(reverse("cases:search"), {"track": "fast"})
    assert bad.status_code == 200
    assert 'id="search-errors"' in bad.content.decode()
