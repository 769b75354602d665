"""The audit log over HTTP: read and export (audit administrator), verify."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Annotated, Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Router, Schema
from ninja.errors import Throttled

from zhiyuan.audit import verification
from zhiyuan.audit.chain import HASHED_FIELDS
from zhiyuan.audit.guard import require
from zhiyuan.audit.models import AuditEntry, AuditHead, Outcome
from zhiyuan.audit.services import Actor, record, record_read
from zhiyuan.inputs.pages import OFFSET_MAX
from zhiyuan.inputs.text import Criterion

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


def _who(request: HttpRequest) -> Actor:
    return getattr(request, "actor", None) or Actor(None, "anonymous")


def _filters(since: dt.datetime | None, until: dt.datetime | None, action: str, actor: str) -> dict[str, str]:
    return {"since": str(since or ""), "until": str(until or ""), "action": action, "actor": actor}


@router.get("/entries", response=list[EntryOut], summary="审计记录 Audit entries (audit:read)")
def entries(
    request: HttpRequest,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    action: Criterion = "",
    actor: Criterion = "",
    offset: Annotated[int, Field(le=OFFSET_MAX)] = 0,  # past any database's integer: a 422, not a 500
    limit: int = 100,
) -> Any:
    """A page of entries; the read itself is audited (``audit.read``: filter, page, rows shown)."""
    require(request, "audit:read")
    offset, limit = max(0, offset), max(1, min(limit, 1000))
    rows = list(_filtered(since, until, action, actor)[offset : offset + limit])
    record_read(
        _who(request),
        "list",
        via="api",
        filters={**_filters(since, until, action, actor), "offset": offset, "limit": limit},
        rows=len(rows),
    )
    return rows


@router.get("/verify", summary="校验审计链 Verify the chain (audit:verify)")
def verify(request: HttpRequest, full: bool = False) -> dict[str, Any]:
    """The entries appended since the last verified head (``mode: incremental``); with ``full=1`` every
    entry recomputed — at most once per ``FULL_VERIFY_INTERVAL`` for the whole deployment (429 with
    ``Retry-After`` otherwise). ``zhiyuan audit verify`` recomputes everything without a limit."""
    require(request, "audit:verify")
    if full:
        wait = verification.claim_full_run()
        if wait:
            raise Throttled(wait)
        report = verification.verify()
    else:
        report = verification.verify_recent()
    body = report.as_dict()
    record(
        _who(request),
        "audit.verify",
        outcome=Outcome.SUCCESS if report.ok else Outcome.FAILURE,
        after={
            "mode": report.mode,
            "ok": report.ok,
            "size": report.size,
            "problem": (report.first_broken or {}).get("problem", ""),
        },
    )
    return body


@router.get("/export", summary="导出审计日志 Export as JSON Lines (audit:export)")
def export(
    request: HttpRequest,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    action: Criterion = "",
    actor: Criterion = "",
) -> StreamingHttpResponse:
    """Every matching entry up to the log's size at the request (so the count audited is the count sent)."""
    require(request, "audit:export")
    upto = AuditHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    selected = _filtered(since, until, action, actor).filter(seq__lte=upto)
    rows = selected.count()
    record_read(
        _who(request),
        "export",
        via="api",
        filters={**_filters(since, until, action, actor), "upto_seq": upto},
        rows=rows,
        action="audit.export",
    )

    def lines() -> Iterator[str]:
        for row in selected.values(*FIELDS).iterator(chunk_size=2000):
            yield json.dumps(row, ensure_ascii=False, default=str) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.jsonl"'
    return response
