"""Who moves a case: the assignment policy (承办人制度), applied to every lifecycle move a person makes.

- The case's current handler (承办人) makes its moves: they must hold the move's permission and still pass
  the assignment policy of ``accounts.policy.authorize_assignment`` (the role the case type needs; 审执分离
  against the cases on the other side of the review line), so a role lost or a conflict that arose after
  the assignment stops them too.
- An unassigned case is moved by nobody: a division head or court president (``case:assign``) of its court
  or of a higher court in whose district it lies assigns the handler first (``duties.assign_handler``);
  reassigning needs a reason and is audited.
- Explicit exceptions: a move that needs approval is carried out by the approver's grant
  (``duties.decide``, recorded as the approver's act); a case owned by a workflow (``cases.workflows``:
  a delegated mediation) is moved by that workflow, which decides who acts there; the system (imports,
  simulation, jobs, the command line) is not a person and is not checked.
"""

from __future__ import annotations

from typing import Any

from zhiyuan.accounts.policy import authorize_assignment, refuse
from zhiyuan.cases import workflows
from zhiyuan.cases.lifecycles import Transition, family_of
from zhiyuan.cases.models import Approval, ApprovalStatus, Assignment, Capacity, Case
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.separation import REVIEW_TYPES, check_assignment


def current_handler(case: Case) -> Assignment | None:
    """The case's handler now (the latest handler assignment not ended by a reassignment)."""
    return (
        Assignment.objects.filter(case=case, capacity=Capacity.HANDLER, ended_on__isnull=True)
        .order_by("-assigned_on", "-pk")
        .first()
    )


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
    """People who may not work on ``case`` because they worked on the other side of a review (ever: an
    ended assignment still counts)."""
    if case.type_code in REVIEW_TYPES:
        related = _reviewed_chain(case)
    elif case.type_code in ENFORCEMENT_ACTION:
        related = _reviews_of(case)
    else:
        return set()
    return set(Assignment.objects.filter(case__in=related).values_list("user_id", flat=True))


def authorize_move(user: Any, case: Case, request: Any = None) -> None:
    """Raise :class:`~zhiyuan.law.errors.Denied` (audited) unless ``user`` is the case's handler and may
    still handle a case of its type. The move's own permission is checked by the caller."""
    handler = current_handler(case)
    if handler is None:
        raise refuse(
            user,
            "handler_required",
            "本案尚未分案：须由庭长或院长指定承办人后办理。",
            "The case has no handler yet: a division head or court president assigns one first.",
            request,
            case,
        )
    if handler.user_id != user.pk:
        raise refuse(
            user,
            "not_case_handler",
            f"本案承办人为{handler.user_name}，只有承办人可以办理；需要改派的，请庭长或院长改派。",
            f"Only the case's handler ({handler.user_name}) may move it; a division head or court "
            "president may reassign it.",
            request,
            case,
        )
    authorize_assignment(user, case.type_code, conflicting_people(case), request, case)


def may_move(user: Any, case: Case, handler: Assignment | None) -> bool:
    """Would :func:`authorize_move` let ``user`` move ``case`` (no audit: for the pages)?"""
    if user is None or handler is None or handler.user_id != user.pk:
        return False
    return not check_assignment(user.pk, user.permissions, case.type_code, conflicting_people(case))


def moves_for(user: Any, case: Case, permissions: frozenset[str]) -> list[Transition]:
    """The moves ``user`` may make on ``case`` now, as the pages and the API offer them: from its state,
    holding the move's permission (``permissions``: the user's, narrowed to a token's scopes), as its
    handler, and not a move that needs approval or belongs to a workflow (wholly or that one move)."""
    if workflows.owner_of(case) is not None:
        return []
    allowed = [
        t
        for t in family_of(case.type_code).allowed(case.status)
        if not t.approval and workflows.owner_of_move(case, t.name) is None
    ]
    if not any(t.permission in permissions for t in allowed):
        return []
    if not may_move(user, case, current_handler(case)):
        return []
    return [t for t in allowed if t.permission in permissions]


def approvals_for(user: Any, case: Case, permissions: frozenset[str]) -> list[Transition]:
    """The moves needing approval ``user`` may ask for now: the handler, holding the move's permission,
    from the case's state, with no request for it pending."""
    if workflows.owner_of(case) is not None:
        return []
    wanted = [
        t
        for t in family_of(case.type_code).allowed(case.status)
        if t.approval and t.permission in permissions and workflows.owner_of_move(case, t.name) is None
    ]
    if not wanted or not may_move(user, case, current_handler(case)):
        return []
    pending = set(
        Approval.objects.filter(case=case, status=ApprovalStatus.PENDING).values_list("transition", flat=True)
    )
    return [t for t in wanted if t.name not in pending]
