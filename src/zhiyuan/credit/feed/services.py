"""Writes of the feed: an event for every listing published or deleted and every restriction issued or
lifted (inside the transaction that made the change), and a partner's acknowledgement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.credit.feed.selectors import PERMISSION
from zhiyuan.credit.models import FeedCursor, FeedEvent, FeedKind, Listing, Restriction
from zhiyuan.law.errors import LawError

__all__ = ["PERMISSION", "acknowledge", "emit", "fetched"]


def emit(
    kind: str, on: dt.date, *, listing: Listing | None = None, restriction: Restriction | None = None
) -> None:
    """Append an event (the caller's transaction holds the change it reports)."""
    if kind not in FeedKind.values or (listing is None) == (restriction is None):
        raise ValueError(f"a feed event names one listing or one restriction: {kind}")
    FeedEvent.objects.create(kind=kind, on=on, listing=listing, restriction=restriction)


def acknowledge(user: Any, seq: int, request: Any = None) -> FeedCursor:
    """The partner has applied every event up to ``seq``: its cursor moves forward (never back)."""
    authorize(user, PERMISSION, request)
    last = FeedEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 or seq > last:
        raise LawError(
            "feed_seq_invalid",
            f"确认序号须为 0 至 {last} 之间的整数。",
            f"The acknowledged number must be an integer from 0 to {last}.",
            field="seq",
        )
    with transaction.atomic():
        cursor, _ = FeedCursor.objects.select_for_update().get_or_create(user=user)
        before = cursor.acked_seq
        if seq > cursor.acked_seq:
            cursor.acked_seq, cursor.acked_at = seq, timezone.now()
            cursor.save(update_fields=["acked_seq", "acked_at"])
            record(
                actor_of(user, request),
                "credit.feed.ack",
                obj=cursor,
                before={"seq": before},
                after={"seq": seq},
            )
    return cursor


def fetched(user: Any, after: int, count: int, request: Any = None) -> None:
    """Audit a fetch (the feed carries identity numbers) and note when the partner last fetched."""
    with transaction.atomic():
        cursor, _ = FeedCursor.objects.get_or_create(user=user)
        cursor.fetched_at = timezone.now()
        cursor.save(update_fields=["fetched_at"])
        record(
            actor_of(user, request), "credit.feed.fetch", obj=cursor, after={"after": after, "events": count}
        )
