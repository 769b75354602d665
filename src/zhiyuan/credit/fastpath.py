"""The public credit query's own path through the web stack (``GET /api/public/credit``).

The query needs no session, sign-in, CSRF check, message store or URL routing: it is a per-client count
and one indexed read. This middleware, placed after the security, observability, problem, static-file,
CSP and control-character layers and before the session layer, answers it there, so that the busiest
public address does not pay for what it does not use (measured: benchmarks/credit_query.py). The API's
operation (``credit.api.public_query``, documented in the OpenAPI schema) answers with the same
:func:`respond`, so the two cannot differ."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

from zhiyuan.accounts.selectors import client_ip
from zhiyuan.busy import busy_response, is_busy
from zhiyuan.credit import public
from zhiyuan.law.errors import LawError
from zhiyuan.problems import framework_error, problem_response

PATH = "/api/public/credit"


def respond(request: HttpRequest) -> HttpResponse:
    """Count the client's query, then answer it: the results, a 429 with Retry-After, or a problem."""
    try:
        q = request.GET
        wait, results = public.answer(
            client_ip(request), q.get("name", ""), q.get("id", ""), q.get("case", "")
        )
        if wait:
            refused = problem_response(framework_error(429))
            refused["Retry-After"] = str(wait)
            return refused
    except LawError as err:
        return problem_response(err)
    except OperationalError as exc:
        if is_busy(exc):
            return busy_response(request)
        raise
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


class PublicCreditQuery:
    """Answers ``GET``/``HEAD`` of :data:`PATH` with :func:`respond`; passes everything else on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            request.observed_route = PATH  # type: ignore[attr-defined]  # the log's route, not "unmatched"
            return respond(request)
        return self.get_response(request)
