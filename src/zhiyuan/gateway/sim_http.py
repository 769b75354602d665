"""The simulator's HTTP side: the standard library's ``ThreadingHTTPServer`` translating requests into
:class:`zhiyuan.gateway.simulator.Network` calls.

A thread per connection sleeps through the configured latency without holding the others back, and a
test double with six routes needs no web framework (docs/gateway.md, "Simulator").
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import asdict
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from zhiyuan.gateway.protocol import (
    IDEMPOTENCY_HEADER,
    PROBLEM_TYPE,
    REPLAYED_HEADER,
    AssetClass,
    IdType,
    OrderKind,
)
from zhiyuan.gateway.simulator import Network, SimConfig, problem_body

MAX_BODY = 1_000_000  # bytes; an inquiry or order is far smaller
ORDER_PATH = re.compile(r"^/v1/orders/([A-Za-z0-9-]+)$")
INQUIRY_PATH = re.compile(r"^/v1/inquiries/([A-Za-z0-9-]+)$")
ASSET_PATH = re.compile(r"^/_sim/assets/([A-Za-z0-9_-]+)$")


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
    wbufsize = 64 * 1024  # headers and body leave in one write (flushed after each request) …
    disable_nagle_algorithm = True  # … and at once: no 40 ms Nagle/delayed-ACK stall per answer
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
        """The JSON body; ``ValueError`` (the class) when it is not JSON, too long or of unknown length."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True  # the unread body would be taken for the next request
            return ValueError
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
            self.problem(
                400,
                "bad_json",
                "请求内容不是有效的 JSON 或过长。",
                "The body is not valid JSON, or too long.",
            )
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

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client gone mid-answer (killed, timed out) is counted, not printed: the work it asked for
        was done and its first answer is kept for the retry."""
        with self.network.lock:
            self.network.stats["client_disconnects"] += 1


def serve(config: SimConfig, host: str = "127.0.0.1", port: int = 8765) -> SimServer:
    """Start the network's clock and callback threads and return the bound server (not yet serving)."""
    network = Network(config)
    server = SimServer((host, port), network)
    threading.Thread(target=network.run_clock, name="gateway-clock", daemon=True).start()
    threading.Thread(target=network.run_callbacks, name="gateway-callbacks", daemon=True).start()
    return server
