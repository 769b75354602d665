"""Reads of the feed: the events after a number with what each carries, the signature over a page,
what is in force now (for reconciliation), and which partners have applied a deletion."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from zhiyuan.accounts.selectors import active_holders
from zhiyuan.audit.keys import signing_key
from zhiyuan.credit.models import (
    FeedCursor,
    FeedEvent,
    FeedKind,
    ListingStatus,
    Restriction,
    RestrictionStatus,
)
from zhiyuan.credit.models import Listing as ListingModel

#: what the signature covers is this line, a newline, then the page's canonical JSON
CONTEXT = "zhiyuan-credit-feed-v1"
PERMISSION = "credit:feed"
PAGE_MAX = 1000


def _listing(listing: ListingModel) -> dict[str, Any]:
    party = listing.party
    return {
        "listing_id": listing.pk,
        "name": listing.name,
        "id_type": party.id_type,
        "id_number": party.id_number,
        "court_code": listing.court.code,
        "court": listing.court_name,
        "case_number": listing.case_number,
        "obligation": listing.obligation,
        "grounds": listing.grounds_applied,
        "published_on": listing.published_on.isoformat() if listing.published_on else None,
        "until": listing.until.isoformat() if listing.until else None,
        "deleted_on": listing.deleted_on.isoformat() if listing.deleted_on else None,
        "trigger": listing.trigger,
    }


def _restriction(r: Restriction) -> dict[str, Any]:
    own = r.capacity == "debtor"
    return {
        "restriction_id": r.pk,
        "name": r.person_name,
        "capacity": r.capacity,
        # the full number only where the platform keeps it (the debtor, a party); a unit's people are
        # recorded with a masked number only
        "id_number": r.party.id_number if own else "",
        "id_masked": r.person_id_masked,
        "debtor": r.party.name,
        "debtor_id_number": r.party.id_number,
        "court_code": r.case.court.code,
        "case_number": r.case.case_number,
        "issued_on": r.issued_on.isoformat() if r.issued_on else None,  # set for every signed order
        "lifted_on": r.lifted_on.isoformat() if r.lifted_on else None,
    }


def events_after(after: int, limit: int = PAGE_MAX) -> tuple[list[dict[str, Any]], bool]:
    """The events numbered above ``after``, oldest first, at most ``limit`` (≤ :data:`PAGE_MAX`), each with
    what it reports; and whether more follow (one query: a row beyond the page is read, not returned)."""
    size = max(1, min(limit, PAGE_MAX))
    rows = list(
        FeedEvent.objects.filter(seq__gt=after)
        .select_related("listing__party", "listing__court", "restriction__party", "restriction__case__court")
        .order_by("seq")[: size + 1]
    )
    more, rows = len(rows) > size, rows[:size]
    out = []
    for e in rows:
        body = _listing(e.listing) if e.listing is not None else _restriction(e.restriction)  # type: ignore[arg-type]
        out.append({"seq": e.seq, "kind": e.kind, "on": e.on.isoformat(), **body})
    return out, more


def canonical(page: dict[str, Any]) -> bytes:
    """The bytes a page's signature covers."""
    return (CONTEXT + "\n").encode() + json.dumps(
        page, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def signed(page: dict[str, Any]) -> dict[str, Any]:
    """``page`` with ``key_id`` and ``signature`` (Ed25519 over :func:`canonical`, base64)."""
    private, kid = signing_key()
    body = {**page, "key_id": kid}
    return {**body, "signature": base64.b64encode(private.sign(canonical(body))).decode()}


def public_key() -> dict[str, str]:
    """The key partners verify pages with."""
    private, kid = signing_key()
    raw = private.public_key().public_bytes_raw()
    return {
        "algorithm": "Ed25519",
        "context": CONTEXT,
        "key_id": kid,
        "public_key": base64.b64encode(raw).decode(),
    }


def in_force() -> tuple[set[int], set[int]]:
    """Published listings and restrictions in force now: what a partner should hold."""
    listings = set(ListingModel.objects.filter(status=ListingStatus.PUBLISHED).values_list("pk", flat=True))
    restrictions = set(
        Restriction.objects.filter(status=RestrictionStatus.IN_FORCE).values_list("pk", flat=True)
    )
    return listings, restrictions


def reconcile(listing_ids: Iterable[int], restriction_ids: Iterable[int]) -> dict[str, Any]:
    """Compare what a partner holds with what is in force: what it misses and what it should drop."""
    listings, restrictions = in_force()
    held_l, held_r = set(listing_ids), set(restriction_ids)
    out = {
        "listings_missing": sorted(listings - held_l),
        "listings_extra": sorted(held_l - listings),
        "restrictions_missing": sorted(restrictions - held_r),
        "restrictions_extra": sorted(held_r - restrictions),
        "listings_in_force": len(listings),
        "restrictions_in_force": len(restrictions),
    }
    out["matches"] = not any(out[k] for k in out if k.endswith(("_missing", "_extra")))
    return out


def partners_applied(seq: int | None) -> list[tuple[str, bool]]:
    """Each partner agency's account holding the feed permission (its person's name) and whether it has
    acknowledged event ``seq`` (an account that never fetched has not)."""
    acked = dict(FeedCursor.objects.values_list("user_id", "acked_seq"))
    users = active_holders(PERMISSION).order_by("username")
    return [(u.get_full_name(), seq is not None and acked.get(u.pk, 0) >= seq) for u in users]


def not_acknowledged(user: Any) -> QuerySet[FeedEvent]:
    """The events after ``user``'s acknowledged number, oldest first."""
    acked = FeedCursor.objects.filter(user=user).values_list("acked_seq", flat=True).first() or 0
    return (
        FeedEvent.objects.filter(seq__gt=acked).select_related("listing", "restriction__case").order_by("seq")
    )


def last_event(listing: ListingModel, kind: str = FeedKind.DELISTED) -> int | None:
    """The number of the listing's latest event of ``kind``."""
    return (
        FeedEvent.objects.filter(listing=listing, kind=kind)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
