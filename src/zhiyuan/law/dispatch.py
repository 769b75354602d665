"""Dispatch between courts (上下级一体化, ``zhiyuan law dispatch``): who may move an enforcement case to
another court, when, and the deadlines the receiving court runs against.

- 委托执行 (delegated): only to a court of the same level (委托执行规定 Arts 1, 3: 同级人民法院); the
  receiving court files within 7 days (Art 7), starts within 15 days and reports within 30 days if not
  finished (民事诉讼法 2023 Art 240), and should finish within 6 months (委托执行规定 Art 11).
- 提级执行 (escalated): once more than six months passed since the application without enforcement, the
  court above may order enforcement, take the case itself or designate another court (民事诉讼法 2023
  Art 237); "超过六个月" — the day six months on is not yet enough, the day after is.
- 指定执行 (designated) and 交叉执行 (cross): a court above both courts moves the case; a cross-court
  campaign takes cases open at least ``cross_min_months`` (UNVERIFIED default 12).

Periods in days start the day after receipt (民法典 Art 201) and a last day that is not a working day
moves to the next working day (民事诉讼法 Art 85). Facts in, result out: no clock, no tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhiyuan.law.calendar import LegalCalendar, add_months
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_choice, parse_date, require_fields
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.law.separation import Violation

DELEGATED, DESIGNATED, ESCALATED, CROSS = "delegated", "designated", "escalated", "cross"
KINDS = (DELEGATED, DESIGNATED, ESCALATED, CROSS)
LEVELS = ("high", "intermediate", "basic", "special")
PREFIX = "dispatch."
#: the years a dispatch date can fall in (the parameters start in 1991; the calendar ends long before 9999)
EARLIEST_YEAR, LATEST_YEAR = 1991, 2200


def _days(params: ParameterBook, name: str, on: dt.date) -> int:
    return int(params[PREFIX + name].at(on))


def _due(start: dt.date, days: int, cal: LegalCalendar) -> dt.date:
    return cal.next_working_day(start + dt.timedelta(days=days))


def deadlines(
    kind: str, received_on: dt.date, params: ParameterBook, cal: LegalCalendar
) -> dict[str, dt.date]:
    """The receiving court's deadlines for a dispatch received on ``received_on``: ``filing_due`` for every
    kind; ``start_due``, ``report_due`` and ``completion_due`` for delegated enforcement."""
    if kind == DELEGATED:
        return {
            "filing_due": _due(received_on, _days(params, "delegated_filing_days", received_on), cal),
            "start_due": _due(received_on, _days(params, "delegated_start_days", received_on), cal),
            "report_due": _due(received_on, _days(params, "delegated_report_days", received_on), cal),
            "completion_due": cal.next_working_day(
                add_months(received_on, _days(params, "delegated_completion_months", received_on))
            ),
        }
    return {"filing_due": _due(received_on, _days(params, "designated_filing_days", received_on), cal)}


def escalation_from(filed_on: dt.date, params: ParameterBook) -> dt.date:
    """The first day an escalation may be asked: the day after the six months end."""
    return add_months(filed_on, _days(params, "escalation_months", filed_on)) + dt.timedelta(days=1)


def cross_from(filed_on: dt.date, on: dt.date, params: ParameterBook) -> dt.date:
    """The first day a case filed on ``filed_on`` counts as long-pending for a cross-court campaign."""
    return add_months(filed_on, _days(params, "cross_min_months", on))


def refusals(
    kind: str, *, on: dt.date, filed_on: dt.date, from_level: str, to_level: str, params: ParameterBook
) -> list[Violation]:
    """Why dispatching a case of ``from_level`` filed on ``filed_on`` to a court of ``to_level`` on ``on`` is
    not allowed (empty when it is). Who orders it (the court above both) is checked by the caller."""
    out: list[Violation] = []
    if kind == DELEGATED and from_level != to_level:
        out.append(
            Violation(
                "delegation_level",
                "委托执行只能委托同级人民法院（委托执行规定第一条、第三条）。",
                "Delegated enforcement goes to a court of the same level (SPC rules on delegation Arts 1, 3).",
                params[PREFIX + "delegated_filing_days"].citation,
            )
        )
    if kind == ESCALATED and on < escalation_from(filed_on, params):
        first = escalation_from(filed_on, params)
        out.append(
            Violation(
                "escalation_too_early",
                f"自立案之日起未超过六个月，{first.isoformat()}起方可提级执行（民事诉讼法第二百三十七条）。",
                f"Six months since filing have not passed; escalation from {first.isoformat()} "
                "(Civil Procedure Law Art 237).",
                params[PREFIX + "escalation_months"].citation,
            )
        )
    if kind == CROSS and on < cross_from(filed_on, on, params):
        first = cross_from(filed_on, on, params)
        out.append(
            Violation(
                "cross_not_long_pending",
                f"案件尚非长期未结案件，{first.isoformat()}起方可交叉执行。",
                f"The case is not long-pending yet; cross-court enforcement from {first.isoformat()}.",
                params[PREFIX + "cross_min_months"].citation,
            )
        )
    return out


def citations(params: ParameterBook) -> list[Citation]:
    """What the rule rests on."""
    return [params[n].citation for n in params.names(PREFIX)]


def check(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law dispatch``: ``{kind, on, filed_on, from_level, to_level}`` → whether it is allowed
    (``allowed``, ``refusals`` as codes), the receiving court's deadlines from ``on`` and the first days an
    escalation and a cross-court move are possible."""
    data = require_fields(facts, "kind", "on", "filed_on", "from_level", "to_level")
    kind = parse_choice(data["kind"], "kind", KINDS)
    on = parse_date(data["on"], "on")
    filed_on = parse_date(data["filed_on"], "filed_on")
    from_level = parse_choice(data["from_level"], "level", LEVELS, field="from_level")
    to_level = parse_choice(data["to_level"], "level", LEVELS, field="to_level")
    for name, day in (("on", on), ("filed_on", filed_on)):
        if not LATEST_YEAR >= day.year >= EARLIEST_YEAR:
            raise LawError(
                "date_out_of_range",
                f"日期“{name}”须在 {EARLIEST_YEAR} 年至 {LATEST_YEAR} 年之间。",
                f"Date '{name}' must fall between {EARLIEST_YEAR} and {LATEST_YEAR}.",
                field=name,
            )
    found = refusals(kind, on=on, filed_on=filed_on, from_level=from_level, to_level=to_level, params=params)
    due = deadlines(kind, on, params, cal)
    return {
        "kind": kind,
        "allowed": not found,
        "refusals": [v.code for v in found],
        "deadlines": {k: v.isoformat() for k, v in due.items()},
        "escalation_from": escalation_from(filed_on, params).isoformat(),
        "cross_from": cross_from(filed_on, on, params).isoformat(),
        **cite(citations(params)),
    }
