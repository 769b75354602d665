"""An inquiry asked on a case is sent, answered class by class through the feed and stored once per
asset, however often the network delivers it."""

from __future__ import annotations

from typing import Any

import pytest

from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement.inquiries import dispatch, services
from zhiyuan.enforcement.models import FeedCursor, Inquiry, InquiryResult
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import ClassResult

from .conftest import answered

pytestmark = pytest.mark.django_db


def test_an_inquiry_is_sent_and_its_results_stored(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    inquiry = answered(people["officer"], case, "deposit", "vehicle", "marriage")
    assert inquiry.gateway_id.startswith("INQ-")
    assert set(InquiryResult.objects.filter(inquiry=inquiry).values_list("asset_class", flat=True)) == {
        "deposit",
        "vehicle",
        "marriage",
    }
    nodes = list(NodeLog.objects.filter(case=case).values_list("node", flat=True))
    assert "network_inquiry" in nodes and "network_inquiry_answered" in nodes
    assert network.stats()["inquiries_created"] == 1
    assert FeedCursor.objects.get(name=dispatch.FEED).position == network.stats()["deliveries"]
