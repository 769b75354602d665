"""Assignments and approvals: where separation of duties meets real cases.

Whoever handled an enforcement case may not handle or sit on the objection or reconsideration that
reviews it (and the other way round); a case has one current handler (承办人), who makes its moves
(``zhiyuan.cases.assignments``), and a division head or court president reassigns it with a reason. A
move that needs approval is asked for by the handler and carried out by the grant; approvals are never
given by the person who asked, only by an approver of the case's own court (本院院长批准), only after a
second factor, and a request is decided once. Refusals are audited (``accounts.policy``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize, authorize_approval, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases import services
from zhiyuan.cases.assignments import conflicting_people, current_handler
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Approval, ApprovalStatus, Assignment, Capacity, Case
from zhiyuan.law.errors import LawError
from zhiyuan.law.separation import check_assignment

__all__ = ["assign", "assign_handler", "conflicting_people", "decide", "request_approval"]


def _check_assignee(actor_user: Any, case: Case, assignee: Any, request: Any) -> None:
    """``case:assign``, the case in the assigner's scope, the assignee of the case's court, 审执分离."""
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


def assign(
    actor_user: Any, case: Case, assignee: Any, capacity: str, on: dt.date, request: Any = None
) -> Assignment:
    """Assign ``assignee`` as handler or panel member (``case:assign``), checking 审执分离 and review duties.

    A handler is assigned through :func:`assign_handler`: the first one freely, a replacement only with a
    reason."""
    if capacity == Capacity.HANDLER:
        return assign_handler(actor_user, case, assignee, on, request=request)
    if capacity not in Capacity.values:
        raise LawError(
            "capacity_invalid",
            f"身份须为：{', '.join(Capacity.values)}。",
            "Capacity must be handler or panel.",
        )
    _check_assignee(actor_user, case, assignee, request)
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


def assign_handler(
    actor_user: Any, case: Case, assignee: Any, on: dt.date, reason: str = "", request: Any = None
) -> Assignment:
    """Make ``assignee`` the case's handler (承办人) (``case:assign``: a division head or court president of
    the case's court or of a higher court in whose district it lies). Replacing a handler (改派) needs a
    reason; the previous handler's assignment ends and is kept (审执分离 remembers who handled a case).
    Audited with the handler before and after."""
    _check_assignee(actor_user, case, assignee, request)
    if on < case.filed_on:
        raise LawError(
            "before_filing", "分案日期不能早于立案日期。", "The assignment cannot precede the filing."
        )
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one reassignment at a time
        previous = current_handler(case)
        if previous is not None and previous.user_id == assignee.pk:
            return previous
        if previous is not None and not reason.strip():
            raise LawError(
                "reason_required",
                f"本案已由{previous.user_name}承办，改派须写明理由。",
                f"{previous.user_name} handles this case; give a reason to reassign it.",
            )
        if previous is not None:
            previous.ended_on = on
            previous.save(update_fields=["ended_on"])
        made, created = Assignment.objects.get_or_create(
            case=case,
            user_id=assignee.pk,
            capacity=Capacity.HANDLER,
            defaults={
                "user_name": assignee.get_username(),
                "assigned_by": actor_user.get_username(),
                "assigned_on": on,
            },
        )
        if not created:  # a former handler again
            made.ended_on = None
            made.assigned_by = actor_user.get_username()
            made.assigned_on = on
            made.save(update_fields=["ended_on", "assigned_by", "assigned_on"])
        who = actor_of(actor_user, request)
        payload = {"user": assignee.get_username(), "capacity": Capacity.HANDLER.value}
        if previous is not None:
            payload |= {"previous": previous.user_name, "reason": reason.strip()}
        services.log_node(case, "reassignment" if previous else "assignment", on, who, payload)
        record(
            who,
            "cases.assignment.handler",
            obj=case,
            before={"handler": previous.user_name if previous else None},
            after={"handler": assignee.get_username(), "reason": reason.strip() or None},
        )
    return made


def request_approval(
    actor_user: Any, case: Case, transition: str, reason: str, on: dt.date, request: Any = None
) -> Approval:
    """Ask for a transition that needs a superior's approval (e.g. extending the time limit): the case's
    handler, holding the move's permission, from a state the move leaves, with a reason; one pending
    request per move."""
    move = family_of(case.type_code).transitions.get(transition)
    if move is None or not move.approval:
        raise LawError(
            "approval_not_needed", f"“{transition}”无需审批。", f"'{transition}' needs no approval."
        )
    authorize(actor_user, move.permission, request, obj=case)
    if not scope_of(actor_user).filter(Case.objects.filter(pk=case.pk)).exists():
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    handler = current_handler(case)
    if handler is None or handler.user_id != actor_user.pk:
        raise refuse(
            actor_user,
            "not_assigned",
            "只有本案承办人可以提出申请。",
            "Only the case's handler may ask.",
            request,
            case,
        )
    if case.status not in move.sources:
        raise LawError(
            "transition_not_allowed",
            f"案件处于当前状态，不能申请“{move.zh}”。",
            f"A case in state '{case.status}' cannot '{transition}'.",
            state=case.status,
        )
    if not reason.strip():
        raise LawError("reason_required", "请写明申请理由。", "Give a reason.")
    if Approval.objects.filter(case=case, transition=transition, status=ApprovalStatus.PENDING).exists():
        raise LawError(
            "approval_pending", "同一事项已有待审批的申请。", "A request for this is already pending."
        )
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


def _decided() -> LawError:
    return LawError("approval_decided", "该申请已经审批。", "This request was already decided.")


def decide(approver: Any, approval: Approval, grant: bool, on: dt.date, request: Any = None) -> Approval:
    """Grant (and carry out) or refuse a pending request: never by the requester, only by an approver of
    the case's own court (审限规定 Art 5: 经本院院长批准), only with a second factor. The request is re-read
    under a row lock, so of two decisions at once exactly one is taken; the other is ``approval_decided``."""
    if approval.status != ApprovalStatus.PENDING:
        raise _decided()
    authorize_approval(approver, approval.requested_by_id, request, obj=approval.case)
    if getattr(approver, "court_id", None) != approval.case.court_id:
        raise refuse(
            approver,
            "approver_not_of_case_court",
            "须由本案所在法院的院长（庭长）审批。",
            "The approver must belong to the case's own court.",
            request,
            approval.case,
        )
    with transaction.atomic():
        locked = Approval.objects.select_for_update().select_related("case").get(pk=approval.pk)
        if locked.status != ApprovalStatus.PENDING:
            raise _decided()
        if on < locked.requested_on:
            raise LawError(
                "decision_before_request",
                "审批日期不能早于申请日期。",
                "The decision cannot precede the request.",
            )
        locked.status = ApprovalStatus.GRANTED if grant else ApprovalStatus.REFUSED
        locked.decided_by = approver.get_username()
        locked.decided_on = on
        locked.save(update_fields=["status", "decided_by", "decided_on"])
        record(
            actor_of(approver, request),
            f"cases.approval.{locked.status}",
            obj=locked.case,
            after={"transition": locked.transition, "approval": locked.pk},
        )
        if grant:
            services.transition(
                approver,
                locked.case,
                locked.transition,
                on,
                note=f"批准：{locked.reason}",
                request=request,
                approval=locked,
            )
    return locked
