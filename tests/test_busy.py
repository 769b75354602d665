"""A busy database answers 503 with ``Retry-After`` — problem+json ``database_busy`` for the API, the
platform's page for pages — never a 500: a web write while another connection holds SQLite's write lock,
and a PostgreSQL statement past its ``lock_timeout``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client

from tests.sqlite_lock import on_a_file, write_lock_held
from zhiyuan.accounts import services as accounts
from zhiyuan.busy import RETRY_AFTER, is_busy
from zhiyuan.cases.models import Case

CSV = (
    "case_number,filed_on,cause,claim_amount,plaintiffs,defendants\n"
    "（2024）黔0102民初1号,2024-03-01,民间借贷纠纷,10000.50,张三|11010519491231002X,李四\n"
).encode()


def _bearer(user: Any) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", ["case:import", "case:view"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _upload() -> dict[str, Any]:
    return {"file": SimpleUploadedFile("cases.csv", CSV, content_type="text/csv")}


def _assert_busy_problem(r: Any) -> None:
    assert r.status_code == 503, r.content[:500]
    assert r["Retry-After"] == str(RETRY_AFTER)
    body = r.json()
    assert body["code"] == "database_busy"
    assert body["status"] == 503
    assert body["message_zh"]
    assert body["message_en"]


@pytest.mark.django_db(transaction=True)
def test_a_web_write_during_a_held_sqlite_write_lock_is_a_503(make_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    headers = _bearer(clerk)
    page = Client()
    page.force_login(clerk)
    with on_a_file(tmp_path) as path:
        with write_lock_held(path):
            api = Client().post("/api/cases/import", _upload(), **headers)  # its own transaction
            other = Client().get("/api/law", **headers)  # a request's transaction (ATOMIC_REQUESTS)
            html = page.post("/accounts/logout/")
        _assert_busy_problem(api)
        _assert_busy_problem(other)
        assert html.status_code == 503
        assert html["Retry-After"] == str(RETRY_AFTER)
        assert html["Content-Type"].startswith("text/html")
        assert "database_busy" in html.content.decode()
        assert not Case.objects.exists()
        # the lock released, the same write goes through
        again = Client().post("/api/cases/import", _upload(), **headers)
        assert again.status_code == 200, again.content[:500]
        assert again.json()["written"] is True
        assert Case.objects.filter(case_number="（2024）黔0102民初1号").exists()


@pytest.mark.django_db(transaction=True)
def test_a_postgres_lock_timeout_is_a_503(make_user) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("about PostgreSQL's lock_timeout")
    import psycopg

    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    headers = _bearer(clerk)
    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in {"dbname", "user", "password", "host", "port"}}
    with psycopg.connect(**dsn) as holder:
        holder.execute("LOCK TABLE cases_case IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '300ms'")
        try:
            r = Client().post("/api/cases/import", _upload(), **headers)
        finally:
            with connection.cursor() as cur:
                cur.execute("RESET lock_timeout")
        holder.rollback()
    _assert_busy_problem(r)
    assert not Case.objects.exists()


def test_what_counts_as_busy() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    wrapped = OperationalError("database is locked")
    wrapped.__cause__ = locked
    assert is_busy(wrapped)
    assert is_busy(OperationalError("database table is locked"))
    assert not is_busy(OperationalError("no such table: cases_case"))
    assert not is_busy(ValueError("database is locked"))

    class Timeout(Exception):
        sqlstate = "55P03"

    timed_out = OperationalError("canceling statement due to lock timeout")
    timed_out.__cause__ = Timeout()
    assert is_busy(timed_out)
