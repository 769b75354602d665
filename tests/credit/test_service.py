"""The public query service (``zhiyuan serve --public``, :mod:`zhiyuan.operations.public_service`) as its WSGI
application: the same answers and headers as the platform, the first query through the platform's middleware
and the next ones on the short path, everything else refused as the platform refuses it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory, override_settings

from tests.credit.conftest import DEBTOR
from zhiyuan.credit import public
from zhiyuan.operations.public_service import PublicQueryService

pytestmark = pytest.mark.django_db
URL = "/api/public/credit"
#: headers that differ between any two answers, or that only one of the two servers sets
PER_ANSWER = {"x-request-id", "content-length"}


@contextmanager
def _connections_kept() -> Iterator[None]:
    """As Django's test client does around each request: the request signals do not close the test's
    connection (its transaction is the test's)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def run(app: PublicQueryService, environ: dict[str, Any], start_response: Any) -> bytes:
    """The body of one request through the WSGI interface."""
    with _connections_kept():
        return b"".join(app(environ, start_response))


def call(app: PublicQueryService, method: str = "GET", path: str = URL, **params: str) -> dict[str, Any]:
    """One request through the service's WSGI interface: status, headers (lower-case) and body."""
    environ = RequestFactory().generic(method, path, QUERY_STRING=urlencode(params))
    environ = dict(environ.environ, **{"wsgi.input": io.BytesIO(b"")})
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = {k.lower(): v for k, v in headers}

    seen["body"] = run(app, environ, start_response)
    return seen


def _outer(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in PER_ANSWER}


def test_the_service_answers_as_the_platform(client: Client, listed: Any) -> None:
    listed((2,))
    query = {"name": DEBTOR[0], "id": DEBTOR[1]}
    platform = client.get(URL, query)
    app = PublicQueryService()
    first = call(app, **query)  # through the platform's middleware: its headers are learned
    assert set(app.learned) == {False}  # learned from the plain-HTTP answer, none for HTTPS yet
    learned = {k.lower() for k, _ in app.learned[False]}
    assert {"content-security-policy", "x-content-type-options", "referrer-policy"} <= learned
    assert not learned & {"content-type", "content-length", "x-request-id"}  # each answer's own
    second = call(app, **query)  # the short path
    for answer in (first, second):
        assert answer["status"] == 200
        assert answer["body"] == platform.content
        assert answer["headers"]["content-length"] == str(len(platform.content))
        assert len(answer["headers"]["x-request-id"]) == 32
    assert _outer(second["headers"]) == _outer(first["headers"])
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Content-Type"):
        assert second["headers"][header.lower()] == platform[header]
    head = call(app, "HEAD", **query)
    assert head["body"] == b""
    assert head["headers"]["content-length"] == str(len(platform.content))


def test_other_addresses_methods_and_control_characters_are_refused_as_the_platform_does(listed: Any) -> None:
    listed((2,))
    app = PublicQueryService()
    call(app, case="none")  # learned
    post = call(app, "POST")
    assert post["status"] == 405
    assert post["headers"]["allow"] == "GET, HEAD"
    assert post["headers"]["content-type"] == "application/problem+json"
    other = call(app, path="/api/cases/")
    assert (other["status"], other["headers"]["content-type"]) == (404, "application/problem+json")
    live = call(app, path="/health/live")  # the container's health check, as the platform answers it
    assert (live["status"], json.loads(live["body"])["status"]) == (200, "ok")
    assert call(app, "POST", path="/health/live")["status"] == 405
    assert b"method_not_allowed" in post["body"]
    assert b"not_found" in other["body"]
    nul = call(app, case="\x00")
    assert nul["status"] == 400
    assert b"text_control_character" in nul["body"]
    bad = call(app, name=DEBTOR[0])  # a name alone: no enumeration
    assert bad["status"] == 422
    assert b"query_invalid" in bad["body"]
    assert "content-security-policy" in bad["headers"]


@override_settings(ZHIYUAN_CREDIT_QUERY_LIMIT=3)
def test_the_limit_counts_on_the_short_path(listed: Any) -> None:
    done = listed((2,))
    app = PublicQueryService()
    answers = [call(app, case=done.case_number) for _ in range(4)]
    assert [a["status"] for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert int(refused["headers"]["retry-after"]) >= 1
    assert refused["headers"]["content-type"] == "application/problem+json"
    assert "content-security-policy" in refused["headers"]


def test_a_sane_request_id_is_echoed(listed: Any) -> None:
    app = PublicQueryService()
    environ = RequestFactory().get(URL, {"case": "x"}, HTTP_X_REQUEST_ID="trace-1234abcd").environ
    for _ in range(2):
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any, into: dict = seen) -> None:
            into.update(headers)

        run(app, dict(environ), start_response)
        assert seen["X-Request-ID"] == "trace-1234abcd"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_without_a_failed_query(listed: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("kept connections and their replacement are PostgreSQL's (production)")
    import psycopg

    done = listed((2,))
    assert public.search(case_number=done.case_number)
    before = connection.connection.info.backend_pid
    dsn = connection.connection.info.dsn
    with psycopg.connect(dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [before])
    found = public.search(case_number=done.case_number)  # the kept connection is gone: replaced, not a 500
    assert [r["case_number"] for r in found] == [done.case_number]
    assert connection.connection.info.backend_pid != before
