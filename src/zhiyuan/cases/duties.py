"""Assignments and approvals: where separation of duties meets real cases.

Whoever handled an enforcement case may not handle or sit on the objection or reconsideration that
reviews it (and the other way round); approvals are never given by the person who asked, only by an
approver, only after a second factor. Refusals are audited (``accounts.policy``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, authorize_approval, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases import services
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Approval, ApprovalStatus, Assignment, Case
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError
from zhiyuan.law.separation import REVIEW_TYPES, check_assignment


def _reviewed_chain(case: Case) -> list[Case]:
    """The enforcement cases (and objection cases) a review case reviews, up its origin chain."""
    chain, node = [], case.origin
    while node is not None and (node.type_code in ENFORCEMENT_ACTION or node.type_code in REVIEW_TYPES):
        chain.append(node)
        node = node.origin
    return chain


def _reviews_of(case: Case) -> list[Case]:
    """Every review case below an enforcement case (objections, their reconsiderations, supervision)."""
    found, frontier = [], [case.pk]
    while frontier:
        children = list(Case.objects.filter(origin_id__in=frontier, type_code__in=REVIEW_TYPES))
        found += children
        frontier = [c.pk for c in children]
    return found


def conflicting_people(case: Case) -> set[int]:
    """People who may not work on ``case`` because they worked on the other side of a review."""
    if case.type_code in REVIEW_TYPES:
        related = _reviewed_chain(case)
    elif case.type_code in ENFORCEMENT_ACTION:
        related = _reviews_of(case)
    else:
        return set()
    return set(Assignment.objects.filter(case__in=related).values_list("user_id", flat=True))


def assign(
    actor_user: Any, case: Case, assignee: Any, capacity: str, on: dt.date, request: Any = None
) -> Assignment:
    """Assign ``assignee`` as handler or panel member (``case:assign``), checking 审执分离 and review duties."""
    authorize(actor_user, "case:assign", request, obj=case)
    if not scope_of(actor_user).filter(Case.objects.filter(pk=case.pk)).exists():
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    if case.court_id not in scope_of(assignee).court_ids:
        raise refuse(
            actor_user,
            "assignee_out_of_scope",
            f"{assignee}不属于该案法院。",
            f"{assignee} does not belong to the case's court.",
            request,
            case,
        )
    violations = check_assignment(assignee.pk, assignee.permissions, case.type_code, conflicting_people(case))
    if violations:
        v = violations[0]
        raise refuse(actor_user, v.code, v.message_zh, v.message_en, request, case)
    with transaction.atomic():
        made, created = Assignment.objects.get_or_create(
            case=case,
            user_id=assignee.pk,
            capacity=capacity,
            defaults={
                "user_name": assignee.get_username(),
                "assigned_by": actor_user.get_username(),
                "assigned_on": on,
            },
        )
        if created:
            who = actor_of(actor_user, request)
            services.log_node(
                case, "assignment", on, who, {"user": assignee.get_username(), "capacity": capacity}
            )
            record(
                who,
                "cases.assignment",
                obj=case,
                after={"user": assignee.get_username(), "capacity": capacity},
            )
    return made


def request_approval(
    actor_user: Any, case: Case, transition: str, reason: str, on: dt.date, request: Any = None
) -> Approval:
    """Ask for a transition that needs a superior's approval (e.g. extending the time limit)."""
    move = family_of(case.type_code).transitions.get(transition)
    if move is None or move.permission != "approval:grant":
        raise LawError(
            "approval_not_needed", f"“{transition}”无需审批。", f"'{transition}' needs no approval."
        )
    authorize(actor_user, "case:view", request, obj=case)
    if not Assignment.objects.filter(case=case, user_id=actor_user.pk).exists():
        raise refuse(
            actor_user,
            "not_assigned",
            "只有本案承办人可以提出申请。",
            "Only the case's handler may ask.",
            request,
            case,
        )
    if not reason.strip():
        raise LawError("reason_required", "请写明申请理由。", "Give a reason.")
    with transaction.atomic():
        approval = Approval.objects.create(
            case=case,
            transition=transition,
            reason=reason,
            requested_by_id=actor_user.pk,
            requested_by=actor_user.get_username(),
            requested_on=on,
        )
        record(
            actor_of(actor_user, request),
            "cases.approval.request",
            obj=case,
            after={"transition": transition, "reason": reason},
        )
    return approval


def decide(approver: Any, approval: Approval, grant: bool, on: dt.date, request: Any = None) -> Approval:
    """Grant (and carry out) or refuse a pending request: never by the requester, only with a second factor."""
    if approval.status != ApprovalStatus.PENDING:
        raise LawError("approval_decided", "该申请已经审批。", "This request was already decided.")
    authorize_approval(approver, approval.requested_by_id, request, obj=approval.case)
    with transaction.atomic():
        approval.status = ApprovalStatus.GRANTED if grant else ApprovalStatus.REFUSED
        approval.decided_by = approver.get_username()
        approval.decided_on = on
        approval.save(update_fields=["status", "decided_by", "decided_on"])
        record(
            actor_of(approver, request),
            f"cases.approval.{approval.status}",
            obj=approval.case,
            after={"transition": approval.transition},
        )
        if grant:
            services.transition(
                approver,
                approval.case,
                approval.transition,
                on,
                note=f"批准：{approval.reason}",
                request=request,
            )
    return approval
