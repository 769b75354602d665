"""An inquiry asked on a case is sent, answered class by class through the feed and stored once per
asset, however often the network delivers it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.inquiries import dispatch, services
from zhiyuan.enforcement.models import FeedCursor, FeedOrphan, Inquiry, InquiryResult
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.law.errors import LawError

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
    assert "network_inquiry" in nodes
    assert "network_inquiry_answered" in nodes
    assert network.stats()["inquiries_created"] == 1
    assert FeedCursor.objects.get(name=dispatch.FEED).position == network.stats()["deliveries"]


def test_a_result_delivered_twice_or_read_twice_is_stored_once(
    simulator: Any, settings: Any, case: Case, people: dict[str, Any]
) -> None:
    sim = simulator(seed=3, found_rate=1, result_min_ms=10, result_max_ms=40, dup_rate=1)
    settings.ZHIYUAN_GATEWAY_URL = sim.url
    inquiry = answered(people["officer"], case, "deposit", "securities")
    stats = sim.stats()
    assert stats["deliveries"] == 2 * stats["results_published"]  # every answer delivered twice
    stored = InquiryResult.objects.filter(inquiry=inquiry).count()
    remote = dispatch.client().inquiry(inquiry.gateway_id)
    assets = sum(max(1, len(r.assets)) for r in remote.results)
    assert stored == assets
    # the whole inquiry read again (a poll, a replayed page) changes nothing
    dispatch.store_results(list(remote.results) * 3)
    assert InquiryResult.objects.filter(inquiry=inquiry).count() == stored


def test_answers_the_feed_brings_before_the_inquiry_id_is_stored_are_kept_and_adopted(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    inquiry = services.ask(people["officer"], case, ["deposit", "vehicle"])
    # a worker sent it and died before storing the network's id: the feed's answers match no inquiry
    remote = dispatch.client().submit_inquiry(dispatch._request(inquiry), key=inquiry.key)
    full = dispatch.client().wait_for(remote.inquiry_id, timeout=10)
    assert dispatch.collect_feed() == (0, True)  # none stored as the inquiry's; the cursor moves on
    assert FeedCursor.objects.get(name=dispatch.FEED).position == len(full.results)
    assert FeedOrphan.objects.filter(gateway_id=remote.inquiry_id).count() == len(full.results)
    dispatch.pump(budget=20, poll_after=60)  # re-sent under the key (the first answer): kept answers adopted
    inquiry.refresh_from_db()
    assert inquiry.gateway_id == remote.inquiry_id
    assert inquiry.state == "complete"
    assert network.stats()["inquiries_created"] == 1
    stored_classes = set(InquiryResult.objects.filter(inquiry=inquiry).values_list("asset_class", flat=True))
    assert stored_classes == {"deposit", "vehicle"}
    assert not FeedOrphan.objects.exists()


def test_the_feed_running_ahead_of_the_sender_loses_nothing_without_polling(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    inquiry = services.ask(people["officer"], case, ["deposit"])
    remote = dispatch.client().submit_inquiry(dispatch._request(inquiry), key=inquiry.key)
    dispatch.client().wait_for(remote.inquiry_id, timeout=10)
    with transaction.atomic():
        page = dispatch.client().results(after=0)
        dispatch.store_results(page.results)  # the collector, before the sender stored the id
    assert dispatch.send_inquiries() == 1  # the sender stores the id (a replay)
    dispatch.collect_feed()  # the collector adopts what it kept
    inquiry.refresh_from_db()
    assert inquiry.state == "complete"
    assert not FeedOrphan.objects.exists()


def test_results_of_a_class_arriving_first_make_the_inquiry_partial(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    inquiry = services.ask(people["officer"], case, ["deposit", "vehicle"])
    dispatch.send_inquiries()
    inquiry.refresh_from_db()
    assert inquiry.state == "submitted"
    full = dispatch.client().wait_for(inquiry.gateway_id, timeout=10)
    first = [r for r in full.results if r.asset_class.value == "deposit"]
    with transaction.atomic():
        dispatch.store_results(first)
    inquiry.refresh_from_db()
    assert inquiry.state == "partial"
    with transaction.atomic():
        dispatch.store_results(list(full.results))
    inquiry.refresh_from_db()
    assert inquiry.state == "complete"
    assert inquiry.completed_at is not None


def test_a_gateway_that_refuses_marks_the_inquiry_failed_and_one_that_is_down_leaves_it_to_retry(
    simulator: Any, settings: Any, case: Case, people: dict[str, Any]
) -> None:
    sim = simulator(seed=4, fail_rate=1, max_faults_per_key=100)
    settings.ZHIYUAN_GATEWAY_URL = sim.url
    dispatch._client.cache_clear()
    inquiry = services.ask(people["officer"], case, ["deposit"])
    client = dispatch.client()
    client.retry = type(client.retry)(attempts=2, base_delay=0.01, max_delay=0.02)
    assert dispatch.send_inquiries() == 0
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.error) == ("requested", "gateway_unavailable")
    assert inquiry.lease_until is not None  # held until the lease runs out, then re-sent under the key
    assert dispatch.send_inquiries() == 0  # still leased: nobody else sends it meanwhile
    dispatch._client.cache_clear()


def test_unknown_classes_and_no_classes_are_refused(
    case: Case, people: dict[str, Any], settings: Any
) -> None:
    settings.ZHIYUAN_GATEWAY_URL = "http://127.0.0.1:9"
    with pytest.raises(LawError) as err:
        services.ask(people["officer"], case, ["gold_bars"])
    assert err.value.code == "asset_class_invalid"
    with pytest.raises(LawError) as err:
        services.ask(people["officer"], case, [])
    assert err.value.code == "asset_class_required"
    assert not Inquiry.objects.exists()


def test_asking_the_network_completes_the_cases_inquiry_task(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    from zhiyuan.affairs.models import Task

    task = Task.objects.get(case=case, kind=task_kinds.INQUIRY)
    assert task.status == "open"
    services.ask(people["officer"], case, ["deposit"])
    task.refresh_from_db()
    assert (task.status, task.claimed_by_id) == ("done", people["officer"].pk)
    assert "网络查控" in task.result_note
