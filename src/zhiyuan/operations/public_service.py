"""The public credit query as a web service of its own (``zhiyuan serve --public``; docs/deployment.md).

The dishonest-debtor list is queried from the Internet; the platform is used inside the courts' network.
Production runs the public query (``GET /api/public/credit``) in processes of their own, under Granian,
answering that one address and nothing else (measured: benchmarks/credit_query.py).

:class:`PublicQueryHandler` is Django's WSGI handler with the platform's outer middleware — every layer of
``settings.MIDDLEWARE`` up to and including :class:`~zhiyuan.credit.fastpath.PublicCreditQuery`, so the
security and CSP headers, the request id, log line and metric, the problem bodies and the refusal of
control characters are the platform's own — and no URL routing: what the query's middleware passes on is
the platform's liveness check (``GET /health/live``, for the container's or the balancer's health check) or
a problem+json 404 or 405 (another address, another method).

:class:`PublicQueryService`, the service's WSGI application, answers a well-formed query itself with
:func:`~zhiyuan.credit.fastpath.respond` — the same answer the platform gives — and the headers the handler
gave this process's first answer of the same kind (the outer middleware's headers do not depend on the
query), its own request id, and the platform's log line for a refusal or failure (every answer too with
``ZHIYUAN_PUBLIC_LOG_ANSWERS=1``: a line per answer cost a third of the service's time; the proxy's access
log has each request). Everything else — the first query, another address or method, a control character,
a plain-HTTP request to be redirected — goes through the handler. So the two cannot differ, and the busiest
public address does not pay for the middleware chain on every query (docs/adr/0006-public-query-service.md)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.module_loading import import_string

from zhiyuan.credit import public
from zhiyuan.credit.fastpath import PATH, respond
from zhiyuan.inputs.middleware import offence
from zhiyuan.operations import health
from zhiyuan.operations.observability import record, request_id_of
from zhiyuan.problems import framework_error, problem_response

logger = logging.getLogger("zhiyuan.operations.public_service")
#: the headers each answer sets itself, never taken over from another answer
OWN_HEADERS = frozenset({"content-type", "content-length", "x-request-id", "retry-after"})

#: the middleware that answers the query; the service runs the platform's middleware up to this one
QUERY_MIDDLEWARE = "zhiyuan.credit.fastpath.PublicCreditQuery"
METHODS = ("GET", "HEAD")


def outer_middleware() -> list[str]:
    """``settings.MIDDLEWARE`` up to and including the query's own middleware."""
    chain = list(settings.MIDDLEWARE)
    return chain[: chain.index(QUERY_MIDDLEWARE) + 1]


#: the platform's liveness check, which the service answers too (no database touched)
LIVE = "/health/live"


def elsewhere(request: HttpRequest) -> HttpResponse:
    """What the service answers for anything but the query: the liveness check, 405 (with Allow) for another
    method on the query's address, 404 for any other address."""
    if request.path_info == LIVE:
        return health.live(request)
    if request.path_info == PATH:
        refused = problem_response(framework_error(405))
        refused["Allow"] = ", ".join(METHODS)
        return refused
    return problem_response(framework_error(404))


class PublicQueryHandler(WSGIHandler):
    """Django's WSGI handler (signals, connection upkeep, error handling) over :func:`outer_middleware`."""

    def load_middleware(self, is_async: bool = False) -> None:
        """Chain the outer middleware around :func:`elsewhere` as Django chains all of it."""
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(outer_middleware()):
            handler = convert_exception_to_response(import_string(path)(handler))
        self._middleware_chain = handler

    def _get_response(self, request: HttpRequest) -> HttpResponse:
        return elsewhere(request)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        """The chain's answer, with its length (the platform's CommonMiddleware, not in the chain, sets it)."""
        response = super().get_response(request)
        if isinstance(response, HttpResponse) and "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        return response


StartResponse = Callable[..., Any]


class PublicQueryService:
    """The service's WSGI application (see the module)."""

    def __init__(self) -> None:
        self.handler = PublicQueryHandler()
        #: the outer middleware's headers of a 200 answer, by whether the request came over HTTPS
        self.learned: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in METHODS:
            return self.handler(environ, start_response)
        request = WSGIRequest(environ)
        secure = request.is_secure()
        headers = self.learned.get(secure)
        if headers is None or (settings.SECURE_SSL_REDIRECT and not secure) or offence(request) is not None:
            return self.handler(environ, self._learning(secure, start_response))
        return self._answer(request, headers, start_response)

    def _learning(self, secure: bool, start_response: StartResponse) -> StartResponse:
        """``start_response``, keeping the outer headers of the handler's first 200 answer."""

        def keep(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            if status.startswith("200 ") and secure not in self.learned:
                self.learned[secure] = [(k, v) for k, v in headers if k.lower() not in OWN_HEADERS]
            return start_response(status, headers, *rest)

        return keep

    def _answer(
        self, request: HttpRequest, outer: list[tuple[str, str]], start_response: StartResponse
    ) -> Iterable[bytes]:
        """The query's answer with the learned outer headers; the connection's upkeep after it as Django's
        end of a request does it (:func:`zhiyuan.credit.public.release`)."""
        started = time.perf_counter()
        request_id = request_id_of(request.META.get("HTTP_X_REQUEST_ID", ""))
        try:
            response = respond(request)
        except Exception:
            logger.exception("public credit query failed (request %s)", request_id)
            response = problem_response(framework_error(500))
        finally:
            public.release()
        body = b"" if request.method == "HEAD" else response.content
        length = str(len(response.content))
        headers = [*response.items(), ("Content-Length", length), *outer, ("X-Request-ID", request_id)]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.status_code >= 400 or settings.ZHIYUAN_PUBLIC_LOG_ANSWERS:
            record(request_id, request.method or "", PATH, response.status_code, started)
        return [body]
