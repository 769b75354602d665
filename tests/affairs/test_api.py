"""The affairs center over HTTP: the court's tasks (filtered, paginated), claim, complete, return (a reason
required), release; starting a batch and reading its items; problems with stable codes; OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.affairs import batches
from zhiyuan.enforcement import task_kinds

pytestmark = pytest.mark.django_db


def _auth(user: Any, *scopes: str) -> dict[str, str]:
    _, raw = accounts.issue_token(
        None, user, "t", list(scopes or ("case:view", "affairs:batch", "enforcement:inquiry"))
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.post(f"/api/affairs{path}", body, content_type="application/json", **auth)


def test_list_claim_complete_and_return(client: Client, file_enforcement, people) -> None:
    case = file_enforcement()
    file_enforcement()
    auth = _auth(people["staff"])
    r = client.get("/api/affairs/tasks", {"team": "service", "page_size": 1}, **auth)
    assert r.status_code == 200
    body = r.json()
    assert (body["count"], body["page_size"], len(body["items"])) == (2, 1, 1)
    assert body["items"][0]["kind"] == task_kinds.NOTICE
    r = client.get("/api/affairs/tasks", {"case_number": case.case_number}, **auth)
    tasks = {t["kind"]: t for t in r.json()["items"]}
    notice, inquiry = tasks[task_kinds.NOTICE]["id"], tasks[task_kinds.INQUIRY]["id"]
    r = _post(client, f"/tasks/{notice}/claim", {}, auth)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["claimed_by"]) == ("claimed", "吴事务")
    r = _post(client, f"/tasks/{notice}/claim", {}, _auth(people["staff2"]))
    assert r.status_code == 409
    assert r.json()["code"] == "task_taken"
    assert r["Content-Type"] == "application/problem+json"
    r = _post(client, f"/tasks/{notice}/complete", {"note": "已送达"}, auth)
    assert (r.status_code, r.json()["status"], r.json()["result_note"]) == (200, "done", "已送达")
    assert _post(client, f"/tasks/{inquiry}/claim", {}, auth).status_code == 200
    r = _post(client, f"/tasks/{inquiry}/return", {"reason": "  "}, auth)
    assert r.json()["code"] == "return_reason_required"
    r = _post(client, f"/tasks/{inquiry}/return", {}, auth)
    assert r.status_code == 422
    r = _post(client, f"/tasks/{inquiry}/return", {"reason": "x\x00"}, auth)
    assert r.status_code in (400, 422)
    r = _post(client, f"/tasks/{inquiry}/release", {}, auth)
    assert r.json()["status"] == "open"
    r = client.get("/api/affairs/tasks", {"mine": True}, **auth)
    assert r.json()["count"] == 0


def test_problems_for_scope_and_bad_filters(client: Client, file_enforcement, people) -> None:
    file_enforcement()
    r = client.get("/api/affairs/tasks", {"team": "x"}, **_auth(people["staff"]))
    assert r.status_code == 422
    r = client.get("/api/affairs/tasks", {"page_size": 10000}, **_auth(people["staff"]))
    assert r.status_code == 422
    other = _auth(people["staff_zunyi"])
    assert client.get("/api/affairs/tasks", **other).json()["count"] == 0
    mine = client.get("/api/affairs/tasks", **_auth(people["staff"])).json()["items"][0]["id"]
    r = _post(client, f"/tasks/{mine}/claim", {}, other)
    assert (r.status_code, r.json()["code"]) == (404, "task_not_found")
    r = _post(client, f"/tasks/{mine}/claim", {}, _auth(people["command"], "case:view"))
    assert (r.status_code, r.json()["code"]) == (403, "affairs_not_permitted")


def test_start_a_batch_and_read_it(
    client: Client, file_enforcement, people, django_capture_on_commit_callbacks
) -> None:
    for _ in range(2):
        file_enforcement()
    auth = _auth(people["staff"])
    body = {"action": batches.COMPLETE_TASKS, "kind": task_kinds.INQUIRY, "note": "查控完毕"}
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(client, "/batches", body, auth)
    assert r.status_code == 200
    batch_id = r.json()["id"]
    r = client.get(f"/api/affairs/batches/{batch_id}", **auth)
    out = r.json()
    assert (out["status"], out["total"], out["done"], out["failed"], out["percent"]) == ("done", 2, 2, 0, 100)
    assert {i["status"] for i in out["items"]} == {"done"}
    r = _post(client, "/batches", {**body, "note": ""}, auth)
    assert r.json()["code"] == "batch_note_required"
    r = _post(client, "/batches", {"action": "nope"}, auth)
    assert r.json()["code"] == "unknown_batch_action"
    officer = _auth(people["officer"], "case:view")
    assert _post(client, "/batches", body, officer).status_code == 403
    assert client.get(f"/api/affairs/batches/{batch_id}", **_auth(people["staff_zunyi"])).status_code == 404


def test_openapi_shows_the_affairs_operations(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/affairs/tasks",
        "/api/affairs/tasks/{task_id}/claim",
        "/api/affairs/tasks/{task_id}/complete",
        "/api/affairs/tasks/{task_id}/return",
        "/api/affairs/tasks/{task_id}/release",
        "/api/affairs/batches",
        "/api/affairs/batches/{batch_id}",
    } <= set(paths)
