"""Case use cases. Each is one transaction with its node log and audit record; permission is checked
before the transaction (so a refusal's audit survives) and the lifecycle refuses invalid moves before
anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import assignments, deadline_runs, filing_hooks, move_hooks, numbers, workflows
from zhiyuan.cases.lifecycles import CLOSED, Family, Transition, family_of
from zhiyuan.cases.models import (
    Approval,
    ApprovalStatus,
    Case,
    CaseParty,
    Dispute,
    LinkProposal,
    NodeLog,
    Side,
)
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.phones import clean_phone
from zhiyuan.inputs.text import check_text, column_length
from zhiyuan.law import guards
from zhiyuan.law.case_numbers import extract, parse
from zhiyuan.law.derivation import derivative_kind
from zhiyuan.law.errors import LawError
from zhiyuan.law.separation import Violation
from zhiyuan.parties import services as parties
from zhiyuan.parties.models import Party


@dataclass(frozen=True)
class PartyIn:
    """A party named in a filing."""

    name: str
    side: str
    id_number: str = ""
    id_type: str = ""  # zhiyuan.law.identity.ID_TYPES; "" takes it from the number's shape
    kind: str = ""  # zhiyuan.parties.models.PartyKind; "" takes it from the number and the name
    phone: str = ""
    address: str = ""
    agent_name: str = ""
    agent_phone: str = ""
    #: a number recorded under another name: "recorded" or "alias" (zhiyuan.parties.services); "" refuses
    name_choice: str = ""


def _who(user: Any, request: Any = None) -> Actor:
    return actor_of(user, request) if user is not None else Actor.system("zhiyuan cases")


def log_node(
    case: Case, node: str, on: dt.date, who: Actor, payload: dict[str, Any] | None = None
) -> NodeLog:
    """Append a node to the case's log, under the person who acted (and the API token they acted
    through, as ``via``)."""
    data = {**(payload or {}), "via": f"token:{who.token}"} if who.token else payload or {}
    return NodeLog.objects.create(
        case=case, node=node, on=on, actor_id=who.id, actor_name=who.name, payload=data
    )


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
    actor: Actor | None = None,
    disclose_names: bool = True,
) -> Case:
    """File a case: allocate its number, link it to its origin's dispute (or start one), add its parties,
    start the deadlines its family starts, log the node and audit it.

    ``actor`` is who the node log and the audit name when it is not ``user``: a workflow that checked
    its own permission files on behalf of a person without a court filing right (``user`` None, e.g. a
    partner organization's user) and names that person; by default ``user``, or the system.

    A party whose identity number is recorded under another name is filed as its ``name_choice`` says
    (``zhiyuan.parties.services.resolve_named``), else refused (``identity_other_name``, naming the
    recorded name only when ``disclose_names``)."""
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
    claim_amount = clean_amount(claim_amount, "claim_amount")
    people = [_checked_party(p) for p in parties_in]
    _no_party_twice(people)
    who = actor or _who(user, request)
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
        names = []
        for position, p in enumerate(people):
            found = parties.resolve_named(
                p.name,
                p.id_number,
                p.id_type,
                kind=p.kind,
                name_choice=p.name_choice,
                disclose=disclose_names,
            )
            names.append(found.name)
            CaseParty.objects.create(
                case=case,
                party=found.party,
                side=p.side,
                position=position,
                name=found.name if found.name != found.party.name else "",
                phone=p.phone,
                address=p.address,
                agent_name=p.agent_name,
                agent_phone=p.agent_phone,
            )
        deadline_runs.start(case, family.filing_starts(type_code), "filing", filed_on)
        log_node(case, "filing", filed_on, who, {"origin": origin.case_number if origin else None})
        record(
            who,
            "cases.case.file",
            obj=case,
            after={
                "case_number": number,
                "origin": origin.case_number if origin else None,
                "parties": names,
            },
        )
        filing_hooks.run(case, who)
    return case


def carried_over(cp: CaseParty) -> PartyIn:
    """A case's party as a later filing of the same dispute takes it over: the same identity, the name the
    case gives it (already one of the party's names) and the contact details."""
    return PartyIn(
        cp.display_name,
        cp.side,
        cp.party.id_number,
        cp.party.id_type,
        kind=cp.party.kind,
        phone=cp.phone,
        address=cp.address,
        agent_name=cp.agent_name,
        agent_phone=cp.agent_phone,
        name_choice=parties.KEEP_TYPED if cp.name else parties.ASK,
    )


#: limits of a party's contact fields (CaseParty; the encrypted ones have no column limit)
ADDRESS_MAX = 200


def _checked_party(p: PartyIn) -> PartyIn:
    """The party with its side, identity number, phones and texts checked (before anything is written)
    and its phone numbers in their normal form."""
    if p.side not in Side.values:
        raise LawError("side_invalid", f"诉讼地位无效：{p.side}。", f"Invalid side: {p.side}.")
    parties.normalized_id(p.id_number, p.id_type)
    check_text(p.name, field="name", max_length=column_length(Party, "name"))
    check_text(p.address, field="address", max_length=ADDRESS_MAX)
    check_text(p.agent_name, field="agent_name", max_length=column_length(CaseParty, "agent_name"))
    phone = clean_phone(p.phone, "phone")
    agent_phone = clean_phone(p.agent_phone, "agent_phone")
    if agent_phone and not p.agent_name.strip():
        raise LawError(
            "agent_name_missing",
            "填写了代理人电话，请同时填写代理人姓名。",
            "An agent's phone needs the agent's name.",
        )
    return replace(
        p,
        address=p.address.strip(),
        agent_name=p.agent_name.strip(),
        phone=phone,
        agent_phone=agent_phone,
    )


def _no_party_twice(people: list[PartyIn]) -> None:
    """One identity number appears once in a filing."""
    seen: set[str] = set()
    for p in people:
        number = parties.normalized_id(p.id_number, p.id_type)
        if number and number in seen:
            raise LawError(
                "party_duplicate",
                f"证件号码 {number[:6]}… 在本案当事人中重复出现。",
                f"The identity number {number[:6]}… appears twice among the parties.",
            )
        seen.add(number)


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
    actor: Actor | None = None,  # whom the node log and the audit name, if not ``user`` (see file_case)
    confirm_reason: str = "",  # confirms a recovered amount above the plausible multiple of the claim
    approval: Approval | None = None,
) -> Case:
    """Move a case along its lifecycle; refused with a clear error before anything is written.

    A person moves a case only as its handler (``zhiyuan.cases.assignments``). A move that needs approval
    runs only when ``approval`` is the granted request for it, carried out once by its approver
    (``zhiyuan.cases.duties.decide``). A case managed by a workflow (``zhiyuan.cases.workflows``) moves
    only when that workflow calls with its ``workflow`` name, so its own records stay in step; the
    workflow decides who may act there."""
    family: Family = family_of(case.type_code)
    move: Transition | None = family.transitions.get(name)
    who = actor or _who(user, request)
    owner = workflows.owner_of_move(case, name)
    acting_as = "handler" if user is not None else "system"
    if workflow and (user is not None or actor is not None):  # a workflow that checked who may act
        acting_as = f"workflow:{workflow}"
    if user is not None and not _visible(user, case):
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    if move is not None and move.approval:
        _require_granted(user, who, case, move, approval, request)
        acting_as = "approver"
        if user is not None:
            authorize(user, move.approval, request, obj=case)
    elif user is not None:
        authorize(user, move.permission if move else "case:edit", request, obj=case)
        if move is not None and owner is None:
            assignments.authorize_move(user, case, request)
    if owner is not None and owner.name != workflow:
        whole = workflows.owner_of(case) is not None
        raise LawError(
            "managed_by_workflow",
            (
                f"本案由“{owner.zh}”流程办理"
                if whole
                else f"“{move.zh if move else name}”须在“{owner.zh}”流程中办理"
            )
            + f"，请在该流程页面操作：{owner.url(case)}",
            (
                f"This case is handled in the {owner.en} workflow"
                if whole
                else f"'{name}' is done in the {owner.en} workflow"
            )
            + f"; act on its page: {owner.url(case)}",
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
    recovered_amount = clean_amount(recovered_amount, "recovered_amount")
    confirmed = recovered_plausibility(case.claim_amount, recovered_amount, on, confirm_reason)
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
        locked.status = move.target_from(locked.status)
        if locked.status == CLOSED:
            locked.closed_on = on
            locked.closing_method = closing_method
            if recovered_amount is not None:
                locked.recovered_amount = recovered_amount
        locked.save()
        deadline_runs.meet(locked, move.meets, on)
        deadline_runs.end(locked, move.ends, on, name)
        if locked.status == CLOSED:  # whatever still runs ends with the case
            deadline_runs.end(locked, None, on, name)
        deadline_runs.start(locked, move.starts, name, on)
        payload: dict[str, Any] = (
            {"closing_method": closing_method or None, "note": note} if (closing_method or note) else {}
        )
        if approval is not None and move.approval:
            payload |= {"approval": approval.pk, "requested_by": approval.requested_by}
        if confirmed:
            payload["recovered_confirmed"] = confirmed
        log_node(locked, name, on, who, payload)
        if note:
            propose_links(locked, note, f"node:{name}")
        after: dict[str, Any] = {
            "status": locked.status,
            "closing_method": locked.closing_method,
            "acting_as": acting_as,
        }
        if approval is not None and move.approval:
            after["approval"] = approval.pk
        if recovered_amount is not None and locked.status == CLOSED:
            after |= {"recovered_amount": str(recovered_amount), "recovered_confirmed": confirmed or None}
        record(who, f"cases.transition.{name}", obj=locked, before=before, after=after)
        move_hooks.run(locked, name, on, who)
    return locked


def _require_granted(
    user: Any, who: Actor, case: Case, move: Transition, approval: Approval | None, request: Any
) -> None:
    """A move that needs approval runs only as the carrying out of its granted request, once, by the
    person who granted it (``duties.decide`` locks the request and grants it in the same transaction)."""
    carried = (
        approval is not None
        and approval.case_id == case.pk
        and approval.transition == move.name
        and approval.status == ApprovalStatus.GRANTED
        and (user is None or approval.decided_by == user.get_username())
        and not NodeLog.objects.filter(case=case, payload__approval=approval.pk).exists()
    )
    if carried:
        return
    message = (
        f"“{move.zh}”须经审批：由承办人提请审批，审批人批准后自动办理。",
        f"'{move.name}' needs approval: the handler asks, and the approver's grant carries it out.",
    )
    if user is not None:
        raise refuse(user, "approval_required", *message, request, case)
    raise _refuse(Violation("approval_required", *message), who, case, move.name)


# ------------------------------------------------------------------------------------- recorded figures

#: the recorded figures of a case that ``correct_recorded_figure`` may change, with their names
FIGURES: dict[str, tuple[str, str]] = {
    "claim_amount": ("标的额", "claim amount"),
    "recovered_amount": ("执行到位金额", "recovered amount"),
}
RECOVERED_FACTOR = "amounts.recovered_claim_factor"


def recovered_plausibility(
    claim: Decimal | None, recovered: Decimal | None, on: dt.date, confirm_reason: str = ""
) -> str:
    """A recovered amount above the claim times the parameter ``amounts.recovered_claim_factor`` (in force
    on ``on``) is implausible: refused (``recovered_implausible``) unless ``confirm_reason`` says why it
    is right. Returns the confirming reason when one was needed, else ""."""
    if recovered is None or claim is None or claim <= 0:
        return ""
    factor = Decimal(str(courts.reference().params[RECOVERED_FACTOR].at(on)))
    if recovered <= claim * factor:
        return ""
    reason = confirm_reason.strip()
    if reason:
        return reason
    times = (recovered / claim).quantize(Decimal("0.1"))
    raise LawError(
        "recovered_implausible",
        f"执行到位金额 {recovered:,} 元是标的额 {claim:,} 元的 {times} 倍，超过 {factor} 倍，请核对；"
        "确属实情的，须填写确认理由后再提交。",
        f"The recovered amount {recovered:,} is {times} times the claim amount {claim:,}, more than "
        f"{factor} times: check it, and if it is right, give a reason confirming it.",
        field="recovered_amount",
        claim_amount=str(claim),
        recovered_amount=str(recovered),
        factor=str(factor),
        parameter=RECOVERED_FACTOR,
    )


def _shown(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def correct_recorded_figure(
    user: Any,
    case: Case,
    field: str,
    value: object,
    *,
    reason: str,
    on: dt.date,
    confirm: bool = False,
    request: Any = None,
) -> Case:
    """Correct a recorded figure of a case (``case:correct``): its claim amount or recovered amount,
    to a new amount or to none, with a reason. The pair must stay plausible
    (:func:`recovered_plausibility`) unless ``confirm`` says the reason confirms it. The case's log gets a
    ``correction`` node and the audit record keeps the figure before and after."""
    if user is not None:
        if not _visible(user, case):
            raise LawError(
                "case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope."
            )
        authorize(user, "case:correct", request, obj=case)
    if field not in FIGURES:
        raise LawError(
            "figure_unknown",
            f"只能更正：{'、'.join(zh for zh, _ in FIGURES.values())}。",
            f"Only these figures can be corrected: {', '.join(FIGURES)}.",
            field=field,
        )
    zh, en = FIGURES[field]
    text = reason.strip()
    if not text:
        raise LawError(
            "reason_required",
            f"更正{zh}须说明理由。",
            f"A correction of the {en} needs a reason.",
            field="reason",
        )
    amount = clean_amount(value, field)
    who = _who(user, request)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        figures = {"claim_amount": locked.claim_amount, "recovered_amount": locked.recovered_amount}
        old = figures[field]
        if old == amount:
            raise LawError("figure_unchanged", f"{zh}未改变。", f"The {en} is unchanged.", field=field)
        figures[field] = amount
        recovered_plausibility(
            figures["claim_amount"], figures["recovered_amount"], on, text if confirm else ""
        )
        setattr(locked, field, amount)
        locked.save(update_fields=[field, "updated_at"])
        log_node(
            locked,
            "correction",
            on,
            who,
            {"field": field, "from": _shown(old), "to": _shown(amount), "reason": text},
        )
        record(
            who,
            "cases.case.correct",
            obj=locked,
            before={field: _shown(old)},
            after={field: _shown(amount), "reason": text, "confirmed": bool(confirm)},
        )
    return locked
