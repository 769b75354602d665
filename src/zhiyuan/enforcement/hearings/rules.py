"""The checks the hearing services share: who may act, who may preside (an ``enforcement_reviewer`` of the
court who never handled the enforcement case), which case a hearing decides and the enforcement case it is
linked to, and the values a hearing is given (matter, place, time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.models import User
from zhiyuan.accounts.policy import authorize_in_scope, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.assignments import conflicting_people, current_handler
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Assignment, Case
from zhiyuan.enforcement.models import Hearing, HearingMode
from zhiyuan.inputs.text import check_text
from zhiyuan.law import hearings as law
from zhiyuan.law.case_types import ENFORCEMENT_ACTION, ENFORCEMENT_REVIEW
from zhiyuan.law.errors import LawError
from zhiyuan.law.separation import check_assignment
from zhiyuan.rulebook.bundled import reference

PERMISSION = "enforcement:hearing"
PRESIDING_ROLE = "enforcement_reviewer"
MIN_MINUTES, MAX_MINUTES = 15, 480
MAX_AHEAD_DAYS = 366
PLACE_MAX = 200


def params() -> Any:
    """The parameters in force (``hearings.matters``, ``hearings.notice_days``)."""
    return reference().params


def day_of(hearing: Hearing) -> dt.date:
    """The hearing's day in the court's time (Asia/Shanghai)."""
    return timezone.localtime(hearing.starts_at).date()


def may_schedule(user: Any, case: Case, request: Any = None) -> bool:
    """Would the pages let ``user`` schedule a hearing on ``case`` (no audit)?"""
    return (
        PERMISSION in permissions_for(user, request)
        and case.court_id in scope_of(user).court_ids
        and (case.type_code in ENFORCEMENT_REVIEW or case.type_code in ENFORCEMENT_ACTION)
        and case.closed_on is None
        and case.status != CLOSED
    )


def check_case(user: Any, case: Case, request: Any = None) -> Case:
    """Permission and scope on ``case``, an open review or enforcement case; the enforcement case it is
    linked to (the review case's origin up its chain, or the case itself)."""
    authorize_in_scope(user, PERMISSION, case, request)
    if case.type_code not in ENFORCEMENT_REVIEW and case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "hearing_case_type",
            "只有执行审查案件（执异、执复等）或执行案件可以听证。",
            "Only enforcement review cases (执异, 执复 …) and enforcement cases are heard.",
        )
    if case.closed_on is not None or case.status == CLOSED:
        raise LawError("case_closed", "案件已结案，不能再安排听证。", "The case is closed.")
    return linked_case(case)


def linked_case(case: Case) -> Case:
    """The enforcement case a hearing on ``case`` concerns; ``hearing_no_enforcement_case`` if none."""
    node: Case | None = case
    while node is not None and node.type_code not in ENFORCEMENT_ACTION:
        node = node.origin if node.type_code in ENFORCEMENT_REVIEW else None
    if node is None:
        raise LawError(
            "hearing_no_enforcement_case",
            "该审查案件未关联执行案件，请先关联来源案件。",
            "The review case is not linked to an enforcement case: link its origin first.",
        )
    return node


def check_in_scope(user: Any, hearing: Hearing, request: Any = None) -> None:
    """Permission and scope on a hearing's case."""
    authorize_in_scope(user, PERMISSION, hearing.case, request)


def check_presiding_user(user: Any, hearing: Hearing, request: Any = None) -> None:
    """Only the presiding reviewer records the hearing and its outcome."""
    check_in_scope(user, hearing, request)
    if user.pk != hearing.presiding_id:
        raise refuse(
            user,
            "not_presiding",
            f"只有主持人{hearing.presiding_name}可以记录听证和听证结论。",
            f"Only the presiding reviewer ({hearing.presiding_name}) records the hearing and its outcome.",
            request,
            hearing.case,
        )


def presiding(username: str) -> User:
    """The active user ``username``; ``presiding_unknown`` otherwise."""
    found = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if found is None:
        raise LawError(
            "presiding_unknown", "找不到该主持人。", "No such presiding reviewer.", field="presiding"
        )
    return found


def check_presiding(case: Case, linked: Case, person: User) -> None:
    """The presiding reviewer: an ``enforcement_reviewer`` of the case's court, never anyone who handled the
    linked enforcement case (its handler now, or anyone who worked on it: 审执分离)."""
    if PRESIDING_ROLE not in person.role_codes or person.court_id != case.court_id:
        raise LawError(
            "presiding_not_reviewer",
            "听证主持人须为本院执行审查人员。",
            "The presiding reviewer must be an enforcement reviewer of the case's court.",
            field="presiding",
        )
    barred = set(Assignment.objects.filter(case=linked).values_list("user_id", flat=True))
    if case.type_code in ENFORCEMENT_REVIEW:
        barred |= conflicting_people(case)
    handler = current_handler(linked)
    if handler is not None:
        barred.add(handler.user_id)
    review_type = case.type_code if case.type_code in ENFORCEMENT_REVIEW else "执异"
    violations = check_assignment(person.pk, person.permissions, review_type, barred)
    if any(v.code == "reviewer_handled_case" for v in violations):
        raise LawError(
            "reviewer_is_officer",
            f"{person.get_full_name()}承办过关联执行案件{linked.case_number}，不得主持该案听证（审执分离）。",
            f"{person.get_full_name()} handled the enforcement case {linked.case_number} and may not preside "
            "over its hearing (separation of enforcement and review).",
            field="presiding",
        )


def matter(code: str, on: dt.date) -> law.Matter:
    """The matter ``code`` in force on the hearing day."""
    return law.matter(code, params(), on)


def place(mode: str, text: str) -> str:
    """A room's name or an online hearing's https link."""
    if mode not in HearingMode.values:
        raise LawError(
            "hearing_mode_invalid",
            "听证方式应为听证室或在线听证。",
            "The mode must be room or online.",
            field="mode",
        )
    value = check_text(text.strip(), field="place", max_length=PLACE_MAX)
    if not value:
        raise LawError(
            "hearing_place_required", "请写明听证室或在线链接。", "Name the room or the link.", field="place"
        )
    if mode == HearingMode.ONLINE and not value.startswith("https://"):
        raise LawError(
            "hearing_link_invalid",
            "在线听证的链接须以 https:// 开头。",
            "An online hearing's link must start with https://.",
            field="place",
        )
    return value


def times(starts_at: dt.datetime, minutes: int, case: Case, requested_on: dt.date) -> dt.datetime:
    """The end of a hearing starting at ``starts_at`` for ``minutes``, after checking both."""
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise LawError(
            "hearing_duration_invalid",
            f"听证时长应为 {MIN_MINUTES} 至 {MAX_MINUTES} 分钟。",
            f"A hearing lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.",
            field="minutes",
        )
    day = timezone.localtime(starts_at).date()
    if requested_on < case.filed_on or requested_on > timezone.localdate():
        raise LawError(
            "hearing_request_date_invalid",
            "申请听证日期不能早于立案日，也不能晚于今天。",
            "The request date can be neither before the filing nor after today.",
            field="requested_on",
        )
    if day < requested_on:
        raise LawError(
            "hearing_before_request",
            "听证时间不能早于申请听证日期。",
            "The hearing cannot come before it was asked for.",
            field="starts_at",
        )
    if day > timezone.localdate() + dt.timedelta(days=MAX_AHEAD_DAYS):
        raise LawError(
            "hearing_too_far",
            "听证时间不能晚于一年以后。",
            "A hearing is set at most a year ahead.",
            field="starts_at",
        )
    return starts_at + dt.timedelta(minutes=minutes)


def check_day(on: dt.date, earliest: dt.date, field: str) -> None:
    """A recorded date: not in the future, not before ``earliest``."""
    if on > timezone.localdate():
        raise LawError(
            "date_in_future",
            f"日期 {on.isoformat()} 晚于今天。",
            f"The date {on.isoformat()} is in the future.",
            field=field,
        )
    if on < earliest:
        raise LawError(
            "date_too_early",
            f"日期 {on.isoformat()} 早于 {earliest.isoformat()}。",
            f"The date {on.isoformat()} is before {earliest.isoformat()}.",
            field=field,
        )
