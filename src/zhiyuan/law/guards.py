"""Guards of lifecycle transitions: pure checks returning a refusal (or None when the move is allowed)."""

from __future__ import annotations

import datetime as dt

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.law.separation import Violation
from zhiyuan.law.termination import earliest_on


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
    """终本 only once more than three months have passed since the enforcement case was filed (终本规定
    Art 1(4) 已超过三个月; 民法典 Art 1259: 超过 excludes the number): from the day after the three-month
    date, which is not moved for holidays — the same :func:`~zhiyuan.law.termination.earliest_on` as the
    ``tcp-check`` rule."""
    due = earliest_on(filed_on, params, cal, on)
    if on < due:
        return Violation(
            "tcp_too_early",
            f"自执行案件立案之日起尚未超过三个月，最早可于 {due} 终结本次执行程序。",
            f"Not more than three months have passed since filing: the current procedure can be terminated "
            f"from {due}.",
            params["deadlines.tcp_earliest"].citation,
        )
    return None
