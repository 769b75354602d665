"""The network section on the case page and the API: not configured said in words, the officer's forms,
bad input refused in words (pages) or as problems with stable codes (API), scope and permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts import services as accounts
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.inquiries import dispatch
from zhiyuan.enforcement.models import Inquiry, InquiryResult, NetworkOrder, RepeatedFreeze, StandingRequery
from zhiyuan.gateway.process import SimulatorProcess

pytestmark = pytest.mark.django_db
SCOPES = ("case:view", "enforcement:inquiry", "enforcement:measure")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _section(html: str) -> str:
    start = html.index('<section id="network"')
    return html[start : html.index("</section>", start)]


def _auth(user: Any) -> dict[str, str]:
    scopes = [s for s in SCOPES if s in user.permissions]
    _, raw = accounts.issue_token(None, user, "t", scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _api(client: Client, path: str, body: dict[str, Any], user: Any) -> Any:
    return client.post(
        f"/api/enforcement/network{path}", body, content_type="application/json", **_auth(user)
    )


def test_without_a_network_the_page_says_so_and_offers_no_forms(
    case: Case, people: dict[str, Any], settings: Any
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = ""
    response = _client(people["officer"]).get(reverse("cases:detail", args=[case.case_number]))
    assert response.status_code == 200
    section = _section(response.content.decode())
    assert 'id="network-not-configured"' in section
    assert "未配置网络查控系统" in section
    assert "network-ask-form" not in section
    response = _client(people["officer"]).post(
        reverse("enforcement:network_ask", args=[case.case_number]), {"classes": ["deposit"]}
    )
    assert response.status_code == 400
    assert "未配置网络查控系统" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_officer_asks_sees_the_results_and_orders_from_the_page(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    client = _client(people["officer"])
    page = reverse("cases:detail", args=[case.case_number])
    assert 'id="network-ask-form"' in _section(client.get(page).content.decode())
    response = client.post(
        reverse("enforcement:network_ask", args=[case.case_number]),
        {"classes": ["deposit", "vehicle", "household"]},
    )
    assert response.status_code == 302
    dispatch.pump(budget=20, poll_after=0.5)
    section = _section(client.get(page).content.decode())
    assert "王执行" in section  # the person, not the account name
    assert ">officer<" not in section
    household = section[section.index('data-class="household"') :]
    assert household.index("有记录") < household.index("</tr>")  # a record about the debtor, not property
    assert "有财产" not in household[: household.index("</tr>")]
    asset = InquiryResult.objects.filter(asset_class="deposit").order_by("ref").first()
    assert asset is not None
    assert asset.ref in section
    assert "银行存款" in section
    assert "已全部反馈" in section
    response = client.post(
        reverse("enforcement:network_order", args=[case.case_number]),
        {
            "result": asset.pk,
            "kind": "freeze",
            "amount": "12.50",
            "document_number": "（2026）黔0102执1号之一",
        },
    )
    assert response.status_code == 302
    dispatch.pump(budget=20)
    section = _section(client.get(page).content.decode())
    assert "RCPT-" in section
    assert "12.50" in section


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("enforcement:network_ask", {}),
        ("enforcement:network_ask", {"classes": ["gold"]}),
        (
            "enforcement:network_order",
            {"result": "1", "kind": "freeze", "amount": "-5", "document_number": "x"},
        ),
        (
            "enforcement:network_order",
            {"result": "1", "kind": "seize", "amount": "5", "document_number": "x"},
        ),
        ("enforcement:network_freeze", {"amount_due": "12.345", "document_number": "x"}),
        ("enforcement:network_freeze", {"amount_due": "10", "days": "0", "document_number": "x"}),
        ("enforcement:network_requery", {"starts_on": "2025-02-30"}),
    ],
)
def test_bad_input_on_the_pages_is_refused_in_words(
    case: Case, people: dict[str, Any], settings: Any, url: str, data: dict[str, Any]
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = "http://127.0.0.1:9"
    response = _client(people["officer"]).post(reverse(url, args=[case.case_number]), data)
    assert response.status_code == 400
    assert 'id="network-error"' in response.content.decode()
    assert not Inquiry.objects.exists()
    assert not NetworkOrder.objects.exists()
    assert not RepeatedFreeze.objects.exists()
    assert not StandingRequery.objects.exists()


def test_a_judge_sees_the_case_but_not_its_network_section_and_is_refused(
    case: Case, people: dict[str, Any], settings: Any
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = "http://127.0.0.1:9"
    client = _client(people["judge"])
    page = client.get(reverse("cases:detail", args=[case.case_number]))
    assert page.status_code == 200
    assert 'id="network"' not in page.content.decode()  # the debtor's accounts are not a judge's to read
    assert client.get(reverse("enforcement:network", args=[case.case_number])).status_code == 404
    response = client.post(
        reverse("enforcement:network_ask", args=[case.case_number]), {"classes": ["deposit"]}
    )
    assert response.status_code == 404  # not a case whose property they may read
    assert not Inquiry.objects.exists()


def test_the_api_asks_orders_and_reads(
    network: SimulatorProcess, case: Case, people: dict[str, Any], client: Client
) -> None:
    officer = people["officer"]
    r = _api(client, "/inquiries", {"case_number": case.case_number, "classes": ["deposit"]}, officer)
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "requested"
    assert r.json()["answers"][0]["status"] == "pending"
    dispatch.pump(budget=20, poll_after=0.5)
    r = client.get("/api/enforcement/network/inquiries", {"case_number": case.case_number}, **_auth(officer))
    assert r.status_code == 200
    asset = r.json()[0]["answers"][0]["assets"][0]
    body = {
        "case_number": case.case_number,
        "kind": "freeze",
        "result_id": asset["id"],
        "amount": "20.00",
        "document_number": "（2026）黔0102执1号之一",
    }
    r = _api(client, "/orders", body, officer)
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "pending"
    dispatch.pump(budget=20)
    r = client.get("/api/enforcement/network/orders", {"case_number": case.case_number}, **_auth(officer))
    assert (r.json()[0]["state"], r.json()[0]["applied"]) == ("applied", "20.00")
    r = _api(client, "/requeries", {"case_number": case.case_number, "starts_on": "2026-08-31"}, officer)
    assert r.status_code == 201
    assert r.json()["next_due"] == "2027-02-28"
    r = _api(client, f"/requeries/{r.json()['id']}/stop", {"case_number": case.case_number}, officer)
    assert r.json()["state"] == "stopped"
    body = {
        "case_number": case.case_number,
        "amount_due": "10.00",
        "document_number": "（2026）黔0102执1号之二",
    }
    r = _api(client, "/repeated-freezes", body, officer)
    assert r.status_code == 201, r.content
    r = _api(client, f"/repeated-freezes/{r.json()['id']}/stop", {"case_number": case.case_number}, officer)
    assert r.json()["state"] == "stopped"


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/inquiries", {"classes": ["gold"]}, None),
        ("/inquiries", {"classes": []}, None),
        ("/inquiries", {"classes": ["deposit"], "debtor_id": 10**12}, None),
        ("/orders", {"kind": "freeze", "result_id": 1, "amount": "-1", "document_number": "x"}, None),
        ("/orders", {"kind": "freeze", "result_id": 1, "amount": "1.00", "document_number": "a\nb"}, None),
        (
            "/orders",
            {"kind": "freeze", "result_id": 999, "amount": "1.00", "document_number": "x"},
            "asset_not_found",
        ),
        ("/repeated-freezes", {"amount_due": "1.00", "document_number": "x", "days": 91}, None),
        ("/requeries", {"starts_on": "2025-02-30"}, None),
    ],
)
def test_bad_input_to_the_api_is_a_problem(
    case: Case,
    people: dict[str, Any],
    client: Client,
    settings: Any,
    path: str,
    body: dict[str, Any],
    code: str | None,
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = "http://127.0.0.1:9"
    r = _api(client, path, {"case_number": case.case_number, **body}, people["officer"])
    assert r.status_code in (400, 404, 422)
    assert r["Content-Type"].startswith("application/problem+json")
    if code:
        assert r.json()["code"] == code
    assert not Inquiry.objects.exists()
    assert not NetworkOrder.objects.exists()


def test_another_courts_officer_and_a_judge_are_refused_by_the_api(
    case: Case, people: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = "http://127.0.0.1:9"
    body = {"case_number": case.case_number, "classes": ["deposit"]}
    r = _api(client, "/inquiries", body, people["officer_zunyi"])
    assert r.status_code == 404
    assert r.json()["code"] == "case_not_found"
    r = _api(client, "/inquiries", body, people["judge"])
    assert r.status_code == 403
    r = client.get(
        "/api/enforcement/network/inquiries",
        {"case_number": case.case_number},
        **_auth(people["officer_zunyi"]),
    )
    assert r.status_code == 404
    assert not Inquiry.objects.exists()
