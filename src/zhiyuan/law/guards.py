"""Guards of lifecycle transitions: pure checks returning a refusal (or None when the move is allowed)."""

from __future__ import annotations

import datetime as dt

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.deadlines import compute
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.law.separation import Violation


def not_before_filing(filed_on: dt.date, on: dt.date) -> Violation | None:
    """Nothing happens to a case before it was filed."""
    if on < filed_on:
        return Violation(
            "before_filing", f"日期 {on} 早于立案日期 {filed_on}。", f"{on} is before filing ({filed_on})."
        )
    return None


def tcp_allowed(
    filed_on: dt.date, on: dt.date, params: ParameterBook, cal: LegalCalendar
) -> Violation | None:
    """终本 no earlier than three months after the enforcement case was filed (终本规定 Art 1(4))."""
    due = dt.date.fromisoformat(
        compute({"rule": "tcp_earliest", "start": filed_on.isoformat()}, params, cal)["due"]
    )
    if on < due:
        return Violation(
            "tcp_too_early",
            f"自执行立案起未满三个月（最早 {due}），不得终结本次执行程序。",
            f"The current procedure cannot be terminated before {due} (three months after filing).",
            params["deadlines.tcp_earliest"].citation,
        )
    return None
