"""Dispatch use cases (委托、指定、提级、交叉执行). Each is one transaction: the dispatch row, its event, the
node log of the cases it touches and the audit record. Permission and the court tree are checked before
the transaction (a refusal's audit survives); the dispatch row is locked so two answers at once give one.

- send: the sending court (委托) or a court above both courts (all kinds) moves an open enforcement case;
  the law (:mod:`zhiyuan.law.dispatch`) sets the receiving court's deadlines and refuses what it must.
- accept: the receiving court files the linked case (same dispute, origin the case) and the case's court
  closes its own by transfer (委托结案, 委托执行规定 Art 2).
- return / report / close: the receiving court answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from zhiyuan.accounts.policy import authorize, authorize_any, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court
from zhiyuan.dispatch import rules
from zhiyuan.dispatch.models import ACTIVE, Dispatch, DispatchEvent, DispatchStatus, Event, Kind
from zhiyuan.inputs.text import NOTE_MAX
from zhiyuan.law import dispatch as law
from zhiyuan.law.errors import LawError

#: the enforcement-action cases a dispatch moves (执, 执恢); the receiving court files a 执 case
MOVABLE = ("执", "执恢")
LINKED_TYPE = "执"
WORKFLOW = "dispatch"


def _case(user: Any, case_number: str, request: Any) -> Case:
    found = Case.objects.select_related("court").filter(case_number=(case_number or "").strip()).first()
    if found is None or found.court_id not in scope_of(user).court_ids:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return found


def _may_order(user: Any, kind: str, case: Case, to: Court, request: Any) -> Court:
    """The court ordering the dispatch — the user's — if it may: a court above both (every kind; escalated:
    the court above takes it itself) or, for 委托, the case's own court."""
    mine = rules.own_court(user, request)
    if kind == Kind.DELEGATED:
        authorize_any(user, rules.ANSWER, request, obj=case)
    else:
        authorize(user, rules.DISPATCH, request, obj=case)
    above_both = rules.above(mine.pk, case.court) and (
        rules.above(mine.pk, to) or (kind == Kind.ESCALATED and mine.pk == to.pk)
    )
    if kind == Kind.ESCALATED and to.pk != mine.pk:
        raise LawError(
            "escalation_to_own_court",
            "提级执行由上级法院本院执行；交由其他法院执行请选择指定执行。",
            "Escalation moves the case to the court above itself; to another court, designate it.",
            field="to_court",
        )
    if above_both or (kind == Kind.DELEGATED and mine.pk == case.court_id):
        return mine
    raise refuse(
        user,
        "dispatch_not_above",
        "只有两院共同的上级法院（委托执行还可以是本案法院）可以调度此案。",
        "Only a court above both courts (or, for delegation, the case's own court) may dispatch this case.",
        request,
        case,
    )


def _event(d: Dispatch, event: str, on: dt.date, who: Actor, note: str = "") -> None:
    DispatchEvent.objects.create(dispatch=d, event=event, on=on, actor_id=who.id, actor=who.name, note=note)


def send(
    user: Any,
    *,
    case_number: str,
    kind: str,
    to_court: str,
    reason: str,
    on: dt.date,
    request: Any = None,
    batch_id: int | None = None,
    actor: Any = None,
) -> Dispatch:
    """Dispatch the case ``case_number`` to the court ``to_court`` (by code) as ``kind``."""
    if kind not in Kind.values:
        raise LawError(
            "kind_invalid",
            f"调度方式须为：{' | '.join(Kind.values)}。",
            f"Kind must be one of {' | '.join(Kind.values)}.",
            field="kind",
        )
    case = _case(user, case_number, request)
    to = rules.court_by_code(to_court, "to_court")
    reason = rules.text(reason, "reason", NOTE_MAX)
    ordered_by = _may_order(user, kind, case, to, request)
    if to.pk == case.court_id:
        raise LawError(
            "dispatch_same_court", "受理法院不能是本案法院。", "The receiving court is the case's own court."
        )
    if case.type_code not in MOVABLE or case.status == CLOSED:
        raise LawError(
            "dispatch_case_not_open",
            "只能调度未结的执行实施案件（执、执恢）。",
            "Only open enforcement cases (执, 执恢) can be dispatched.",
        )
    rules.not_before(on, case.filed_on)
    ref = courts.reference()
    refused = law.refusals(
        kind, on=on, filed_on=case.filed_on, from_level=case.court.level, to_level=to.level, params=ref.params
    )
    if refused:
        first = refused[0]
        raise LawError(first.code, first.message_zh, first.message_en, citation=first.citation.text())
    due = law.deadlines(kind, on, ref.params, ref.calendar)
    who = actor or rules.who(user, request)
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.status == CLOSED or Dispatch.objects.filter(case=locked, status__in=ACTIVE).exists():
                raise _already(locked)
            d = Dispatch.objects.create(
                kind=kind,
                case=locked,
                from_court_id=locked.court_id,
                to_court=to,
                ordered_by=ordered_by,
                reason=reason,
                sent_on=on,
                filing_due=due["filing_due"],
                start_due=due.get("start_due"),
                report_due=due.get("report_due"),
                completion_due=due.get("completion_due"),
                batch_id=batch_id,
                created_by_id=who.id,
                created_by=who.name,
            )
            _event(d, Event.SENT, on, who, reason)
            cases.log_node(
                locked, "dispatch_sent", on, who, {"kind": kind, "to_court": to.code, "dispatch": d.pk}
            )
            record(
                who,
                "dispatch.send",
                obj=d,
                after={
                    "kind": kind,
                    "case": locked.case_number,
                    "to_court": to.code,
                    "due": str(d.filing_due),
                },
            )
    except IntegrityError as exc:  # a parallel sender won the one active dispatch of the case
        raise _already(case) from exc
    return d


def _already(case: Case) -> LawError:
    return LawError(
        "dispatch_active",
        f"案件 {case.case_number} 已在调度中或已结案。",
        f"Case {case.case_number} is already being dispatched or is closed.",
    )


def _locked(pk: int, expected: tuple[str, ...]) -> Dispatch:
    d = Dispatch.objects.select_for_update().filter(pk=pk).first()
    if d is None:
        raise LawError("dispatch_not_found", "调度记录不存在。", "No such dispatch.")
    if d.status not in expected:
        raise rules.changed_meanwhile()
    return d


def _get(pk: int) -> Dispatch:
    d = Dispatch.objects.select_related("case", "to_court").filter(pk=pk).first()
    if d is None:
        raise LawError("dispatch_not_found", "调度记录不存在。", "No such dispatch.")
    return d


def accept(user: Any, pk: int, on: dt.date, request: Any = None) -> Dispatch:
    """The receiving court files the linked case; the case's court closes its own by transfer."""
    d = _get(pk)
    rules.answering(user, d.to_court_id, request, d)
    rules.not_before(on, d.sent_on)
    who = rules.who(user, request)
    with transaction.atomic():
        d = _locked(pk, (DispatchStatus.SENT,))
        original = Case.objects.get(pk=d.case_id)
        parties = [cases.carried_over(cp) for cp in original.parties.select_related("party")]
        linked = cases.file_case(
            None,
            court_code=d.to_court.code,
            type_code=LINKED_TYPE,
            filed_on=on,
            parties_in=parties,
            cause=original.cause_text,
            claim_amount=original.claim_amount,
            origin=original,
            actor=who,
        )
        note = f"{d.get_kind_display()} {linked.case_number}"
        if original.status != CLOSED:
            cases.transition(
                None,
                original,
                "close",
                on,
                closing_method="transfer",
                note=note,
                workflow=WORKFLOW,
                actor=who,
            )
        # a late filing noted before does not hide a late report after
        d.status, d.linked_case, d.accepted_on, d.overdue_noted_on = DispatchStatus.ACCEPTED, linked, on, None
        d.save(update_fields=["status", "linked_case", "accepted_on", "overdue_noted_on"])
        _event(d, Event.ACCEPTED, on, who, linked.case_number)
        cases.log_node(linked, "dispatch_received", on, who, {"kind": d.kind, "origin": original.case_number})
        cases.log_node(original, "dispatch_accepted", on, who, {"linked": linked.case_number})
        record(who, "dispatch.accept", obj=d, before={"status": "sent"}, after={"linked": linked.case_number})
    return d


def return_(user: Any, pk: int, reason: str, on: dt.date, request: Any = None) -> Dispatch:
    """The receiving court returns the dispatch without filing (the case stays where it was)."""
    d = _get(pk)
    rules.answering(user, d.to_court_id, request, d)
    reason = rules.text(reason, "reason", NOTE_MAX)
    rules.not_before(on, d.sent_on)
    who = rules.who(user, request)
    with transaction.atomic():
        d = _locked(pk, (DispatchStatus.SENT,))
        d.status, d.ended_on, d.result = DispatchStatus.RETURNED, on, reason
        d.save(update_fields=["status", "ended_on", "result"])
        _event(d, Event.RETURNED, on, who, reason)
        cases.log_node(Case.objects.get(pk=d.case_id), "dispatch_returned", on, who, {"reason": reason})
        record(who, "dispatch.return", obj=d, before={"status": "sent"}, after={"reason": reason})
    return d


def report(user: Any, pk: int, note: str, on: dt.date, request: Any = None) -> Dispatch:
    """The receiving court reports how enforcement stands (函告执行情况); it may report more than once."""
    d = _get(pk)
    rules.answering(user, d.to_court_id, request, d)
    note = rules.text(note, "note", NOTE_MAX)
    who = rules.who(user, request)
    with transaction.atomic():
        d = _locked(pk, (DispatchStatus.ACCEPTED,))
        rules.not_before(on, d.accepted_on or d.sent_on)
        d.last_report_on = on
        d.save(update_fields=["last_report_on"])
        _event(d, Event.REPORTED, on, who, note)
        if d.linked_case_id:
            cases.log_node(Case.objects.get(pk=d.linked_case_id), "dispatch_report", on, who, {"note": note})
        record(who, "dispatch.report", obj=d, after={"note": note})
    return d


def close(user: Any, pk: int, result: str, on: dt.date, request: Any = None) -> Dispatch:
    """The receiving court closes the dispatch with its result (函复执行结果)."""
    d = _get(pk)
    rules.answering(user, d.to_court_id, request, d)
    result = rules.text(result, "result", NOTE_MAX)
    who = rules.who(user, request)
    with transaction.atomic():
        d = _locked(pk, (DispatchStatus.ACCEPTED,))
        rules.not_before(on, d.accepted_on or d.sent_on)
        d.status, d.ended_on, d.result = DispatchStatus.CLOSED, on, result
        d.save(update_fields=["status", "ended_on", "result"])
        _event(d, Event.CLOSED, on, who, result)
        if d.linked_case_id:
            cases.log_node(
                Case.objects.get(pk=d.linked_case_id), "dispatch_closed", on, who, {"result": result}
            )
        record(who, "dispatch.close", obj=d, before={"status": "accepted"}, after={"result": result})
    return d


def note_overdue(today: dt.date) -> int:
    """The daily check: a dispatch past its filing deadline (not accepted) or past its report deadline
    (accepted, never reported) gets one ``overdue`` event and a node warning on its case. Returns how
    many were noted."""
    who = Actor.system("zhiyuan dispatch")
    late_filing = Dispatch.objects.filter(status=DispatchStatus.SENT, filing_due__lt=today)
    late_report = Dispatch.objects.filter(
        status=DispatchStatus.ACCEPTED, report_due__lt=today, last_report_on__isnull=True
    )
    noted = 0
    for pk in list(late_filing.filter(overdue_noted_on__isnull=True).values_list("pk", flat=True)) + list(
        late_report.filter(overdue_noted_on__isnull=True).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            d = Dispatch.objects.select_for_update().get(pk=pk)
            if d.overdue_noted_on is not None:
                continue
            what = "filing_due" if d.status == DispatchStatus.SENT else "report_due"
            d.overdue_noted_on = today
            d.save(update_fields=["overdue_noted_on"])
            _event(d, Event.OVERDUE, today, who, what)
            target = Case.objects.get(pk=d.linked_case_id or d.case_id)
            cases.log_node(target, "dispatch_overdue", today, who, {"warning": "overdue", "deadline": what})
            record(who, "dispatch.overdue", obj=d, after={"deadline": what})
            noted += 1
    return noted


# the orders' use cases, for apps of the same layer (which talk to dispatch through this module)
from zhiyuan.dispatch.orders.services import issue as issue_order  # noqa: E402

__all__ = ["accept", "close", "issue_order", "note_overdue", "report", "return_", "send"]
