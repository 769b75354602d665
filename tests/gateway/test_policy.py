"""The retry policy and the circuit breaker on their own (a clock the test moves)."""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from zhiyuan.gateway.client import CircuitBreaker, RetryPolicy


@given(st.integers(0, 20), st.none() | st.floats(0, 60))
def test_backoff_is_bounded_jittered_and_honours_retry_after(attempt: int, retry_after: float | None) -> None:
    policy = RetryPolicy(base_delay=0.1, max_delay=5.0)
    delay = policy.delay(attempt, retry_after, random.Random(attempt))
    assert delay >= (retry_after or 0.0)
    assert delay <= max(min(5.0, 0.1 * 2**attempt), retry_after or 0.0)


def test_backoff_grows_exponentially() -> None:
    policy, rng = RetryPolicy(base_delay=0.1, max_delay=100.0), random.Random(1)
    means = [sum(policy.delay(n, None, rng) for _ in range(400)) / 400 for n in range(5)]
    assert all(b > 1.6 * a for a, b in itertools.pairwise(means))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_states() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=2, reset_timeout=10, clock=clock)
    breaker.failure()
    breaker.success()
    breaker.failure()
    assert breaker.state == "closed", "a success resets the count: failures must be consecutive"
    breaker.failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    clock.now = 10
    assert breaker.state == "half_open"
    assert breaker.allow()
    assert not breaker.allow(), "one probe at a time"
    breaker.failure()
    assert breaker.state == "open"
    assert breaker.retry_in() == 10
    clock.now = 20
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed"
    assert breaker.allow()
    assert breaker.allow()
