"""Separation of duties as properties (hypothesis): the pure rules in ``zhiyuan.law.separation``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhiyuan.accounts.matrix import matrix
from zhiyuan.law import separation

ROLES = sorted(matrix().roles)
TYPE_CODES = [
    "执",
    "执恢",
    "执保",
    "执异",
    "执复",
    "执监",
    "民初",
    "民终",
    "刑初",
    "诉前调",
    "民诉前调",
    "破申",
]
users = st.integers(min_value=1, max_value=50)


@given(
    users,
    st.sets(st.sampled_from(ROLES), max_size=3),
    st.sampled_from(TYPE_CODES),
    st.sets(users, max_size=5),
)
def test_assignment_rules(user_id: int, roles: set[str], type_code: str, handlers: set[int]) -> None:
    perms = matrix().permissions_of(roles)
    codes = {v.code for v in separation.check_assignment(user_id, perms, type_code, handlers)}
    needed = separation.required_permission(type_code)
    assert ("assignment_role_missing" in codes) == (needed is not None and needed not in perms)
    across = type_code in {"执异", "执复", "执监", "执", "执恢", "执保"}
    assert ("reviewer_handled_case" in codes) == (across and user_id in handlers)


@given(users, st.sampled_from(["执异", "执复"]))
def test_whoever_handled_the_enforcement_case_never_reviews_it(officer: int, review_type: str) -> None:
    reviewer_perms = matrix().permissions_of({"enforcement_reviewer"})
    codes = {v.code for v in separation.check_assignment(officer, reviewer_perms, review_type, {officer})}
    assert "reviewer_handled_case" in codes


@given(
    st.sampled_from(
        [
            "enforcement:measure",
            "credit:list",
            "credit:restrict",
            "enforcement:inquiry",
            "funds:disburse",
            "enforcement:terminate",
        ]
    )
)
def test_trial_judges_take_no_enforcement_measure(permission: str) -> None:
    judge = matrix().permissions_of({"trial_judge"})
    assert [v.code for v in separation.check_measure(judge, permission)] == ["permission_denied"]
    officer = matrix().permissions_of({"enforcement_officer"})
    assert separation.check_measure(officer, permission) == []


@given(
    st.sampled_from(["objection_ruling", "reconsideration_ruling", "supervision_ruling"]),
    st.sampled_from(TYPE_CODES),
)
def test_rulings_only_under_their_review_case(kind: str, type_code: str) -> None:
    allowed = separation.RULINGS.get(type_code) == kind
    assert (separation.check_ruling(kind, type_code) == []) == allowed


@given(users, users, st.sets(st.sampled_from(ROLES), max_size=2), st.booleans())
def test_approvals(requester: int, approver: int, roles: set[str], verified: bool) -> None:
    perms = matrix().permissions_of(roles)
    codes = {v.code for v in separation.check_approval(requester, approver, perms, verified)}
    assert ("self_approval" in codes) == (requester == approver)
    assert ("approval_role_missing" in codes) == ("approval:grant" not in perms)
    assert ("second_factor_required" in codes) == (not verified)
