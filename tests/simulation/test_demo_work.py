"""The demo tells the truth (issue 12): after a small province and ``simulate demo-work``, every demo
account has work of its kind (read through the selectors the pages use), the command center's blocks are
not empty, its figures have distinct names and each links to a definition that exists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from zhiyuan.accounts.demo import ensure_demo_users
from zhiyuan.accounts.models import User
from zhiyuan.affairs.models import Task
from zhiyuan.cases.models import Approval, ApprovalStatus, Assignment, Capacity
from zhiyuan.cases.selectors import approvals_waiting, overdue_deadlines, running_deadlines, scoped
from zhiyuan.command import overview
from zhiyuan.courts.models import Court
from zhiyuan.credit import selectors as credit
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.models import Asset, Measure
from zhiyuan.funds import selectors as funds
from zhiyuan.funds.models import Disbursement, Posting
from zhiyuan.mediation import selectors as mediation
from zhiyuan.parties.models import Party
from zhiyuan.performance import selectors as performance
from zhiyuan.performance.models import NoticeKind, TitleStatus
from zhiyuan.simulation.demo_work import DEBTOR_PERSON, ensure_demo_work
from zhiyuan.simulation.people import resident_number
from zhiyuan.simulation.services import simulate_province

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def demo(reference_data: None) -> dict[str, Any]:
    call_command("organizations", "demo", "--seed", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ensure_demo_users()
    simulate_province(seed=1, scale=0.001, years=2)
    # a fictitious number of the demo work already drawn by the province under another name (it happens at
    # make demo's scale): the demo work files it under the recorded name instead of failing
    Party.objects.create(
        kind="natural_person",
        name="范刚玉",
        id_type="resident_id",
        id_number=resident_number("520102", DEBTOR_PERSON[1], 997),
    )
    made = ensure_demo_work()
    return {"made": made, "users": {u.username: u for u in User.objects.all()}}


def test_each_demo_account_has_its_work(demo: dict[str, Any]) -> None:
    users, today = demo["users"], timezone.localdate()
    assert ensure_demo_work() == {}  # idempotent
    assert scoped(users["party"]).filter(parties__party__name="范刚玉").exists()

    party = users["party"]
    own = scoped(party)
    assert own.count() >= 3
    titles = performance.titles(party)
    assert titles.count() >= 2
    assert (
        titles.filter(status=TitleStatus.PARTLY_PERFORMED).exists()
        or titles.filter(status=TitleStatus.PERFORMING).exists()
    )
    kinds = {n.kind for t in titles for n in t.notices.all()}
    assert {NoticeKind.PERFORMANCE_NOTICE, NoticeKind.CERTIFICATE} <= kinds
    assert running_deadlines().filter(case__in=own).exists()

    officer = users["enforcement_officer"]
    mine = Assignment.objects.filter(user_id=officer.pk, capacity=Capacity.HANDLER, ended_on__isnull=True)
    assert mine.count() >= 4
    handled = [a.case_id for a in mine]
    assert overdue_deadlines(today).filter(case_id__in=handled).exists()
    soon = today + dt.timedelta(days=30)
    assert running_deadlines().filter(case_id__in=handled, due__gte=today, due__lte=soon).exists()

    # the officer's cases have enforcement activity: property on the inventory, an auction announced, the
    # network's receipts, and the affairs center's tasks they gave (documents, valuation, disbursement)
    assert demo["made"]["auctions"] == 1
    assert demo["made"]["calendar_freezes"] == 1  # an entry on the expiry calendar at any scale
    assert demo["made"]["renewal_tasks"] >= 1
    assert demo["made"]["network_orders"] == 2
    on_cases = Asset.objects.filter(case_id__in=handled)
    assert on_cases.filter(asset_class="real_estate", status="in_auction").exists()
    assert Measure.objects.filter(case_id__in=handled, kind="seal", status="active").exists()
    assert Measure.objects.filter(case_id__in=handled, kind="deduction").exists()
    assert Task.objects.filter(case_id__in=handled, kind=task_kinds.DISBURSEMENT).exists()
    assert Task.objects.filter(case_id__in=handled, kind=task_kinds.DOCUMENTS).exists()
    # the case funds: the network's deduction booked, voluntary payments, one disbursement awaiting approval
    assert demo["made"]["receipts"] == 2
    assert Posting.objects.filter(account__case_id__in=handled, kind="receipt_deduction").exists()
    assert Posting.objects.filter(account__case_id__in=handled, kind="receipt_voluntary").count() == 2
    assert Disbursement.objects.filter(account__case_id__in=handled, status="pending").count() == 1
    assert funds.invariants() == []

    for approver in ("division_head", "court_president"):
        waiting = Approval.objects.filter(status=ApprovalStatus.PENDING, case__in=scoped(users[approver]))
        assert waiting.count() >= 2, approver
        assert approvals_waiting(users[approver]).count() >= 2, approver  # what their workbench lists

    president = users[
        "court_president"
    ]  # the officer's proposed restriction order, for the president to sign
    assert (
        credit.to_sign(president)
        .filter(case__in=handled, proposed_by_id=users["enforcement_officer"].pk)
        .exists()
    )

    for conductor in ("mediator", "partner_user"):
        assert mediation.listing(users[conductor], status="mediating").count() >= 2, conductor
    assert mediation.listing(users["partner_user"]).filter(sessions__isnull=False).exists()

    judge = users["trial_judge"]
    assert scoped(judge).filter(type_code="诉前调确", closed_on__isnull=True).exists()

    clerk = users["filing_clerk"]
    assert (
        performance.titles(clerk, status=TitleStatus.PARTLY_PERFORMED).exists()
        or performance.titles(clerk, status=TitleStatus.PERFORMING).exists()
    )


def test_command_center_blocks_are_not_empty(demo: dict[str, Any]) -> None:
    today = timezone.localdate()
    court = Court.objects.get(code="黔")
    data = overview.compute(court, dt.date(today.year - 1, 1, 1), today, today)
    indicators = data["indicators"]
    for key in (
        "intake",
        "closed",
        "pending",
        "recovery_rate",
        "full_performance_rate",
        "mediation_success_rate",
    ):
        assert indicators[key], key
    assert data["overdue"]["count"] > 0
    assert any(c["cases_closed"] for c in data["campaigns"].values())
    assert data["figures"]["mediation"]["delegated"] > 0
    performance_figures = data["figures"]["performance"]
    assert performance_figures["titles"] > 0
    assert performance_figures["performed"] > 0
    assert performance_figures["urging_opened"] > 0
    assert performance_figures["voluntary_performance_rate"] is not None


def test_figures_have_distinct_names_and_resolving_definitions(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["users"]["command_operator"])
    today = timezone.localdate()
    page = client.get(f"/command/?from={today.year - 1}-01-01&to={today.isoformat()}")
    assert page.status_code == 200
    html = page.content.decode()
    links = re.findall(r'<a class="(?:label )?def-link" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert len(links) >= 25
    names = [name.strip() for _, name in links if "#campaigns" not in _ and "#overdue" not in _]
    shown = [n for n in names if n != "案-件比"]  # the ratio is shown as a card and as its panel's title
    assert len(shown) == len(set(shown)), sorted(n for n in shown if shown.count(n) > 1)
    definitions = client.get("/command/definitions/")
    assert definitions.status_code == 200
    ids = set(re.findall(r'<div id="([^"]+)" class="definition"', definitions.content.decode()))
    for href, name in links:
        path, anchor = href.split("#")
        assert path == "/command/definitions/"
        assert anchor in ids, name


def test_the_demo_court_has_a_dispatch_and_an_order_waiting(demo: dict[str, Any]) -> None:
    """The command operator's demo work: a designation to the demo court and an order to it, shown on the
    demo court's dispatch pages; made once."""
    from zhiyuan.dispatch.models import Dispatch, Order

    assert demo["made"]["orders"] == 1
    assert demo["made"]["dispatches"] == 1, demo["made"]
    order = Order.objects.get()
    assert (order.to_court.code, order.status) == ("黔0102", "open")
    made = Dispatch.objects.filter(to_court__code="黔0102", status="sent")
    assert made.count() == demo["made"]["dispatches"]
    client = Client()
    client.force_login(demo["users"]["enforcement_officer"])
    page = client.get("/dispatch/orders/").content.decode()
    assert order.subject in page
    assert ensure_demo_work() == {}  # nothing again
    assert Order.objects.count() == 1
