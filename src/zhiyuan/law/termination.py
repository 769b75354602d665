"""Termination of the current procedure (终本, ``zhiyuan law tcp-check``).

《最高人民法院关于严格规范终结本次执行程序的规定（试行）》 (法〔2016〕373号) Art 1 lists the conditions that
must all hold; Art 3 says what exhausting the property investigation means; the applicant is informed and
heard before termination (Art 5, UNVERIFIED). ``missing`` names, in input order, every boolean input that is
false — and ``disposable_property_found`` when it is true — then ``too_early`` when ``on`` is before
``earliest_on``.

``earliest_on`` is the first day on which more than three months (已超过三个月, Art 1(4)) have passed since
filing: the day after the date three months after ``filed_on`` (the same day of the month, or the month's
last day when it has none; 民法典 Arts 202, 1259). It is a waiting period, not a period for an act, so it
never moves for holidays. :func:`earliest_on` is the one definition: the cases lifecycle guard
(:func:`zhiyuan.law.guards.tcp_allowed`) calls it too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.deadlines import MORE_THAN, Period, citation_of, waiting_due
from zhiyuan.law.facts import parse_date, parse_flag, require_fields
from zhiyuan.law.parameters import ParameterBook

EARLIEST = "deadlines.tcp_earliest"
PARAMS = ("termination.investigation", "termination.applicant_informed")
#: The boolean inputs in contract order; each must be true except ``disposable_property_found``.
FLAGS = (
    "notice_served",
    "property_report_ordered",
    "consumption_restriction_issued",
    "dishonesty_listed_or_ineligible",
    "leads_checked",
    "network_inquiry_done",
    "onsite_inquiry_done_or_unneeded",
    "search_done_or_unneeded",
    "disposable_property_found",
    "whereabouts_known_or_searched",
    "obstruction_sanctioned_or_none",
    "applicant_informed",
)
MUST_BE_FALSE = frozenset({"disposable_property_found"})

ART_1 = Citation(
    "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》",
    "第一条",
    note="执行通知、责令报告财产 (一); 限制消费令、纳入失信名单 (二); 穷尽财产调查措施、未发现可供执行的财产 (三); "
    "已超过三个月 (四); 查找下落不明的被执行人、对妨害执行采取强制措施 (五) — 法〔2016〕373号, in force 2016-12-01",
)


def earliest_on(
    filed_on: dt.date, params: ParameterBook, cal: LegalCalendar, on: dt.date | None = None
) -> dt.date:
    """The first day the current procedure may be terminated: more than the waiting period of
    ``deadlines.tcp_earliest`` after ``filed_on``. The period is the version in force on the later of
    ``filed_on`` and ``on`` (the day of the termination, when known)."""
    when = filed_on if on is None else max(filed_on, on)
    return waiting_due(filed_on, Period.from_value(params[EARLIEST].at(when)), cal)


def check(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law tcp-check``: the checklist of a case → ``allowed``, ``missing``, ``earliest_on``."""
    data = require_fields(facts, "filed_on", "on", *FLAGS)
    filed_on = parse_date(data["filed_on"], "filed_on")
    on = parse_date(data["on"], "on")
    flags = {name: parse_flag(data[name], name) for name in FLAGS}
    earliest = earliest_on(filed_on, params, cal, on)
    missing = [name for name in FLAGS if flags[name] == (name in MUST_BE_FALSE)]
    if on < earliest:
        missing.append("too_early")
    when = max(filed_on, on)
    earliest_param = params[EARLIEST]
    citations = [
        ART_1,
        citation_of(earliest_param, earliest_param.at(when)),
        MORE_THAN,
        *(params[name].citation for name in PARAMS),
    ]
    return {
        "allowed": not missing,
        "missing": missing,
        "earliest_on": earliest.isoformat(),
        "filed_on": filed_on.isoformat(),
        "on": on.isoformat(),
        **cite(citations),
    }
