"""The delegated-mediation lifecycle: delegation and its holiday-aware period, extension only with every
party's consent, sessions, failure to 民初 with the data carried over, withdrawal; invalid moves write
nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, CaseDeadline, NodeLog
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import selectors, services
from zhiyuan.mediation.models import Extension, Mediation, Session

from .conftest import APPLICANT, DESCRIPTION, RESPONDENT, delegate_one

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        NodeLog.objects.count(),
        Mediation.objects.count(),
        Extension.objects.count(),
        Session.objects.count(),
        AuditEntry.objects.exclude(outcome="denied").count(),
    )


def test_delegation_files_a_pre_litigation_case_with_a_holiday_aware_period(mediation: Mediation) -> None:
    case = mediation.case
    assert case.type_code == "民诉前调"
    assert case.status == "mediating"
    assert case.origin is None
    assert case.cause_text == "民间借贷纠纷"
    assert {(cp.party.name, cp.side) for cp in case.parties.all()} == {
        (APPLICANT[0], "plaintiff"),
        (RESPONDENT[0], "defendant"),
    }
    # 2025-09-01 + 30 days is 2025-10-01, National Day: the period ends on the next working day
    assert mediation.deadline == dt.date(2025, 10, 9)
    assert CaseDeadline.objects.get(case=case, rule="pre_litigation_mediation").due == mediation.deadline
    assert mediation.organization.code == "TJ-0102-A"
    assert mediation.mediator is not None
    assert AuditEntry.objects.filter(action="mediation.delegate", object_id=str(mediation.pk)).exists()


def test_an_ordinary_period_does_not_move(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    m = delegate_one(staff["clerk"], orgs, on=dt.date(2025, 3, 3))
    assert m.deadline == dt.date(2025, 4, 2)  # a Wednesday


def test_delegation_needs_the_permission_and_writes_nothing_when_refused(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    before = _counts()
    with pytest.raises(Denied):
        delegate_one(staff["mediator"], orgs)
    with pytest.raises(LawError) as err:
        delegate_one(staff["clerk"], orgs, focus_type="astrology")
    assert err.value.code == "focus_type_unknown"
    with pytest.raises(LawError) as err:
        delegate_one(staff["clerk"], orgs, respondents=[])
    assert err.value.code == "parties_missing"
    assert _counts() == before


def test_only_an_organization_outside_the_list_needs_a_reason(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from zhiyuan.courts.models import Court
    from zhiyuan.mediation import recommending

    recs = recommending.recommend(
        court=Court.objects.get(code="黔0102"), focus_type="private_lending", on=dt.date(2025, 9, 1)
    )
    listed = [r.organization.code for r in recs]
    assert {orgs["tj"].code, orgs["other"].code} <= set(listed), (
        "both of the court's organizations are listed"
    )
    assert orgs["zunyi"].code not in listed
    second = next(r for r in recs[1:])
    # any listed organization, with another mediator or none, is taken without a reason
    followed = delegate_one(
        staff["clerk"],
        orgs,
        organization_code=second.organization.code,
        mediator_code="",
        override_reason="ignored when a listed organization is taken",
    )
    assert followed.override_reason == ""
    assert followed.suggestion["recommendations"][0]["organization"] == recs[0].organization.code
    # one outside the list needs a reason, which is kept
    with pytest.raises(LawError) as err:
        delegate_one(
            staff["clerk"], orgs, organization_code=orgs["zunyi"].code, mediator_code="", override_reason=""
        )
    assert err.value.code == "override_reason_required"
    overridden = delegate_one(
        staff["clerk"],
        orgs,
        organization_code=orgs["zunyi"].code,
        mediator_code="",
        override_reason="当事人要求",
    )
    assert overridden.override_reason == "当事人要求"


def test_extension_needs_every_partys_consent(mediation: Mediation, staff: dict[str, Any]) -> None:
    ids = {cp.party.name: cp.party_id for cp in mediation.case.parties.select_related("party")}
    before = _counts()
    with pytest.raises(LawError) as err:
        services.extend(
            staff["partner"], mediation, on=dt.date(2025, 10, 8), consenting_party_ids=[ids[APPLICANT[0]]]
        )
    assert err.value.code == "consent_missing"
    assert err.value.details["missing"] == [RESPONDENT[0]]
    assert _counts() == before
    ext = services.extend(
        staff["partner"], mediation, on=dt.date(2025, 10, 8), consenting_party_ids=list(ids.values())
    )
    mediation.refresh_from_db()
    assert ext.previous_deadline == dt.date(2025, 10, 9)
    assert mediation.deadline == ext.new_deadline == dt.date(2025, 11, 7)
    assert {c["name"] for c in ext.consents} == {APPLICANT[0], RESPONDENT[0]}
    assert mediation.case.nodes.filter(node="extend").count() == 1
    # the old period is met, the new one open
    rows = CaseDeadline.objects.filter(case=mediation.case, rule="pre_litigation_mediation").order_by("pk")
    assert [(d.due, d.met_on) for d in rows] == [
        (dt.date(2025, 10, 9), dt.date(2025, 10, 8)),
        (dt.date(2025, 11, 7), None),
    ]


def test_no_extension_after_the_period_lapsed(mediation: Mediation, staff: dict[str, Any]) -> None:
    ids = list(mediation.case.parties.values_list("party_id", flat=True))
    with pytest.raises(LawError) as err:
        services.extend(staff["partner"], mediation, on=dt.date(2025, 10, 10), consenting_party_ids=ids)
    assert err.value.code == "mediation_period_lapsed"
    # the last day itself is still in time
    services.extend(staff["partner"], mediation, on=dt.date(2025, 10, 9), consenting_party_ids=ids)


def test_sessions_are_recorded_and_logged(mediation: Mediation, staff: dict[str, Any]) -> None:
    s = services.record_session(
        staff["partner"], mediation, held_on=dt.date(2025, 9, 10), mode="in_person", place="街道调解室",
        notes="双方就还款期限协商", attendance=[APPLICANT[0], RESPONDENT[0]],
    )  # fmt: skip
    assert s.recorded_by == "partner"
    assert s.attendance == [APPLICANT[0], RESPONDENT[0]]
    assert mediation.case.nodes.filter(node="session", on=dt.date(2025, 9, 10)).exists()
    before = _counts()
    for kwargs, code in [
        ({"mode": "in_person", "place": ""}, "session_place_missing"),
        ({"mode": "carrier_pigeon"}, "session_mode_invalid"),
        ({"mode": "online", "attendance": ["王五"]}, "attendance_unknown"),
        ({"mode": "online", "held_on": dt.date(2025, 8, 31)}, "date_before_delegation"),
    ]:
        with pytest.raises(LawError) as err:
            services.record_session(
                staff["partner"], mediation, **{"held_on": dt.date(2025, 9, 11), **kwargs}
            )
        assert err.value.code == code
    assert _counts() == before


def test_other_organizations_cannot_touch_the_mediation(mediation: Mediation, staff: dict[str, Any]) -> None:
    with pytest.raises(LawError) as err:
        services.record_session(staff["partner_b"], mediation, held_on=dt.date(2025, 9, 10), mode="online")
    assert err.value.code == "mediation_not_found"
    assert not selectors.scoped(staff["partner_b"]).exists()
    assert not selectors.scoped(staff["clerk_zunyi"]).exists()
    assert list(selectors.scoped(staff["partner"])) == [mediation]
    assert list(selectors.scoped(staff["clerk"])) == [mediation]


def test_failure_files_a_first_instance_case_with_the_data_carried_over(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    trial = services.fail(staff["partner"], mediation, on=dt.date(2025, 9, 30), reason="被申请人拒绝调解")
    mediation.refresh_from_db()
    assert mediation.status == "failed"
    assert mediation.closed_on == dt.date(2025, 9, 30)
    assert mediation.follow_up == trial
    assert mediation.case.status == "closed"
    assert mediation.case.closing_method == "transfer"
    assert trial.type_code == "民初"
    assert trial.origin == mediation.case
    assert trial.dispute == mediation.case.dispute
    assert trial.derivative_kind == "filing_after_mediation"
    assert trial.cause_text == "民间借贷纠纷"
    assert trial.claim_amount == 30000
    assert {(cp.party.name, cp.side) for cp in trial.parties.all()} == {
        (APPLICANT[0], "plaintiff"),
        (RESPONDENT[0], "defendant"),
    }
    # the move made on the partner's behalf is recorded under the partner user, and so is the filing
    failed = mediation.case.nodes.get(node="fail")
    assert (failed.actor_id, failed.actor_name, failed.payload["note"]) == (
        staff["partner"].pk,
        "partner",
        "被申请人拒绝调解",
    )
    assert trial.nodes.get(node="filing").actor_name == "partner"
    carried = trial.nodes.get(node="facts_from_mediation").payload
    assert carried["facts"] == DESCRIPTION
    assert carried["mediation"] == mediation.case.case_number
    # a second outcome is refused and writes nothing
    before = _counts()
    with pytest.raises(LawError) as err:
        services.withdraw(staff["partner"], mediation, on=dt.date(2025, 10, 1))
    assert err.value.code == "mediation_state"
    assert _counts() == before


def test_withdrawal_closes_the_case(mediation: Mediation, staff: dict[str, Any]) -> None:
    services.withdraw(staff["mediator"], mediation, on=dt.date(2025, 9, 5), reason="申请人撤回")
    mediation.refresh_from_db()
    assert mediation.status == "withdrawn"
    assert mediation.case.closing_method == "withdrawal"
    assert mediation.case.nodes.filter(node="withdraw").get().actor_name == "mediator"


def test_figures(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    from zhiyuan.courts.models import Court

    court = Court.objects.get(code="黔0102").pk
    empty = selectors.figures([court], None, None)
    assert empty["mediation_success_rate"] is None
    assert empty["mean_mediation_days"] is None
    assert empty["delegated"] == 0
    a = delegate_one(staff["clerk"], orgs, on=dt.date(2025, 9, 1))
    b = delegate_one(staff["clerk"], orgs, on=dt.date(2025, 9, 2))
    delegate_one(staff["clerk"], orgs, on=dt.date(2025, 9, 3))
    services.fail(staff["partner"], a, on=dt.date(2025, 9, 11))
    services.withdraw(staff["partner"], b, on=dt.date(2025, 9, 4))
    got = selectors.figures([court], dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    assert (got["delegated"], got["failed"], got["withdrawn"], got["pending"], got["succeeded"]) == (
        3,
        1,
        1,
        1,
        0,
    )
    assert got["mediation_success_rate"] == 0.0
    assert got["mean_mediation_days"] == 10.0
    assert selectors.figures([court], dt.date(2025, 9, 2), dt.date(2025, 9, 2))["delegated"] == 1


def test_a_delegated_mediations_case_moves_only_through_the_workflow(
    mediation: Mediation, staff: dict[str, Any], client: Any
) -> None:
    from zhiyuan.cases import services as cases

    before = _counts()
    with pytest.raises(LawError) as refused:
        cases.transition(None, mediation.case, "succeed", dt.date(2025, 9, 10), closing_method="mediation")
    assert refused.value.code == "managed_by_workflow"
    assert f"/mediation/{mediation.pk}/" in refused.value.message_en
    assert _counts() == before
    mediation.case.refresh_from_db()
    assert mediation.case.status == "mediating"
    client.force_login(staff["clerk"])
    page = client.get(f"/cases/{mediation.case.case_number}/").content.decode()
    assert f'href="/mediation/{mediation.pk}/"' in page
    assert 'data-action="' not in page
