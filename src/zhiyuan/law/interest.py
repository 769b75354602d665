"""The doubled part of delay interest (法释〔2014〕8号, in force 2014-08-01, Arts 1–4 and 7).

doubled part = unpaid money debt × 0.0175 % per day × days of delay (Art 1), from the day after the
performance period expires — for instalments, each instalment's own (Art 2) — to the day each part is paid
(Art 3 para 1). Each payment goes to the money debt first (Art 4); among instalments, to the earliest due
first (the interpretation is silent; 民法典 Art 560 para 2 by analogy, parameter
``interest.instalment_allocation``). Days of a suspension or postponement of enforcement for review of the
title not at the debtor's request, and of a suspension for a retrial, bear no doubled interest (Art 3 para 3);
the caller decides which suspensions qualify and gives them as ``suspensions``. Delay before 2014-08-01 falls under the earlier rule (Art 7: 法释〔2009〕6号)
and is reported, not computed. The statutory basis is cited by the Civil Procedure Law in force on the
computation dates (2012/2017 Art 253, 2021 Art 260, 2023 Art 264).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.money import parse_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

INTERPRETATION = "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》"
ARTICLE_2 = Citation(
    INTERPRETATION, "第二条（自履行期间届满之日起计算；分期履行的，自每次履行期间届满之日起计算）"
)
ARTICLE_3 = Citation(INTERPRETATION, "第三条（分段计算至清偿之日）")
ARTICLE_3_SUSPENSION = Citation(
    INTERPRETATION, "第三条第三款（非因被执行人申请而中止、暂缓执行的期间及再审中止执行的期间不计算）"
)
ARTICLE_4 = Citation(INTERPRETATION, "第四条（先清偿金钱债务）")
ARTICLE_7 = Citation(INTERPRETATION, "第七条（施行前的迟延履行期间按照之前的规定计算）")
REPLY_2009 = Citation(
    "《最高人民法院关于在执行工作中如何计算迟延履行期间的债务利息等问题的批复》（法释〔2009〕6号）",
    "第一条、第二条",
    note="in force 2009-05-18 until 2014-07-31: the PBOC benchmark lending rate for the period, doubled; "
    "payments pro rata to the money debt and the delay interest (并还原则); not computed here",
)
DAY = dt.timedelta(days=1)
ALLOCATION = "interest.instalment_allocation"


@dataclass
class _Tranche:
    """One money debt falling due on one date: the whole debt, or one instalment (``index`` in the input)."""

    index: int | None
    due: dt.date
    amount: Decimal
    first_day: dt.date
    remaining: Decimal
    interest: Decimal = Decimal(0)


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


def _debts(data: dict[str, Any]) -> list[tuple[int | None, dt.date, Decimal]]:
    """``debt`` + ``due``, or ``instalments`` (never both), as (index, due, amount) by due date."""
    raw = data.get("instalments")
    if raw is None:
        return [(None, parse_date(data["due"], "due"), parse_amount(data["debt"], "debt", allow_zero=False))]
    if data.get("debt") is not None or data.get("due") is not None:
        raise LawError(
            "instalments_conflict",
            "请给出 debt 与 due，或给出 instalments（分期履行），不能同时给出。",
            "Give either 'debt' and 'due' or 'instalments', not both.",
        )
    if not isinstance(raw, list) or not raw:
        raise LawError(
            "instalments_invalid",
            "instalments 必须是非空数组：[{due, amount}]。",
            "'instalments' must be a non-empty array of {due, amount}.",
        )
    out = []
    for i, inst in enumerate(raw):
        item = require_fields(inst, "due", "amount")
        out.append(
            (
                i,
                parse_date(item["due"], f"instalments[{i}].due"),
                parse_amount(item["amount"], f"instalments[{i}].amount", allow_zero=False),
            )
        )
    return sorted(out, key=lambda x: (x[1], x[0]))


def _suspensions(
    raw: object, lower: dt.date, upper: dt.date, warnings: list[dict[str, Any]]
) -> list[tuple[dt.date, dt.date]]:
    """Suspension periods (both days inclusive), clipped to [earliest due, until], overlaps merged."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LawError("suspensions_invalid", "suspensions 必须是数组。", "suspensions must be an array.")
    periods: list[tuple[dt.date, dt.date]] = []
    for i, s in enumerate(raw):
        item = require_fields(s, "from", "to")
        start = parse_date(item["from"], f"suspensions[{i}].from")
        end = parse_date(item["to"], f"suspensions[{i}].to")
        if end < start:
            raise LawError(
                "suspension_inverted",
                f"第 {i + 1} 个中止/暂缓期间的结束日早于开始日。",
                f"Suspension {i + 1} ends before it starts.",
                field=f"suspensions[{i}]",
            )
        if end < lower or start > upper:
            raise LawError(
                "suspension_out_of_range",
                f"第 {i + 1} 个中止/暂缓期间（{start.isoformat()}至{end.isoformat()}）完全在履行期间届满日"
                f"（{lower.isoformat()}）至计算截止日（{upper.isoformat()}）之外。",
                f"Suspension {i + 1} ({start.isoformat()} to {end.isoformat()}) lies wholly outside the "
                f"computation range ({lower.isoformat()} to {upper.isoformat()}).",
                field=f"suspensions[{i}]",
            )
        if start < lower or end > upper:
            start, end = max(start, lower), min(end, upper)
            warnings.append(
                {
                    "code": "suspension_clipped",
                    "message_zh": f"第 {i + 1} 个中止/暂缓期间超出计算范围，仅计 {start.isoformat()} 至 {end.isoformat()}。",
                    "message_en": f"Suspension {i + 1} extends beyond the computation range; only "
                    f"{start.isoformat()} to {end.isoformat()} is used.",
                }
            )
        periods.append((start, end))
    merged: list[tuple[dt.date, dt.date]] = []
    overlap = False
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + DAY:
            overlap = overlap or start <= merged[-1][1]
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if overlap:
        warnings.append(
            {
                "code": "suspensions_overlap",
                "message_zh": "中止/暂缓期间相互重叠，已合并，每日只扣除一次。",
                "message_en": "Overlapping suspensions were merged; each day is excluded once.",
            }
        )
    return merged


def _runs(
    start: dt.date, end: dt.date, suspended: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The stretches of [start, end] (inclusive) outside every suspension."""
    runs = []
    current = start
    for s, e in suspended:
        if e < current:
            continue
        if s > end:
            break
        if s > current:
            runs.append((current, min(s - DAY, end)))
        current = max(current, e + DAY)
    if current <= end:
        runs.append((current, end))
    return runs


def _statute(params: ParameterBook, start: dt.date, end: dt.date) -> list[Citation]:
    """The Civil Procedure Law article in force on each day from ``start`` to ``end``, by version."""
    param = params["interest.civil_procedure_article"]
    days = [start, *param.changes_between(start, end)]
    out = []
    for day in days:
        v = param.at(day)
        out.append(
            Citation(
                f"{param.citation.instrument}（{v['edition']}）",
                str(v["article"]),
                note=str(v.get("note", "")),
                verified=param.citation.verified and bool(v.get("verified", True)),
            )
        )
    return out


def compute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law delay-interest``: ``{"debt", "due" | "instalments", "until", "payments", "suspensions"}``
    → ``doubled_interest``."""
    required = (
        ["until"]
        if isinstance(facts, dict) and facts.get("instalments") is not None
        else ["debt", "due", "until"]
    )
    data = require_fields(facts, *required)
    debts = _debts(data)
    until = parse_date(data["until"], "until")
    earliest = debts[0][1]
    if until < earliest:
        raise LawError(
            "until_before_due",
            "计算截止日（until）早于履行期限届满日（due）。",
            "'until' is earlier than 'due' (the last day allowed for performance).",
        )
    rate_param = params["interest.delay_doubled_rate"]
    in_force = rate_param.values[0][0]  # the interpretation's effective date (Art 7 cut-off)
    day_count = params["interest.delay_day_count"]
    tranches = []
    for index, due, amount in debts:
        convention = day_count.at(max(due, in_force))
        first_day = due + DAY if convention == "day_after_due" else due
        tranches.append(_Tranche(index, due, amount, first_day, amount))
    warnings: list[dict[str, Any]] = []
    suspended = _suspensions(data.get("suspensions"), earliest, until, warnings)
    segments: list[dict[str, Any]] = []
    before: list[tuple[dt.date, dt.date]] = []
    paid_before_in_force = False
    total = Decimal(0)

    def accrue(t: _Tranche, principal: Decimal, last_day: dt.date) -> None:
        nonlocal total
        start = t.first_day
        if start < in_force and last_day >= start:
            before.append((start, min(last_day, in_force - DAY)))
            start = in_force
        runs = _runs(start, last_day, suspended) if last_day >= start else []
        if not runs:
            segments.append(
                {
                    "instalment": t.index,
                    "principal": to_yuan(principal),
                    "from": None,
                    "to": last_day.isoformat(),
                    "days": 0,
                    "rate": None,
                    "interest": "0.00",
                }
            )
            return
        for run_start, run_end in runs:
            # split at rate changes so each day bears the rate in force on it
            cuts = [run_start, *rate_param.changes_between(run_start, run_end), run_end + DAY]
            for a, b in itertools.pairwise(cuts):
                days = (b - a).days
                rate = Decimal(rate_param.at(a))
                interest = principal * rate * days
                total += interest
                t.interest += interest
                segments.append(
                    {
                        "instalment": t.index,
                        "principal": to_yuan(principal),
                        "from": a.isoformat(),
                        "to": (b - DAY).isoformat(),
                        "days": days,
                        "rate": str(rate),
                        "interest": to_yuan(interest),
                    }
                )

    allocation = params[ALLOCATION].at(None)
    if allocation != "earliest_due_first":
        raise LawError(
            "parameter_invalid",
            f"参数 {ALLOCATION} 只支持 earliest_due_first，而不是 {allocation!r}。",
            f"Parameter {ALLOCATION} supports only earliest_due_first, not {allocation!r}.",
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
        left = amount
        for t in tranches:  # money debt first (Art 4), earliest due first
            if left == 0:
                break
            if t.remaining == 0:
                continue
            part = min(left, t.remaining)
            if on < in_force and on >= t.first_day:
                paid_before_in_force = True
            accrue(t, part, on)
            t.remaining -= part
            left -= part
        applied_to_interest += left
    for t in tranches:
        if t.remaining > 0:
            accrue(t, t.remaining, until)
    if applied_to_interest:
        warnings.append(
            {
                "code": "overpayment_applied_to_interest",
                "message_zh": f"超出金钱债务的付款 {to_yuan(applied_to_interest)} 元用于清偿迟延履行利息。",
                "message_en": f"{to_yuan(applied_to_interest)} paid beyond the money debt goes to "
                "delay interest.",
            }
        )
    period_before: dict[str, str] | None = None
    if before:
        period_before = {
            "from": min(s for s, _ in before).isoformat(),
            "to": max(e for _, e in before).isoformat(),
        }
        warnings.append(
            {
                "code": "period_before_2014",
                "message_zh": f"{period_before['from']} 至 {period_before['to']} 的迟延履行期间在本解释施行"
                f"（{in_force.isoformat()}）之前，依第七条按照之前的规定（法释〔2009〕6号）计算，未计入本结果。",
                "message_en": f"The delay from {period_before['from']} to {period_before['to']} precedes the "
                f"interpretation ({in_force.isoformat()}); under its Art 7 it is computed by the earlier rule "
                "(Fashi [2009] No. 6) and is not included here.",
            }
        )
    if paid_before_in_force:
        warnings.append(
            {
                "code": "payments_before_2014",
                "message_zh": f"{in_force.isoformat()} 前的付款按之前的规定按比例清偿金钱债务与迟延履行利息（并还原则），"
                "此处全部冲抵金钱债务；可先按旧规定算出该日尚欠的金钱债务，再以其为 debt 计算。",
                "message_en": f"Payments before {in_force.isoformat()} were applied pro rata to the money debt and "
                "the delay interest under the earlier rule; here they go to the money debt only. Compute the "
                "debt outstanding on that day by the earlier rule and give it as 'debt'.",
            }
        )
    window_start = min(min(t.first_day for t in tranches), until)
    citations = [
        *_statute(params, window_start, until),
        rate_param.citation,
        ARTICLE_2,
        ARTICLE_3,
        ARTICLE_4,
        day_count.citation,
    ]
    if suspended:
        citations.append(ARTICLE_3_SUSPENSION)
    if data.get("instalments") is not None:
        citations.append(params[ALLOCATION].citation)
    if before:
        citations += [ARTICLE_7, REPLY_2009]
    outstanding = sum((t.remaining for t in tranches), Decimal(0))
    return {
        "doubled_interest": to_yuan(total),
        "days": [s["days"] for s in segments],
        "segments": segments,
        "principal_outstanding": to_yuan(outstanding),
        "paid_towards_interest": to_yuan(applied_to_interest),
        "period_before_2014": period_before,
        "suspended": [
            {"from": s.isoformat(), "to": e.isoformat(), "days": (e - s).days + 1} for s, e in suspended
        ],
        "by_instalment": None
        if data.get("instalments") is None
        else [
            {
                "instalment": t.index,
                "due": t.due.isoformat(),
                "amount": to_yuan(t.amount),
                "principal_outstanding": to_yuan(t.remaining),
                "doubled_interest": to_yuan(t.interest),
            }
            for t in sorted(tranches, key=lambda t: t.index or 0)
        ],
        "warnings": warnings,
        **cite(citations),
    }
