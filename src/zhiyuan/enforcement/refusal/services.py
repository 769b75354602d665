"""Referral of a refusal to execute to the police (移送公安), each step one transaction: permission and the
court's scope checked, the referral row locked, an audit record and a node in the case's log.

proposal (officer, ``enforcement:refer``) → decision (``approval:grant``, a verified second factor, never
the proposer, of the case's court) → sending (the letter's number and date; the police's deadline from
``refusal-deadlines`` and an affairs task due on it, which turns overdue when the police are silent) →
the police's answer: 立案 or 不予立案 with reasons (the task closes) → follow-ups: asking the
procuratorate to supervise, the applicant's private prosecution (a 刑初 case filed with the enforcement
case as its origin, so the dispute graph links them) → the outcome and the money recovered because of
the referral."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import transaction

import zhiyuan.affairs.services as affairs
from zhiyuan.accounts.policy import authorize_approval, authorize_in_scope
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.enforcement.models import Referral, ReferralOutcome, ReferralState
from zhiyuan.enforcement.refusal import rules
from zhiyuan.law import refusal as law
from zhiyuan.law.errors import LawError

TASK_KIND = "enforcement.refusal_answer"
NODES = {
    "refusal.propose": "提请拒执移送",
    "refusal.approve": "批准拒执移送",
    "refusal.refuse": "不予批准拒执移送",
    "refusal.refer": "移送公安机关",
    "refusal.extend": "公安机关延长审查期限",
    "refusal.filed": "公安机关立案",
    "refusal.declined": "公安机关不予立案",
    "refusal.supervision": "提请检察院立案监督",
    "refusal.private": "拒执自诉立案",
    "refusal.recovered": "拒执移送追回款项",
    "refusal.outcome": "拒执案件结果",
    "sanction.propose": "提请罚款、拘留",
    "sanction.approve": "批准罚款、拘留",
    "sanction.refuse": "不予批准罚款、拘留",
}


def register_task_kind() -> None:
    """The affairs center's task that follows a referral until the police answer (due on their last day)."""
    affairs.register_kind(
        affairs.TaskKind(
            TASK_KIND,
            "跟进公安机关拒执立案答复",
            "Follow up the police's answer on a refusal referral",
            "documents",
        )
    )


def snapshot(r: Referral) -> dict[str, Any]:
    """What the audit keeps of a referral."""
    return {
        "referral": r.pk,
        "state": r.state,
        "suspect": r.suspect_id,
        "police": r.police,
        "referred_on": r.referred_on.isoformat() if r.referred_on else None,
        "decide_by": r.decide_by.isoformat() if r.decide_by else None,
        "outcome": r.outcome,
        "recovered_amount": str(r.recovered_amount),
        "private_case": r.private_case_id,
    }


def _who(user: Any, request: Any) -> Actor:
    return actor_of(user, request)


def _log(r: Referral, node: str, on: dt.date, who: Actor, **extra: Any) -> None:
    cases.log_node(r.case, node, on, who, {"referral": r.pk, **extra})


def _locked(r: Referral, *states: str) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "suspect", "private_case")
        .get(pk=r.pk)
    )
    if states and locked.state not in states:
        raise LawError(
            "referral_state_invalid",
            f"拒执移送当前为“{ReferralState(locked.state).label}”，不能进行此操作。",
            f"The referral is {locked.state}; this step is not possible now.",
            state=locked.state,
        )
    return locked


def _save(who: Actor, action: str, r: Referral, before: dict[str, Any], **extra: Any) -> None:
    r.save()
    record(who, f"enforcement.refusal.{action}", obj=r.case, before=before, after={**snapshot(r), **extra})


def propose(
    user: Any,
    case: Case,
    *,
    suspect_id: int,
    police: str,
    situation: str,
    evidence: Any,
    on: dt.date,
    request: Any = None,
) -> Referral:
    """The officer proposes referring ``suspect`` (a party of the case, not the applicant) to ``police``
    with the statement of the enforcement situation and the evidence list (every Art 4 category)."""
    rules.check_case(user, case, request=request)
    suspect = rules.suspect_of(case, suspect_id)
    police = rules.text(police, "police", rules.POLICE_MAX, required=True)
    situation = rules.long_text(situation, "situation")
    items = rules.evidence(evidence)
    who = _who(user, request)
    with transaction.atomic():
        r = Referral.objects.create(
            case=case,
            court_id=case.court_id,
            suspect=suspect,
            police=police,
            situation=situation,
            evidence=items,
            proposed_on=on,
            proposed_by_id=user.pk,
            proposed_by_name=user.get_full_name() or user.username,
        )
        record(who, "enforcement.refusal.propose", obj=case, after=snapshot(r))
        _log(r, "refusal.propose", on, who, suspect=suspect.display_name)
    return r


def decide(
    approver: Any, referral: Referral, grant: bool, on: dt.date, reason: str = "", request: Any = None
) -> Referral:
    """Approve the referral or refuse it with a reason: by an approver of the case's court with a verified
    second factor, never the proposer. Two approvers at once: the row lock lets one decide."""
    case = referral.case
    authorize_approval(approver, referral.proposed_by_id, request, obj=case, court_id=case.court_id)
    reason = rules.text(reason, "reason", required=not grant)
    who = _who(approver, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.PENDING)
        rules.not_before(
            on,
            r.proposed_on,
            "decision_before_proposal",
            "审批日期不能早于提请日期。",
            "The decision precedes the proposal.",
        )
        before = snapshot(r)
        r.decided_on, r.decided_by_id, r.decided_by_name = on, approver.pk, approver.get_full_name()
        r.state = ReferralState.APPROVED if grant else ReferralState.REFUSED
        r.refusal_reason = "" if grant else reason
        _save(who, "approve" if grant else "refuse", r, before, reason=reason)
        _log(r, "refusal.approve" if grant else "refusal.refuse", on, who, reason=reason)
    return r


def _task_key(r: Referral) -> str:
    """The follow-up task's key: a new task once the police extended their review (due on the new day)."""
    return f"refusal:{r.pk}:answer" + (":extended" if r.complex_case else "")


def send(
    user: Any,
    referral: Referral,
    *,
    referred_on: dt.date,
    letter_number: str,
    request: Any = None,
) -> Referral:
    """The approved referral went to the police on ``referred_on`` under the letter ``letter_number``: the
    police's last day is computed and an affairs task is due on it."""
    rules.check_case(user, referral.case, request=request)
    letter_number = rules.text(letter_number, "letter_number", rules.NUMBER_MAX)
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.APPROVED)
        rules.not_before(
            referred_on,
            r.decided_on,
            "referral_before_approval",
            "移送日期不能早于批准日期。",
            "The referral precedes its approval.",
        )
        times = rules.deadlines(referred_on, False)
        before = snapshot(r)
        r.state, r.referred_on, r.letter_number = ReferralState.REFERRED, referred_on, letter_number
        r.decide_by = dt.date.fromisoformat(times["decide_by"])
        _save(who, "refer", r, before, citation=times["citation"])
        affairs.spawn(
            r.case,
            TASK_KIND,
            source_key=_task_key(r),
            due=r.decide_by,
            payload={"referral": r.pk, "police": r.police},
            actor=who,
        )
        _log(r, "refusal.refer", referred_on, who, police=r.police, decide_by=times["decide_by"])
    return r


def extend(user: Any, referral: Referral, on: dt.date, request: Any = None) -> Referral:
    """The police extended their review (a grave, difficult or complex case): the last day moves to the
    longer period, and so does the task's due date."""
    rules.check_case(user, referral.case, request=request)
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.REFERRED)
        if r.complex_case:
            raise LawError(
                "referral_already_extended", "审查期限已经延长。", "The review was already extended."
            )
        assert r.referred_on is not None
        rules.not_before(
            on,
            r.referred_on,
            "answer_before_referral",
            "日期不能早于移送日期。",
            "The date precedes the referral.",
        )
        times = rules.deadlines(r.referred_on, True)
        before = snapshot(r)
        affairs.close_by_system(_task_key(r), who, done=True, note=f"审查期限延长至 {times['decide_by']}")
        r.complex_case, r.decide_by = True, dt.date.fromisoformat(times["decide_by"])
        _save(who, "extend", r, before)
        affairs.spawn(
            r.case,
            TASK_KIND,
            source_key=_task_key(r),
            due=r.decide_by,
            payload={"referral": r.pk, "police": r.police, "extended": True},
            actor=who,
        )
        _log(r, "refusal.extend", on, who, decide_by=times["decide_by"])
    return r


def answer(
    user: Any,
    referral: Referral,
    *,
    filed: bool,
    on: dt.date,
    police_case_number: str = "",
    reasons: str = "",
    request: Any = None,
) -> Referral:
    """The police's answer: 立案 (with their case number) or 不予立案 (with their reasons, which they must
    give). The follow-up task closes."""
    rules.check_case(user, referral.case, request=request)
    police_case_number = rules.text(police_case_number, "police_case_number", rules.NUMBER_MAX)
    reasons = rules.long_text(reasons, "reasons", required=not filed)
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.REFERRED)
        rules.not_before(
            on,
            r.referred_on,
            "answer_before_referral",
            "答复日期不能早于移送日期。",
            "The answer precedes the referral.",
        )
        before = snapshot(r)
        r.answered_on = on
        if filed:
            r.state, r.police_case_number = ReferralState.FILED, police_case_number
        else:
            r.state, r.decline_reasons = ReferralState.DECLINED, reasons
        _save(who, "filed" if filed else "declined", r, before)
        late = r.decide_by is not None and on > r.decide_by
        note = f"{'立案' if filed else '不予立案'}（{on.isoformat()}{'，逾期' if late else ''}）"
        affairs.close_by_system(_task_key(r), who, done=True, note=note)
        _log(r, "refusal.filed" if filed else "refusal.declined", on, who, late=late, reasons=reasons)
    return r


def overdue(r: Referral, today: dt.date) -> bool:
    """Is the police's answer overdue on ``today``?"""
    return r.state == ReferralState.REFERRED and r.decide_by is not None and today > r.decide_by


def request_supervision(
    user: Any, referral: Referral, on: dt.date, note: str, request: Any = None
) -> Referral:
    """Ask the procuratorate to supervise (提请检察院监督): after a decline, or when the police are late."""
    rules.check_case(user, referral.case, request=request)
    note = rules.long_text(note, "note")
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.DECLINED, ReferralState.REFERRED)
        if r.state == ReferralState.REFERRED and not overdue(r, on):
            raise LawError(
                "supervision_too_early",
                f"公安机关的决定期限至 {r.decide_by} 届满，届满前不能提请检察监督（不予立案的除外）。",
                f"The police have until {r.decide_by}; supervision is asked after that or after a decline.",
            )
        if r.supervision_on is not None:
            raise LawError(
                "supervision_already_requested", "已经提请检察监督。", "Supervision was already asked."
            )
        before = snapshot(r)
        r.supervision_on, r.supervision_note = on, note
        _save(who, "supervision", r, before, note=note)
        _log(r, "refusal.supervision", on, who)
    return r


def private_open(r: Referral, on: dt.date) -> bool:
    """May the applicant prosecute privately on ``on``: the police declined, or stayed silent for the
    whole silence period, or the proceedings were withdrawn (不起诉, 撤案)?"""
    if r.private_case_id is not None:
        return False
    if r.state == ReferralState.DECLINED:
        return True
    if r.state == ReferralState.CLOSED and r.outcome == ReferralOutcome.WITHDRAWN:
        return True
    if r.state == ReferralState.REFERRED and r.referred_on is not None:
        times = rules.deadlines(r.referred_on, r.complex_case)
        return on >= dt.date.fromisoformat(times["private_prosecution_from"])
    return False


def file_private(user: Any, referral: Referral, *, filed_on: dt.date, request: Any = None) -> Case:
    """The applicant's private prosecution (自诉) filed at the court (``case:file``): a 刑初 case with the
    enforcement case as its origin (the dispute graph links them; derivative kind ``refusal_crime``), the
    applicants as private prosecutors and the suspect as the defendant."""
    case = referral.case
    authorize_in_scope(user, rules.FILE, case, request)
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral)
        if not private_open(r, filed_on):
            raise LawError(
                "private_prosecution_not_open",
                "公安机关不予立案、接受移送后六十日内未书面答复或者检察院不起诉的，申请执行人方可提起自诉。",
                "Private prosecution is open after the police declined, stayed silent for sixty days, or "
                "the prosecution was dropped.",
                citation=law.PRIVATE_PROSECUTION.text(),
            )
        applicants = CaseParty.objects.filter(case=case, side=Side.PLAINTIFF).select_related("party")
        people = [cases.carried_over(cp) for cp in applicants]
        people.append(replace(cases.carried_over(r.suspect), side=Side.DEFENDANT))
        private = cases.file_case(
            user,
            court_code=case.court_code,
            type_code="刑初",
            filed_on=filed_on,
            parties_in=people,
            cause="拒不执行判决、裁定罪",
            origin=case,
            request=request,
        )
        before = snapshot(r)
        r.private_case = private
        _save(who, "private", r, before, private_case_number=private.case_number)
        _log(r, "refusal.private", filed_on, who, private_case=private.case_number)
    return private


def record_recovered(
    user: Any, referral: Referral, amount: Any, on: dt.date, request: Any = None
) -> Referral:
    """The money recovered because of the referral so far (the total, yuan): the debtor paid after being
    referred, charged or tried."""
    rules.check_case(user, referral.case, request=request)
    total = rules.recovered(amount)
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral)
        if r.referred_on is None:
            raise LawError(
                "referral_not_sent",
                "尚未移送公安机关，没有因移送追回的款项。",
                "The referral has not been sent.",
            )
        if r.case.claim_amount is not None and total > r.case.claim_amount:
            raise LawError(
                "recovered_above_claim",
                f"追回金额超过申请执行标的 {r.case.claim_amount} 元。",
                f"The recovered amount exceeds the claim of {r.case.claim_amount} yuan.",
                field="recovered_amount",
            )
        before = snapshot(r)
        r.recovered_amount = Decimal(total)
        _save(who, "recovered", r, before)
        _log(r, "refusal.recovered", on, who, amount=str(total))
    return r


def record_outcome(user: Any, referral: Referral, outcome: str, on: dt.date, request: Any = None) -> Referral:
    """How the criminal proceedings ended (convicted, acquitted, withdrawn): after the police filed the
    case, or in the private prosecution."""
    rules.check_case(user, referral.case, request=request)
    if outcome not in ReferralOutcome.values:
        raise LawError(
            "outcome_invalid",
            f"结果须为 {'、'.join(ReferralOutcome.values)} 之一。",
            f"The outcome must be one of {', '.join(ReferralOutcome.values)}.",
            field="outcome",
        )
    who = _who(user, request)
    with transaction.atomic():
        r = _locked(referral, ReferralState.FILED, ReferralState.DECLINED, ReferralState.REFERRED)
        if r.state != ReferralState.FILED and r.private_case_id is None:
            raise LawError(
                "no_criminal_case",
                "公安机关未立案且没有自诉案件，不能登记刑事结果。",
                "Neither the police nor a private prosecution opened a criminal case.",
            )
        rules.not_before(
            on,
            r.answered_on or r.referred_on,
            "outcome_before_answer",
            "结果日期不能早于立案日期。",
            "The outcome precedes the case.",
        )
        before = snapshot(r)
        r.state, r.outcome, r.outcome_on = ReferralState.CLOSED, outcome, on
        _save(who, "outcome", r, before)
        _log(r, "refusal.outcome", on, who, outcome=outcome)
    return r
