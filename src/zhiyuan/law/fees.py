"""Litigation fees (《诉讼费用交纳办法》, 国务院令第481号, in force 2007-04-01: Arts 8, 13–16, 18).

Cumulative brackets: the fixed fee up to the first threshold, then each bracket's rate on the part of
the amount inside it. Rounded half up to the cent at the last step only.

Two families of fees (Art 6): the case acceptance fee (案件受理费, Art 13; none in the cases of Art 8) and
application fees (申请费, Art 14). Halving (Arts 15, 16, 18) applies to the case acceptance fee only; asking to
halve an application fee is refused with ``reduction_not_applicable``.
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
    "personality_rights": ("personality_rights", "personality"),
    "labour": ("labour", "fixed"),
    "non_property": ("non_property", "fixed"),
    "intellectual_property": ("intellectual_property_no_amount", "fixed_or_property"),
    "jurisdiction_objection": ("jurisdiction_objection", "fixed"),
    "administrative": ("administrative", "fixed"),
    "administrative_special": ("administrative_special", "fixed"),
    "no_fee": ("no_fee", "none"),
    "public_summons": ("public_summons", "fixed"),
    "arbitration": ("arbitration", "fixed"),
    "maritime_limitation_fund": ("maritime_limitation_fund", "fixed"),
    "maritime_injunction": ("maritime_injunction", "fixed"),
    "maritime_lien_notice": ("maritime_lien_notice", "fixed"),
    "maritime_claim_registration": ("maritime_claim_registration", "fixed"),
    "general_average": ("general_average", "fixed"),
}
#: application fees (申请费, 办法 Arts 10 and 14): never halved
APPLICATION_FEES = frozenset(
    {
        "enforcement",
        "preservation",
        "payment_order",
        "public_summons",
        "arbitration",
        "bankruptcy",
        "maritime_limitation_fund",
        "maritime_injunction",
        "maritime_lien_notice",
        "maritime_claim_registration",
        "general_average",
    }
)
REDUCTIONS = (None, "half")
#: grounds of 办法 Art 8 (cases that pay no acceptance fee), keys of ``fees.no_fee``
NO_FEE_GROUNDS = (
    "special_procedure",
    "judicial_confirmation",
    "rejected",
    "appeal_against_ruling",
    "administrative_compensation",
)
#: 确认调解协议案件 are heard under the special procedure (民事诉讼法 2021 and 2023, Art 184, chapter 15)
JUDICIAL_CONFIRMATION = Citation(
    "《中华人民共和国民事诉讼法》",
    "第一百八十四条（2021年、2023年修正）",
    note="确认调解协议案件 are heard under the special procedure (chapter 15)",
)


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
    extra, more = _brackets(amount, schedule["brackets"])
    fee += extra
    rows += more
    if "cap" in schedule and fee > Decimal(schedule["cap"]):
        fee = Decimal(schedule["cap"])
        rows.append({"from": None, "to": None, "rate": None, "base": None, "fee": f"cap {schedule['cap']}"})
    return fee, rows


def _brackets(
    amount: Decimal, brackets: list[list[str | None]]
) -> tuple[Decimal, list[dict[str, str | None]]]:
    """Marginal brackets ``[from, to|null, rate]`` on ``amount``: the sum and one row per bracket reached."""
    fee = Decimal(0)
    rows: list[dict[str, str | None]] = []
    for low_s, high_s, rate_s in brackets:
        low = Decimal(str(low_s))
        if amount <= low:
            break
        high = Decimal(high_s) if high_s is not None else None
        base = (min(amount, high) if high is not None else amount) - low
        part = base * Decimal(str(rate_s))
        fee += part
        rows.append({"from": low_s, "to": high_s, "rate": rate_s, "base": str(base), "fee": str(part)})
    return fee, rows


def _fraction(text: str) -> Decimal:
    frac = Fraction(text)
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def compute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law fee``: ``{"kind", "amount", "reduction", "ground"}`` → ``fee``, ``brackets``, ``citation``."""
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
    if reduction is not None and kind in APPLICATION_FEES:
        raise LawError(
            "reduction_not_applicable",
            f"“{kind}”是申请费（《诉讼费用交纳办法》第十四条），不能减半：减半交纳仅适用于案件受理费"
            "（第十五条、第十六条、第十八条）。",
            f"'{kind}' is an application fee (Art 14 of the Measures on litigation fees) and is never "
            "halved: halving applies to the case acceptance fee only (Arts 15, 16 and 18).",
            field="reduction",
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
    ground: str | None = None

    def ranged(v: Mapping[str, Any], name: str) -> Decimal:
        """The figure of a per-case fee: the province's (Art 13 last paragraph) or the range's default."""
        nonlocal fee_range
        low, high = (Decimal(x) for x in v["range"])
        fee_range = {"min": to_yuan(low), "max": to_yuan(high)}
        if "default" in v:
            figure = Decimal(v["default"])
            who_zh, who_en = "由法院在幅度内确定", "at the court's discretion"
        else:
            provincial = params["fees.provincial_standard"]
            citations.append(provincial.citation)
            figure = Decimal(provincial.at(on)[name])
            who_zh, who_en = (
                "由省级人民政府在幅度内制定具体标准（第十三条末款）",
                "within which the province sets its figure (Art 13, last paragraph)",
            )
        if not low <= figure <= high:
            raise LawError(
                "parameter_invalid",
                f"参数 fees.{name} 的取值 {figure} 超出法定幅度 {low}–{high}。",
                f"The figure {figure} for fees.{name} is outside the statutory range {low}-{high}.",
            )
        if low != high:
            warnings.append(
                {
                    "code": "fee_range",
                    "message_zh": f"本项为每件 {low}–{high} 元，{who_zh}；此处取 {to_yuan(figure)} 元。",
                    "message_en": f"The fee is {low}-{high} per case, {who_en}; {to_yuan(figure)} was used.",
                }
            )
        return figure

    if method == "schedule" or (method == "fixed_or_property" and amount is not None):
        if amount is None and kind == "enforcement":
            no_amount = params["fees.enforcement_no_amount"]
            citations = [no_amount.citation]
            fee = ranged(no_amount.at(on), "enforcement_no_amount")
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
        fee = ranged(value, param_name)
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
    elif method == "personality":
        # the per-case figure, plus the damages brackets when damages are claimed (``amount``)
        fee = ranged(value, param_name)
        if amount is not None:
            extra, brackets = _brackets(amount, value["damages_brackets"])
            fee += extra
    elif method == "none":
        ground = _ground(data.get("ground"))
        citations = [
            Citation(param.citation.instrument, str(value[ground]), verified=param.citation.verified)
        ]
        if ground == "judicial_confirmation":
            citations.append(JUDICIAL_CONFIRMATION)
        fee = Decimal(0)
    else:  # fixed
        fee = ranged(value, param_name)
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
        "category": "application" if kind in APPLICATION_FEES else "case_acceptance",
        "ground": ground,
        "amount": to_yuan(amount) if amount is not None else None,
        "reduction": reduction,
        "fee": to_yuan(fee),
        "range": fee_range,
        "brackets": brackets,
        "warnings": warnings,
        **cite(citations),
    }


def _ground(raw: object) -> str:
    if raw is None:
        raise LawError(
            "missing_field",
            f"不交纳案件受理费的案件须写明 ground：{', '.join(NO_FEE_GROUNDS)}。",
            f'A case with no acceptance fee needs "ground": {", ".join(NO_FEE_GROUNDS)}.',
            fields=["ground"],
        )
    if raw not in NO_FEE_GROUNDS:
        raise LawError(
            "unknown_no_fee_ground",
            f"未知的免交理由“{raw}”（《诉讼费用交纳办法》第八条）。可用：{', '.join(NO_FEE_GROUNDS)}。",
            f"Unknown ground '{raw}' for a case with no acceptance fee (Art 8). Known: {', '.join(NO_FEE_GROUNDS)}.",
            field="ground",
        )
    return str(raw)


def _amount_required(kind: str) -> LawError:
    return LawError(
        "amount_required",
        f"“{kind}”费用按金额计算，须提供 amount。",
        f"The '{kind}' fee depends on the amount; give \"amount\".",
        field="amount",
    )
