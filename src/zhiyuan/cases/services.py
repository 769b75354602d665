"""Case use cases. Each is one transaction with its node log and audit record; permission is checked
before the transaction (so a refusal's audit survives) and the lifecycle refuses invalid moves before
anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import numbers, workflows
from zhiyuan.cases.lifecycles import CLOSED, REVIEW_DEADLINE, Family, Transition, family_of
from zhiyuan.cases.models import Case, CaseDeadline, CaseParty, Dispute, LinkProposal, NodeLog, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court
from zhiyuan.law import guards
from zhiyuan.law.case_numbers import extract, parse
from zhiyuan.law.deadlines import compute as compute_deadline
from zhiyuan.law.derivation import derivative_kind
from zhiyuan.law.errors import LawError
from zhiyuan.law.separation import Violation
from zhiyuan.parties import services as parties


@dataclass(frozen=True)
class PartyIn:
    """A party named in a filing."""

    name: str
    side: str
    id_number: str = ""
    id_type: str = ""  # zhiyuan.law.identity.ID_TYPES; "" takes it from the number's shape


def _who(user: Any, request: Any = None) -> Actor:
    return actor_of(user, request) if user is not None else Actor.system("zhiyuan cases")


def log_node(
    case: Case, node: str, on: dt.date, who: Actor, payload: dict[str, Any] | None = None
) -> NodeLog:
    """Append a node to the case's log."""
    return NodeLog.objects.create(
        case=case, node=node, on=on, actor_id=who.id, actor_name=who.name, payload=payload or {}
    )


def _start_deadlines(case: Case, rules: Iterable[str], node: str, on: dt.date) -> None:
    ref = courts.reference()
    for rule in rules:
        result = compute_deadline({"rule": rule, "start": on.isoformat()}, ref.params, ref.calendar)
        CaseDeadline.objects.create(
            case=case,
            rule=rule,
            node=node,
            start=on,
            due=dt.date.fromisoformat(result["due"]),
            warnings=[w["code"] for w in result["warnings"]],
        )


def _meet_deadlines(case: Case, rules: Iterable[str], on: dt.date) -> None:
    CaseDeadline.objects.filter(case=case, rule__in=list(rules), met_on__isnull=True).update(met_on=on)


def propose_links(case: Case, text: str, source: str) -> list[LinkProposal]:
    """Every other case number mentioned in ``text`` becomes a link proposal for a person to confirm."""
    made = []
    for found in extract(text, courts.reference().case_numbers)["case_numbers"]:
        number = found["normalized"]
        if number == case.case_number:
            continue
        proposal, created = LinkProposal.objects.get_or_create(
            case=case,
            mentioned_number=number,
            defaults={"mentioned_case": Case.objects.filter(case_number=number).first(), "source": source},
        )
        if created:
            made.append(proposal)
    return made


def decide_link(user: Any, proposal: LinkProposal, accept: bool, request: Any = None) -> LinkProposal:
    """Confirm or reject a proposed link (``case:edit``)."""
    if user is not None:
        authorize(user, "case:edit", request, obj=proposal.case)
        if not _visible(user, proposal.case):
            raise LawError(
                "case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope."
            )
    with transaction.atomic():
        proposal.status = "confirmed" if accept else "rejected"
        proposal.save(update_fields=["status"])
        record(
            _who(user, request),
            "cases.link." + proposal.status,
            obj=proposal.case,
            after={"mentioned": proposal.mentioned_number},
        )
    return proposal


def _visible(user: Any, case: Case) -> bool:
    if user is None:
        return True
    return (
        scope_of(user)
        .filter(Case.objects.filter(pk=case.pk), party="parties__party__id_number_hash")
        .exists()
    )


def _refuse(violation: Violation, who: Actor, case: Case | None, what: str) -> LawError:
    record(
        who, "cases.refused", obj=case, outcome="denied", after={"attempted": what, "code": violation.code}
    )
    return LawError(violation.code, violation.message_zh, violation.message_en)


def file_case(
    user: Any,
    *,
    court_code: str,
    type_code: str,
    filed_on: dt.date,
    parties_in: Iterable[PartyIn] = (),
    cause: str = "",
    claim_amount: Decimal | None = None,
    origin: Case | None = None,
    request: Any = None,
) -> Case:
    """File a case: allocate its number, link it to its origin's dispute (or start one), add its parties,
    start the deadlines its family starts, log the node and audit it."""
    family = family_of(type_code)
    if user is not None:
        authorize(user, family.file_permission, request)
    court = Court.objects.filter(code=court_code).first()
    if court is None:
        raise LawError(
            "unknown_court", f"未知法院代字“{court_code}”。", f"Unknown court code '{court_code}'."
        )
    if user is not None and court.pk not in scope_of(user).court_ids:
        raise refuse(
            user,
            "court_out_of_scope",
            f"无权在“{court.name}”立案。",
            f"You may not file at {court.name}.",
            request,
        )
    if origin is not None and user is not None and not _visible(user, origin):
        raise LawError(
            "origin_not_found",
            "来源案件不存在或不在您的权限范围内。",
            "The origin case is not found in your scope.",
        )
    if claim_amount is not None and claim_amount < 0:
        raise LawError("amount_out_of_range", "标的额不得为负。", "The claim amount must not be negative.")
    people = list(parties_in)
    for p in people:
        if p.side not in Side.values:
            raise LawError("side_invalid", f"诉讼地位无效：{p.side}。", f"Invalid side: {p.side}.")
        parties.normalized_id(p.id_number, p.id_type)  # validate before anything is written
    who = _who(user, request)
    with transaction.atomic():
        number, sequence = numbers.allocate(court, filed_on.year, type_code)
        parsed = parse(number, courts.reference().case_numbers)
        matched = courts.cause_by_name(cause, filed_on) if cause else None
        case = Case.objects.create(
            case_number=number,
            year=filed_on.year,
            court=court,
            court_code=court.code,
            type_code=type_code,
            sequence=sequence,
            type_class=parsed.get("type_class") or "",
            family=family.code,
            cause_text=cause,
            cause=matched,
            claim_amount=claim_amount,
            filed_on=filed_on,
            status=family.initial,
            dispute=origin.dispute if origin is not None else Dispute.objects.create(),
            origin=origin,
            derivative_kind=derivative_kind(type_code, origin.type_code, cause) if origin is not None else "",
            flags=[] if matched or not cause else ["cause_unrecognized"],
        )
        for position, p in enumerate(people):
            CaseParty.objects.create(
                case=case,
                party=parties.resolve(p.name, p.id_number, p.id_type),
                side=p.side,
                position=position,
            )
        starts = list(family.starts_on_filing)
        if family.code == "enforcement_review":
            starts = [REVIEW_DEADLINE.get(type_code, "objection_decision")]
        _start_deadlines(case, starts, "filing", filed_on)
        log_node(case, "filing", filed_on, who, {"origin": origin.case_number if origin else None})
        record(
            who,
            "cases.case.file",
            obj=case,
            after={
                "case_number": number,
                "origin": origin.case_number if origin else None,
                "parties": [p.name for p in people],
            },
        )
    return case


def transition(
    user: Any,
    case: Case,
    name: str,
    on: dt.date,
    *,
    closing_method: str = "",
    recovered_amount: Decimal | None = None,
    note: str = "",
    request: Any = None,
    workflow: str = "",
) -> Case:
    """Move a case along its lifecycle; refused with a clear error before anything is written.

    A case managed by a workflow (``zhiyuan.cases.workflows``) moves only when that workflow calls with
    its ``workflow`` name, so its own records stay in step."""
    family: Family = family_of(case.type_code)
    move: Transition | None = family.transitions.get(name)
    who = _who(user, request)
    if user is not None:
        if not _visible(user, case):
            raise LawError(
                "case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope."
            )
        authorize(user, move.permission if move else "case:edit", request, obj=case)
    owner = workflows.owner_of(case)
    if owner is not None and owner.name != workflow:
        raise LawError(
            "managed_by_workflow",
            f"本案由“{owner.zh}”流程办理，请在该流程页面操作：{owner.url(case)}",
            f"This case is handled in the {owner.en} workflow; act on its page: {owner.url(case)}",
            workflow=owner.name,
        )
    if move is None:
        known = ", ".join(family.transitions)
        raise LawError(
            "unknown_transition",
            f"“{family.zh}”没有“{name}”操作。可用：{known}。",
            f"{family.code} has no transition '{name}'. Known: {known}.",
        )
    if case.status not in move.sources:
        raise LawError(
            "transition_not_allowed",
            f"案件处于“{family.states.get(case.status, case.status)}”，不能“{move.zh}”。",
            f"A case in state '{case.status}' cannot '{name}'.",
            state=case.status,
        )
    if move.closing_methods and closing_method not in move.closing_methods:
        raise LawError(
            "closing_method_invalid",
            f"结案方式须为：{', '.join(move.closing_methods)}。",
            f"Closing method must be one of: {', '.join(move.closing_methods)}.",
        )
    if recovered_amount is not None and recovered_amount < 0:
        raise LawError(
            "amount_out_of_range", "到位金额不得为负。", "The recovered amount must not be negative."
        )
    ref = courts.reference()
    checks = [guards.not_before_filing(case.filed_on, on)]
    if "tcp_allowed" in move.guards:
        checks.append(guards.tcp_allowed(case.filed_on, on, ref.params, ref.calendar))
    for violation in checks:
        if violation is not None:
            raise _refuse(violation, who, case, name)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != case.status:
            raise LawError(
                "concurrent_change", "案件已被他人修改，请刷新后重试。", "The case changed meanwhile; reload."
            )
        before = {"status": locked.status, "closing_method": locked.closing_method}
        locked.status = move.target
        if move.target == CLOSED:
            locked.closed_on = on
            locked.closing_method = closing_method
            if recovered_amount is not None:
                locked.recovered_amount = recovered_amount
        locked.save()
        _meet_deadlines(locked, move.meets, on)
        _start_deadlines(locked, move.starts, name, on)
        log_node(
            locked,
            name,
            on,
            who,
            {"closing_method": closing_method or None, "note": note} if (closing_method or note) else {},
        )
        if note:
            propose_links(locked, note, f"node:{name}")
        record(
            who,
            f"cases.transition.{name}",
            obj=locked,
            before=before,
            after={"status": locked.status, "closing_method": locked.closing_method},
        )
    return locked
