"""Litigation fees (《诉讼费用交纳办法》 Arts 13–16).

Cumulative brackets: the fixed fee up to the first threshold, then each bracket's rate on the part of
the amount inside it. Rounded half up to the cent at the last step only.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.money import parse_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

#: fee kind → (parameter, how it is computed)
KINDS: dict[str, tuple[str, str]] = {
    "acceptance": ("property", "schedule"),
    "enforcement": ("enforcement", "schedule"),
    "preservation": ("preservation", "schedule"),
    "payment_order": ("payment_order_share", "share_of_property"),
    "bankruptcy": ("bankruptcy", "share_of_property"),
    "divorce": ("divorce", "divorce"),
    "labour": ("labour", "fixed"),
    "non_property": ("non_property", "fixed"),
    "intellectual_property": ("intellectual_property_no_amount", "fixed_or_property"),
    "administrative": ("administrative", "fixed"),
    "administrative_special": ("administrative_special", "fixed"),
    "public_summons": ("public_summons", "fixed"),
    "arbitration": ("arbitration", "fixed"),
}
REDUCTIONS = (None, "half")


def schedule_fee(amount: Decimal, schedule: Mapping[str, Any]) -> tuple[Decimal, list[dict[str, str | None]]]:
    """Apply a cumulative schedule to ``amount``; return the unrounded fee and the bracket rows."""
    fixed_upto = Decimal(schedule["fixed_upto"])
    fee = Decimal(schedule["fixed_fee"])
    rows: list[dict[str, str | None]] = [
        {
            "from": "0",
            "to": str(fixed_upto),
            "rate": None,
            "base": str(min(amount, fixed_upto)),
            "fee": str(fee),
        }
    ]
    for low_s, high_s, rate_s in schedule["brackets"]:
        low = Decimal(low_s)
        if amount <= low:
            break
        high = Decimal(high_s) if high_s is not None else None
        base = (min(amount, high) if high is not None else amount) - low
        part = base * Decimal(rate_s)
        fee += part
        rows.append({"from": low_s, "to": high_s, "rate": rate_s, "base": str(base), "fee": str(part)})
    if "cap" in schedule and fee > Decimal(schedule["cap"]):
        fee = Decimal(schedule["cap"])
        rows.append({"from": None, "to": None, "rate": None, "base": None, "fee": f"cap {schedule['cap']}"})
    return fee, rows


def _fraction(text: str) -> Decimal:
    frac = Fraction(text)
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def compute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law fee``: ``{"kind", "amount", "reduction"}`` → ``fee``, ``brackets``, ``citation``."""
    data = require_fields(facts, "kind")
    kind = str(data["kind"])
    if kind not in KINDS:
        raise LawError(
            "unknown_fee_kind",
            f"未知的费用种类“{kind}”。可用：{', '.join(KINDS)}。",
            f"Unknown fee kind '{kind}'. Known: {', '.join(KINDS)}.",
        )
    reduction = data.get("reduction")
    if reduction not in REDUCTIONS:
        raise LawError(
            "unknown_reduction",
            f"未知的减免方式“{reduction}”，可用：half。",
            f"Unknown reduction '{reduction}'; use null or \"half\".",
        )
    on = parse_date(data["on"], "on") if data.get("on") is not None else None
    raw_amount = data.get("amount")
    amount = parse_amount(raw_amount, "amount") if raw_amount is not None else None
    param_name, method = KINDS[kind]
    param = params[f"fees.{param_name}"]
    value = param.at(on)
    citations: list[Citation] = [param.citation]
    warnings: list[dict[str, Any]] = []
    fee_range: dict[str, str] | None = None
    brackets: list[dict[str, str | None]] = []

    def ranged(v: Mapping[str, Any]) -> Decimal:
        nonlocal fee_range
        low, high = (Decimal(x) for x in v["range"])
        fee_range = {"min": to_yuan(low), "max": to_yuan(high)}
        if low != high:
            warnings.append(
                {
                    "code": "fee_range",
                    "message_zh": f"本项为每件 {low}–{high} 元，由法院在幅度内确定；此处取默认值 {v['default']} 元。",
                    "message_en": f"The fee is {low}-{high} per case at the court's discretion; "
                    f"the default {v['default']} was used.",
                }
            )
        return Decimal(v["default"])

    if method == "schedule" or (method == "fixed_or_property" and amount is not None):
        if amount is None and kind == "enforcement":
            no_amount = params["fees.enforcement_no_amount"]
            citations = [no_amount.citation]
            fee = ranged(no_amount.at(on))
        elif amount is None and kind == "preservation":
            fee = Decimal(value["fixed_fee"])
            brackets = [{"from": "0", "to": None, "rate": None, "base": None, "fee": str(fee)}]
        else:
            if amount is None:
                raise _amount_required(kind)
            schedule = value if method == "schedule" else params["fees.property"].at(on)
            if method != "schedule":
                citations.append(params["fees.property"].citation)
            fee, brackets = schedule_fee(amount, schedule)
    elif method == "share_of_property":
        if amount is None:
            raise _amount_required(kind)
        prop = params["fees.property"]
        citations.append(prop.citation)
        full, brackets = schedule_fee(amount, prop.at(on))
        fee = full * _fraction(value["share"])
        if "cap" in value and fee > Decimal(value["cap"]):
            fee = Decimal(value["cap"])
    elif method == "divorce":
        fee = ranged(value)
        if amount is not None and amount > Decimal(value["property_free_upto"]):
            excess = amount - Decimal(value["property_free_upto"])
            extra = excess * Decimal(value["property_rate"])
            brackets = [
                {
                    "from": value["property_free_upto"],
                    "to": None,
                    "rate": value["property_rate"],
                    "base": str(excess),
                    "fee": str(extra),
                }
            ]
            fee += extra
    else:  # fixed
        fee = ranged(value)
    if reduction == "half":
        half = params["fees.reduction_half"]
        citations.append(half.citation)
        fee *= Decimal(half.at(on)["factor"])
    for c in citations:
        if not c.verified:
            warnings.append(
                {
                    "code": "unverified_parameter",
                    "message_zh": f"{c.text()} 未经核实。",
                    "message_en": f"{c.instrument}{c.article} is unverified.",
                }
            )
    return {
        "kind": kind,
        "amount": to_yuan(amount) if amount is not None else None,
        "reduction": reduction,
        "fee": to_yuan(fee),
        "range": fee_range,
        "brackets": brackets,
        "warnings": warnings,
        **cite(citations),
    }


def _amount_required(kind: str) -> LawError:
    return LawError(
        "amount_required",
        f"“{kind}”费用按金额计算，须提供 amount。",
        f"The '{kind}' fee depends on the amount; give \"amount\".",
        field="amount",
    )
