"""What an IT department watches: one JSON log line per request and Prometheus metrics.

:class:`RequestObservability` (outermost middleware) gives every request an id (the client's
``X-Request-ID`` when it is a sane token, else a new one; echoed in the response), times it, records the
latency histogram by route pattern (never the raw path: ids would explode the series) and logs one line on
the ``zhiyuan.requests`` logger: request id, method, route, status, duration, user id and court. In
production the log is JSON lines (python-json-logger; ``ZHIYUAN_LOG_FORMAT``).

``GET /metrics`` (only from ``ZHIYUAN_METRICS_ALLOWED_IPS``, default this machine) answers the Prometheus
text format: the request histogram — summed over Gunicorn's worker processes through prometheus-client's
multi-process mode when ``PROMETHEUS_MULTIPROC_DIR`` is set (``zhiyuan serve`` sets it) — and, read from
the database at scrape time, the job queue's depth, failed jobs, overdue deadlines of open cases, the audit
log's size and the age of the scheduler's and worker's heartbeats."""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

logger = logging.getLogger("zhiyuan.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUESTS = Histogram(
    "zhiyuan_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route pattern and status class.",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120),
)


def _route(request: HttpRequest) -> str:
    named = getattr(request, "observed_route", None)  # set by a middleware that answers before routing
    if named:
        return str(named)
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return "/" + str(match.route) if match.route else str(match.view_name or "unmatched")


def _who(request: HttpRequest) -> tuple[int | None, str]:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    court = getattr(user, "court", None)
    return user.pk, getattr(court, "code", "") if court is not None else ""


class RequestObservability:
    """Request id, latency metric and one log line per request (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        record(
            request_id, request.method or "", _route(request), response.status_code, started, *_who(request)
        )
        return response


def request_id_of(given: str) -> str:
    """The request's id: the client's ``X-Request-ID`` when it is a sane token, else a new one."""
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def record(
    request_id: str,
    method: str,
    route: str,
    status: int,
    started: float,
    user: int | None = None,
    court: str = "",
) -> None:
    """The latency metric and the log line of one answered request (``started``: its perf_counter)."""
    elapsed = time.perf_counter() - started
    REQUESTS.labels(method, route, f"{status // 100}xx").observe(elapsed)
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s %s %s",
            method,
            route,
            status,
            extra={
                "request_id": request_id,
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 1),
                "user": user,
                "court": court,
            },
        )


class DatabaseFigures(Collector):
    """Figures read from the database when Prometheus scrapes (one query each)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks_db.models import DBTaskResult

        from zhiyuan.audit.models import AuditHead
        from zhiyuan.cases.selectors import overdue_deadlines
        from zhiyuan.scheduling.services import heartbeats

        try:
            queue = GaugeMetricFamily(
                "zhiyuan_job_queue_depth", "Jobs waiting to run, by queue.", labels=["queue"]
            )
            for name in ("default",):
                queue.add_metric([name], DBTaskResult.objects.filter(queue_name=name, status="READY").count())
            yield queue
            yield GaugeMetricFamily(
                "zhiyuan_job_failures",
                "Failed jobs kept (pruned after 35 days).",
                value=DBTaskResult.objects.filter(status="FAILED").count(),
            )
            yield GaugeMetricFamily(
                "zhiyuan_deadlines_overdue",
                "Deadlines of open cases past their due date and not met.",
                value=overdue_deadlines(timezone.localdate()).count(),
            )
            head = AuditHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
            yield GaugeMetricFamily("zhiyuan_audit_log_entries", "Entries in the audit log.", value=head)
            ages = GaugeMetricFamily(
                "zhiyuan_heartbeat_age_seconds",
                "Seconds since a process last showed it is alive.",
                labels=["process"],
            )
            now = timezone.now()
            for name, beat in heartbeats().items():
                ages.add_metric([name], (now - beat.at).total_seconds())
            yield ages
        except DatabaseError:
            yield GaugeMetricFamily(
                "zhiyuan_database_up", "Whether the database answered the scrape.", value=0
            )
            return
        yield GaugeMetricFamily("zhiyuan_database_up", "Whether the database answered the scrape.", value=1)


def _allowed(request: HttpRequest) -> bool:
    allowed = {a.strip() for a in settings.ZHIYUAN_METRICS_ALLOWED_IPS.split(",") if a.strip()}
    return request.META.get("REMOTE_ADDR", "") in allowed


def registry() -> Any:
    """The registry to expose: the workers' shared files under Gunicorn, else this process's metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shared = CollectorRegistry()
        multiprocess.MultiProcessCollector(shared)  # type: ignore[no-untyped-call]
        return shared
    return REGISTRY


@transaction.non_atomic_requests
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format (only for the monitoring hosts; anyone else gets a 404)."""
    if not _allowed(request):
        raise Http404
    own = CollectorRegistry()
    own.register(DatabaseFigures())
    body = generate_latest(registry()) + generate_latest(own)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
