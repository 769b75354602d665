"""The platform's client of the inquiry network (docs/gateway.md).

- every call has a connect/read timeout;
- network errors, dropped answers, 5xx, 429 and 409 (in flight) are retried with exponential backoff
  and full jitter, never sooner than the gateway's ``Retry-After``;
- every POST carries an idempotency key made once per order (or given by the caller, who stores it
  before sending) and reused on every retry, so the network applies an order at most once;
- a circuit breaker stops calling after ``failure_threshold`` consecutive failures and lets one probe
  through after ``reset_timeout`` seconds;
- answers are typed (:mod:`zhiyuan.gateway.protocol`); failures are :class:`GatewayError` with stable
  codes and messages in both languages.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from zhiyuan.gateway.errors import GatewayError, gateway_error
from zhiyuan.gateway.protocol import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    Inquiry,
    InquiryRequest,
    OrderRequest,
    Receipt,
    ResultPage,
)

#: statuses worth another attempt with the same key
RETRY_STATUSES = frozenset({409, 429, 500, 502, 503, 504})
#: statuses that count as the network failing (429 and 409 mean it is alive and answering)
FAILURE_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: attempt *n* (from 0) waits a random time in
    ``[0, min(max_delay, base_delay·2ⁿ)]`` (full jitter), and at least the gateway's Retry-After."""

    attempts: int = 6
    base_delay: float = 0.1
    max_delay: float = 5.0
    max_retry_after: float = 30.0  # a longer Retry-After gives up instead of blocking a worker

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before attempt ``attempt + 1``."""
        backoff = rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))
        return max(backoff, retry_after or 0.0)


class CircuitBreaker:
    """Closed → open after ``failure_threshold`` consecutive failures → half-open after
    ``reset_timeout`` seconds (one probe at a time) → closed on the probe's success, open on its failure.
    Thread-safe; ``clock`` is injectable for tests."""

    def __init__(
        self,
        failure_threshold: int = 5,
        reset_timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self.probing = False
        self.lock = threading.Lock()

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half_open``."""
        with self.lock:
            return self._state()

    def _state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half_open" if self.clock() - self.opened_at >= self.reset_timeout else "open"

    def allow(self) -> bool:
        """Whether a call may go out now (in half-open, only the one probe)."""
        with self.lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "half_open" and not self.probing:
                self.probing = True
                return True
            return False

    def success(self) -> None:
        """A call reached a working network."""
        with self.lock:
            self.failures, self.opened_at, self.probing = 0, None, False

    def failure(self) -> None:
        """A call failed (network error or 5xx)."""
        with self.lock:
            self.failures += 1
            if self.probing or self.failures >= self.failure_threshold:
                self.opened_at = self.clock()
            self.probing = False

    def retry_in(self) -> float:
        """Seconds until the breaker lets a probe through (0 when it does now)."""
        with self.lock:
            if self.opened_at is None:
                return 0.0
            return max(0.0, self.reset_timeout - (self.clock() - self.opened_at))


def new_key() -> str:
    """A fresh idempotency key (UUID4); an order keeps its key for all its attempts."""
    return str(uuid.uuid4())


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date: the backoff decides


class GatewayClient:
    """A thread-safe client of one gateway; share one per process (one breaker, a pool per thread)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 3.0,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        max_connections: int = 4,  # per thread
        rng: random.Random | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.base_url = base_url.rstrip("/")
        self.timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self.max_connections = max_connections
        self.ssl = httpx.create_ssl_context()  # made once: building one per thread costs ~50 ms of CPU
        self.local = threading.local()
        self.clients: list[httpx.Client] = []
        self.clients_lock = threading.Lock()
        self.attempts = 0  # every request sent (for benchmarks and tests)

    @property
    def http(self) -> httpx.Client:
        """This thread's HTTP client. One pool per thread: a single httpx pool shared by ~100 threads
        served a quarter of the requests per second in the gateway benchmark (docs/gateway.md)."""
        client: httpx.Client | None = getattr(self.local, "client", None)
        if client is None:
            client = httpx.Client(
                base_url=self.base_url,
                timeout=self.timeout,
                verify=self.ssl,
                limits=httpx.Limits(max_connections=self.max_connections),
                headers={"Accept": "application/json"},
            )
            self.local.client = client
            with self.clients_lock:
                self.clients.append(client)
        return client

    def close(self) -> None:
        """Close every thread's connections."""
        with self.clients_lock:
            clients, self.clients = self.clients, []
        for client in clients:
            client.close()
        self.local = threading.local()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the protocol ----------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """The gateway's ``/health`` (no retries)."""
        try:
            return dict(self.http.get("/health").json())
        except (httpx.HTTPError, ValueError) as exc:
            raise gateway_error("gateway_unavailable", reason=type(exc).__name__) from exc

    def submit_inquiry(self, request: InquiryRequest, *, key: str | None = None) -> Inquiry:
        """Submit an inquiry; answered at once with its id and every class pending (results come later)."""
        response = self._call("POST", "/v1/inquiries", json=request.as_json(), key=key or new_key())
        return Inquiry.from_json(self._json(response), replayed=REPLAYED_HEADER in response.headers)

    def inquiry(self, inquiry_id: str) -> Inquiry:
        """The inquiry with the results so far."""
        return Inquiry.from_json(self._json(self._call("GET", f"/v1/inquiries/{inquiry_id}")))

    def wait_for(self, inquiry_id: str, *, timeout: float = 30.0, interval: float = 0.2) -> Inquiry:
        """Poll until every class has answered; ``gateway_timeout`` (with the partial result) if not."""
        deadline = time.monotonic() + timeout
        while True:
            current = self.inquiry(inquiry_id)
            if current.complete:
                return current
            if time.monotonic() >= deadline:
                raise gateway_error(
                    "gateway_timeout", inquiry_id=inquiry_id, pending=[c.value for c in current.pending]
                )
            self.sleep(interval)

    def results(self, after: int = 0, limit: int = 500) -> ResultPage:
        """The results feed after ``after`` (deliveries may repeat a ``result_id``: deduplicate on it)."""
        response = self._call("GET", "/v1/results", params={"after": after, "limit": limit})
        return ResultPage.from_json(self._json(response))

    def order(self, request: OrderRequest, *, key: str | None = None) -> Receipt:
        """Send a freeze, unfreeze or deduction; the institution's receipt. Pass the ``key`` the caller
        stored with the order so that a re-run after a crash gets the first receipt, not a second effect."""
        response = self._call("POST", "/v1/orders", json=request.as_json(), key=key or new_key())
        return Receipt.from_json(self._json(response), replayed=REPLAYED_HEADER in response.headers)

    def order_receipt(self, order_id: str) -> Receipt:
        """An order's receipt by its id."""
        return Receipt.from_json(self._json(self._call("GET", f"/v1/orders/{order_id}")))

    # -- transport ---------------------------------------------------------------------------------
    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise gateway_error("gateway_bad_response", status=response.status_code) from exc
        if not isinstance(data, dict):
            raise gateway_error("gateway_bad_response", status=response.status_code)
        return data

    def _call(self, method: str, path: str, *, key: str | None = None, **kwargs: Any) -> httpx.Response:
        """One logical request: attempts with the same key until an answer, a refusal or the end."""
        headers = {IDEMPOTENCY_HEADER: key} if key else {}
        last: str = "gateway_unavailable"
        details: dict[str, Any] = {}
        for attempt in range(self.retry.attempts):
            if not self.breaker.allow():
                raise gateway_error("gateway_circuit_open", retry_in=round(self.breaker.retry_in(), 3))
            retry_after: float | None = None
            try:
                self.attempts += 1
                response = self.http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as exc:  # refused, reset, timed out, or closed without an answer
                self.breaker.failure()
                last, details = "gateway_unavailable", {"reason": type(exc).__name__}
            else:
                status = response.status_code
                if status in FAILURE_STATUSES:
                    self.breaker.failure()
                else:
                    self.breaker.success()
                if status < 400:
                    return response
                if status not in RETRY_STATUSES:
                    raise self._refusal(response)
                retry_after = _retry_after(response)
                last = {429: "gateway_rate_limited", 409: "gateway_in_progress"}.get(
                    status, "gateway_unavailable"
                )
                details = {"status": status}
                if retry_after is not None and retry_after > self.retry.max_retry_after:
                    break
            if attempt + 1 < self.retry.attempts:
                self.sleep(self.retry.delay(attempt, retry_after, self.rng))
        raise gateway_error(last, attempts=self.retry.attempts, **details)

    def _refusal(self, response: httpx.Response) -> GatewayError:
        """A 4xx that no retry can change, with the gateway's own code."""
        try:
            body = response.json()
        except ValueError:
            body = {}
        remote = body.get("code", "") if isinstance(body, dict) else ""
        if response.status_code == 422 and remote == "idempotency_key_reused":
            return gateway_error("gateway_idempotency_conflict")
        code = "gateway_not_found" if response.status_code == 404 else "gateway_rejected"
        return gateway_error(code, status=response.status_code, remote_code=remote)
