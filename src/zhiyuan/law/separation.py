"""Separation of powers and duties (审执分离; 执行实施与执行审查分离; no self-approval).

SPC 《关于执行权合理配置和科学运行的若干意见》 (2011) points 1–2: enforcement power = 执行实施权 (taking
measures) + 执行审查权 (deciding objections, reconsiderations, complaints), exercised by separate
departments. Pure checks: each returns the violations it finds (empty when the act is allowed).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.citations import Citation

POWER_SPLIT = Citation("《最高人民法院关于执行权合理配置和科学运行的若干意见》（2011）", "第一条、第二条")
OBJECTION_RULES = Citation("《最高人民法院关于人民法院办理执行异议和复议案件若干问题的规定》", "")

#: review case type → the ruling that may be issued under it
RULINGS = {"执异": "objection_ruling", "执复": "reconsideration_ruling", "执监": "supervision_ruling"}
REVIEW_TYPES = frozenset(RULINGS)
TRIAL_PREFIXES = ("民", "刑", "行")
MEDIATION_TYPES = frozenset({"诉前调", "民诉前调"})


@dataclass(frozen=True, slots=True)
class Violation:
    """Why an act is refused: stable code, bilingual message, the rule it rests on."""

    code: str
    message_zh: str
    message_en: str
    citation: Citation = POWER_SPLIT


def required_permission(case_type_code: str) -> str | None:
    """The permission a handler of a case of this type must hold."""
    if case_type_code in ENFORCEMENT_ACTION:
        return "enforcement:handle"
    if case_type_code in REVIEW_TYPES:
        return "enforcement:review"
    if case_type_code in MEDIATION_TYPES:
        return "mediation:conduct"
    if case_type_code.startswith(TRIAL_PREFIXES) or case_type_code in {"诉前调确", "诉前调书"}:
        return "trial:adjudicate"
    return None


def check_assignment(
    user_id: int, permissions: Collection[str], case_type_code: str, reviewed_handlers: Collection[int] = ()
) -> list[Violation]:
    """May ``user_id`` handle or sit on a case of ``case_type_code``?

    ``reviewed_handlers``: everyone who worked on the other side of the review line — for a review case,
    the cases it reviews (the enforcement case under an objection; the enforcement and objection cases
    under a reconsideration); for an enforcement case, the review cases below it.
    """
    out = []
    needed = required_permission(case_type_code)
    if needed is not None and needed not in permissions:
        out.append(
            Violation(
                "assignment_role_missing",
                f"承办“{case_type_code}”案件须具备权限 {needed}。",
                f"Handling a '{case_type_code}' case requires the permission {needed}.",
            )
        )
    if (
        case_type_code in REVIEW_TYPES or case_type_code in ENFORCEMENT_ACTION
    ) and user_id in reviewed_handlers:
        out.append(
            Violation(
                "reviewer_handled_case",
                "承办过被审查执行案件的人员不得承办或参与审查该案的异议、复议。",
                "Whoever handled the enforcement case may not handle or sit on its objection "
                "or reconsideration.",
            )
        )
    return out


def check_measure(permissions: Collection[str], measure_permission: str) -> list[Violation]:
    """Enforcement measures and credit sanctions belong to the enforcement officers, not to trial judges."""
    if measure_permission in permissions:
        return []
    return [
        Violation(
            "permission_denied",
            f"无权执行此操作（需要 {measure_permission}）。",
            f"Not permitted (requires {measure_permission}).",
        )
    ]


def check_ruling(ruling_kind: str, case_type_code: str) -> list[Violation]:
    """An objection ruling exists only under an objection case (执异), and so on."""
    if RULINGS.get(case_type_code) == ruling_kind:
        return []
    return [
        Violation(
            "ruling_wrong_case_type",
            f"“{ruling_kind}”只能在对应的审查案件下作出，不能在“{case_type_code}”案件下作出。",
            f"A {ruling_kind} can only be made under its own review case, not under '{case_type_code}'.",
            OBJECTION_RULES,
        )
    ]


def check_approval(
    requester_id: int, approver_id: int, approver_permissions: Collection[str], second_factor_verified: bool
) -> list[Violation]:
    """Approvals: never by the person who asked, only by an approver, only after a second factor."""
    out = []
    if requester_id == approver_id:
        out.append(
            Violation("self_approval", "申请人不得审批本人的申请。", "Nobody may approve their own request.")
        )
    if "approval:grant" not in approver_permissions:
        out.append(
            Violation(
                "approval_role_missing", "审批人不具备审批权限。", "The approver may not grant approvals."
            )
        )
    if not second_factor_verified:
        out.append(
            Violation(
                "second_factor_required",
                "审批须先完成第二因素（动态口令）验证。",
                "Approvals require a verified second factor (TOTP).",
            )
        )
    return out
