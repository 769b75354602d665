"""Who may take measures and dispose of property on a case: ``enforcement:measure``, the case in the user's
courts, an open enforcement case (执/执恢/执保). Shared by the measures and the property services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.policy import authorize_in_scope
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError

PERMISSION = "enforcement:measure"


def may_measure(user: Any, case: Case, request: Any = None) -> bool:
    """May ``user`` take measures on ``case`` (what the pages offer; no audit)?"""
    return (
        PERMISSION in permissions_for(user, request)
        and case.court_id in scope_of(user).court_ids
        and case.type_code in ENFORCEMENT_ACTION
        and case.closed_on is None
        and case.status != CLOSED
    )


def check(user: Any, case: Case, request: Any = None) -> None:
    """Permission, court scope and an open enforcement case; else an audited refusal or an error."""
    authorize_in_scope(user, PERMISSION, case, request)
    if case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "measure_not_enforcement",
            "只有执行实施案件（执、执恢、执保）可以采取控制措施、处置财产。",
            "Only enforcement cases (执, 执恢, 执保) take measures and dispose of property.",
        )
    if case.closed_on is not None or case.status == CLOSED:
        raise LawError("case_closed", "案件已结案，不能再采取措施或处置财产。", "The case is closed.")


def check_day(on: dt.date, case: Case, field: str = "on") -> None:
    """An act's date: not before the case was filed, not in the future."""
    if on > timezone.localdate():
        raise LawError(
            "date_in_future",
            f"日期 {on.isoformat()} 晚于今天。",
            f"The date {on.isoformat()} is in the future.",
            field=field,
        )
    if on < case.filed_on:
        raise LawError(
            "date_before_filing",
            f"日期 {on.isoformat()} 早于立案日 {case.filed_on.isoformat()}。",
            f"The date {on.isoformat()} is before the case was filed ({case.filed_on.isoformat()}).",
            field=field,
        )
