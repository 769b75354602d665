"""The 执转破 workflow's writes (法发〔2017〕2号), each one transaction, audited, court-scoped and permission-checked:

- :func:`record_consent` — a written consent (item 2(2)): the debtor's, or an applicant's of the case.
- :func:`propose` — the officer (``enforcement:terminate``) proposes the transfer on an enforcement case of an
  enterprise debtor; ``law.bankruptcy_transfer`` must find it transferable and names the receiving court.
- :func:`decide` — the court's president (item 4, ``approval:grant`` with a second factor, never the proposer,
  of the case's own court) decides once (two deciders at once: one decision, the other ``transfer_state``).
  The decision suspends every open enforcement case of this court against the debtor (item 8; the workflow
  owns the moves ``suspend``/``unsuspend``), gives every other court's open case a task to suspend, tells the
  closed ones, files the 破申 case at the receiving court (origin: the proposing case, so one dispute graph).
- :func:`suspend_notified` — another court's officer suspends their case on the task.
- :func:`record_outcome` — a judge of the receiving court (``trial:adjudicate``) records acceptance (受理,
  item 17: the cases stay suspended and are noted for termination once bankruptcy is declared) or rejection
  (不予受理, item 18: every suspended case resumes); the 破申 case closes; every case gets a task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

import zhiyuan.affairs.services as affairs
from zhiyuan.accounts.policy import authorize_approval, authorize_in_scope, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.bankruptcy import names, selectors
from zhiyuan.enforcement.models import (
    Consent,
    ConsentBy,
    LinkRole,
    LinkState,
    Transfer,
    TransferCase,
    TransferState,
)
from zhiyuan.enforcement.termination.services import day_of, text_of
from zhiyuan.law.bankruptcy import transfer as transfer_rule
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party

PROPOSE = "enforcement:terminate"
HANDLE = "enforcement:handle"
ADJUDICATE = "trial:adjudicate"
SUSPENDABLE = ("filed", "notified", "executing")


def not_found() -> LawError:
    """The same answer whether the case does not exist or is out of scope."""
    return LawError(
        "case_not_found", "执行案件不存在或不在您的权限范围内。", "No such enforcement case in your scope."
    )


def _check(user: Any, case: Case, permission: str, request: Any) -> Actor:
    authorize_in_scope(user, permission, case, request)
    if case.type_code not in names.TYPES:
        raise not_found()
    return actor_of(user, request)


def _debtor(case: Case, party_id: object) -> Party:
    link = CaseParty.objects.select_related("party").filter(case=case, side=Side.DEFENDANT)
    found = link.filter(party_id=party_id).first() if isinstance(party_id, int) else None
    if found is None:
        raise LawError(
            "not_a_debtor",
            "请选择本案的被执行人。",
            "Choose a debtor (被执行人) of this case.",
            field="debtor",
        )
    return found.party


def record_consent(
    user: Any,
    case: Case,
    debtor_id: int,
    by: str,
    party_id: int,
    given_on: object,
    evidence: str,
    request: Any = None,
) -> Consent:
    """Record a written consent to the transfer (item 2(2)): ``by`` the debtor itself (``party_id`` the
    debtor) or an applicant of this case (``party_id`` a creditor of the case), given on ``given_on``, with
    the evidence (the signed statement, where it is kept)."""
    if by not in ConsentBy.values:
        raise LawError("consent_by_invalid", "请选择同意人身份。", "Choose who consented.", field="by")
    words = text_of(evidence, "evidence", "请写明书面同意的证明材料。", "Describe the written consent.")
    day = day_of(given_on, "given_on")
    who = _check(user, case, PROPOSE, request)
    debtor = _debtor(case, debtor_id)
    side = Side.DEFENDANT if by == ConsentBy.DEBTOR else Side.PLAINTIFF
    consenting = CaseParty.objects.filter(case=case, side=side, party_id=party_id).first()
    if consenting is None or (by == ConsentBy.DEBTOR and consenting.party_id != debtor.pk):
        raise LawError(
            "consenting_party_invalid",
            "同意人须为该被执行人本人或本案的申请执行人。",
            "The consenting party must be the debtor itself or an applicant of this case.",
            field="party",
        )
    with transaction.atomic():
        made = Consent.objects.create(
            case=case,
            debtor=debtor,
            by=by,
            party_id=consenting.party_id,
            given_on=day,
            evidence=words,
            recorded_by_id=who.id,
            recorded_by_name=user.get_full_name(),
        )
        after = {"debtor": debtor.pk, "by": by, "party": consenting.party_id, "given_on": day.isoformat()}
        record(who, "enforcement.bankruptcy.consent", obj=case, after=after | {"evidence": words})
        cases.log_node(case, "bankruptcy.consent", day, who, after)
    return made


def _kind(party: Party) -> str:
    return {"legal_person": "enterprise_legal_person", "natural_person": "person"}.get(
        party.kind, "other_organization"
    )


def _court_code(value: object, default: str) -> str:
    code = str(value or "").strip() or default
    if len(code) > 20:
        raise LawError(
            "court_unknown", "法院代字过长。", "The court code is too long.", field="domicile_court"
        )
    return code


def run_rule(
    debtor: Party, domicile_court: str, unable: bool, insolvent: bool, on: dt.date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts of ``debtor`` (its consents from the parties registry, across courts) and the answer of
    ``zhiyuan law bankruptcy-transfer``."""
    facts = {
        "debtor_kind": _kind(debtor),
        "written_consent": selectors.consent_of(debtor.pk),
        "unable_to_pay_due_debts": bool(unable),
        "insolvent_or_clearly_unable": bool(insolvent),
        "domicile_court": domicile_court,
        "on": on.isoformat(),
    }
    ref = courts.reference()
    return facts, transfer_rule(facts, ref.params, ref.courts)


def refusal(result: dict[str, Any]) -> LawError:
    """The rule said no: the missing conditions in words, both languages."""
    missing = list(result["missing"])
    zh = "；".join(selectors.MISSING[m][0] for m in missing)
    en = "; ".join(selectors.MISSING[m][1] for m in missing)
    return LawError(
        "transfer_not_allowed",
        f"不符合执行案件移送破产审查的条件（执转破指导意见第2条）：{zh}。",
        f"The case cannot be transferred to bankruptcy review (guidance item 2): {en}.",
        missing=missing,
    )


def propose(
    user: Any,
    case: Case,
    debtor_id: int,
    on: object,
    *,
    unable_to_pay: bool,
    insolvent: bool,
    basis: str,
    domicile_court: object = "",
    request: Any = None,
) -> Transfer:
    """Propose the transfer of the enforcement against ``debtor_id`` (a debtor of ``case``) on ``on``; the
    rule must allow it (``transfer_not_allowed`` with the missing conditions otherwise, audited). One open
    transfer per debtor (``transfer_open``)."""
    why = text_of(
        basis, "basis", "请写明被执行人不能清偿到期债务的事实与证据。", "State the facts of insolvency."
    )
    day = day_of(on)
    who = _check(user, case, PROPOSE, request)
    debtor = _debtor(case, debtor_id)
    facts, result = run_rule(
        debtor, _court_code(domicile_court, case.court_code), unable_to_pay, insolvent, day
    )
    if not result["transferable"]:
        with transaction.atomic():
            record(who, "enforcement.bankruptcy.not_transferable", obj=case, outcome="denied", after=result)
        raise refusal(result)
    receiving = Court.objects.filter(code=result["receiving_court"]).first()
    if receiving is None:
        raise LawError(
            "receiving_court_unknown",
            f"受移送法院“{result['receiving_court']}”不在本平台的法院名录中。",
            f"The receiving court {result['receiving_court']} is not in this platform's court table.",
        )
    try:
        with transaction.atomic():
            made = Transfer.objects.create(
                case=case,
                court_id=case.court_id,
                debtor=debtor,
                receiving_court=receiving,
                facts=facts,
                result=result,
                basis=why,
                proposed_on=day,
                proposed_by_id=user.pk,
                proposed_by_name=user.get_full_name(),
            )
            after = {"transfer": made.pk, "debtor": debtor.pk, "receiving_court": receiving.code}
            record(who, "enforcement.bankruptcy.propose", obj=case, after=after | {"facts": facts})
            cases.log_node(case, "bankruptcy.proposed", day, who, after)
    except IntegrityError as err:
        raise LawError(
            "transfer_open",
            "该被执行人已有待审批或已决定的移送破产审查。",
            "This debtor already has a pending or decided transfer to bankruptcy review.",
        ) from err
    return made


def _locked(transfer: Transfer, *states: str) -> Transfer:
    locked = (
        Transfer.objects.select_for_update()
        .select_related("case", "debtor", "receiving_court")
        .filter(pk=transfer.pk)
        .first()
    )
    if locked is None:
        raise not_found()
    if locked.state not in states:
        raise LawError(
            "transfer_state",
            f"移送破产审查当前为“{locked.get_state_display()}”，不能进行此操作。",
            f"The transfer is '{locked.state}'; this step is not possible now.",
            state=locked.state,
        )
    return locked


def _approver(approver: Any, transfer: Transfer, request: Any) -> Actor:
    case = transfer.case
    authorize_approval(approver, transfer.proposed_by_id, request, obj=case, court_id=case.court_id)
    if names.APPROVER_ROLE not in approver.role_codes:
        raise refuse(
            approver,
            "approver_role_required",
            "移送决定须由执行法院院长签署。",
            "The transfer decision is signed by the court's president.",
            request,
            case,
        )
    return actor_of(approver, request)


def refuse_transfer(
    approver: Any, transfer: Transfer, reason: str, on: object, request: Any = None
) -> Transfer:
    """The president does not approve the proposal, with a reason."""
    why = text_of(reason, "reason", "不予批准须说明理由。", "A refusal needs a reason.")
    day = day_of(on)
    who = _approver(approver, transfer, request)
    with transaction.atomic():
        locked = _locked(transfer, TransferState.PROPOSED)
        locked.state, locked.refusal_reason = TransferState.REFUSED, why
        locked.decided_on, locked.decided_by_id, locked.decided_by_name = (
            day,
            approver.pk,
            approver.get_full_name(),
        )
        locked.save()
        record(
            who,
            "enforcement.bankruptcy.refuse",
            obj=locked.case,
            after={"transfer": locked.pk, "reason": why},
        )
        cases.log_node(locked.case, "bankruptcy.refused", day, who, {"transfer": locked.pk})
    return locked


def _open_cases(debtor: Party) -> list[Case]:
    ids = CaseParty.objects.filter(party=debtor, side=Side.DEFENDANT, case__type_code__in=names.TYPES)
    return list(Case.objects.filter(pk__in=ids.values("case_id")).select_related("court").order_by("pk"))


def _bankruptcy_case(transfer: Transfer, day: dt.date, who: Actor) -> Case:
    links = CaseParty.objects.filter(case=transfer.case).select_related("party").order_by("side", "position")
    parties = [cases.carried_over(cp) for cp in links if cp.side == Side.PLAINTIFF]
    parties += [cases.carried_over(cp) for cp in links if cp.party_id == transfer.debtor_id]
    return cases.file_case(
        None,
        court_code=transfer.receiving_court.code,
        type_code=names.APPLICATION_TYPE,
        filed_on=day,
        parties_in=parties,
        cause="申请破产清算",
        origin=transfer.case,
        actor=who,
    )


def decide(approver: Any, transfer: Transfer, on: object, request: Any = None) -> Transfer:
    """The transfer decision (移送决定, item 4) on ``on``: the rule is run again on the debtor's facts of that
    day; this court's open cases are suspended, other courts' open cases get a task, closed ones are told, the
    破申 case is filed at the receiving court. Exactly one of two deciders at once succeeds."""
    day = day_of(on)
    who = _approver(approver, transfer, request)
    with transaction.atomic():
        locked = _locked(transfer, TransferState.PROPOSED)
        if day < locked.proposed_on:
            raise LawError(
                "decision_before_proposal",
                "决定日期不能早于提请日期。",
                "The decision precedes the proposal.",
            )
        facts, result = run_rule(
            locked.debtor,
            locked.facts["domicile_court"],
            locked.facts["unable_to_pay_due_debts"],
            locked.facts["insolvent_or_clearly_unable"],
            day,
        )
        if not result["transferable"]:
            raise refusal(result)
        filed = _bankruptcy_case(locked, day, who)
        locked.state, locked.bankruptcy_case = TransferState.DECIDED, filed
        locked.facts, locked.result = facts, result
        locked.decided_on, locked.decided_by_id, locked.decided_by_name = (
            day,
            approver.pk,
            approver.get_full_name(),
        )
        locked.save()
        touched = [_touch(locked, case, day, who) for case in _open_cases(locked.debtor)]
        after = {
            "transfer": locked.pk,
            "bankruptcy_case": filed.case_number,
            "receiving_court": locked.receiving_court.code,
            "cases": {link.case.case_number: link.state for link in touched},
            "citations": [f"{names.GUIDANCE}第{i}条" for i in ("2", "3", "4", "8")],
        }
        record(who, "enforcement.bankruptcy.decide", obj=locked.case, after=after)
        cases.log_node(locked.case, "bankruptcy.decided", day, who, {"to": filed.case_number})
    return locked


def _touch(transfer: Transfer, case: Case, day: dt.date, who: Actor) -> TransferCase:
    """What the decision does to one enforcement case against the debtor."""
    own = case.court_id == transfer.court_id
    link = TransferCase(transfer=transfer, case=case, role=LinkRole.OWN if own else LinkRole.OTHER)
    if case.status == CLOSED:
        link.state = LinkState.CLOSED
        link.save()
    elif own and case.status in SUSPENDABLE:
        link.state, link.suspended_on = LinkState.SUSPENDED, day
        link.save()  # first: the workflow owns the move of a case bound by an open transfer
        cases.transition(
            None, case, names.SUSPEND, day, workflow=names.NAME, actor=who, note="执转破移送决定"
        )
    elif case.status == "suspended":
        link.state, link.suspended_on = LinkState.SUSPENDED, day
        link.save()
    else:
        link.state = LinkState.NOTIFIED
        link.save()
        affairs.spawn(
            case,
            task_kinds.BANKRUPTCY_SUSPEND,
            source_key=f"bankruptcy:{transfer.pk}:suspend:{case.pk}",
            payload={"transfer": transfer.pk, "court": transfer.court.code, "on": day.isoformat()},
            actor=who,
            on=day,
        )
        cases.log_node(case, "bankruptcy.notified", day, who, {"from": transfer.case.case_number})
    return link


def suspend_notified(user: Any, case: Case, on: object, request: Any = None) -> TransferCase:
    """Another court's officer suspends their case against a transferred debtor (item 8), closing the task."""
    day = day_of(on)
    who = _check(user, case, HANDLE, request)
    with transaction.atomic():
        link = (
            TransferCase.objects.select_for_update()
            .select_related("transfer")
            .filter(case=case, state=LinkState.NOTIFIED, transfer__state=TransferState.DECIDED)
            .first()
        )
        if link is None:
            raise LawError(
                "nothing_to_suspend",
                "本案没有待中止的移送破产审查通知。",
                "This case has no transfer notice waiting for suspension.",
            )
        cases.transition(
            None, case, names.SUSPEND, day, workflow=names.NAME, actor=who, note="执转破移送决定"
        )
        link.state, link.suspended_on = LinkState.SUSPENDED, day
        link.save(update_fields=["state", "suspended_on"])
        record(who, "enforcement.bankruptcy.suspend", obj=case, after={"transfer": link.transfer_id})
        affairs.complete_by_key(
            user, f"bankruptcy:{link.transfer_id}:suspend:{case.pk}", "已中止执行", request
        )
    return link


def record_outcome(
    user: Any, transfer: Transfer, accepted: bool, on: object, note: str, request: Any = None
) -> Transfer:
    """The receiving court's ruling on the 破申 case, recorded by its judge: acceptance keeps every case
    suspended and notes it for termination once bankruptcy is declared (item 17; 民诉法解释); rejection
    resumes every case the transfer suspended (item 18). The 破申 case closes (confirmed / rejected)."""
    words = text_of(
        note, "note", "请写明裁定书文号与裁定情况。", "Give the ruling's number and what it says."
    )
    day = day_of(on)
    filed = transfer.bankruptcy_case
    if filed is None:
        raise LawError(
            "transfer_state", "尚未决定移送。", "The transfer is not decided.", state=transfer.state
        )
    authorize_in_scope(user, ADJUDICATE, filed, request)
    if user.court_id != filed.court_id:
        raise refuse(
            user,
            "not_receiving_court",
            "须由受移送法院的人员登记受理或不予受理。",
            "Only the receiving court records its ruling.",
            request,
            filed,
        )
    who = actor_of(user, request)
    with transaction.atomic():
        locked = _locked(transfer, TransferState.DECIDED)
        if day < (locked.decided_on or day):
            raise LawError(
                "before_decision", "裁定日期早于移送决定日期。", "The ruling precedes the decision."
            )
        locked.state = TransferState.ACCEPTED if accepted else TransferState.REJECTED
        locked.outcome_on, locked.outcome_by_name, locked.outcome_note = day, user.get_full_name(), words
        locked.save()
        cases.transition(
            None,
            filed,
            names.DECIDE,
            day,
            closing_method="confirmed" if accepted else "rejected",
            note=words,
            workflow=names.NAME,
            actor=who,
        )
        moved = [_react(locked, link, accepted, day, who) for link in locked.links.select_related("case")]
        node = "bankruptcy.accepted" if accepted else "bankruptcy.rejected"
        item = "17" if accepted else "18"
        after = {
            "transfer": locked.pk,
            "accepted": accepted,
            "note": words,
            "cases": moved,
            "citation": f"{names.GUIDANCE}第{item}条",
        }
        record(
            who, f"enforcement.bankruptcy.{'accept' if accepted else 'reject'}", obj=locked.case, after=after
        )
        cases.log_node(locked.case, node, day, who, {"bankruptcy_case": filed.case_number})
    return locked


def _react(transfer: Transfer, link: TransferCase, accepted: bool, day: dt.date, who: Actor) -> str:
    case = link.case
    if accepted and link.state in (LinkState.SUSPENDED, LinkState.NOTIFIED):
        link.state = LinkState.TO_TERMINATE
    elif not accepted and link.state == LinkState.SUSPENDED:
        locked = Case.objects.get(pk=case.pk)
        if locked.status == CLOSED:  # closed meanwhile (e.g. performed): nothing to resume
            link.state = LinkState.CLOSED
        else:
            if locked.status == "suspended":
                cases.transition(
                    None,
                    locked,
                    names.UNSUSPEND,
                    day,
                    workflow=names.NAME,
                    actor=who,
                    note="破产审查不予受理",
                )
            link.state, link.resumed_on = LinkState.RESUMED, day
    elif not accepted and link.state == LinkState.NOTIFIED:
        link.state = LinkState.RESUMED
    link.save()
    if link.state != LinkState.CLOSED:
        affairs.spawn(
            case,
            task_kinds.BANKRUPTCY_OUTCOME,
            source_key=f"bankruptcy:{transfer.pk}:outcome:{case.pk}",
            payload={"transfer": transfer.pk, "accepted": accepted, "on": day.isoformat()},
            actor=who,
            on=day,
        )
    cases.log_node(case, "bankruptcy.accepted" if accepted else "bankruptcy.rejected", day, who, {})
    return f"{case.case_number}:{link.state}"
