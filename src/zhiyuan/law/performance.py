"""Voluntary performance (自动履行): the performance schedule of an effective title, its status on a
day, and the pre-enforcement urging period (执前督促).

A title's operative items (the executability format) become obligations, one per instalment; an item
without a due date falls due when the document takes effect (民诉法 申请执行期间条款: "no period set → from
effectiveness"). The urging period is a parameter (``performance.urging_period``, UNVERIFIED default of
15 days), counted like any statutory period (民法典 Arts 201–203).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhiyuan.law import executability
from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.citations import CIVIL_CODE_PERIODS, Citation, cite
from zhiyuan.law.deadlines import Period, due_date
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.parameters import ParameterBook

URGING = "performance.urging_period"
CHAIN = "performance.three_notice_chain"
#: 民诉法 申请执行期间条款: instalments fall due one by one; no period set → due on effectiveness
DUE_ON_EFFECT = Citation(
    "《中华人民共和国民事诉讼法》",
    "申请执行期间条款",
    note="no performance period set: from the day the document takes effect; instalments: each instalment",
)

PERFORMING = "performing"
PERFORMED = "performed"
PARTLY_PERFORMED = "partly_performed"
LAPSED = "lapsed"
STATUSES = (PERFORMING, PERFORMED, PARTLY_PERFORMED, LAPSED)


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing to perform by one date: an instalment or a whole item."""

    item: int
    instalment: int | None
    type: str  # payment | act
    due: dt.date
    amount: Decimal | None
    obligors: tuple[str, ...]
    obligee: str
    act: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "item": self.item,
            "instalment": self.instalment,
            "type": self.type,
            "due": self.due.isoformat(),
            "amount": f"{self.amount:.2f}" if self.amount is not None else None,
            "obligors": list(self.obligors),
            "obligee": self.obligee,
            "act": self.act,
        }


def schedule(items: Iterable[dict[str, Any]], effective_on: dt.date) -> list[Obligation]:
    """The obligations of executable items (check them with ``executability.check`` first), by due date."""
    out: list[Obligation] = []
    for i, item in enumerate(items):
        obligors = tuple(str(r) for r in item.get("obligors") or ())
        obligee = str(item.get("obligee") or "")
        if item.get("type") == "act":
            act = " ".join(str(item.get(k) or "").strip() for k in ("act", "object")).strip()
            out.append(
                Obligation(i, None, "act", _due(item.get("due"), effective_on), None, obligors, obligee, act)
            )
            continue
        instalments = item.get("instalments") or []
        if instalments:
            for n, inst in enumerate(instalments):
                amount = Decimal(str(inst["amount"])).quantize(Decimal("0.01"))
                out.append(
                    Obligation(
                        i, n, "payment", _due(inst.get("due"), effective_on), amount, obligors, obligee
                    )
                )
        else:
            amount = Decimal(str(item["amount"]).replace(",", "")).quantize(Decimal("0.01"))
            out.append(
                Obligation(i, None, "payment", _due(item.get("due"), effective_on), amount, obligors, obligee)
            )
    return sorted(out, key=lambda o: (o.due, o.item, o.instalment or 0))


def _due(value: object, effective_on: dt.date) -> dt.date:
    if value in (None, ""):
        return effective_on
    due = dt.date.fromisoformat(str(value))
    return max(due, effective_on)


@dataclass(frozen=True, slots=True)
class ObligationState:
    """What was performed of one obligation so far."""

    due: dt.date
    met_on: dt.date | None
    performed_any: bool


def status(obligations: Iterable[ObligationState], today: dt.date) -> str:
    """performed when every obligation is met; lapsed / partly_performed when a due date has passed unmet
    (partly when something was performed); performing otherwise."""
    states = list(obligations)
    if states and all(s.met_on is not None for s in states):
        return PERFORMED
    if any(s.met_on is None and s.due < today for s in states):
        return PARTLY_PERFORMED if any(s.performed_any or s.met_on for s in states) else LAPSED
    return PERFORMING


def on_time(obligations: Iterable[ObligationState], tolerance_days: int = 0) -> bool:
    """Every obligation met, each by its due date (plus the tolerance)."""
    slack = dt.timedelta(days=tolerance_days)
    states = list(obligations)
    return bool(states) and all(s.met_on is not None and s.met_on <= s.due + slack for s in states)


def urging_end(
    applied_on: dt.date, params: ParameterBook, cal: LegalCalendar
) -> tuple[dt.date, dt.date | None]:
    """Last day of the urging period opened by an application on ``applied_on`` (and the unrolled date)."""
    period = Period(**params[URGING].at(applied_on))
    return due_date(applied_on, period, cal)


def chain_settings(params: ParameterBook, on: dt.date | None = None) -> dict[str, Any]:
    """The three-notice chain's settings in force on ``on``."""
    value: dict[str, Any] = params[CHAIN].at(on)
    return value


def plan(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law performance``: the executability findings, the obligations with their due dates, the
    total, and — given ``applied_on`` — the last day of the urging period."""
    data = require_fields(facts, "kind", "effective_on", "parties", "items")
    effective_on = parse_date(data["effective_on"], "effective_on")
    checked = executability.check(data, params)
    citations = [DUE_ON_EFFECT, *(Citation(**c) for c in _citations(checked))]
    result: dict[str, Any] = {
        "executable": checked["executable"],
        "findings": checked["findings"],
        "effective_on": effective_on.isoformat(),
        "obligations": [],
        "total_amount": None,
        "last_due": None,
        "urging": None,
    }
    if checked["executable"]:
        obligations = schedule(data["items"], effective_on)
        amounts = [o.amount for o in obligations if o.amount is not None]
        result["obligations"] = [o.as_dict() for o in obligations]
        result["total_amount"] = f"{sum(amounts, Decimal(0)):.2f}" if amounts else None
        result["last_due"] = max(o.due for o in obligations).isoformat() if obligations else None
    warnings: list[dict[str, Any]] = []
    if data.get("applied_on") is not None:
        applied_on = parse_date(data["applied_on"], "applied_on")
        if applied_on < effective_on:
            raise LawError(
                "applied_before_effect",
                "执行申请日早于法律文书生效日。",
                "The enforcement application is dated before the title took effect.",
            )
        ends_on, rolled = urging_end(applied_on, params, cal)
        result["urging"] = {
            "applied_on": applied_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "rolled_from": rolled.isoformat() if rolled else None,
            "period": params[URGING].at(applied_on),
        }
        citations += [params[URGING].citation, CIVIL_CODE_PERIODS]
        if not params[URGING].citation.verified:
            warnings.append(
                {
                    "code": "unverified_parameter",
                    "message_zh": "执前督促期限的依据未经核实，为可配置的默认值。",
                    "message_en": "The urging period's source is unverified; it is a configurable default.",
                }
            )
    result["warnings"] = warnings
    return {**result, **cite(citations)}


def _citations(checked: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "instrument": c["instrument"],
            "article": c.get("article", ""),
            "note": c.get("note", ""),
            "verified": c.get("verified", True),
        }
        for c in checked["citations"]
    ]
