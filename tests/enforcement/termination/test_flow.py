"""The Done-when path of issue 14 for 终本: a case with nothing to take is refused while items are missing
and before more than three months have passed, terminated when tcp-check allows it (ruling, closing, the
library with its unpaid amount, a standing re-query), re-queried on schedule, and resumed as a linked 执恢
case when the simulator reports property — with the simulator as its own process."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.test import Client

from tests.enforcement.termination.conftest import ask_main_classes, pump_until_answered, ready
from zhiyuan.affairs.models import Task
from zhiyuan.audit.verification import verify
from zhiyuan.cases import assignments
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement.inquiries import requery
from zhiyuan.enforcement.models import Asset, LibraryEntry, Measure, StandingRequery
from zhiyuan.enforcement.termination import resumption, selectors, services
from zhiyuan.law.calendar import add_months
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_nothing_to_take_terminated_requeried_and_resumed(
    gateways: Any, tcp_case: Case, people: dict[str, Any], today: dt.date
) -> None:
    case, officer = tcp_case, people["officer"]
    # nothing recorded yet: refused, every missing item named
    with pytest.raises(LawError) as err:
        services.terminate(officer, case, today)
    assert err.value.code == "tcp_not_allowed"
    assert err.value.details["missing"] == [
        "notice_served",
        "consumption_restriction_issued",
        "dishonesty_listed_or_ineligible",
        "leads_checked",
        "network_inquiry_done",
        "onsite_inquiry_done_or_unneeded",
        "search_done_or_unneeded",
        "obstruction_sanctioned_or_none",
        "applicant_informed",
    ]
    assert "尚未约谈申请执行人" in err.value.message_zh
    assert "the applicant has not been heard" in err.value.message_en

    ready(case, people, today)
    ask_main_classes(case, people)  # the empty simulator: nothing found
    listed = selectors.checklist(case, today)
    assert listed.allowed, listed.missing
    sources = {i.code: i.source for i in listed.items}
    assert sources["network_inquiry_done"] == sources["notice_served"] == "case"
    assert sources["leads_checked"] == sources["applicant_informed"] == "officer"

    # on the three-month date itself it is too early (and the inquiry and the interview came later)
    three = add_months(case.filed_on, 3)
    with pytest.raises(LawError) as err:
        services.terminate(officer, case, three)
    assert err.value.details["missing"] == ["network_inquiry_done", "applicant_informed", "too_early"]
    assert err.value.details["earliest_on"] == (three + dt.timedelta(days=1)).isoformat()

    # the bare lifecycle move is the workflow's: refused, and not offered on the case page
    with pytest.raises(LawError) as err:
        cases.transition(officer, case, "terminate_current", today, closing_method="tcp")
    assert err.value.code == "managed_by_workflow"
    offered = assignments.moves_for(officer, case, frozenset(officer.permissions))
    assert "terminate_current" not in {t.name for t in offered}
    assert "close" in {t.name for t in offered}  # the other moves stay free

    entry = services.terminate(officer, case, today, other_recovered="1000")
    case.refresh_from_db()
    assert (case.status, case.closing_method, case.closed_on) == ("closed", "tcp", today)
    assert case.recovered_amount == Decimal("1000.00")
    assert (entry.claim_amount, entry.unpaid_amount) == (Decimal("50000.00"), Decimal("49000.00"))
    text = _text(bytes(entry.ruling))
    assert "终结本次执行程序。" in text
    assert "49,000.00" in text
    assert case.case_number in text
    sr = StandingRequery.objects.get(case=case)
    assert (sr.starts_on, sr.interval_months, sr.years, sr.state) == (today, 6, 5, "active")
    first = add_months(today, 6)
    assert sr.next_due == first
    assert [e.case_id for e in selectors.library(officer)] == [case.pk]
    assert selectors.library(officer).get().next_due == first
    with pytest.raises(LawError) as err:
        services.terminate(officer, case, today)
    assert err.value.code == "case_closed"

    # re-queried on schedule: not the day before, on the day (the rich simulator now reports property)
    assert requery.run_due(first - dt.timedelta(days=1)) == 0
    gateways("rich")
    assert requery.run_due(first) == 1
    pump_until_answered(case)
    entry.refresh_from_db()
    assert entry.property_found_on == today
    assert (entry.last_requery_found or 0) > 0
    task = Task.objects.get(case=case, kind="enforcement.resumption_review")
    assert (task.team, task.status) == ("inquiry", "open")
    warning = NodeLog.objects.get(case=case, node="tcp.property_found")
    assert warning.payload["warning"] == "property_found"
    assert [e.pk for e in selectors.property_found(officer)] == [entry.pk]
    client = Client()
    client.force_login(officer)
    workbench = client.get("/").content.decode()
    assert "终本案件发现财产" in workbench
    assert case.case_number in workbench

    # a 轮候 seal registered on the terminated case meanwhile moves with its asset
    debtor = case.parties.get(side="defendant").party
    asset = Asset.objects.create(case=case, asset_class="vehicle", description="小型轿车", owner=debtor)
    seal = Measure.objects.create(
        case=case, asset=asset, court=case.court, kind="seal", status="waiting", priority="waiting"
    )

    new = resumption.resume(officer, case, today, "court", "定期复查发现被执行人名下存款。")
    assert (new.type_code, new.origin_id, new.court_id, new.dispute_id) == (
        "执恢",
        case.pk,
        case.court_id,
        case.dispute_id,
    )
    assert new.claim_amount == Decimal("49000.00")
    assert sorted(cp.party_id for cp in new.parties.all()) == sorted(cp.party_id for cp in case.parties.all())
    assert Asset.objects.get(pk=asset.pk).case_id == Measure.objects.get(pk=seal.pk).case_id == new.pk
    entry.refresh_from_db()
    assert (entry.state, entry.resumed_case_id, entry.resumed_by) == ("resumed", new.pk, "court")
    assert StandingRequery.objects.get(case=case).state == "stopped"
    assert NodeLog.objects.filter(case=new, node="tcp.carried_in").exists()
    assert selectors.resumed_from(new) == entry
    with pytest.raises(LawError) as err:
        resumption.resume(officer, case, today, "applicant", "再次申请")
    assert err.value.code == "already_resumed"
    assert Case.objects.filter(origin=case, type_code="执恢").count() == 1
    assert LibraryEntry.objects.get(pk=entry.pk).state == "resumed"
    assert verify().ok
