"""The officer's walk of issue 13's "done when", through the services against the real simulator: a new 执
case is triaged on filing and gets its tasks; an inquiry is answered by the network; a freeze and a
deduction go out and come back as measures; a seal on real estate is renewed from the expiry calendar;
the house is appraised and announced for auction. Every step is a task of the affairs center, an audit
record and a node of the case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.affairs.models import Task
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement import task_kinds as kinds
from zhiyuan.enforcement.inquiries import dispatch, services
from zhiyuan.enforcement.measures import selectors as calendar
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.measures import work
from zhiyuan.enforcement.models import InquiryResult, Measure, Triage
from zhiyuan.enforcement.property import services as assets
from zhiyuan.gateway.process import SimulatorProcess

from .conftest import answered

pytestmark = pytest.mark.django_db


def _task(case: Any, kind: str, **filters: Any) -> Task:
    return Task.objects.get(case=case, kind=kind, **filters)


def test_an_officer_takes_a_case_from_filing_to_auction(
    network: SimulatorProcess, file_enforcement: Any, people: dict[str, Any]
) -> None:
    today = timezone.localdate()
    officer = people["officer"]
    # filed three years ago less ten days, so that a seal taken on filing ends inside the calendar's window
    filed = dt.date(today.year - 3, today.month, 1) + dt.timedelta(days=10 + today.day - 1)
    case = file_enforcement(Decimal("150000"), filed_on=filed)
    assert Triage.objects.get(case=case).track in ("simple", "complex")
    assert _task(case, kinds.NOTICE).status == "open"

    # the network answers the inquiry; asking completes the case's inquiry task
    inquiry = answered(officer, case, "deposit", "real_estate")
    assert _task(case, kinds.INQUIRY).status == "done"
    deposit = InquiryResult.objects.filter(inquiry=inquiry, asset_class="deposit").order_by("ref").first()
    house_found = InquiryResult.objects.filter(inquiry=inquiry, asset_class="real_estate").first()
    assert deposit is not None
    assert house_found is not None

    # a freeze and a deduction through the network: each a task closed by its receipt, and a measure
    freeze = services.send_order(officer, case, "freeze", deposit.pk, "5000.00", "（2026）黔0102执8号之一")
    deduct = services.send_order(officer, case, "deduct", deposit.pk, "3000.00", "（2026）黔0102执8号之二")
    assert Task.objects.get(source_key=f"order:{freeze.pk}").status == "open"
    dispatch.pump(budget=20)
    assert Task.objects.get(source_key=f"order:{freeze.pk}").status == "done"
    assert Task.objects.get(source_key=f"order:{deduct.pk}").status == "done"
    assert Measure.objects.filter(
        case=case, kind="freeze", status="active", amount=Decimal("5000.00")
    ).exists()
    assert Measure.objects.filter(case=case, kind="deduction", amount=Decimal("3000.00")).exists()
    assert _task(case, kinds.DISBURSEMENT).status == "open"  # the money is to be paid out

    # the house the network found: on the inventory, sealed on filing, renewed from the calendar
    house = assets.add_asset(
        officer,
        case,
        asset_class="real_estate",
        description=f"住宅 {house_found.ref}",
        register_ref=house_found.ref,
    )
    assert _task(case, kinds.VALUATION).status == "open"
    seal = measures.take_measure(officer, case, asset=house, kind="seal", on=filed)
    assert seal.ends_on is not None
    assert today < seal.ends_on <= today + dt.timedelta(days=15)
    assert Task.objects.get(source_key=f"measure:{seal.pk}:documents").kind == kinds.DOCUMENTS
    work.spawn_renewals(today)
    renewal = Task.objects.get(source_key=f"measure:{seal.pk}:renewal")
    assert (renewal.kind, renewal.due) == (kinds.RENEWAL, seal.ends_on)
    due = calendar.calendar(officer, today, calendar.warn_days())
    assert seal.pk in {m.pk for m in due}
    [outcome] = measures.renew_many(officer, [seal.pk], today)
    assert outcome.ok, outcome
    renewal.refresh_from_db()
    assert renewal.status == "done"

    # appraised, and announced for its first online auction (real estate: 30 days ahead, 70 % reserve)
    assets.add_valuation(
        officer, house, method="appraisal", price="800000.00", valued_on=today - dt.timedelta(days=40)
    )
    assert _task(case, kinds.AUCTION).status == "open"
    auction = assets.schedule_auction(
        officer,
        house,
        reserve="560000.00",
        announced_on=today - dt.timedelta(days=30),
        auction_on=today + dt.timedelta(days=5),
    )
    assert auction.round == 1

    nodes = set(NodeLog.objects.filter(case=case).values_list("node", flat=True))
    assert {
        "network_inquiry",
        "network_order",
        "network_receipt",
        "measure.take",
        "measure.renew",
        "asset.add",
        "asset.valuation",
        "asset.auction",
    } <= nodes
    actions = set(AuditEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {
        "enforcement.inquiry.ask",
        "enforcement.order.freeze",
        "enforcement.order.deduct",
        "enforcement.measure.take",
        "enforcement.measure.renew",
        "enforcement.asset.auction",
    } <= actions
    spawned = set(Task.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        kinds.NOTICE,
        kinds.INQUIRY,
        kinds.FREEZE,
        kinds.DEDUCT,
        kinds.DOCUMENTS,
        kinds.RENEWAL,
        kinds.VALUATION,
        kinds.AUCTION,
        kinds.DISBURSEMENT,
    } <= spawned
