"""Health and readiness for load balancers and monitoring.

``GET /health/live``: the process answers (no database touched) — restart it when this fails.
``GET /health/ready``: the database answers, the scheduler and the worker showed a heartbeat recently, and
the audit chain's head is readable — send traffic only when this is 200; 503 names what is wrong. Neither
needs signing in, and neither says more than a monitor needs (no counts of personal data)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhiyuan import __version__
from zhiyuan.audit.models import AuditHead
from zhiyuan.scheduling.services import heartbeats
from zhiyuan.scheduling.tasks import HEARTBEAT_MINUTES

#: a heartbeat older than this means the process is not running (or cannot reach the database)
STALE = {
    "scheduler": dt.timedelta(minutes=2),  # it sweeps every 30 s
    "worker": dt.timedelta(minutes=HEARTBEAT_MINUTES * 2 + 1),  # it runs a heartbeat job every 5 min
}


@transaction.non_atomic_requests
@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    """The process is up."""
    return JsonResponse({"status": "ok", "version": __version__})


def _database() -> dict[str, Any]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _beats(now: dt.datetime) -> dict[str, Any]:
    seen = heartbeats()
    result = {}
    for name, stale in STALE.items():
        beat = seen.get(name)
        age = (now - beat.at).total_seconds() if beat else None
        result[name] = {
            "ok": beat is not None and now - beat.at <= stale,
            "last": timezone.localtime(beat.at).isoformat() if beat else None,
            "age_seconds": round(age, 1) if age is not None else None,
        }
    return result


@transaction.non_atomic_requests  # a monitor must not queue for SQLite's write lock
@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: database, scheduler and worker heartbeats, audit chain head."""
    checks: dict[str, Any] = {}
    try:
        checks["database"] = _database()
        checks.update(_beats(timezone.now()))
        head = AuditHead.objects.filter(pk=1).first()
        checks["audit"] = {
            "ok": True,
            "size": head.size if head else 0,
            "chain_hash": head.chain_hash[:16] if head else "",
        }
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    ok = all(c.get("ok") for c in checks.values())
    body = {"status": "ok" if ok else "unavailable", "version": __version__, "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)
