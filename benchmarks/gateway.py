"""5,000 asset inquiries through the platform's gateway client against ``zhiyuan gateway-sim`` at 200 ms.

The simulator runs as its own process with faults on (per attempt: 2 % answered 503, 2 % done but the
answer dropped; 5 % of results delivered twice, 5 % late by 3 s, 5 % of classes unanswered; each class
answers 0.1–1.5 s after the inquiry). ``--concurrency`` worker threads submit one inquiry each (all 17
asset classes) with :class:`zhiyuan.gateway.client.GatewayClient` — timeouts, retries with backoff,
idempotency keys made once per inquiry — while one consumer reads the results feed, deduplicating on
``result_id``. The run ends when every class of every inquiry has been received (or ``--deadline``).

Reported: wall time; **duplicates** (inquiries the network created beyond one per logical request) and
**losses** (requests the platform could not place, plus class results never received). Peers, same run,
same concurrency, a fresh simulator with the same seed: raw HTTP without retries (each failure is a loss),
and raw HTTP retrying with a new key per attempt (each dropped answer becomes a duplicate).

    .venv/bin/python benchmarks/gateway.py [--inquiries 5000] [--concurrency 100] [--latency-ms 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from zhiyuan.gateway.client import GatewayClient, RetryPolicy
from zhiyuan.gateway.errors import GatewayError
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import AssetClass, Debtor, IdType, InquiryRequest

FAULTS = {
    "result_min_ms": 100,
    "result_max_ms": 1500,
    "late_rate": 0.05,
    "late_ms": 3000,
    "unanswered_rate": 0.05,
    "fail_rate": 0.02,
    "drop_rate": 0.02,
    "dup_rate": 0.05,
    "max_faults_per_key": 2,
}
CLASSES = tuple(AssetClass)


def request(n: int) -> InquiryRequest:
    """The n-th inquiry: a distinct debtor of 黔0102."""
    return InquiryRequest(
        court="黔0102",
        case_number=f"(2026)黔0102执{n + 1}号",
        debtor=Debtor(f"被执行人{n}", IdType.RESIDENT_ID, f"5201021990{n:08d}"),
        classes=CLASSES,
    )


class Feed:
    """The consumer: reads the results feed until ``expected`` distinct results (or the deadline)."""

    def __init__(self, client: GatewayClient) -> None:
        self.client = client
        self.seen: dict[str, set[str]] = {}  # inquiry id → result ids received
        self.deliveries = 0
        self.placed: set[str] | None = None  # known once every submission has returned

    def received(self) -> int:
        """Distinct results received for the inquiries the platform placed."""
        return sum(len(self.seen.get(i, ())) for i in self.placed or ())

    def run(self, deadline: float) -> None:
        cursor = 0
        while time.monotonic() < deadline:
            if self.placed is not None and self.received() >= len(self.placed) * len(CLASSES):
                return
            try:
                page = self.client.results(cursor, limit=2000)
            except GatewayError:
                continue
            self.deliveries += len(page.results)
            for result in page.results:
                self.seen.setdefault(result.inquiry_id, set()).add(result.result_id)
            cursor = page.next_cursor
            if not page.results:
                time.sleep(0.1)


def run(
    name: str, args: argparse.Namespace, submit: Callable[[GatewayClient, int], str | None]
) -> dict[str, Any]:
    """One run on a fresh simulator: submit every inquiry, read the feed, count."""
    with SimulatorProcess(seed=args.seed, latency_ms=args.latency_ms, **FAULTS) as sim:
        retry = RetryPolicy(attempts=8, base_delay=0.05, max_delay=2.0)
        with (
            GatewayClient(sim.url, retry=retry, timeout=10) as client,
            GatewayClient(sim.url, retry=retry, timeout=30) as reader,
        ):
            feed = Feed(reader)
            started = time.monotonic()
            consumer = threading.Thread(target=feed.run, args=(started + args.deadline,))
            consumer.start()
            with ThreadPoolExecutor(args.concurrency) as pool:
                placed = [i for i in pool.map(lambda n: submit(client, n), range(args.inquiries)) if i]
            submitted = time.monotonic() - started
            feed.placed = set(placed)
            consumer.join()
            wall = time.monotonic() - started
            stats = sim.stats()
            attempts = client.attempts
    lost_requests = args.inquiries - len(set(placed))
    lost_results = len(set(placed)) * len(CLASSES) - feed.received()
    return {
        "name": name,
        "wall_s": round(wall, 2),
        "submissions_s": round(submitted, 2),
        "inquiries": args.inquiries,
        "placed": len(set(placed)),
        "duplicates": stats["repeated_inquiries"],
        "created_at_network": stats["inquiries_created"],
        "losses": lost_requests + lost_results,
        "lost_requests": lost_requests,
        "lost_results": lost_results,
        "results_received": feed.received(),
        "deliveries_read": feed.deliveries,
        "attempts": attempts
        if submit is platform_client
        else None,  # the raw peers bypass the client's count
        "faults_503": stats["failed_503"],
        "answers_dropped": stats["dropped"],
        "replays": stats["replays"],
    }


def platform_client(client: GatewayClient, n: int) -> str | None:
    """The platform's way: one key per inquiry (stored before sending), retried until answered."""
    try:
        return client.submit_inquiry(request(n), key=f"bench-{n}").inquiry_id
    except GatewayError:
        return None


def raw_no_retry(client: GatewayClient, n: int) -> str | None:
    """Peer 1: one raw POST; any failure loses the request."""
    try:
        response = client.http.post(
            "/v1/inquiries", json=request(n).as_json(), headers={"Idempotency-Key": f"bench-{n}"}
        )
    except httpx.HTTPError:
        return None
    return str(response.json()["inquiry_id"]) if response.status_code == 202 else None


def raw_fresh_keys(client: GatewayClient, n: int) -> str | None:
    """Peer 2: raw POSTs retried at once with a new key each time (as a naive client would)."""
    for _ in range(8):
        try:
            response = client.http.post(
                "/v1/inquiries", json=request(n).as_json(), headers={"Idempotency-Key": str(uuid.uuid4())}
            )
        except httpx.HTTPError:
            continue
        if response.status_code == 202:
            return str(response.json()["inquiry_id"])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--deadline", type=float, default=120.0, help="give up reading results after this")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    runs = [run("platform client", args, platform_client)]
    if args.peers:
        runs.append(run("raw HTTP, no retries", args, raw_no_retry))
        runs.append(run("raw HTTP, retries with new keys", args, raw_fresh_keys))
    out = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "settings": {**vars(args), **FAULTS, "classes_per_inquiry": len(CLASSES)},
        "runs": runs,
    }
    if args.peers:
        out["wall_ratio_vs_raw_no_retries"] = round(runs[0]["wall_s"] / runs[1]["wall_s"], 2)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    main_run = runs[0]
    return 0 if main_run["duplicates"] == 0 and main_run["losses"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
