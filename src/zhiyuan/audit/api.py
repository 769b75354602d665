"""The audit log over HTTP: read and export (audit administrator), verify."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema

from zhiyuan.audit import verification
from zhiyuan.audit.chain import HASHED_FIELDS
from zhiyuan.audit.guard import require
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor, record

router = Router(tags=["audit"])
FIELDS = (*HASHED_FIELDS, "leaf_hash", "chain_hash")


class EntryOut(Schema):
    seq: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    actor_roles: str
    court_code: str
    action: str
    outcome: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    ip: str
    chain_hash: str


def _filtered(since: dt.datetime | None, until: dt.datetime | None, action: str, actor: str) -> Any:
    qs = AuditEntry.objects.order_by("seq")
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name=actor)
    return qs


@router.get("/entries", response=list[EntryOut], summary="审计记录 Audit entries (audit:read)")
def entries(
    request: HttpRequest,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    action: str = "",
    actor: str = "",
    offset: int = 0,
    limit: int = 100,
) -> Any:
    require(request, "audit:read")
    limit = max(1, min(limit, 1000))
    return list(_filtered(since, until, action, actor)[offset : offset + limit])


@router.get("/verify", summary="校验审计链 Verify the chain (audit:verify)")
def verify(request: HttpRequest) -> dict[str, Any]:
    require(request, "audit:verify")
    return verification.verify().as_dict()


@router.get("/export", summary="导出审计日志 Export as JSON Lines (audit:export)")
def export(
    request: HttpRequest,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    action: str = "",
    actor: str = "",
) -> StreamingHttpResponse:
    require(request, "audit:export")
    record(
        getattr(request, "actor", None) or Actor(None, "anonymous"),
        "audit.export",
        after={
            "since": str(since or ""),
            "until": str(until or ""),
            "action": action,
            "actor": actor,
        },
    )

    def lines() -> Iterator[str]:
        for row in _filtered(since, until, action, actor).values(*FIELDS).iterator(chunk_size=2000):
            yield json.dumps(row, ensure_ascii=False, default=str) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.jsonl"'
    return response
