"""Fixtures for the network tests: the simulator as its own process, the platform pointed at it, and an
enforcement case of 黔0102 with its officer (from ``tests/enforcement/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zhiyuan.cases.models import Case
from zhiyuan.enforcement.inquiries import dispatch, services
from zhiyuan.enforcement.models import Inquiry
from zhiyuan.gateway.process import SimulatorProcess


@pytest.fixture
def network(simulator: Callable[..., SimulatorProcess], settings: Any) -> SimulatorProcess:
    """A quick simulator (every class found, answers within 60 ms) the platform is configured with."""
    sim = simulator(seed=7, found_rate=1, result_min_ms=10, result_max_ms=60)
    settings.ZHIYUAN_GATEWAY_URL = sim.url
    return sim


@pytest.fixture
def case(file_enforcement: Any) -> Case:
    """An enforcement case of 黔0102 against 李四."""
    return file_enforcement(50000)


def answered(user: Any, case: Case, *classes: str) -> Inquiry:
    """Ask about ``classes`` and pump until every class has answered."""
    inquiry = services.ask(user, case, list(classes))
    dispatch.pump(budget=20, poll_after=0.5)
    inquiry.refresh_from_db()
    assert inquiry.state == "complete", inquiry.state
    return inquiry
