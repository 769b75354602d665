"""The permission matrix: three administrators apart from everything, trial apart from enforcement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zhiyuan.accounts.management.commands.accounts import matrix_markdown
from zhiyuan.accounts.matrix import matrix

ADMINS = ("system_admin", "security_admin", "audit_admin")
CASE_PREFIXES = (
    "case:",
    "mediation:",
    "trial:",
    "enforcement:",
    "credit:",
    "funds:",
    "affairs:",
    "approval:",
    "command:",
    "campaign:",
    "governance:",
    "report:",
    "partner:",
    "party:",
)


def test_required_roles_exist() -> None:
    assert set(matrix().roles) >= {
        "filing_clerk",
        "mediator",
        "partner_user",
        "trial_judge",
        "enforcement_officer",
        "enforcement_reviewer",
        "affairs_staff",
        "command_operator",
        "division_head",
        "court_president",
        "party",
        *ADMINS,
    }


def test_administrators_touch_no_case_data_and_not_each_others_work() -> None:
    m = matrix()
    for code in ADMINS:
        perms = m.roles[code].permissions
        assert perms
        assert not [p for p in perms if p.startswith(CASE_PREFIXES)], code
        assert m.roles[code].second_factor
        assert m.roles[code].exclusive
    for a in ADMINS:
        for b in ADMINS:
            if a != b:
                assert not (m.roles[a].permissions & m.roles[b].permissions)


def test_nobody_else_holds_an_administrators_permission() -> None:
    m = matrix()
    admin_perms = set().union(*(m.roles[a].permissions for a in ADMINS))
    for code, role in m.roles.items():
        if code not in ADMINS:
            assert not (role.permissions & admin_perms), code


def test_trial_and_enforcement_are_separate() -> None:
    judge = matrix().roles["trial_judge"].permissions
    assert not [p for p in judge if p.startswith(("enforcement:", "credit:", "funds:"))]
    reviewer = matrix().roles["enforcement_reviewer"].permissions
    officer = matrix().roles["enforcement_officer"].permissions
    assert "enforcement:review" not in officer
    assert "enforcement:measure" not in reviewer


@given(st.sets(st.sampled_from(sorted(matrix().roles)), min_size=1, max_size=4))
def test_conflicts(roles: set[str]) -> None:
    m = matrix()
    kinds = {m.roles[r].kind for r in roles}
    exclusive = any(m.roles[r].exclusive for r in roles) and len(roles) > 1
    incompatible = any(p <= roles for p in m.incompatible)
    assert (m.conflicts(roles) == []) == (len(kinds) == 1 and not exclusive and not incompatible)


def test_docs_security_md_is_current() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "security.md"
    assert path.read_text(encoding="utf-8") == matrix_markdown(), "docs/security.md is stale: run `make docs`"


def test_matrix_command_prints_json() -> None:
    zhiyuan = str(Path(sys.executable).parent / "zhiyuan")
    done = subprocess.run([zhiyuan, "accounts", "matrix"], capture_output=True, text=True, check=False)
    assert '"audit_admin": ["audit:export", "audit:read", "audit:verify"]' in done.stdout
