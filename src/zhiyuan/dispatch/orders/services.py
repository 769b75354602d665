"""Order use cases (交办、督办): a command center (high or intermediate court) issues an order to a court
of its district — do this by that day, about these cases; the court answers; the center reminds, the daily
check escalates an order past its day without an answer, and the center closes it. Each use case is one
transaction with the order's event and the audit record; the order row is locked, so two answers (or two
closings) at once give one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import district
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.dispatch import rules
from zhiyuan.dispatch.models import Event, Order, OrderCase, OrderEvent, OrderStatus
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX
from zhiyuan.law.errors import LawError

#: the most cases one order may name
MAX_CASES = 200
ISSUING_LEVELS = ("high", "intermediate")


def _event(o: Order, event: str, on: dt.date, who: Actor, note: str = "") -> None:
    OrderEvent.objects.create(order=o, event=event, on=on, actor_id=who.id, actor=who.name, note=note)


def _issuer(user: Any, request: Any, obj: object | None = None) -> Any:
    authorize(user, rules.DISPATCH, request, obj=obj)
    court = rules.own_court(user, request)
    if court.level not in ISSUING_LEVELS:
        raise refuse(
            user,
            "order_issuer_level",
            "交办、督办由高级或中级人民法院的指挥中心发出。",
            "Orders are issued by the command center of a high or intermediate court.",
            request,
            obj,
        )
    return court


def _cases(numbers: Iterable[str], to_court_id: int) -> list[Case]:
    wanted = list(dict.fromkeys(n.strip() for n in numbers if isinstance(n, str) and n.strip()))
    if len(wanted) > MAX_CASES:
        raise LawError(
            "order_too_many_cases",
            f"一项交办最多涉及 {MAX_CASES} 件案件，本次 {len(wanted)} 件。",
            f"An order names at most {MAX_CASES} cases, not {len(wanted)}.",
            field="cases",
        )
    found = {c.case_number: c for c in Case.objects.filter(case_number__in=wanted)}
    missing = [n for n in wanted if n not in found or found[n].court_id != to_court_id]
    if missing:
        raise LawError(
            "order_case_not_of_court",
            f"以下案件不存在或不是承办法院的案件：{'、'.join(missing[:10])}。",
            f"Not cases of the receiving court: {', '.join(missing[:10])}.",
            field="cases",
            cases=missing,
        )
    return [found[n] for n in wanted]


def issue(
    user: Any,
    *,
    to_court: str,
    subject: str,
    due: dt.date,
    on: dt.date,
    details: str = "",
    case_numbers: Iterable[str] = (),
    request: Any = None,
) -> Order:
    """Issue an order to ``to_court`` (a court of the issuer's district, not the issuer itself)."""
    issuer = _issuer(user, request)
    to = rules.court_by_code(to_court, "to_court")
    if to.pk == issuer.pk or to.pk not in district(issuer.pk):
        raise refuse(
            user,
            "order_court_not_below",
            "只能向本院辖区内的下级法院交办。",
            "Orders go to a court below the issuer, within its district.",
            request,
        )
    subject = rules.text(subject, "subject", 200)
    details = rules.text(details, "details", NOTES_MAX, required=False, multiline=True)
    rules.not_before(on, dt.date.min)
    if due < on or due > on + dt.timedelta(days=rules.MAX_DUE_DAYS):
        raise LawError(
            "order_due_invalid",
            f"办理期限须在交办日至其后 {rules.MAX_DUE_DAYS} 日之间。",
            f"The due date must be between the issue date and {rules.MAX_DUE_DAYS} days after it.",
            field="due",
        )
    listed = _cases(case_numbers, to.pk)
    who = rules.who(user, request)
    with transaction.atomic():
        o = Order.objects.create(
            issuer_court=issuer,
            to_court=to,
            subject=subject,
            details=details,
            due=due,
            issued_on=on,
            issued_by_id=who.id,
            issued_by=who.name,
        )
        OrderCase.objects.bulk_create([OrderCase(order=o, case=c) for c in listed])
        _event(o, Event.ISSUED, on, who, subject)
        for c in listed:
            cases.log_node(
                c, "order_issued", on, who, {"order": o.pk, "subject": subject, "due": due.isoformat()}
            )
        record(
            who,
            "dispatch.order.issue",
            obj=o,
            after={"to_court": to.code, "subject": subject, "due": due.isoformat(), "cases": len(listed)},
        )
    return o


def _get(pk: int) -> Order:
    o = Order.objects.filter(pk=pk).first()
    if o is None:
        raise LawError("order_not_found", "交办事项不存在。", "No such order.")
    return o


def _locked(pk: int, expected: tuple[str, ...]) -> Order:
    o = Order.objects.select_for_update().get(pk=pk)
    if o.status not in expected:
        raise rules.changed_meanwhile()
    return o


def _issuing(user: Any, o: Order, request: Any) -> None:
    authorize(user, rules.DISPATCH, request, obj=o)
    if getattr(user, "court_id", None) != o.issuer_court_id:
        raise refuse(
            user,
            "not_issuing_court",
            "只有交办法院可以催办或办结。",
            "Only the issuing court may remind or close.",
            request,
            o,
        )


def answer(user: Any, pk: int, text: str, on: dt.date, request: Any = None) -> Order:
    """The receiving court answers (once; the issuer may still remind and close)."""
    o = _get(pk)
    rules.answering(user, o.to_court_id, request, o)
    text = rules.text(text, "answer", NOTES_MAX, multiline=True)
    rules.not_before(on, o.issued_on)
    who = rules.who(user, request)
    with transaction.atomic():
        o = _locked(pk, (OrderStatus.OPEN,))
        o.status, o.answer, o.answered_on = OrderStatus.ANSWERED, text, on
        o.save(update_fields=["status", "answer", "answered_on"])
        _event(o, Event.ANSWERED, on, who, text)
        record(who, "dispatch.order.answer", obj=o, before={"status": "open"}, after={"on_time": on <= o.due})
    return o


def remind(user: Any, pk: int, note: str, on: dt.date, request: Any = None) -> Order:
    """The issuer reminds the receiving court of an order not answered yet (催办)."""
    o = _get(pk)
    _issuing(user, o, request)
    note = rules.text(note, "note", NOTE_MAX, required=False)
    rules.not_before(on, o.issued_on)
    who = rules.who(user, request)
    with transaction.atomic():
        o = _locked(pk, (OrderStatus.OPEN,))
        o.reminders += 1
        o.save(update_fields=["reminders"])
        _event(o, Event.REMINDED, on, who, note)
        record(who, "dispatch.order.remind", obj=o, after={"reminders": o.reminders})
    return o


def close(user: Any, pk: int, note: str, on: dt.date, request: Any = None) -> Order:
    """The issuer closes the order (answered or not: e.g. withdrawn), once."""
    o = _get(pk)
    _issuing(user, o, request)
    note = rules.text(note, "note", NOTE_MAX, required=False)
    rules.not_before(on, o.issued_on)
    who = rules.who(user, request)
    with transaction.atomic():
        o = _locked(pk, (OrderStatus.OPEN, OrderStatus.ANSWERED))
        before = o.status
        o.status, o.closed_on, o.closing_note = OrderStatus.CLOSED, on, note
        o.save(update_fields=["status", "closed_on", "closing_note"])
        _event(o, Event.CLOSED, on, who, note)
        record(who, "dispatch.order.close", obj=o, before={"status": before}, after={"note": note})
    return o


def escalate_overdue(today: dt.date) -> int:
    """The daily check: every open order past its due day, not escalated yet, is escalated once (升级督办)
    — an event in its history, a node warning on each case it names, an audit record. Returns how many."""
    who = Actor.system("zhiyuan orders")
    done = 0
    ids = Order.objects.filter(status=OrderStatus.OPEN, due__lt=today, escalated_on__isnull=True)
    for pk in list(ids.values_list("pk", flat=True)):
        with transaction.atomic():
            o = Order.objects.select_for_update().get(pk=pk)
            if o.status != OrderStatus.OPEN or o.escalated_on is not None:
                continue
            o.escalated_on = today
            o.save(update_fields=["escalated_on"])
            _event(o, Event.ESCALATED, today, who, o.due.isoformat())
            for c in Case.objects.filter(orders__order=o):
                cases.log_node(c, "order_overdue", today, who, {"warning": "overdue", "order": o.pk})
            record(who, "dispatch.order.escalate", obj=o, after={"due": o.due.isoformat()})
            done += 1
    return done
