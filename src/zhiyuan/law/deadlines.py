"""Statutory deadlines (民法典 Arts 201–203).

Day periods exclude the start day; month and year periods end on the corresponding day (the month's
last day when there is none); a last day that is not a working day moves to the next working day
(make-up working days count as working); working-day periods count working days only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhiyuan.law.calendar import LegalCalendar, add_months
from zhiyuan.law.citations import CIVIL_CODE_PERIODS, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.parameters import ParameterBook

PREFIX = "deadlines."
UNITS = ("day", "working_day", "month", "year")


@dataclass(frozen=True, slots=True)
class Period:
    """A period length: ``amount`` of ``unit``; ``roll`` moves a non-working last day forward."""

    amount: int
    unit: str
    roll: bool = True


def due_date(start: dt.date, period: Period, cal: LegalCalendar) -> tuple[dt.date, dt.date | None]:
    """Last day of ``period`` from ``start``, and the unrolled date when rolling moved it."""
    if period.unit == "working_day":
        return cal.add_working_days(start, period.amount), None
    if period.unit == "day":
        end = start + dt.timedelta(days=period.amount)
    elif period.unit == "month":
        end = add_months(start, period.amount)
    elif period.unit == "year":
        end = add_months(start, 12 * period.amount)
    else:  # pragma: no cover - parameter files are validated on load
        raise ValueError(period.unit)
    if period.roll:
        rolled = cal.next_working_day(end)
        if rolled != end:
            return rolled, end
    return end, None


def rule_names(params: ParameterBook) -> list[str]:
    """Every deadline rule defined in the parameters."""
    return [n.removeprefix(PREFIX) for n in params.names(PREFIX)]


def compute(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law deadline``: ``{"rule", "start"}`` → ``due``, ``warnings``, ``citation``."""
    data = require_fields(facts, "rule", "start")
    name = str(data["rule"])
    key = PREFIX + name
    if key not in params:
        known = ", ".join(rule_names(params))
        raise LawError(
            "unknown_deadline_rule",
            f"未知的期限规则“{name}”。可用：{known}。",
            f"Unknown deadline rule '{name}'. Known: {known}.",
        )
    start = parse_date(data["start"], "start")
    param = params[key]
    period = Period(**param.at(start))
    due, unrolled = due_date(start, period, cal)
    warnings: list[dict[str, Any]] = []
    missing = cal.unpublished_years(range(start.year, due.year + 1))
    if missing:
        years = ", ".join(map(str, missing))
        warnings.append(
            {
                "code": "calendar_unpublished",
                "message_zh": f"{years} 年的法定节假日安排尚未公布或未录入，按仅周末休息计算，结果可能变化。",
                "message_en": f"No holiday arrangement is recorded for {years}; weekends only were used.",
                "years": missing,
            }
        )
    if not param.citation.verified:
        warnings.append(
            {
                "code": "unverified_parameter",
                "message_zh": "该期限的法律依据未经核实，为可配置的默认值。",
                "message_en": "The source of this period is unverified; it is a configurable default.",
            }
        )
    return {
        "rule": name,
        "start": start.isoformat(),
        "period": {"amount": period.amount, "unit": period.unit},
        "due": due.isoformat(),
        "rolled_from": unrolled.isoformat() if unrolled else None,
        "warnings": warnings,
        **cite([param.citation, CIVIL_CODE_PERIODS]),
    }
