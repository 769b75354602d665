"""The feed over HTTP, for partner agencies' accounts (``credit:feed``, with an API token carrying that
scope): ``GET /api/credit/feed?after=N`` (a signed page of events), ``POST /api/credit/feed/ack``
(applied up to a number), ``POST /api/credit/feed/reconcile`` (what the partner holds against what is
in force); and ``GET /api/public/credit-feed-key`` (the key that verifies the pages, no sign-in)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhiyuan.accounts.policy import authorize
from zhiyuan.credit.feed import selectors, services

router = Router(tags=["credit-feed"])
key_router = Router(tags=["public"])
Seq = Annotated[int, Field(ge=0, le=2**62)]


class PageIn(Schema):
    after: Seq = 0
    limit: Annotated[int, Field(ge=1, le=selectors.PAGE_MAX)] = 500


class AckIn(Schema):
    seq: Seq


class AckOut(Schema):
    acked_seq: int


class HeldIn(Schema):
    listing_ids: Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=10_000_000)] = []
    restriction_ids: Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=10_000_000)] = []


@router.get("", summary="联合惩戒增量信息（签名） Signed page of feed events after a number (credit:feed)")
def page(request: HttpRequest, q: Query[PageIn]) -> dict[str, Any]:
    authorize(request.user, services.PERMISSION, request)
    events, more = selectors.events_after(q.after, q.limit)
    services.fetched(request.user, q.after, len(events), request)
    next_after = events[-1]["seq"] if events else q.after
    return selectors.signed({"after": q.after, "events": events, "next_after": next_after, "more": more})


@router.post("/ack", response=AckOut, summary="确认已处理 Acknowledge events up to a number (credit:feed)")
def ack(request: HttpRequest, body: AckIn) -> dict[str, Any]:
    return {"acked_seq": services.acknowledge(request.user, body.seq, request).acked_seq}


@router.post("/reconcile", summary="对账 Compare what the partner holds with what is in force (credit:feed)")
def reconcile(request: HttpRequest, body: HeldIn) -> dict[str, Any]:
    authorize(request.user, services.PERMISSION, request)
    return selectors.reconcile(body.listing_ids, body.restriction_ids)


@key_router.get("/credit-feed-key", summary="联合惩戒信息验签公钥 The key that verifies feed pages")
def key(request: HttpRequest) -> dict[str, str]:
    return selectors.public_key()
