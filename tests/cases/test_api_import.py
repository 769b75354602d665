"""``POST /api/cases/import`` is reachable (it answered 405: the GET-only ``/cases/{number}`` route,
registered first, took the path), and no literal API path is shadowed by a parameterised one."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case

pytestmark = pytest.mark.django_db

CSV = (
    "case_number,filed_on,cause,claim_amount,plaintiffs,defendants\n"
    "（2024）黔0102民初1号,2024-03-01,民间借贷纠纷,10000.50,张三|11010519491231002X,李四\n"
).encode()


def _bearer(user, scopes: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = accounts.issue_token(None, user, "t", scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_import_over_the_api_end_to_end(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    r = client.post(
        "/api/cases/import",
        {"file": SimpleUploadedFile("cases.csv", CSV, content_type="text/csv")},
        **_bearer(clerk, ["case:import", "case:view"]),
    )
    assert r.status_code == 200, r.content[:500]
    report = r.json()
    assert report["written"] is True, report
    assert report["created"] == 1, report
    case = Case.objects.get(case_number="（2024）黔0102民初1号")
    assert str(case.claim_amount) == "10000.50"
    entry = AuditEntry.objects.filter(action="cases.import").latest("seq")
    assert entry.actor_name == "clerk"


def test_import_without_the_permission_is_refused_not_405(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    judge = make_user("judge", roles=("trial_judge",), court="黔0102")
    r = client.post(
        "/api/cases/import",
        {"file": SimpleUploadedFile("cases.csv", CSV, content_type="text/csv")},
        **_bearer(judge, ["case:view"]),
    )
    assert r.status_code == 403, r.content[:300]
    assert not Case.objects.exists()


def test_no_literal_api_path_is_taken_by_an_earlier_parameterised_one() -> None:
    from zhiyuan.api import api

    patterns, _, _ = api.urls
    checked = 0
    for pattern in patterns:
        route = str(pattern.pattern)
        if "<" in route:
            continue
        match = resolve(f"/api/{route}")
        assert match.route == f"api/{route}", f"/api/{route} is taken by /{match.route}"
        checked += 1
    assert checked > 10


def test_a_long_file_name_is_no_server_error(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    """The client's file name was a path on the server: 300 Chinese characters were a 500 (too long for
    the file system). It is only reported and audited now (Django keeps at most 255 characters of it)."""
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    r = client.post(
        "/api/cases/import",
        {"file": SimpleUploadedFile("长" * 300 + ".csv", CSV, content_type="text/csv")},
        **_bearer(clerk, ["case:import", "case:view"]),
    )
    assert r.status_code == 200, r.content[:300]
    assert r.json()["created"] == 1
    entry = AuditEntry.objects.filter(action="cases.import").latest("seq")
    assert entry.after is not None
    assert entry.after["file"].endswith(".csv")
