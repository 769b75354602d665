"""A simulator of the inquiry network (网络查控) speaking docs/gateway.md — its own process, in memory.

Everything random is drawn from ``random.Random`` seeded by the run's seed and *what* is decided (the
request's idempotency key and attempt number, the debtor and class), never by arrival order, so a seed
gives the same answers and the same faults however the client's threads interleave.

The server is the standard library's ``ThreadingHTTPServer``: a thread per connection sleeps through the
configured latency without holding the others back, and a test double needs no web framework
(docs/gateway.md, "Simulator").
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import queue
import random
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from zhiyuan.gateway.protocol import (
    FREEZABLE,
    IDEMPOTENCY_HEADER,
    LABELS,
    PROBLEM_TYPE,
    REPLAYED_HEADER,
    AssetClass,
    IdType,
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
ORDER_PATH = re.compile(r"^/v1/orders/([A-Za-z0-9-]+)$")
INQUIRY_PATH = re.compile(r"^/v1/inquiries/([A-Za-z0-9-]+)$")
ASSET_PATH = re.compile(r"^/_sim/assets/([A-Za-z0-9_-]+)$")


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


def validate_inquiry(body: Any) -> str | None:
    """What is wrong with an inquiry body, or None."""
    if not isinstance(body, dict):
        return "body"
    debtor = body.get("debtor")
    if not isinstance(debtor, dict) or not str(debtor.get("id_number", "")).strip():
        return "debtor"
    if debtor.get("id_type") not in {t.value for t in IdType}:
        return "debtor.id_type"
    classes = body.get("classes")
    if not isinstance(classes, list) or not classes or len(set(classes)) != len(classes):
        return "classes"
    if any(c not in {a.value for a in AssetClass} for c in classes):
        return "classes"
    if not str(body.get("court", "")).strip() or not str(body.get("case_number", "")).strip():
        return "court"
    url = body.get("callback_url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        return "callback_url"
    return None


def validate_order(body: Any) -> str | None:
    """What is wrong with an order body, or None."""
    if not isinstance(body, dict):
        return "body"
    if body.get("kind") not in {k.value for k in OrderKind}:
        return "kind"
    if not str(body.get("asset_id", "")).strip():
        return "asset_id"
    try:
        amount = Decimal(str(body.get("amount")))
    except ArithmeticError:
        return "amount"
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        return "amount"
    if not str(body.get("document_number", "")).strip():
        return "document_number"
    return None


class Handler(BaseHTTPRequestHandler):
    """Translates HTTP to :class:`Network` calls."""

    protocol_version = "HTTP/1.1"
    server: SimServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the simulator's counters are at ``/_sim/stats``."""

    @property
    def net(self) -> Network:
        return self.server.network

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """Write ``body`` as JSON (problem+json for errors)."""
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        ctype = PROBLEM_TYPE if status >= 400 else "application/json"
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status: int, code: str, zh: str, en: str, **extra: Any) -> None:
        headers = extra.pop("headers", None)
        self.send_json(status, problem_body(status, code, zh, en, **extra), headers)

    def read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return ValueError

    def gate(self, route: str, key: str) -> int | None:
        """Rate limit, outage and injected failure; the attempt number when the request goes on."""
        wait = self.net.take_token()
        if wait:
            self.problem(
                429,
                "rate_limited",
                "请求过于频繁，请稍后再试。",
                "Too many requests; retry later.",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
            return None
        n = self.net.attempt(route, key)
        if self.net.config.down or self.net.fault("fail", route, key, n):
            with self.net.lock:
                self.net.stats["failed_503"] += 1
            self.problem(503, "unavailable", "查控网络暂不可用。", "The inquiry network is unavailable.")
            return None
        return n

    def latency(self) -> None:
        if self.net.config.latency_ms:
            time.sleep(self.net.config.latency_ms / 1000)

    # -- GET ---------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        if path == "/health":
            self.send_json(200, {"status": "ok", "seed": self.net.config.seed, "version": "v1"})
            return
        if path == "/_sim/stats":
            with self.net.lock:
                stats = dict(self.net.stats)
            self.send_json(200, {"stats": stats, "config": asdict(self.net.config)})
            return
        if match := ASSET_PATH.match(path):
            view = self.net.asset_view(match.group(1))
            if view is None:
                self.problem(404, "asset_not_found", "财产不存在。", "No such asset.")
            else:
                self.send_json(200, view)
            return
        if self.gate(path, self.path) is None:
            return
        self.latency()
        if path == "/v1/results":
            try:
                after, limit = int(params.get("after", 0)), min(int(params.get("limit", 100)), 5000)
            except ValueError:
                after, limit = -1, 0
            if after < 0 or limit < 1:
                self.problem(400, "bad_cursor", "游标或数量无效。", "Invalid cursor or limit.")
                return
            self.send_json(200, self.net.feed_page(after, limit))
        elif match := INQUIRY_PATH.match(path):
            if match.group(1) not in self.net.inquiries:
                self.problem(404, "inquiry_not_found", "查询请求不存在。", "No such inquiry.")
                return
            self.send_json(200, self.net.inquiry_view(match.group(1)))
        elif match := ORDER_PATH.match(path):
            receipt = self.net.orders.get(match.group(1))
            if receipt is None:
                self.problem(404, "order_not_found", "指令不存在。", "No such order.")
            else:
                self.send_json(200, receipt)
        else:
            self.problem(404, "not_found", "请求的资源不存在。", "Not found.")

    # -- POST --------------------------------------------------------------------------------------
    def do_POST(self) -> None:
        path = self.path.partition("?")[0]
        body = self.read_body()
        if path == "/_sim/config":
            try:
                self.net.config.update(body if isinstance(body, dict) else {})
            except (KeyError, TypeError, ValueError) as exc:
                self.problem(400, "bad_config", "配置无效。", f"Invalid setting {exc}.")
                return
            self.send_json(200, asdict(self.net.config))
            return
        if path not in ("/v1/inquiries", "/v1/orders"):
            self.problem(404, "not_found", "请求的资源不存在。", "Not found.")
            return
        if body is ValueError:
            self.problem(400, "bad_json", "请求内容不是有效的 JSON。", "The body is not valid JSON.")
            return
        key = self.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not key or len(key) > 200:
            self.problem(
                400,
                "idempotency_key_required",
                "缺少幂等键（Idempotency-Key）。",
                "Idempotency-Key required.",
            )
            return
        invalid = (validate_inquiry if path == "/v1/inquiries" else validate_order)(body)
        if invalid:
            self.problem(
                422,
                "invalid_input",
                f"请求数据无效：{invalid}。",
                f"Invalid field: {invalid}.",
                field=invalid,
            )
            return
        n = self.gate(path, key)
        if n is None:
            return
        state, entry = self.net.claim(path, key, body)
        if state == "conflict":
            self.problem(
                422,
                "idempotency_key_reused",
                "同一幂等键已用于内容不同的请求。",
                "This Idempotency-Key was used for a different request.",
            )
            return
        if state == "in_flight":
            self.problem(
                409,
                "idempotency_in_progress",
                "同一请求正在处理中，请稍后重试。",
                "The same request is still being processed; retry later.",
                headers={"Retry-After": "1"},
            )
            return
        if state == "replay" and entry is not None:
            self.latency()
            self.send_json(entry.status, entry.body, {REPLAYED_HEADER: "true"})
            return
        self.latency()
        if path == "/v1/inquiries":
            status, answer = 202, self.net.create_inquiry(key, body)
        else:
            status, answer = self.net.apply_order(key, body)
        self.net.settle(path, key, status, answer)
        if self.net.fault("drop", path, key, n):
            with self.net.lock:
                self.net.stats["dropped"] += 1
            self.close_connection = True  # done, but the answer is lost on the way back
            return
        self.send_json(status, answer)


class SimServer(ThreadingHTTPServer):
    """A thread per connection, a deep listen queue, and the network's state."""

    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], network: Network) -> None:
        self.network = network
        super().__init__(address, Handler)


def serve(config: SimConfig, host: str = "127.0.0.1", port: int = 8765) -> SimServer:
    """Start the network's clock and callback threads and return the bound server (not yet serving)."""
    network = Network(config)
    server = SimServer((host, port), network)
    threading.Thread(target=network.run_clock, name="gateway-clock", daemon=True).start()
    threading.Thread(target=network.run_callbacks, name="gateway-callbacks", daemon=True).start()
    return server
