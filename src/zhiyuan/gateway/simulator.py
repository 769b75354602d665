"""A simulator of the inquiry network (网络查控) speaking docs/gateway.md — its own process, in memory.

Everything random is drawn from ``random.Random`` seeded by the run's seed and *what* is decided (the
request's idempotency key and attempt number, the debtor and class), never by arrival order, so a seed
gives the same answers and the same faults however the client's threads interleave.

This module holds the network's state and behaviour; :mod:`zhiyuan.gateway.sim_http` serves it over HTTP.
"""

from __future__ import annotations

import hashlib
import heapq
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from zhiyuan.gateway.protocol import (
    FREEZABLE,
    LABELS,
    AssetClass,
    OrderKind,
    ResultStatus,
    fingerprint,
    money,
)

INSTITUTIONS: dict[AssetClass, tuple[str, ...]] = {
    AssetClass.DEPOSIT: ("中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "贵阳银行"),
    AssetClass.WEALTH_PRODUCT: ("招商银行", "兴业银行"),
    AssetClass.SECURITIES: ("中国证券登记结算有限责任公司",),
    AssetClass.FUTURES: ("中国期货市场监控中心",),
    AssetClass.REAL_ESTATE: ("自然资源部不动产登记",),
    AssetClass.VEHICLE: ("公安部交通管理局",),
    AssetClass.VESSEL: ("交通运输部海事局",),
    AssetClass.FISHING_VESSEL: ("农业农村部渔业渔政管理局",),
    AssetClass.COMPANY_SHARE: ("国家市场监督管理总局",),
    AssetClass.HOUSING_FUND: ("住房公积金管理中心",),
    AssetClass.SOCIAL_INSURANCE: ("人力资源和社会保障部",),
    AssetClass.ONLINE_PAYMENT: ("支付宝", "财付通"),
    AssetClass.INSURANCE: ("中国人寿", "中国平安"),
    AssetClass.TAX: ("国家税务总局",),
    AssetClass.HOUSEHOLD: ("公安部",),
    AssetClass.ENTRY_EXIT: ("国家移民管理局",),
    AssetClass.MARRIAGE: ("民政部",),
}
MONEY_CLASSES = FREEZABLE | {AssetClass.SOCIAL_INSURANCE}


@dataclass
class SimConfig:
    """What the network does; every field may be changed while it runs (``POST /_sim/config``)."""

    seed: int = 0
    latency_ms: int = 0  # added to every protocol request
    result_min_ms: int = 50  # an institution answers a class this long after the inquiry at the least …
    result_max_ms: int = 500  # … and at the most
    late_rate: float = 0.0  # share of class results that come late
    late_ms: int = 2000  # how much later
    unanswered_rate: float = (
        0.0  # share of class results that are ``failed`` (the institution did not answer)
    )
    found_rate: float = 0.5  # share of answered classes that find something
    fail_rate: float = 0.0  # share of attempts answered 503 before anything is done
    drop_rate: float = 0.0  # share of attempts done, then the connection closed without an answer
    dup_rate: float = 0.0  # share of results delivered twice (feed and callbacks)
    max_faults_per_key: int = 2  # attempts of one request past this count never fault (transient faults)
    rate_limit: float = 0.0  # requests per second over all clients; 0 = unlimited
    burst: int = 0  # token bucket size (0 = one second of rate_limit)
    down: bool = False  # every protocol request answers 503 (an outage)

    def update(self, changes: dict[str, Any]) -> None:
        """Apply ``changes`` to the known fields (type-converted); unknown fields are refused."""
        for name, value in changes.items():
            if name not in self.__dataclass_fields__ or name == "seed":
                raise KeyError(name)
            current = getattr(self, name)
            setattr(self, name, type(current)(value))


@dataclass
class _Entry:
    fingerprint: str
    done: bool = False
    status: int = 0
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Asset:
    asset_id: str
    asset_class: AssetClass
    balance: Decimal
    frozen: Decimal = Decimal("0.00")
    deducted: Decimal = Decimal("0.00")
    orders: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


class Network:
    """The simulated network's state and behaviour; the HTTP handler only translates."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.inquiries: dict[str, dict[str, Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.assets: dict[str, _Asset] = {}
        self.idempotency: dict[tuple[str, str], _Entry] = {}
        self.attempts: dict[tuple[str, str, str], int] = {}
        self.feed: list[dict[str, Any]] = []
        self.due: list[tuple[float, int, str, str]] = []  # (when, tie, inquiry_id, class)
        self.tie = 0
        self.stats: dict[str, int] = {
            "requests": 0,
            "inquiries_created": 0,
            "repeated_inquiries": 0,  # created for a court, case, debtor and classes already asked about
            "orders_applied": 0,
            "repeated_orders": 0,  # applied for a document, asset and kind already applied
            "replays": 0,
            "conflicts_422": 0,
            "in_flight_409": 0,
            "rate_limited_429": 0,
            "failed_503": 0,
            "dropped": 0,
            "client_disconnects": 0,  # clients gone before their answer was written
            "results_published": 0,
            "deliveries": 0,
            "callbacks_delivered": 0,
        }
        self.asked: set[str] = set()  # fingerprints of the inquiries' and orders' business content
        self.tokens = 0.0
        self.token_time = time.monotonic()
        self.callbacks: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.wake = threading.Event()
        self.stopping = threading.Event()

    # -- randomness ---------------------------------------------------------------------------------
    def rng(self, *what: object) -> random.Random:
        """A generator for one decision, named by ``what`` (never by arrival order)."""
        return random.Random(_digest(self.config.seed, *what))

    def attempt(self, route: str, key: str) -> int:
        """Count this attempt of ``key`` on ``route``; the count names the fault decisions."""
        with self.lock:
            n = self.attempts.get(("attempt", route, key), 0)
            self.attempts[("attempt", route, key)] = n + 1
            self.stats["requests"] += 1
        return n

    def fault(self, kind: str, route: str, key: str, n: int) -> bool:
        """Whether attempt ``n`` of ``key`` suffers ``kind`` (fail or drop)."""
        rate = self.config.fail_rate if kind == "fail" else self.config.drop_rate
        if rate <= 0 or n >= self.config.max_faults_per_key:
            return False
        return self.rng(kind, route, key, n).random() < rate

    def take_token(self) -> float:
        """0 when the request may go on; else the seconds until it may (the 429's Retry-After)."""
        rate = self.config.rate_limit
        if rate <= 0:
            return 0.0
        burst = self.config.burst or max(1, int(rate))
        with self.lock:
            now = time.monotonic()
            self.tokens = min(burst, self.tokens + (now - self.token_time) * rate)
            self.token_time = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            self.stats["rate_limited_429"] += 1
            return (1 - self.tokens) / rate

    # -- idempotency ---------------------------------------------------------------------------------
    def claim(self, route: str, key: str, body: dict[str, Any]) -> tuple[str, _Entry | None]:
        """``new`` (this attempt does the work), ``replay`` (answer the stored entry), ``conflict``
        (same key, other body: 422) or ``in_flight`` (the first attempt is still working: 409)."""
        fp = fingerprint(body)
        with self.lock:
            entry = self.idempotency.get((route, key))
            if entry is None:
                self.idempotency[(route, key)] = _Entry(fp)
                return "new", None
            if entry.fingerprint != fp:
                self.stats["conflicts_422"] += 1
                return "conflict", entry
            if not entry.done:
                self.stats["in_flight_409"] += 1
                return "in_flight", entry
            self.stats["replays"] += 1
            return "replay", entry

    def settle(self, route: str, key: str, status: int, body: dict[str, Any]) -> None:
        """Store the first answer under the key (or forget the key when the work was refused)."""
        with self.lock:
            if status >= 400 and status != 422:
                self.idempotency.pop((route, key), None)
                return
            entry = self.idempotency[(route, key)]
            entry.done, entry.status, entry.body = True, status, body

    # -- inquiries ----------------------------------------------------------------------------------
    def create_inquiry(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        """Record an inquiry and schedule each class's answer."""
        inquiry_id = "INQ-" + _digest("inquiry", self.config.seed, key)[:20]
        classes = [AssetClass(c) for c in body["classes"]]
        created = time.monotonic()
        with self.lock:
            self.inquiries[inquiry_id] = {
                "inquiry_id": inquiry_id,
                "request": body,
                "results": {},
                "pending": [c.value for c in classes],
                "created_at": _now(),
            }
            self.stats["inquiries_created"] += 1
            if self.repeated(body, "court", "case_number", "debtor", "classes"):
                self.stats["repeated_inquiries"] += 1
            for cls in classes:
                r = self.rng("delay", key, cls.value)
                delay = r.uniform(self.config.result_min_ms, self.config.result_max_ms)
                if r.random() < self.config.late_rate:
                    delay += self.config.late_ms
                self.tie += 1
                heapq.heappush(self.due, (created + delay / 1000, self.tie, inquiry_id, cls.value))
        self.wake.set()
        return self.inquiry_view(inquiry_id)

    def repeated(self, body: dict[str, Any], *fields: str) -> bool:
        """Whether the same business content (``fields`` of ``body``) came before (call under the lock)."""
        mark = fingerprint({f: body.get(f) for f in fields})
        seen = mark in self.asked
        self.asked.add(mark)
        return seen

    def answer(self, inquiry: dict[str, Any], cls: AssetClass) -> dict[str, Any]:
        """The institution's answer for one class (a function of seed, debtor and class)."""
        debtor = inquiry["request"]["debtor"]["id_number"]
        r = self.rng("answer", debtor, cls.value)
        result: dict[str, Any] = {
            "result_id": f"{inquiry['inquiry_id']}-{cls.value}",
            "inquiry_id": inquiry["inquiry_id"],
            "asset_class": cls.value,
            "answered_at": _now(),
            "assets": [],
        }
        if self.rng("unanswered", inquiry["inquiry_id"], cls.value).random() < self.config.unanswered_rate:
            result.update(status=ResultStatus.FAILED.value, reason="institution_timeout")
            return result
        if r.random() >= self.config.found_rate:
            result["status"] = ResultStatus.NONE.value
            return result
        result["status"] = ResultStatus.FOUND.value
        for i in range(r.randint(1, 3)):
            asset_id = f"{cls.value}-{_digest(self.config.seed, debtor, cls.value, i)[:16]}"
            institution = r.choice(INSTITUTIONS[cls])
            balance = Decimal(r.randint(0, 50_000_000)) / 100 if cls in MONEY_CLASSES else None
            result["assets"].append(
                {
                    "asset_id": asset_id,
                    "asset_class": cls.value,
                    "institution": institution,
                    "description": f"{institution}·{LABELS[cls][0]}（第{i + 1}项）",
                    "balance": None if balance is None else money(balance),
                }
            )
            if balance is not None:
                with self.lock:
                    self.assets.setdefault(asset_id, _Asset(asset_id, cls, balance))
        return result

    def publish_due(self) -> float:
        """Publish every class answer now due; the seconds until the next one (or 1)."""
        while True:
            with self.lock:
                if not self.due:
                    return 1.0
                when, _tie, inquiry_id, cls = self.due[0]
                wait = when - time.monotonic()
                if wait > 0:
                    return min(wait, 1.0)
                heapq.heappop(self.due)
                inquiry = self.inquiries[inquiry_id]
            result = self.answer(inquiry, AssetClass(cls))
            copies = 2 if self.rng("dup", result["result_id"]).random() < self.config.dup_rate else 1
            with self.lock:
                inquiry["results"][cls] = result
                inquiry["pending"].remove(cls)
                self.stats["results_published"] += 1
                for _ in range(copies):
                    self.feed.append(result)
                    self.stats["deliveries"] += 1
            url = inquiry["request"].get("callback_url")
            for _ in range(copies if url else 0):
                self.callbacks.put((url, result))

    def inquiry_view(self, inquiry_id: str) -> dict[str, Any]:
        """The inquiry object of the protocol."""
        with self.lock:
            inquiry = self.inquiries[inquiry_id]
            results = list(inquiry["results"].values())
            pending = list(inquiry["pending"])
        status = "complete" if not pending else ("partial" if results else "pending")
        return {
            "inquiry_id": inquiry_id,
            "status": status,
            "created_at": inquiry["created_at"],
            "results": results,
            "pending": pending,
        }

    def feed_page(self, after: int, limit: int) -> dict[str, Any]:
        """Deliveries ``after`` the cursor (a position in the feed), at most ``limit``."""
        with self.lock:
            page = self.feed[after : after + limit]
        return {"results": page, "next_cursor": after + len(page)}

    # -- orders ------------------------------------------------------------------------------------
    def apply_order(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Apply a freeze, unfreeze or deduction to one asset; the receipt."""
        kind = OrderKind(body["kind"])
        amount = Decimal(body["amount"])
        with self.lock:
            asset = self.assets.get(body["asset_id"])
            if asset is None:
                return 404, problem_body(404, "asset_not_found", "财产不存在或尚未查询到。", "No such asset.")
            if kind is OrderKind.FREEZE:
                applied = min(amount, asset.balance - asset.frozen)
                asset.frozen += applied
            elif kind is OrderKind.UNFREEZE:
                applied = min(amount, asset.frozen)
                asset.frozen -= applied
            else:
                applied = min(amount, asset.balance)
                asset.balance -= applied
                asset.deducted += applied
                asset.frozen = max(Decimal("0.00"), asset.frozen - applied)
            asset.orders += 1
            self.stats["orders_applied"] += 1
            if self.repeated(body, "kind", "asset_id", "document_number"):
                self.stats["repeated_orders"] += 1
            order_id = "ORD-" + _digest("order", self.config.seed, key)[:20]
            status = "applied" if applied == amount else ("partial" if applied > 0 else "rejected")
            receipt = {
                "order_id": order_id,
                "receipt_number": "RCPT-" + order_id[4:16].upper(),
                "kind": kind.value,
                "asset_id": asset.asset_id,
                "requested": money(amount),
                "applied": money(applied),
                "status": status,
                "applied_at": _now(),
                "reason": "" if status == "applied" else "insufficient_balance",
            }
            self.orders[order_id] = receipt
        return 201, receipt

    def asset_view(self, asset_id: str) -> dict[str, Any] | None:
        """An asset's balance, frozen and deducted amounts and count of orders applied (test hook)."""
        with self.lock:
            asset = self.assets.get(asset_id)
            if asset is None:
                return None
            return {
                "asset_id": asset.asset_id,
                "asset_class": asset.asset_class.value,
                "balance": money(asset.balance),
                "frozen": money(asset.frozen),
                "deducted": money(asset.deducted),
                "orders": asset.orders,
            }

    # -- background threads --------------------------------------------------------------------------
    def run_clock(self) -> None:
        """Publish class answers as they fall due, until stopped."""
        while not self.stopping.is_set():
            wait = self.publish_due()
            self.wake.wait(wait)
            self.wake.clear()

    def run_callbacks(self) -> None:
        """POST each delivery to its callback URL, retried with backoff up to five times."""
        with httpx.Client(timeout=5.0) as client:
            while not self.stopping.is_set():
                try:
                    url, result = self.callbacks.get(timeout=0.5)
                except queue.Empty:
                    continue
                for attempt in range(5):
                    try:
                        if client.post(url, json=result).status_code < 300:
                            with self.lock:
                                self.stats["callbacks_delivered"] += 1
                            break
                    except httpx.HTTPError:
                        pass
                    time.sleep(0.1 * 2**attempt)


def problem_body(status: int, code: str, zh: str, en: str, **details: Any) -> dict[str, Any]:
    """A problem+json object as the platform writes them (RFC 9457 with bilingual messages)."""
    body: dict[str, Any] = {
        "type": f"urn:zhiyuan:gateway:{code}",
        "title": en,
        "status": status,
        "code": code,
        "message_zh": zh,
        "message_en": en,
    }
    if details:
        body["details"] = details
    return body
