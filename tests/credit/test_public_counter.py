"""The public query's per-client counter: exact under parallel queries (one upsert shared by every web
process), windows forgotten once ended, and the query answered before the session and routing layers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.races import race, skip_on_one_connection
from zhiyuan.credit import public
from zhiyuan.credit.models import QueryWindow

URL = "/api/public/credit"


@pytest.mark.django_db(transaction=True)
def test_parallel_queries_are_counted_exactly(settings: Any) -> None:
    skip_on_one_connection()
    settings.ZHIYUAN_CREDIT_QUERY_LIMIT = 30
    settings.ZHIYUAN_CREDIT_QUERY_WINDOW = 3600  # one window for the whole test

    def five() -> list[int]:
        return [public.throttle_wait("198.51.100.7") for _ in range(5)]

    results, errors = race(*[five] * 8)
    assert errors == []
    waits = [w for r in results for w in r]  # type: ignore[attr-defined]
    assert len(waits) == 40
    assert waits.count(0) == 30  # exactly the limit let through, however the writers interleave
    assert QueryWindow.objects.get(client="198.51.100.7").count == 40


@pytest.mark.django_db
def test_ended_windows_are_forgotten(settings: Any) -> None:
    settings.ZHIYUAN_CREDIT_QUERY_WINDOW = 60
    now = int(time.time())
    start = now - now % 60
    QueryWindow.objects.create(client="a", window_start=start - 120, count=3)
    QueryWindow.objects.create(client="a", window_start=start - 60, count=3)
    QueryWindow.objects.create(client="a", window_start=start, count=3)
    assert public.prune_windows(now) == 2
    assert list(QueryWindow.objects.values_list("window_start", flat=True)) == [start]


@pytest.mark.django_db
def test_answered_without_session_or_routing(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        r = client.get(URL, {"case": "（2026）黔0102执404号"})
    assert r.status_code == 200
    assert r.json() == {"results": []}
    assert "Set-Cookie" not in r
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in sql
    assert len(queries.captured_queries) == 2  # the count and the lookup, no transaction around them
    assert r["X-Content-Type-Options"] == "nosniff"  # the security layer still ran
    refused = client.get(URL, {"name": "李"})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "query_invalid"
    assert client.post(URL).status_code == 405  # other methods go on to the API, which refuses them
