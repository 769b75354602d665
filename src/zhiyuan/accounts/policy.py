"""Authorization in one place: the permission matrix, separation of duties, and the audit of denials.

Every service and view asks here; a refusal is a :class:`Denied` with a stable code, recorded in the
audit log (outcome ``denied``) before it is raised.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.http import HttpRequest

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor, permissions_for
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record
from zhiyuan.law import separation
from zhiyuan.law.errors import Denied


def _deny(
    user: Any,
    request: HttpRequest | None,
    what: str,
    violations: list[separation.Violation],
    obj: object | None = None,
) -> Denied:
    first = violations[0]
    record(
        actor(user, request),
        "auth.denied",
        obj=obj,
        outcome=Outcome.DENIED,
        after={"attempted": what, "codes": [v.code for v in violations]},
    )
    return Denied(first.code, first.message_zh, first.message_en, codes=[v.code for v in violations])


def authorize(
    user: Any, permission: str, request: HttpRequest | None = None, obj: object | None = None
) -> None:
    """Raise :class:`Denied` (and audit it) unless ``user`` holds ``permission``."""
    violations = separation.check_measure(permissions_for(user, request), permission)
    if violations:
        raise _deny(user, request, permission, violations, obj)


def authorize_any(
    user: Any, permissions: Collection[str], request: HttpRequest | None = None, obj: object | None = None
) -> None:
    """Raise :class:`Denied` (and audit it) unless ``user`` holds at least one of ``permissions`` (a page
    several roles share, each through its own permission)."""
    held = permissions_for(user, request)
    if any(not separation.check_measure(held, p) for p in permissions):
        return
    first = sorted(permissions)[0]
    raise _deny(user, request, " | ".join(sorted(permissions)), separation.check_measure(held, first), obj)


def authorize_in_scope(user: Any, permission: str, obj: Any, request: HttpRequest | None = None) -> None:
    """``authorize`` and then the court scope: ``obj`` (a case, or anything with ``court_id``) must be of a
    court the user sees; otherwise an audited refusal ``case_out_of_scope``."""
    authorize(user, permission, request, obj=obj)
    if obj.court_id not in scope_of(user).court_ids:
        raise refuse(
            user,
            "case_out_of_scope",
            "该案件不在您的权限范围内。",
            "The case is outside your scope.",
            request,
            obj,
        )


def authorize_assignment(
    user: Any,
    case_type_code: str,
    reviewed_handlers: Collection[int] = (),
    request: HttpRequest | None = None,
    obj: object | None = None,
) -> None:
    """May ``user`` handle or sit on a case of this type (审执分离; no reviewing one's own enforcement)?"""
    violations = separation.check_assignment(user.pk, user.permissions, case_type_code, reviewed_handlers)
    if violations:
        raise _deny(user, request, f"assign:{case_type_code}", violations, obj)


def authorize_ruling(
    user: Any,
    ruling_kind: str,
    case_type_code: str,
    request: HttpRequest | None = None,
    obj: object | None = None,
) -> None:
    """An objection ruling only under an objection case, by a reviewer."""
    violations = [
        *separation.check_measure(permissions_for(user, request), "enforcement:review"),
        *separation.check_ruling(ruling_kind, case_type_code),
    ]
    if violations:
        raise _deny(user, request, ruling_kind, violations, obj)


def authorize_approval(
    approver: Any,
    requester_id: int,
    request: HttpRequest | None = None,
    obj: object | None = None,
    *,
    court_id: int | None = None,
) -> None:
    """Approvals: not by the requester, only by an approver, only with a verified second factor; with
    ``court_id`` (the case's court), only by an approver of that court (``approver_not_of_case_court``) —
    a scope that includes the court (an intermediate court's district) is not enough."""
    verified = bool(getattr(approver, "is_verified", lambda: False)())
    violations = separation.check_approval(
        requester_id, approver.pk, permissions_for(approver, request), verified
    )
    if violations:
        raise _deny(approver, request, "approval", violations, obj)
    if court_id is not None and getattr(approver, "court_id", None) != court_id:
        raise refuse(
            approver,
            "approver_not_of_case_court",
            "须由本案所在法院的审批人审批。",
            "The approver must belong to the case's own court.",
            request,
            obj,
        )


def refuse(
    user: Any,
    code: str,
    message_zh: str,
    message_en: str,
    request: HttpRequest | None = None,
    obj: object | None = None,
) -> Denied:
    """An audited refusal for a reason outside the matrix (e.g. a court outside the user's scope)."""
    return _deny(user, request, code, [separation.Violation(code, message_zh, message_en)], obj)
