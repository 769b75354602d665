"""The simulator as its own process, for the gateway tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import AssetClass, Debtor, IdType, InquiryRequest


@pytest.fixture
def simulator() -> Iterator[Callable[..., SimulatorProcess]]:
    """Factory: ``simulator(seed=1, latency_ms=50, …)`` starts ``zhiyuan gateway-sim``; all stop after."""
    started: list[SimulatorProcess] = []

    def start(**options: object) -> SimulatorProcess:
        sim = SimulatorProcess(**options).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        assert sim.stop() == 0, "the simulator exits cleanly on SIGTERM"


def inquiry(
    id_number: str = "520102199001011234", *classes: AssetClass, callback_url: str = ""
) -> InquiryRequest:
    """An inquiry of ``classes`` (all by default) for one debtor of 黔0102."""
    return InquiryRequest(
        court="黔0102",
        case_number="(2026)黔0102执100号",
        debtor=Debtor("张三", IdType.RESIDENT_ID, id_number),
        classes=classes or tuple(AssetClass),
        callback_url=callback_url,
    )
