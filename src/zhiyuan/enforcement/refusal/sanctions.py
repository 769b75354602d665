"""Fines and detention (罚款、拘留; 民事诉讼法 Arts 114, 118, 119): the officer proposes
(``enforcement:refer``), the court president or a delegate decides (``enforcement:sanction_approve`` and
``approval:grant``, a verified second factor, never the proposer, of the case's court). The amount or the
days are checked by ``sanction-check`` when proposed and again on the decision day; the decision number is
given on approval. Each step is one transaction with its audit record and a node in the case's log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, authorize_approval
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import Sanction, SanctionKind, SanctionState, SanctionSubject
from zhiyuan.enforcement.refusal import rules
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import PartyKind

TARGET_MAX = 200


def snapshot(s: Sanction) -> dict[str, Any]:
    """What the audit keeps of a sanction."""
    return {
        "sanction": s.pk,
        "kind": s.kind,
        "subject": s.subject,
        "target": s.target_name,
        "amount": None if s.amount is None else str(s.amount),
        "days": s.days,
        "state": s.state,
        "decision_number": s.decision_number,
    }


def _facts(kind: str, subject: str, amount: Any, days: Any, on: dt.date) -> dict[str, Any]:
    facts: dict[str, Any] = {"kind": kind, "subject": subject, "on": on.isoformat()}
    if kind == SanctionKind.FINE:
        facts["amount"] = None if amount is None else str(amount)
    else:
        facts["days"] = days
    return facts


def propose(
    user: Any,
    case: Case,
    *,
    kind: str,
    subject: str,
    grounds: str,
    on: dt.date,
    party_id: int | None = None,
    target_name: str = "",
    amount: Any = None,
    days: int | None = None,
    request: Any = None,
) -> Sanction:
    """Propose a fine (``amount`` yuan) or a detention (``days``) on a party of the case or on a unit's
    principal or directly responsible person (``target_name``), within the limits in force on ``on``."""
    rules.check_case(user, case, request=request)
    party = rules.party_of(case, party_id) if party_id is not None else None
    target_name = rules.text(target_name, "target_name", TARGET_MAX)
    if party is not None and not target_name:
        target_name = party.display_name
    if not target_name:
        raise LawError(
            "target_name_required", "请写明被处罚人。", "Name who is sanctioned.", field="target_name"
        )
    if (
        party is not None
        and party.party.kind != PartyKind.NATURAL_PERSON
        and subject == SanctionSubject.INDIVIDUAL
        and target_name == party.display_name
    ):
        raise LawError(
            "sanction_person_required",
            "对单位的主要负责人或者直接责任人员处罚的，请写明其姓名。",
            "Sanctioning a unit's principal or responsible person: give the person's name.",
            field="target_name",
        )
    grounds = rules.long_text(grounds, "grounds")
    limits = rules.sanction_limits(_facts(kind, subject, amount, days, on))
    who = actor_of(user, request)
    with transaction.atomic():
        s = Sanction.objects.create(
            case=case,
            court_id=case.court_id,
            case_party=party,
            target_name=target_name,
            kind=limits["kind"],
            subject=limits["subject"],
            amount=Decimal(limits["amount"]) if limits["amount"] is not None else None,
            days=limits["days"],
            grounds=grounds,
            proposed_on=on,
            proposed_by_id=user.pk,
            proposed_by_name=user.get_full_name() or user.username,
            limits=limits,
        )
        record(who, "enforcement.sanction.propose", obj=case, after=snapshot(s))
        cases.log_node(case, "sanction.propose", on, who, {"sanction": s.pk, "kind": s.kind})
    return s


def _locked(s: Sanction) -> Sanction:
    locked = Sanction.objects.select_for_update(of=("self",)).select_related("case").get(pk=s.pk)
    if locked.state != SanctionState.PENDING:
        raise LawError(
            "sanction_state_invalid",
            f"该{SanctionKind(locked.kind).label}已“{SanctionState(locked.state).label}”，不能再审批。",
            f"The {locked.kind} is already {locked.state}.",
            state=locked.state,
        )
    return locked


def decide(
    approver: Any, sanction: Sanction, grant: bool, on: dt.date, reason: str = "", request: Any = None
) -> Sanction:
    """The president (or a delegate) approves — the limits checked again on ``on`` and the decision
    numbered — or refuses with a reason. Two approvers at once: the row lock lets one decide."""
    case = sanction.case
    authorize(approver, rules.APPROVE_SANCTION, request, obj=case)
    authorize_approval(approver, sanction.proposed_by_id, request, obj=case, court_id=case.court_id)
    reason = rules.text(reason, "reason", required=not grant)
    who = actor_of(approver, request)
    with transaction.atomic():
        s = _locked(sanction)
        rules.not_before(
            on,
            s.proposed_on,
            "decision_before_proposal",
            "决定日期不能早于提请日期。",
            "The decision precedes the proposal.",
        )
        before = snapshot(s)
        s.decided_on, s.decided_by_id, s.decided_by_name = on, approver.pk, approver.get_full_name()
        if grant:
            s.limits = rules.sanction_limits(_facts(s.kind, s.subject, s.amount, s.days, on))
            s.state = SanctionState.APPROVED
            s.save()
            word = "罚" if s.kind == SanctionKind.FINE else "拘"
            s.decision_number = f"{case.case_number}之{word}{_sequence(case, s)}"
        else:
            s.state, s.refusal_reason = SanctionState.REFUSED, reason
        s.save()
        record(
            who,
            f"enforcement.sanction.{'approve' if grant else 'refuse'}",
            obj=case,
            before=before,
            after={**snapshot(s), "reason": reason},
        )
        cases.log_node(
            case,
            "sanction.approve" if grant else "sanction.refuse",
            on,
            who,
            {"sanction": s.pk, "kind": s.kind, "decision_number": s.decision_number, "reason": reason},
        )
    return s


def _sequence(case: Case, s: Sanction) -> int:
    """The approved sanction's number among the case's approved ones of its kind; the case row is locked
    first, so two sanctions of one case approved at once do not share a number."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
    return Sanction.objects.filter(case=case, kind=s.kind, state=SanctionState.APPROVED).count()
