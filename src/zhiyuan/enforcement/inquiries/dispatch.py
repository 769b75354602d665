"""Sending and collecting, run by the worker (``zhiyuan db_worker``) as the durable job :func:`pump`.

- **Sending.** A dispatcher *claims* unsent rows (a lease of ``ZHIYUAN_GATEWAY_LEASE_SECONDS`` on each),
  sends them concurrently (threads doing HTTP only), and stores the answers in one transaction from its own
  thread, each only where none is stored yet. The key was committed with the row before it was claimed;
  a dispatcher killed after the network answered but before the store leaves the row unsent, its lease
  runs out and the next dispatcher re-sends under the same key: the network answers its first answer (an
  inquiry's id, an order's receipt) and applies nothing again.
- **Collecting.** The results feed is read by cursor; the rows of a page and the cursor's new position
  commit together, under a lock on the cursor row (a page another collector stored meanwhile is dropped).
  Rows are unique per (inquiry, class, holder, asset), so a duplicate delivery is stored once. A result
  whose inquiry's id is not stored yet (the worker died between submit and store) is skipped by the feed
  and picked up by *polling*: every open inquiry not heard of for :data:`POLL_AFTER` seconds is read whole.
  Nothing is lost: the feed is the fast path and polling the reconciliation."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import NodeLog
from zhiyuan.cases.services import log_node
from zhiyuan.enforcement import network_hooks
from zhiyuan.enforcement.models import (
    FeedCursor,
    FeedOrphan,
    Inquiry,
    InquiryResult,
    InquiryState,
    NetworkOrder,
    OrderState,
)
from zhiyuan.gateway.client import GatewayClient
from zhiyuan.gateway.errors import GatewayError
from zhiyuan.gateway.protocol import (
    AssetClass,
    ClassResult,
    Debtor,
    IdType,
    InquiryRequest,
    OrderKind,
    OrderRequest,
    Receipt,
)
from zhiyuan.gateway.protocol import Inquiry as RemoteInquiry

logger = logging.getLogger("zhiyuan.enforcement.network")
T = TypeVar("T")
R = TypeVar("R")

#: requests in flight at once per dispatcher (``ZHIYUAN_GATEWAY_CONCURRENCY``); rows claimed per round
DEFAULT_THREADS = 64
ROUNDS_PER_CLAIM = 4
#: an open inquiry not heard of for this many seconds is polled whole
POLL_AFTER = 30.0
#: results read per page of the feed, and pages a pump reads before it sends again
PAGE = 2000
PAGES_PER_ROUND = 3
FEED = "results"
#: a pump gives up after this many rounds in a row the network failed (the sweep resumes)
MAX_FAILURES = 5
#: a row marked ``pump`` records when a pump last worked (``position``: Unix seconds)
PUMP_BEAT = "pump"
OPEN = (InquiryState.SUBMITTED, InquiryState.PARTIAL)
SYSTEM = Actor.system("network")
CENT = Decimal("0.01")
ID_TYPES = {"resident_id": IdType.RESIDENT_ID, "uscc": IdType.USCC, "passport": IdType.PASSPORT}


@cache
def _client(url: str) -> GatewayClient:
    return GatewayClient(url, max_connections=2)


def client() -> GatewayClient:
    """The process's client of the configured gateway (one breaker, a pool per thread)."""
    return _client(settings.ZHIYUAN_GATEWAY_URL)


def threads() -> int:
    """Requests in flight at once per dispatcher."""
    return int(getattr(settings, "ZHIYUAN_GATEWAY_CONCURRENCY", DEFAULT_THREADS))


def batch() -> int:
    """Rows a dispatcher claims at a time."""
    return threads() * ROUNDS_PER_CLAIM


def lease() -> dt.timedelta:
    """How long a claim holds."""
    return dt.timedelta(seconds=float(settings.ZHIYUAN_GATEWAY_LEASE_SECONDS))


def _parallel(fn: Callable[[T], R], items: Sequence[T]) -> list[R | GatewayError]:
    """``fn`` over ``items`` in threads (HTTP only: no database in there); a GatewayError is returned."""

    def safe(item: T) -> R | GatewayError:
        try:
            return fn(item)
        except GatewayError as err:
            return err

    if len(items) <= 1:
        return [safe(i) for i in items]
    with ThreadPoolExecutor(max_workers=min(threads(), len(items))) as pool:
        return list(pool.map(safe, items))


# ------------------------------------------------------------------------------------------- claims


def _claim(qs: Any, limit: int) -> list[int]:
    """Take a lease on up to ``limit`` rows of ``qs`` nobody holds; their ids."""
    now = timezone.now()
    with transaction.atomic():
        free = qs.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now)).order_by("pk")
        ids = list(free.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        if ids:
            # the condition again: on SQLite (no row locks) a row another dispatcher leased meanwhile is kept
            taken = qs.model.objects.filter(pk__in=ids).filter(
                Q(lease_until__isnull=True) | Q(lease_until__lt=now)
            )
            taken.update(lease_until=now + lease())
    return ids


def _request(inquiry: Inquiry) -> InquiryRequest:
    debtor = inquiry.debtor
    return InquiryRequest(
        court=inquiry.case.court.code,
        case_number=inquiry.case.case_number,
        debtor=Debtor(debtor.name, ID_TYPES.get(debtor.id_type, IdType.OTHER), debtor.id_number),
        classes=tuple(AssetClass(c) for c in inquiry.classes),
    )


def send_inquiries(limit: int | None = None) -> int:
    """Claim and submit up to ``limit`` unsent inquiries; how many the network now holds."""
    ids = _claim(Inquiry.objects.filter(state=InquiryState.REQUESTED, gateway_id=""), limit or batch())
    if not ids:
        return 0
    rows = list(Inquiry.objects.filter(pk__in=ids).select_related("case__court", "debtor"))
    gw = client()
    answers = _parallel(lambda i: gw.submit_inquiry(_request(i), key=i.key), rows)
    now = timezone.now()
    sent = 0
    replayed: list[Inquiry] = []
    with transaction.atomic():
        for inquiry, answer in zip(rows, answers, strict=True):
            pending = Inquiry.objects.filter(pk=inquiry.pk, gateway_id="")
            if isinstance(answer, GatewayError):
                if answer.retryable:  # the lease runs out and a later round re-sends under the key
                    pending.update(error=answer.code[:64], attempts=inquiry.attempts + 1)
                else:
                    pending.update(state=InquiryState.FAILED, error=answer.code[:64], lease_until=None)
                continue
            stored = pending.update(
                gateway_id=answer.inquiry_id,
                state=InquiryState.SUBMITTED,
                submitted_at=now,
                lease_until=None,
                error="",
                attempts=inquiry.attempts + 1,
            )
            sent += stored
            if stored and answer.replayed:
                inquiry.gateway_id = answer.inquiry_id
                replayed.append(inquiry)
    if replayed:  # sent before by a worker that died: read whole (its answers may predate the feed's cursor)
        _poll(replayed)
    return sent


def _order_request(order: NetworkOrder) -> OrderRequest:
    return OrderRequest(
        kind=OrderKind(order.kind),
        asset_id=order.ref,
        amount=order.amount,
        court=order.case.court.code,
        case_number=order.case.case_number,
        document_number=order.document_number,
    )


def send_orders(limit: int | None = None) -> int:
    """Claim and send up to ``limit`` unsent orders; how many receipts were stored."""
    ids = _claim(NetworkOrder.objects.filter(state=OrderState.PENDING, receipt_number=""), limit or batch())
    if not ids:
        return 0
    rows = list(NetworkOrder.objects.filter(pk__in=ids).select_related("case__court"))
    gw = client()
    answers = _parallel(lambda o: gw.order(_order_request(o), key=o.key), rows)
    stored = 0
    for order, answer in zip(rows, answers, strict=True):
        if isinstance(answer, GatewayError):
            pending = NetworkOrder.objects.filter(pk=order.pk, state=OrderState.PENDING, receipt_number="")
            if answer.retryable:
                pending.update(error=answer.code[:64], attempts=order.attempts + 1)
            else:
                pending.update(state=OrderState.FAILED, error=answer.code[:64], lease_until=None)
            continue
        stored += store_receipt(order.pk, answer)
    return stored


def store_receipt(order_id: int, receipt: Receipt) -> int:
    """Store an order's receipt once (1) or find it stored (0); in the same transaction: the timeline, the
    audit entry, the repeated freeze's running figure and the :mod:`~zhiyuan.enforcement.network_hooks`."""
    from zhiyuan.enforcement.inquiries import teimosinha

    with transaction.atomic():
        order = NetworkOrder.objects.select_for_update().filter(pk=order_id).first()
        if order is None or order.receipt_number:
            return 0
        order.order_id, order.receipt_number = receipt.order_id, receipt.receipt_number
        order.applied, order.receipt_status = receipt.applied, receipt.status
        order.receipt_reason, order.applied_at = receipt.reason[:64], receipt.applied_at[:40]
        order.received_at, order.lease_until, order.error = timezone.now(), None, ""
        order.attempts += 1
        # a receipt arriving for an order stopped meanwhile still counts: the network applied it
        order.state = {"applied": OrderState.APPLIED, "partial": OrderState.PARTIAL}.get(
            receipt.status, OrderState.REJECTED
        )
        order.save()
        payload = {"order": order.pk, "kind": order.kind, "applied": str(receipt.applied)}
        record(
            SYSTEM,
            f"enforcement.order.receipt.{order.kind}",
            obj=order.case,
            after={
                **payload,
                "receipt": receipt.receipt_number,
                "status": receipt.status,
            },
        )
        log_node(order.case, "network_receipt", timezone.localdate(), SYSTEM, payload)
        if order.repeated_freeze_id is not None:
            teimosinha.on_receipt(order)
        network_hooks.order_applied(order)
    return 1


# ------------------------------------------------------------------------------------------- results


#: the columns of a stored answer, in the order :func:`_rows` gives them
COLUMNS = ("inquiry_id", "asset_class", "status", "holder", "ref", "balance", "description", "result_id")


def _rows(inquiry_id: int, result: ClassResult) -> list[tuple[Any, ...]]:
    """One row per asset found, or one row saying the class found nothing or was not answered."""
    head = (inquiry_id, result.asset_class.value)
    rid = result.result_id[:100]
    if result.status.value != "found" or not result.assets:
        return [(*head, result.status.value, "", "", None, "", rid)]
    return [
        (
            *head,
            "found",
            a.institution[:100],
            a.asset_id[:64],
            None if a.balance is None else Decimal(a.balance).quantize(CENT),
            a.description[:200],
            rid,
        )
        for a in result.assets
    ]


def _insert_once(rows: Sequence[tuple[Any, ...]], now: dt.datetime) -> None:
    """Insert answers, skipping any already stored (the unique asset constraint decides): one prepared
    statement run over all rows (``bulk_create`` compiled a statement per few dozen rows, most of the
    time of a page of the feed)."""
    if not rows:
        return
    meta = InquiryResult._meta
    quote = connection.ops.quote_name
    columns = [*COLUMNS, "received_at"]
    received = meta.get_field("received_at").get_db_prep_save(now, connection)
    adapt = connection.ops.adapt_decimalfield_value
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in UNIQUE)}) DO NOTHING"
    )
    params = [(*r[:5], None if r[5] is None else adapt(r[5], 16, 2), *r[6:], received) for r in rows]
    with connection.cursor() as cur:
        cur.executemany(sql, params)


#: what makes an answer the same answer (the model's unique constraint)
UNIQUE = ("inquiry_id", "asset_class", "holder", "ref")


def _as_json(result: ClassResult) -> dict[str, Any]:
    """A class answer as the protocol writes it (to keep it and parse it again)."""
    return {
        "result_id": result.result_id,
        "inquiry_id": result.inquiry_id,
        "asset_class": result.asset_class.value,
        "status": result.status.value,
        "answered_at": result.answered_at,
        "reason": result.reason,
        "assets": [
            {
                "asset_id": a.asset_id,
                "asset_class": a.asset_class.value,
                "institution": a.institution,
                "description": a.description,
                "balance": None if a.balance is None else str(a.balance),
            }
            for a in result.assets
        ],
    }


def adopt_orphans() -> int:
    """Store the results the feed kept for inquiry ids stored since, and forget them; call under the
    cursor's lock (the collector does, each round). How many were adopted."""
    ids = Inquiry.objects.exclude(gateway_id="").values("gateway_id")
    orphans = list(FeedOrphan.objects.filter(gateway_id__in=ids)[:PAGE])
    if orphans:
        store_results([ClassResult.from_json(o.result) for o in orphans])
        FeedOrphan.objects.filter(pk__in=[o.pk for o in orphans]).delete()
    return len(orphans)


def _lock_feed() -> None:
    """Take the cursor's lock: results are written by one transaction at a time (no deadlocks, and an id
    stored under it sees every result the feed kept for it)."""
    FeedCursor.objects.get_or_create(name=FEED)
    FeedCursor.objects.select_for_update().filter(name=FEED).first()


def store_results(results: Sequence[ClassResult]) -> int:
    """Store class answers (call inside a transaction, under :func:`_lock_feed`); each asset once however
    often delivered; answers for inquiry ids not stored yet are kept as :class:`FeedOrphan`. Moves the
    inquiries to partial or complete (with a node when complete). Returns how many answers belonged to
    known inquiries."""
    if not results:
        return 0
    known = dict(
        Inquiry.objects.filter(gateway_id__in={r.inquiry_id for r in results}).values_list("gateway_id", "pk")
    )
    rows: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for result in results:
        if result.inquiry_id in known:
            for row in _rows(known[result.inquiry_id], result):
                rows.setdefault((row[0], row[1], row[3], row[4]), row)
    now = timezone.now()
    _insert_once([rows[k] for k in sorted(rows)], now)  # one order: concurrent inserts cannot deadlock
    FeedOrphan.objects.bulk_create(
        [
            FeedOrphan(gateway_id=r.inquiry_id[:64], result=_as_json(r), received_at=now)
            for r in results
            if r.inquiry_id not in known
        ],
        batch_size=1000,
    )
    _advance(set(known.values()), now)
    return sum(1 for r in results if r.inquiry_id in known)


def _advance(ids: set[int], now: dt.datetime) -> None:
    """Move open inquiries among ``ids`` to partial or complete by the classes answered (two updates),
    with a node on the case for each one completed."""
    if not ids:
        return
    open_ = list(Inquiry.objects.filter(pk__in=ids, state__in=OPEN).values_list("pk", "classes", "state"))
    if not open_:
        return
    answers = (
        InquiryResult.objects.filter(inquiry_id__in=[pk for pk, _c, _s in open_])
        .values("inquiry_id")
        .annotate(n=Count("asset_class", distinct=True), found=Count("pk", filter=Q(status="found")))
    )
    counts = {a["inquiry_id"]: (a["n"], a["found"]) for a in answers}
    answered = {pk: counts.get(pk, (0, 0))[0] for pk, _c, _s in open_}
    complete = [pk for pk, classes, _s in open_ if answered[pk] >= len(classes)]
    partial = [
        pk
        for pk, classes, state in open_
        if state != InquiryState.PARTIAL and 0 < answered[pk] < len(classes)
    ]
    if partial:
        Inquiry.objects.filter(pk__in=partial).update(state=InquiryState.PARTIAL)
    if not complete:
        return
    Inquiry.objects.filter(pk__in=complete).update(state=InquiryState.COMPLETE, completed_at=now)
    done = list(Inquiry.objects.filter(pk__in=complete).only("pk", "case_id", "debtor_id", "origin"))
    today = timezone.localdate()
    NodeLog.objects.bulk_create(
        [
            NodeLog(
                case_id=i.case_id,
                node="network_inquiry_answered",
                on=today,
                actor_name=SYSTEM.name,
                payload={"inquiry": i.pk, "found": counts[i.pk][1]},
            )
            for i in done
        ],
        batch_size=1000,
    )
    network_hooks.inquiries_answered(done, {i.pk: counts[i.pk][1] for i in done})
    if any(i.origin == "teimosinha" for i in done):
        from zhiyuan.enforcement.inquiries import teimosinha

        teimosinha.after_answer(done)


def collect_feed(max_pages: int = 1000) -> tuple[int, bool]:
    """Read the results feed from the stored cursor until it is empty: how many answers were stored, and
    whether this pump read it to the end (False: another pump holds the cursor and is reading it — one
    collector at a time, the others go back to sending)."""
    gw = client()
    FeedCursor.objects.get_or_create(name=FEED)
    stored = 0
    for _ in range(max_pages):
        with transaction.atomic():
            cursor = FeedCursor.objects.select_for_update(skip_locked=True).filter(name=FEED).first()
            if cursor is None:
                return stored, False
            stored += adopt_orphans()  # answers kept for ids their senders have stored since
            page = gw.results(after=cursor.position, limit=PAGE)
            if not page.results:
                return stored, True
            # without row locks (SQLite) another collector may have stored this page meanwhile
            if FeedCursor.objects.filter(pk=cursor.pk, position=cursor.position).exists():
                n = store_results(page.results)
                FeedCursor.objects.filter(pk=cursor.pk).update(position=page.next_cursor)
                record(
                    SYSTEM,
                    "enforcement.inquiry.results",
                    object_type="feed",
                    object_id=f"{cursor.position}-{page.next_cursor}",
                    after={"deliveries": len(page.results), "stored": n},
                )
                stored += n
    return stored, False


def poll_open(after: float = POLL_AFTER, limit: int | None = None) -> int:
    """Read whole every open inquiry not heard of for ``after`` seconds; how many were polled."""
    cutoff = timezone.now() - dt.timedelta(seconds=after)
    stale = Inquiry.objects.filter(state__in=OPEN).filter(
        Q(polled_at__lt=cutoff) | Q(polled_at__isnull=True, submitted_at__lt=cutoff)
    )
    rows = list(stale.order_by("polled_at", "pk")[: limit or batch()])
    if not rows:
        return 0
    _poll(rows)
    return len(rows)


def _poll(rows: Sequence[Inquiry]) -> None:
    """Read ``rows`` whole from the network and store what they hold."""
    gw = client()
    answers: list[RemoteInquiry | GatewayError] = _parallel(lambda i: gw.inquiry(i.gateway_id), rows)
    with transaction.atomic():
        _lock_feed()
        results = [r for a in answers if not isinstance(a, GatewayError) for r in a.results]
        store_results(results)
        Inquiry.objects.filter(pk__in=[i.pk for i in rows]).update(polled_at=timezone.now())


# ------------------------------------------------------------------------------------------- the job


def prune_orphans(days: int = 7) -> int:
    """Forget results kept for ids no inquiry of ours ever stored (another platform's, or an inquiry the
    network made for a request we never recorded) after ``days``."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    return FeedOrphan.objects.filter(received_at__lt=cutoff).delete()[0]


def work_left() -> bool:
    """Is there anything to send or collect?"""
    return (
        Inquiry.objects.filter(state__in=(InquiryState.REQUESTED, *OPEN)).exists()
        or NetworkOrder.objects.filter(state=OrderState.PENDING).exists()
    )


def _beat() -> None:
    FeedCursor.objects.update_or_create(name=PUMP_BEAT, defaults={"position": int(time.time())})


def _collect(
    stop: threading.Event,
    deadline: float,
    idle: float,
    poll_after: float,
    totals: dict[str, int],
    errors: list[BaseException],
) -> None:
    """The collector of a threaded pump: reads the feed (and polls) until told to stop, on its own
    database connection (closed at the end)."""
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                got, drained = collect_feed(max_pages=PAGES_PER_ROUND)
                polled = poll_open(poll_after) if drained else 0
            except GatewayError as err:
                logger.warning("inquiry network (results): %s", err.code)
                stop.wait(1.0)
                continue
            totals["results"] += got
            totals["polled"] += polled
            if drained and not got:
                stop.wait(idle)
    except BaseException as exc:  # noqa: BLE001 - handed to the pump's own thread, which raises it
        errors.append(exc)
    finally:
        connections.close_all()


def pump(
    budget: float = 300.0, idle: float = 0.2, poll_after: float = POLL_AFTER, threaded: bool = False
) -> dict[str, int]:
    """Send what is unsent and collect what arrives until nothing is left or ``budget`` seconds pass
    (what is left then is the next pump's, enqueued by the sweep). Idempotent: safe to run twice at once.
    ``threaded`` (the worker's way): the results are collected by a thread of their own while this one
    sends, each on its own database connection; else sending and collecting take turns."""
    if not settings.ZHIYUAN_GATEWAY_URL:
        return {"skipped": 1}
    totals = {"inquiries": 0, "orders": 0, "results": 0, "polled": 0}
    deadline = time.monotonic() + budget
    failures = 0
    stop = threading.Event()
    errors: list[BaseException] = []
    collector = threading.Thread(
        target=_collect, args=(stop, deadline, idle, poll_after, totals, errors), name="network-collector"
    )
    if threaded:
        collector.start()
    try:
        while time.monotonic() < deadline and not errors:
            _beat()
            got = polled = 0
            try:
                ordered = send_orders()  # orders first: money moves while an inquiry waits
                sent = send_inquiries()
                if not threaded:
                    got, drained = collect_feed(max_pages=PAGES_PER_ROUND)
                    polled = poll_open(poll_after) if drained else 0  # what the feed truly has not brought
            except GatewayError as err:  # the network is down or the circuit open: wait, then try again
                logger.warning("inquiry network: %s", err.code)
                failures += 1
                if failures >= MAX_FAILURES:
                    break  # the sweep tries again in a minute
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                continue
            failures = 0
            totals["inquiries"] += sent
            totals["orders"] += ordered
            totals["results"] += got
            totals["polled"] += polled
            if not work_left():
                break
            if not (sent or ordered or got):
                time.sleep(idle)
    finally:
        stop.set()
        if threaded:
            collector.join()
    if errors:
        raise errors[0]
    return totals


def enqueue_pump() -> None:
    """Enqueue a pump (after the commit of what it is to send)."""
    from zhiyuan.enforcement.inquiries import tasks

    tasks.network_pump.enqueue()
