"""The doubled part of delay interest (2014 SPC interpretation on delay interest, Arts 1–4).

doubled part = unpaid money debt × 0.0175 % per day × days of delay. Each payment goes to the money
debt first (Art 4) and stops the clock on the part it pays (Art 3).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.money import parse_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

ARTICLE_3 = Citation(
    "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》",
    "第三条（分段计算至清偿之日）",
)
ARTICLE_4 = Citation(
    "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》",
    "第四条（先清偿金钱债务）",
)


def _payments(raw: object) -> list[tuple[dt.date, Decimal]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LawError("payments_invalid", "payments 必须是数组。", "payments must be an array.")
    out = []
    for i, p in enumerate(raw):
        item = require_fields(p, "on", "amount")
        out.append(
            (
                parse_date(item["on"], f"payments[{i}].on"),
                parse_amount(item["amount"], f"payments[{i}].amount", allow_zero=False),
            )
        )
    return sorted(out, key=lambda x: x[0])


def compute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law delay-interest``: ``{"debt", "due", "until", "payments"}`` → ``doubled_interest``."""
    data = require_fields(facts, "debt", "due", "until")
    debt = parse_amount(data["debt"], "debt", allow_zero=False)
    due = parse_date(data["due"], "due")
    until = parse_date(data["until"], "until")
    if until < due:
        raise LawError(
            "until_before_due",
            "计算截止日（until）早于履行期限届满日（due）。",
            "'until' is earlier than 'due' (the last day allowed for performance).",
        )
    rate_param = params["interest.delay_doubled_rate"]
    convention = params["interest.delay_day_count"].at(due)
    first_day = due + dt.timedelta(days=1) if convention == "day_after_due" else due
    warnings: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    outstanding = debt
    total = Decimal(0)

    def accrue(principal: Decimal, last_day: dt.date) -> None:
        nonlocal total
        if last_day < first_day:
            segments.append(
                {
                    "principal": to_yuan(principal),
                    "from": None,
                    "to": last_day.isoformat(),
                    "days": 0,
                    "rate": None,
                    "interest": "0.00",
                }
            )
            return
        # split at rate changes so each day bears the rate in force on it
        cuts = [first_day, *rate_param.changes_between(first_day, last_day), last_day + dt.timedelta(days=1)]
        for start, stop in itertools.pairwise(cuts):
            days = (stop - start).days
            rate = Decimal(rate_param.at(start))
            interest = principal * rate * days
            total += interest
            segments.append(
                {
                    "principal": to_yuan(principal),
                    "from": start.isoformat(),
                    "to": (stop - dt.timedelta(days=1)).isoformat(),
                    "days": days,
                    "rate": str(rate),
                    "interest": to_yuan(interest),
                }
            )

    applied_to_interest = Decimal(0)
    for on, amount in _payments(data.get("payments")):
        if on > until:
            warnings.append(
                {
                    "code": "payment_after_until",
                    "message_zh": f"{on.isoformat()} 的付款晚于计算截止日，未计入。",
                    "message_en": f"The payment of {on.isoformat()} is after 'until' and was ignored.",
                }
            )
            continue
        if outstanding == 0:
            applied_to_interest += amount
            continue
        part = min(amount, outstanding)
        applied_to_interest += amount - part
        accrue(part, on)
        outstanding -= part
    if outstanding > 0:
        accrue(outstanding, until)
    if applied_to_interest:
        warnings.append(
            {
                "code": "overpayment_applied_to_interest",
                "message_zh": f"超出金钱债务的付款 {to_yuan(applied_to_interest)} 元用于清偿迟延履行利息。",
                "message_en": f"{to_yuan(applied_to_interest)} paid beyond the money debt goes to "
                "delay interest.",
            }
        )
    return {
        "doubled_interest": to_yuan(total),
        "days": [s["days"] for s in segments],
        "segments": segments,
        "principal_outstanding": to_yuan(outstanding),
        "paid_towards_interest": to_yuan(applied_to_interest),
        "warnings": warnings,
        **cite([rate_param.citation, ARTICLE_3, ARTICLE_4, params["interest.delay_day_count"].citation]),
    }
