"""The pages and the API: dispatch a case and answer it, the cross-court batch with per-case results, the
section on both courts' case pages, the command center's "in dispatch" count drilling down to the case,
orders issued and answered, refusals in words with their codes, both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.dispatch.models import Dispatch, Order

pytestmark = pytest.mark.django_db


def page(client: Client, user: Any, url: str, status: int = 200, **post: str) -> str:
    client.force_login(user)
    r = client.post(url, post) if post else client.get(url)
    assert r.status_code == status, r.content.decode()[:2000]
    return r.content.decode()


def test_dispatch_on_the_pages_from_sending_to_closing(
    client: Client, people: dict[str, Any], file_case
) -> None:
    case = file_case()
    html = page(client, people["gy_op"], "/dispatch/")
    assert "调度案件" in html
    assert "交叉执行" in html
    r = client.post(
        "/dispatch/",
        {"case_number": case.case_number, "kind": "designated", "to_court": "黔0103", "reason": "回避"},
    )
    assert r.status_code == 302
    d = Dispatch.objects.get(case=case)
    # refused in words with the code, nothing written
    html = page(client, people["gy_op"], "/dispatch/", 403, case_number=case.case_number, kind="designated",
                to_court="黔0302", reason="回避")  # fmt: skip
    assert "dispatch_not_above" in html
    assert Dispatch.objects.count() == 1
    # the receiving court sees the forms; the sending court does not
    assert "dispatch-accept" not in page(client, people["nm_officer"], f"/dispatch/{d.pk}/")
    assert "dispatch-accept" in page(client, people["yy_officer"], f"/dispatch/{d.pk}/")
    r = client.post(f"/dispatch/{d.pk}/accept/", {})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.linked_case is not None
    html = page(client, people["yy_officer"], f"/dispatch/{d.pk}/accept/", 409, on="")
    assert "concurrent_change" in html
    # both case pages show the dispatch
    for user, number in (
        (people["nm_officer"], case.case_number),
        (people["yy_officer"], d.linked_case.case_number),
    ):
        html = page(client, user, f"/cases/{number}/")
        assert 'id="dispatch-case"' in html
        assert "指定执行" in html
    # the command center counts the linked case as in dispatch and drills down to it
    html = page(client, people["gy_op"], "/command/courts/黔01/cases/?measure=in_dispatch")
    assert d.linked_case.case_number in html
    assert case.case_number not in html
    page(client, people["yy_officer"], f"/dispatch/{d.pk}/close/", 302, text="执行完毕")
    html = page(client, people["gy_op"], "/command/courts/黔01/cases/?measure=in_dispatch")
    assert d.linked_case.case_number not in html
    # outside the scope: not found
    page(client, people["hhg_officer"], f"/dispatch/{d.pk}/", 404)
    page(client, people["nm_judge"], "/dispatch/", 200)  # a judge sees the list but has no forms
    client.logout()
    assert client.get("/dispatch/").status_code == 302


def test_a_cross_court_batch_moves_long_pending_cases_with_a_result_each(
    client: Client, people: dict[str, Any], file_case, django_capture_on_commit_callbacks
) -> None:
    old = [file_case(days=500), file_case(days=400)]
    young = file_case(days=100)
    client.force_login(people["gy_op"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/dispatch/cross/", {"from_court": "黔0102", "to_court": "黔0103", "note": "交叉执行专项"}
        )
    assert r.status_code == 302, r.content.decode()[:2000]
    html = page(client, people["gy_op"], r["Location"])
    assert all(c.case_number in html for c in old)
    assert young.case_number not in html
    assert "已移送" in html
    assert set(Dispatch.objects.filter(kind="cross").values_list("case_id", flat=True)) == {c.pk for c in old}
    assert all(d.batch_id is None or d.to_court.code == "黔0103" for d in Dispatch.objects.all())
    html = page(client, people["gy_op"], "/dispatch/cross/", 400, from_court="黔0102", to_court="黔0102")
    assert "dispatch_same_court" in html


def test_orders_on_the_pages_in_both_languages(client: Client, people: dict[str, Any], file_case) -> None:
    case = file_case()
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    client.force_login(people["gy_op"])
    r = client.post(
        "/dispatch/orders/",
        {"to_court": "黔0102", "subject": "督促财产查控", "due": due, "cases": case.case_number},
    )
    assert r.status_code == 302
    o = Order.objects.get()
    html = page(client, people["nm_officer"], f"/dispatch/orders/{o.pk}/")
    assert "order-answer" in html
    assert "order-remind" not in html
    page(client, people["nm_officer"], f"/dispatch/orders/{o.pk}/answer/", 302, text="已完成查控")
    html = page(client, people["gy_op"], "/dispatch/orders/")
    assert "督促财产查控" in html
    assert 'data-court="黔0102"' in html
    assert 'id="case-orders"' in page(client, people["nm_officer"], f"/cases/{case.case_number}/")
    html = page(
        client, people["gy_op"], "/dispatch/orders/", 400, to_court="黔0102", subject="x", due="2020-01-01"
    )
    assert "order_due_invalid" in html
    client.cookies["django_language"] = "en"
    html = page(
        client, people["gy_op"], "/dispatch/orders/", 400, to_court="黔0102", subject="x", due="2020-01-01"
    )
    assert "The due date must be" in html


def test_the_api(client: Client, people: dict[str, Any], file_case) -> None:
    case = file_case()
    client.force_login(people["gy_op"])
    r = client.post(
        "/api/dispatch/dispatches",
        {"case_number": case.case_number, "kind": "designated", "to_court": "黔0103", "reason": "回避"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/dispatch/dispatches/{pk}/accept", {}, content_type="application/json")
    assert r.status_code == 403
    assert r.json()["code"] == "not_receiving_court"
    client.force_login(people["yy_officer"])
    r = client.post(f"/api/dispatch/dispatches/{pk}/accept", {}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["linked_case"]
    assert [e["event"] for e in r.json()["events"]] == ["sent", "accepted"]
    client.force_login(people["gy_op"])
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = client.post(
        "/api/dispatch/orders",
        {"to_court": "黔0103", "subject": "限期办理", "due": due},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client.post(
        "/api/dispatch/orders",
        {"to_court": "黔0103", "subject": "限期办理", "due": "2020-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["code"] == "order_due_invalid"
    body = client.get("/api/dispatch/orders").json()
    assert body["count"] == 1
    assert body["figures"][0]["code"] == "黔0103"
    client.force_login(people["hhg_officer"])
    assert client.get(f"/api/dispatch/dispatches/{pk}").status_code == 404
