"""Enforcement hearings, each step one transaction: permission ``enforcement:hearing`` and the court's scope
checked, an audit record and a node in the case's log (the timeline and the dispute graph).

Who acts (decided here, documented in docs/hearings.md): any enforcement reviewer of the court schedules,
reschedules, cancels and records service; only the presiding reviewer records the hearing, its outcome
and closes it; closing a review case's hearing makes the ruling of the review case (its lifecycle move
``rule``, by its handler) in the same transaction.

A reviewer's hearings never overlap: scheduling locks the reviewer's account row (PostgreSQL ``SELECT …
FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE`` serialises writers) before looking for an overlapping hearing,
so two schedulers racing for one reviewer's afternoon get one hearing and one ``reviewer_double_booked``.

There is no separate party portal: a notice served is a node on the case's timeline (``hearing.notice``)
and the case page's hearings section shows a signed-in party the hearing's time and place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.models import User
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.assignments import authorize_move
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.enforcement.hearings import rules
from zhiyuan.enforcement.models import (
    Hearing,
    HearingOutcome,
    HearingState,
    Participant,
    RequestedBy,
)
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, check_text
from zhiyuan.law import hearings as law
from zhiyuan.law.case_types import ENFORCEMENT_REVIEW
from zhiyuan.law.errors import LawError

RECORD_MAX = 20000
STATEMENT_MAX = NOTES_MAX
LIVE = (HearingState.SCHEDULED, HearingState.HELD)
#: the review case's closing method for each outcome (its lifecycle move ``rule``)
RULING_CLOSING = {
    HearingOutcome.SUSTAINED: "other",
    HearingOutcome.PARTLY: "other",
    HearingOutcome.DISMISSED: "rejected",
    HearingOutcome.WITHDRAWN: "withdrawal",
}
NODES = {
    "hearing.schedule": "安排执行听证",
    "hearing.reschedule": "执行听证改期",
    "hearing.cancel": "取消执行听证",
    "hearing.notice": "送达听证通知",
    "hearing.held": "举行执行听证",
    "hearing.outcome": "执行听证结论",
    "hearing.close": "执行听证结束",
}


@dataclass(frozen=True)
class OtherIn:
    """A participant who is not a party of the case (a witness, an agent, the officer)."""

    name: str
    capacity: str


def snapshot(h: Hearing) -> dict[str, Any]:
    """What the audit keeps of a hearing."""
    return {
        "matter": h.matter,
        "state": h.state,
        "mode": h.mode,
        "place": h.place,
        "starts_at": h.starts_at.isoformat(),
        "ends_at": h.ends_at.isoformat(),
        "presiding": h.presiding_name,
        "public": h.public,
        "outcome": h.outcome,
    }


def _log(h: Hearing, node: str, on: dt.date, who: Actor, **extra: Any) -> None:
    payload = {"hearing": h.pk, "matter": h.matter, **extra}
    cases.log_node(h.case, node, on, who, payload)
    if h.linked_id != h.case_id:
        cases.log_node(h.linked, node, on, who, payload)


def _locked(h: Hearing) -> Hearing:
    return Hearing.objects.select_for_update(of=("self",)).select_related("case", "linked").get(pk=h.pk)


def _not_in(h: Hearing) -> LawError:
    return LawError(
        "hearing_state_invalid",
        f"听证当前为“{HearingState(h.state).label}”，不能进行此操作。",
        f"The hearing is {h.state}; this step is not possible now.",
    )


def _book(
    presiding_id: int, starts_at: dt.datetime, ends_at: dt.datetime, exclude: int | None = None
) -> None:
    """Inside a transaction: lock the reviewer, then refuse an overlapping live hearing of theirs."""
    User.objects.select_for_update().filter(pk=presiding_id).values_list("pk", flat=True).first()
    clash = Hearing.objects.filter(
        presiding_id=presiding_id, state__in=LIVE, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.select_related("case").first()
    if other is not None:
        at = timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M")
        raise LawError(
            "reviewer_double_booked",
            f"主持人{other.presiding_name}在 {at} 已有听证（{other.case.case_number}），时间冲突。",
            f"The presiding reviewer {other.presiding_name} already sits at {at} ({other.case.case_number}).",
            field="starts_at",
        )


def _parties(case: Case, linked: Case) -> list[CaseParty]:
    """The parties heard: the case's own, else the linked enforcement case's."""
    own = list(CaseParty.objects.filter(case=case).select_related("party"))
    return own or list(CaseParty.objects.filter(case=linked).select_related("party"))


def schedule(
    user: Any,
    case: Case,
    *,
    matter: str,
    mode: str,
    place: str,
    starts_at: dt.datetime,
    minutes: int,
    presiding: Any,
    requested_on: dt.date,
    requested_by: str = RequestedBy.COURT,
    public: bool = False,
    others: list[OtherIn] | None = None,
    request: Any = None,
) -> Hearing:
    """Schedule a hearing on ``case`` with its parties (and ``others``) as participants, presided over by
    ``presiding`` (a user or username) — an enforcement reviewer of the court who never handled the
    linked enforcement case and who has no other hearing at that time."""
    linked = rules.check_case(user, case, request)
    person = presiding if isinstance(presiding, User) else rules.presiding(presiding)
    rules.check_presiding(case, linked, person)
    ends_at = rules.times(starts_at, minutes, case, requested_on)
    starts_at = ends_at - dt.timedelta(minutes=minutes)
    day = timezone.localtime(starts_at).date()
    chosen = rules.matter(matter, day)
    if requested_by not in RequestedBy.values:
        raise LawError(
            "hearing_requested_by_invalid",
            "申请人类型无效。",
            "Unknown requester kind.",
            field="requested_by",
        )
    where = rules.place(mode, place)
    extra = []
    for i, o in enumerate(others or []):
        name = check_text(o.name.strip(), field=f"others.{i}.name", max_length=200)
        capacity = check_text(o.capacity.strip(), field=f"others.{i}.capacity", max_length=40)
        if name:
            extra.append(OtherIn(name, capacity or "其他参加人"))
    who = actor_of(user, request)
    with transaction.atomic():
        _book(person.pk, starts_at, ends_at)
        h = Hearing.objects.create(
            case=case,
            linked=linked,
            court_id=case.court_id,
            matter=chosen.code,
            requested_by=requested_by,
            requested_on=requested_on,
            mode=mode,
            place=where,
            starts_at=starts_at,
            ends_at=ends_at,
            presiding_id=person.pk,
            presiding_name=person.get_full_name(),
            public=public,
            created_by=who.name,
        )
        people = [
            Participant(hearing=h, case_party=cp, name=cp.display_name, capacity=cp.get_side_display())
            for cp in _parties(case, linked)
        ]
        people += [Participant(hearing=h, name=o.name, capacity=o.capacity) for o in extra]
        Participant.objects.bulk_create(people)
        record(who, "enforcement.hearing.schedule", obj=case, after={"hearing": h.pk, **snapshot(h)})
        _log(h, "hearing.schedule", requested_on, who, must_hear=chosen.must_hear)
    return h


def reschedule(
    user: Any,
    hearing: Hearing,
    *,
    starts_at: dt.datetime,
    minutes: int,
    reason: str,
    mode: str = "",
    place: str = "",
    request: Any = None,
) -> Hearing:
    """Move a scheduled hearing (with a reason). The notices named the old time: every participant must
    be served again."""
    rules.check_in_scope(user, hearing, request)
    why = _reason(reason)
    ends_at = rules.times(starts_at, minutes, hearing.case, hearing.requested_on)
    starts_at = ends_at - dt.timedelta(minutes=minutes)
    mode = mode or hearing.mode
    where = rules.place(mode, place or hearing.place)
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.SCHEDULED:
            raise _not_in(h)
        _book(h.presiding_id, starts_at, ends_at, exclude=h.pk)
        before = snapshot(h)
        h.reschedules = [*h.reschedules, {"from": h.starts_at.isoformat(), "reason": why, "by": who.name}]
        h.starts_at, h.ends_at, h.mode, h.place = starts_at, ends_at, mode, where
        h.save()
        Participant.objects.filter(hearing=h).update(served_on=None, service_method="")
        record(who, "enforcement.hearing.reschedule", obj=h.case, before=before, after=snapshot(h))
        _log(h, "hearing.reschedule", timezone.localdate(), who, reason=why)
    return h


def _reason(text: str, field: str = "reason") -> str:
    why = check_text((text or "").strip(), field=field, max_length=NOTE_MAX, multiline=True)
    if not why:
        raise LawError("reason_required", "请写明理由。", "A reason is required.", field=field)
    return why


def cancel(user: Any, hearing: Hearing, *, reason: str, request: Any = None) -> Hearing:
    """Cancel a scheduled hearing (with a reason)."""
    rules.check_in_scope(user, hearing, request)
    why = _reason(reason)
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.SCHEDULED:
            raise _not_in(h)
        before = snapshot(h)
        h.state, h.cancel_reason = HearingState.CANCELLED, why
        h.save(update_fields=["state", "cancel_reason"])
        record(who, "enforcement.hearing.cancel", obj=h.case, before=before, after=snapshot(h))
        _log(h, "hearing.cancel", timezone.localdate(), who, reason=why)
    return h


def serve(
    user: Any,
    participant: Participant,
    *,
    served_on: dt.date,
    method: str = "",
    request: Any = None,
) -> Participant:
    """Record that ``participant`` was served the hearing notice on ``served_on`` (the notice, DOCX, is
    :func:`zhiyuan.enforcement.hearings.documents.notice`); the case's timeline shows it."""
    hearing = participant.hearing
    rules.check_in_scope(user, hearing, request)
    rules.check_day(served_on, hearing.requested_on, "served_on")
    how = check_text((method or "").strip(), field="method", max_length=40)
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.SCHEDULED:
            raise _not_in(h)
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        before = {"served_on": p.served_on.isoformat() if p.served_on else None}
        p.served_on, p.service_method = served_on, how
        p.save(update_fields=["served_on", "service_method"])
        in_time = law.served_in_time(served_on, rules.day_of(h), rules.params())
        record(
            who,
            "enforcement.hearing.serve",
            obj=h.case,
            before=before,
            after={
                "hearing": h.pk,
                "participant": p.name,
                "served_on": served_on.isoformat(),
                "in_time": in_time,
            },
        )
        _log(h, "hearing.notice", served_on, who, participant=p.name, in_time=in_time)
    return p


def not_served_in_time(h: Hearing) -> list[Participant]:
    """The participants who were not served at least the notice days before the hearing."""
    people = list(h.participants.all())
    result = law.check(
        {
            "matter": h.matter,
            "hearing_on": rules.day_of(h).isoformat(),
            "participants": [
                {"id": p.pk, "served_on": p.served_on.isoformat() if p.served_on else None} for p in people
            ],
        },
        rules.params(),
    )
    late = set(result["not_served"])
    return [p for p in people if p.pk in late]


def hold(
    user: Any,
    hearing: Hearing,
    *,
    record_text: str,
    statements: dict[int, str] | None = None,
    request: Any = None,
) -> Hearing:
    """The presiding reviewer records the hearing on its day: the record (笔录) and each participant's
    statement. Refused while anyone was not served in time (``participant_not_served_in_time``)."""
    rules.check_presiding_user(user, hearing, request)
    text = check_text((record_text or "").strip(), field="record", max_length=RECORD_MAX, multiline=True)
    if not text:
        raise LawError(
            "hearing_record_required", "请填写听证笔录。", "The record is required.", field="record"
        )
    said = {
        int(k): check_text((v or "").strip(), field="statement", max_length=STATEMENT_MAX, multiline=True)
        for k, v in (statements or {}).items()
    }
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.SCHEDULED:
            raise _not_in(h)
        day = rules.day_of(h)
        if day > timezone.localdate():
            raise LawError(
                "hearing_not_yet",
                f"听证定于 {day.isoformat()}，尚未到期。",
                f"The hearing is set for {day.isoformat()}; it has not come yet.",
            )
        late = not_served_in_time(h)
        if late:
            names = "、".join(p.name for p in late)
            n = law.notice_days(rules.params(), day)
            raise LawError(
                "participant_not_served_in_time",
                f"{names}未在听证日 {n} 日前送达听证通知，不能举行听证；请改期并重新送达。",
                f"{', '.join(p.name for p in late)} not served at least {n} days before the hearing: "
                "reschedule and serve again.",
                participants=[p.pk for p in late],
            )
        unknown = set(said) - set(h.participants.values_list("pk", flat=True))
        if unknown:
            raise LawError(
                "participant_not_in_hearing",
                "陈述人不是本次听证的参加人。",
                "Not a participant of this hearing.",
            )
        for pk, statement in said.items():
            Participant.objects.filter(pk=pk).update(statement=statement)
        h.state, h.record, h.held_on = HearingState.HELD, text, day
        h.save(update_fields=["state", "record", "held_on"])
        record(
            who, "enforcement.hearing.hold", obj=h.case, after={"hearing": h.pk, "held_on": day.isoformat()}
        )
        _log(h, "hearing.held", day, who)
    return h


def decide(
    user: Any, hearing: Hearing, *, outcome: str, reasons: str, on: dt.date, request: Any = None
) -> Hearing:
    """The presiding reviewer's outcome with its reasons, a node on the case that the ruling follows."""
    rules.check_presiding_user(user, hearing, request)
    if outcome not in HearingOutcome.values:
        raise LawError(
            "hearing_outcome_invalid",
            "听证结论应为成立、不成立、部分成立或撤回。",
            "The outcome must be sustained, dismissed, partly or withdrawn.",
            field="outcome",
        )
    why = check_text((reasons or "").strip(), field="reasons", max_length=NOTES_MAX, multiline=True)
    if not why:
        raise LawError("reason_required", "请写明理由。", "Reasons are required.", field="reasons")
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.HELD:
            raise _not_in(h)
        assert h.held_on is not None
        rules.check_day(on, h.held_on, "on")
        h.state, h.outcome, h.reasons, h.decided_on = HearingState.DECIDED, outcome, why, on
        h.save(update_fields=["state", "outcome", "reasons", "decided_on"])
        record(who, "enforcement.hearing.decide", obj=h.case, after={"hearing": h.pk, **snapshot(h)})
        _log(h, "hearing.outcome", on, who, outcome=outcome)
    return h


def close(user: Any, hearing: Hearing, *, on: dt.date, request: Any = None) -> Hearing:
    """Close a decided hearing. On an open review case (执异/执复) the ruling is made in the same step: the
    case's move ``rule`` by its handler (who must be ``user``: the presiding reviewer handles the review
    case, or the handler closes it), with the closing method of the outcome."""
    rules.check_in_scope(user, hearing, request)
    case = hearing.case
    rules_case = case.type_code in ENFORCEMENT_REVIEW and case.closed_on is None and case.status != CLOSED
    # refusals first, outside the transaction, so their audit records stay
    if rules_case:
        authorize_move(user, case, request)
    else:
        rules.check_presiding_user(user, hearing, request)
    who = actor_of(user, request)
    with transaction.atomic():
        h = _locked(hearing)
        if h.state != HearingState.DECIDED:
            raise _not_in(h)
        assert h.decided_on is not None
        rules.check_day(on, h.decided_on, "on")
        ruled = False
        if rules_case:
            cases.transition(
                user,
                case,
                "rule",
                on,
                closing_method=RULING_CLOSING[HearingOutcome(h.outcome)],
                note=f"听证结论：{HearingOutcome(h.outcome).label}",
                request=request,
            )
            ruled = True
        h.state, h.closed_on = HearingState.CLOSED, on
        h.save(update_fields=["state", "closed_on"])
        record(who, "enforcement.hearing.close", obj=case, after={"hearing": h.pk, "ruled": ruled})
        _log(h, "hearing.close", on, who, ruled=ruled)
    return h
