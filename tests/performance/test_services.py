"""Titles, payments, status, the lapse check and pre-enforcement urging, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.performance.conftest import CREDITOR, DEBTOR, PARTIES, days, payment
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.performance import selectors, services
from zhiyuan.performance.models import (
    Notice,
    NoticeKind,
    PaymentStatus,
    Title,
    TitleStatus,
    UrgingStatus,
)
from zhiyuan.performance.ticking import tick

pytestmark = pytest.mark.django_db


def test_open_title_refuses_an_unexecutable_title_with_the_findings(people, trial) -> None:
    with pytest.raises(LawError) as caught:
        services.open_title(
            people["judge"],
            case=trial,
            kind="judgment",
            parties=PARTIES,
            items=[payment("", days(10))],
            effective_on=days(-60),
        )
    assert caught.value.code == "title_not_executable"
    assert [f["code"] for f in caught.value.details["findings"]] == ["amount_missing"]
    assert "金额" in caught.value.message_zh
    assert not Title.objects.exists()
    assert not Notice.objects.exists()


def test_open_title_needs_the_permission_and_the_case_in_scope(people, trial) -> None:
    kwargs = {"case": trial, "kind": "judgment", "parties": PARTIES, "items": [payment("100", days(5))]}
    with pytest.raises(Denied):
        services.open_title(people["clerk"], effective_on=days(-1), **kwargs)
    with pytest.raises(LawError) as caught:
        services.open_title(people["judge_zunyi"], effective_on=days(-1), **kwargs)
    assert caught.value.code == "case_not_found"
    with pytest.raises(LawError) as before_filing:
        services.open_title(people["judge"], effective_on=trial.filed_on - dt.timedelta(days=1), **kwargs)
    assert before_filing.value.code == "effective_before_filing"
    assert not Title.objects.exists()


def test_open_title_makes_obligations_per_instalment_and_issues_the_notice(open_title) -> None:
    title = open_title([payment("30000", None, [(days(-30), "10000"), (days(30), "20000")])])
    assert title.status == TitleStatus.PERFORMING
    assert title.total_amount == Decimal("30000.00")
    rows = list(title.obligations.values_list("due", "amount", "instalment"))
    assert rows == [(days(-30), Decimal("10000.00"), 0), (days(30), Decimal("20000.00"), 1)]
    assert [p["name"] for p in title.parties] == [CREDITOR[0], DEBTOR[0]]
    assert all("id_number" not in p for p in title.parties), "identity numbers stay in the party records"
    notice = title.notices.get()
    assert notice.kind == NoticeKind.PERFORMANCE_NOTICE
    assert notice.issued_on == days(-60)
    assert AuditEntry.objects.filter(action="performance.title.open").count() == 1
    with pytest.raises(LawError) as again:
        open_title([payment("1", days(3))])
    assert again.value.code == "title_exists"


def test_payments_count_earliest_due_first_and_completion_issues_the_certificate(people, open_title) -> None:
    title = open_title([payment("30000", None, [(days(-30), "10000"), (days(30), "20000")])])
    clerk = people["clerk"]
    services.record_payment(clerk, title, payer_ref="B", paid_on=days(-31), amount="12000.50")
    first, second = title.obligations.all()
    assert (first.paid, first.met_on) == (Decimal("10000.00"), days(-31))
    assert (second.paid, second.met_on) == (Decimal("2000.50"), None)
    title.refresh_from_db()
    assert title.status == TitleStatus.PERFORMING
    with pytest.raises(LawError) as too_much:
        services.record_payment(clerk, title, payer_ref="B", paid_on=days(-1), amount="17999.51")
    assert too_much.value.code == "payment_exceeds_outstanding"
    with pytest.raises(LawError) as stranger:
        services.record_payment(clerk, title, payer_ref="A", paid_on=days(-1), amount="1")
    assert stranger.value.code == "payer_unknown"
    with pytest.raises(LawError) as future:
        services.record_payment(clerk, title, payer_ref="B", paid_on=days(1), amount="1")
    assert future.value.code == "paid_on_invalid"
    with pytest.raises(LawError) as bad:
        services.record_payment(clerk, title, payer_ref="B", paid_on=days(-1), amount="1.001")
    assert bad.value.code == "amount_invalid"
    services.record_payment(clerk, title, payer_ref="B", paid_on=days(0), amount="17999.50")
    title.refresh_from_db()
    assert title.status == TitleStatus.PERFORMED
    assert (title.performed_on, title.on_time) == (days(0), True)
    assert title.notices.filter(kind=NoticeKind.CERTIFICATE).count() == 1
    good = selectors.good_faith(clerk)
    assert [(r["name"], r["title"].pk) for r in good] == [(DEBTOR[0], title.pk)]
    assert selectors.good_faith(people["clerk_zunyi"]) == []


def test_a_late_performance_gets_a_certificate_but_not_the_good_faith_list(people, open_title) -> None:
    title = open_title([payment("500", days(-10))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-2), amount="500")
    title.refresh_from_db()
    assert (title.status, title.on_time) == (TitleStatus.PERFORMED, False)
    assert title.notices.filter(kind=NoticeKind.CERTIFICATE).exists()
    assert selectors.good_faith(people["clerk"]) == []


def test_a_reported_payment_counts_only_when_confirmed(people, open_title) -> None:
    title = open_title([payment("800", days(20))])
    report = services.record_payment(
        people["clerk"], title, payer_ref="B", paid_on=days(-1), amount="800", confirm=False
    )
    title.refresh_from_db()
    assert report.status == PaymentStatus.REPORTED
    assert title.status == TitleStatus.PERFORMING
    with pytest.raises(Denied):
        services.confirm_payment(people["reviewer"], report)
    services.confirm_payment(people["judge"], report)
    title.refresh_from_db()
    assert title.status == TitleStatus.PERFORMED
    with pytest.raises(LawError) as twice:
        services.confirm_payment(people["judge"], report)
    assert twice.value.code == "payment_decided"


def test_lapse_issues_one_warning_per_lapsed_due_date_and_the_tick_is_idempotent(people, open_title) -> None:
    title = open_title(
        [payment("30000", None, [(days(-30), "10000"), (days(-1), "10000"), (days(0), "10000")])]
    )
    first = tick(days(0))
    title.refresh_from_db()
    assert title.status == TitleStatus.LAPSED
    assert len(first.warnings) == 2, "the due date of today is still in time"
    assert set(title.obligations.filter(warned_on=days(0)).values_list("due", flat=True)) == {
        days(-30),
        days(-1),
    }
    again = tick(days(0))
    assert again.warnings == []
    assert again.filed == []
    assert title.notices.filter(kind=NoticeKind.SANCTION_WARNING).count() == 2
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(0), amount="100")
    title.refresh_from_db()
    assert title.status == TitleStatus.PARTLY_PERFORMED


def test_urging_needs_a_lapsed_due_date_and_a_creditor(people, open_title) -> None:
    title = open_title([payment("900", days(5))])
    with pytest.raises(LawError) as early:
        services.apply_for_enforcement(people["clerk"], title, applied_on=days(0), applicant_ref="A")
    assert early.value.code == "not_yet_due"
    with pytest.raises(LawError) as debtor:
        services.apply_for_enforcement(people["clerk"], title, applied_on=days(6), applicant_ref="B")
    assert debtor.value.code == "applicant_unknown"


def test_performance_during_urging_closes_the_matter_with_no_enforcement_case(people, open_title) -> None:
    title = open_title([payment("5000", days(-20))])
    urging = services.apply_for_enforcement(people["clerk"], title, applied_on=days(-3), applicant_ref="A")
    assert days(12) <= urging.ends_on <= days(25), "15 days, moved off holidays"
    with pytest.raises(LawError) as twice:
        services.apply_for_enforcement(people["clerk"], title, applied_on=days(-2), applicant_ref="A")
    assert twice.value.code == "urging_open"
    services.record_contact(
        people["clerk"], urging, on=days(-2), channel="phone", note="电话督促，承诺本周付清"
    )
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-1), amount="5000")
    title.refresh_from_db()
    urging.refresh_from_db()
    assert title.status == TitleStatus.CLOSED_WITHOUT_ENFORCEMENT
    assert (urging.status, urging.closed_on) == (UrgingStatus.PERFORMED, days(-1))
    assert title.notices.filter(kind=NoticeKind.CERTIFICATE).exists()
    tick(urging.ends_on + dt.timedelta(days=1))
    assert not Case.objects.filter(type_code="执").exists()
    with pytest.raises(LawError) as closed:
        services.record_contact(people["clerk"], urging, on=days(0), channel="sms", note="x")
    assert closed.value.code == "urging_closed"


def test_a_lapsed_urging_period_files_the_linked_enforcement_case_once(people, trial, open_title) -> None:
    title = open_title([payment("30000", None, [(days(-40), "10000"), (days(-25), "20000")])])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-41), amount="10000")
    urging = services.apply_for_enforcement(people["clerk"], title, applied_on=days(-24), applicant_ref="A")
    assert tick(urging.ends_on).filed == [], "the last day of the period is still in time"
    report = tick(urging.ends_on + dt.timedelta(days=1))
    assert len(report.filed) == 1
    enforcement = Case.objects.get(type_code="执")
    assert enforcement.case_number == report.filed[0]
    assert (enforcement.origin_id, enforcement.dispute_id) == (trial.pk, trial.dispute_id)
    assert enforcement.derivative_kind == "enforcement"
    # no person filed it: the node log and the audit name the performance job, not a user
    filing = enforcement.nodes.get(node="filing")
    assert (filing.actor_id, filing.actor_name) == (None, "zhiyuan performance")
    filed = AuditEntry.objects.get(action="cases.case.file", object_id=str(enforcement.pk))
    assert (filed.actor_id, filed.actor_name) == (None, "zhiyuan performance")
    assert enforcement.claim_amount == Decimal("20000.00")
    assert sorted((cp.side, cp.party.name) for cp in enforcement.parties.all()) == [
        ("defendant", DEBTOR[0]),
        ("plaintiff", CREDITOR[0]),
    ]
    title.refresh_from_db()
    urging.refresh_from_db()
    assert title.status == TitleStatus.ENFORCEMENT_APPLIED
    assert urging.enforcement_case_id == enforcement.pk
    assert urging.status == UrgingStatus.FILED
    assert tick(urging.ends_on + dt.timedelta(days=2)).filed == []
    assert Case.objects.filter(type_code="执").count() == 1
    with pytest.raises(LawError) as closed:
        services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(0), amount="1")
    assert closed.value.code == "title_closed"


def test_figures_for_the_overview(people, trial, open_title, reference_data) -> None:
    from zhiyuan.courts.models import Court

    empty = selectors.figures(None, None, None)
    assert empty["voluntary_performance_rate"] is None
    assert empty["urging_success_rate"] is None
    title = open_title([payment("100", days(-5))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-6), amount="100")
    court = Court.objects.get(code="黔0102")
    got = selectors.figures([court.pk], days(-61), days(0))
    assert got == {
        "voluntary_performance_rate": 1.0,
        "urging_success_rate": None,
        "titles": 1,
        "performed": 1,
        "urging_opened": 0,
        "urging_performed": 0,
        "auto_filed": 0,
    }
    assert selectors.figures([court.pk], days(-59), days(0))["titles"] == 0, "counted by effective date"
    other = Court.objects.get(code="黔0302")
    assert selectors.figures([other.pk], None, None)["titles"] == 0
