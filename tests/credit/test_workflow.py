"""The listing workflow end to end through the services: proposal, the rule's refusals, approval by
someone else with a second factor, the decision document, the grace period and the daily job, audit and
the case's node log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.credit.conftest import COMPANY, CREDITOR, MINOR, debtor_id, verified
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import NodeLog
from zhiyuan.credit import documents, services
from zhiyuan.credit.models import Listing, ListingStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)


def _propose(
    people: dict[str, Any], case: Any, grounds: list[int], who: str = "officer", **kw: Any
) -> Listing:
    proposal = services.Proposal(debtor_id(case), grounds, "证据：财产报告不实", **kw)
    return services.propose(people[who], case, proposal, ON)


def test_propose_then_approve_publishes_with_a_period(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    pending = _propose(people, case, [2, 4])
    assert pending.status == ListingStatus.PENDING
    assert (pending.name, pending.case_number, pending.court_name) == (
        "李四",
        case.case_number,
        case.court.name,
    )
    assert pending.id_masked
    assert "199003070014" not in pending.id_masked
    assert pending.obligation == "给付人民币80,000.00元"
    done = services.decide(verified(people["president"]), pending, True, ON)
    assert done.status == ListingStatus.PUBLISHED
    assert (done.published_on, done.period_years, done.until) == (ON, 2, dt.date(2028, 6, 1))
    assert done.decided_by_name == "刘院长"
    nodes = list(NodeLog.objects.filter(case=case).values_list("node", flat=True))
    assert {"credit_proposed", "credit_decided", "credit_published"} <= set(nodes)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"credit.listing.propose", "credit.listing.approve"} <= actions


def test_ground_one_alone_has_no_period(listed: Any) -> None:
    done = listed((1,))
    assert (done.period_years, done.until, done.status) == (None, None, ListingStatus.PUBLISHED)


def test_aggravated_extension(listed: Any) -> None:
    done = listed((2,), aggravated=True, extension_years=1)
    assert (done.period_years, done.until) == (3, dt.date(2029, 6, 1))


def test_proposer_cannot_approve(people: dict[str, Any], file_case: Any) -> None:
    pending = _propose(people, file_case(), [1], who="both")
    with pytest.raises(Denied) as err:
        services.decide(verified(people["both"]), pending, True, ON)
    assert err.value.code == "self_approval"
    pending.refresh_from_db()
    assert pending.status == ListingStatus.PENDING
    assert AuditEntry.objects.filter(action="auth.denied").exists()


def test_no_second_factor_is_refused(people: dict[str, Any], file_case: Any) -> None:
    pending = _propose(people, file_case(), [1])
    with pytest.raises(Denied) as err:
        services.decide(people["president"], pending, True, ON)
    assert err.value.code == "second_factor_required"


def test_officer_cannot_approve_and_other_court_president_cannot(
    people: dict[str, Any], file_case: Any
) -> None:
    pending = _propose(people, file_case(), [1])
    with pytest.raises(Denied) as err:
        services.decide(verified(people["officer_zunyi"]), pending, True, ON)
    assert err.value.code == "approval_role_missing"
    with pytest.raises(Denied) as err:
        services.decide(verified(people["president_zunyi"]), pending, True, ON)
    assert err.value.code == "approver_not_of_case_court"


def test_refusal_needs_a_reason(people: dict[str, Any], file_case: Any) -> None:
    pending = _propose(people, file_case(), [1])
    with pytest.raises(LawError) as err:
        services.decide(verified(people["president"]), pending, False, ON)
    assert err.value.code == "reason_required"
    done = services.decide(verified(people["president"]), pending, False, ON, "证据不足")
    assert (done.status, done.refusal_reason) == (ListingStatus.REFUSED, "证据不足")
    with pytest.raises(LawError) as err:
        services.decide(verified(people["president"]), done, True, ON)
    assert err.value.code == "listing_state"


def test_minor_is_never_listed(people: dict[str, Any], file_case: Any) -> None:
    case = file_case(MINOR)
    with pytest.raises(LawError) as err:
        _propose(people, case, [1, 2])
    assert err.value.code == "not_listable"
    assert err.value.details["exclusions"] == ["minor"]
    assert "未成年人" in err.value.message_zh
    assert any("若干规定" in c["instrument"] for c in err.value.details["citations"])
    assert not Listing.objects.exists()
    assert AuditEntry.objects.filter(action="credit.listing.not_listable").exists()


def test_ground_one_exclusions(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    with pytest.raises(LawError) as err:
        _propose(people, case, [1], guarantee_provided=True)
    assert (err.value.code, err.value.details["exclusions"]) == ("not_listable", ["guarantee"])
    kept = _propose(people, case, [1, 3], guarantee_provided=True)
    assert kept.grounds_applied == [3]
    assert kept.period_years == 2


def test_only_a_debtor_of_an_enforcement_case_in_scope(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    creditor = case.parties.get(side="plaintiff").party_id
    with pytest.raises(LawError) as err:
        services.propose(people["officer"], case, services.Proposal(creditor, [1], "x"), ON)
    assert err.value.code == "not_a_debtor"
    with pytest.raises(Denied) as err:
        _propose(people, case, [1], who="officer_zunyi")
    assert err.value.code == "case_out_of_scope"
    with pytest.raises(Denied) as err:
        _propose(people, case, [1], who="judge")
    assert err.value.code == "permission_denied"
    with pytest.raises(LawError) as err:
        _propose(people, file_case(type_code="执保"), [1])
    assert err.value.code == "not_enforcement_case"
    with pytest.raises(LawError) as err:
        services.propose(people["officer"], case, services.Proposal(debtor_id(case), [1], "  "), ON)
    assert err.value.code == "evidence_required"
    with pytest.raises(LawError) as err:
        _propose(people, case, [7])
    assert err.value.code == "grounds_invalid"
    with pytest.raises(LawError) as err:
        _propose(people, case, [1], grace_months=4)
    assert err.value.code == "grace_invalid"


def test_one_active_listing_per_debtor_and_case(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    _propose(people, case, [1])
    with pytest.raises(LawError) as err:
        _propose(people, case, [2])
    assert err.value.code == "already_listed"


def test_grace_period_then_the_daily_job_publishes(listed: Any) -> None:
    done = listed((1,), grace=2)
    assert (done.status, done.publish_on, done.published_on) == (
        ListingStatus.APPROVED,
        dt.date(2026, 8, 1),
        None,
    )
    assert services.sweep(dt.date(2026, 7, 31))["published"] == 0
    assert services.sweep(dt.date(2026, 8, 3))["published"] == 1
    done.refresh_from_db()
    assert (done.status, done.published_on) == (ListingStatus.PUBLISHED, dt.date(2026, 8, 1))
    assert services.sweep(dt.date(2026, 8, 4))["published"] == 0  # idempotent
    assert NodeLog.objects.filter(case=done.case, node="credit_published").count() == 1


def test_service_and_the_decision_document(people: dict[str, Any], listed: Any) -> None:
    done = listed((2,), grace=1)
    with pytest.raises(LawError) as err:
        services.record_service(people["officer"], done, ON - dt.timedelta(days=1), "直接送达")
    assert err.value.code == "served_before_decision"
    served = services.record_service(people["officer"], done, dt.date(2026, 6, 3), "直接送达")
    assert (served.served_on, served.service_note) == (dt.date(2026, 6, 3), "直接送达")
    text = documents.text_of(documents.decision_docx(served))
    assert "决定书" in text
    assert "李四" in text
    assert served.case_number in text
    assert "第一条第二项" in text
    assert "2028年6月1日" in text
    assert "1个月宽限期" in text
    assert "199003070014" not in text  # the number is masked in the document too
    assert "二〇二六年六月一日" in text


def test_unit_debtor_is_listed(people: dict[str, Any], file_case: Any, listed: Any) -> None:
    done = listed((1,), case=file_case(COMPANY))
    assert done.name == COMPANY[0]
    assert done.id_masked != COMPANY[1]


def test_creditor_number_is_not_the_lookup(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    from zhiyuan.parties.selectors import identity_hash

    assert done.id_hash != identity_hash(CREDITOR[1])
