"""Refusal to execute (拒执): the lesser sanctions and the periods of a referral to the police.

``sanction-check`` (民事诉讼法 2023 Arts 118–119): a fine on an individual is at most 100 000 yuan, on a unit
50 000 to 1 000 000 yuan; detention is at most 15 days and only of a natural person (a unit's principal or
directly responsible person is sanctioned in person, Art 114 para 2); both are approved by the court
president. The amounts are dated parameters (``params/refusal.yaml``) and the values in force on the
decision day apply. A sanction outside the limits is answered ``allowed: false`` with reasons, not refused
as input: the service refuses it with the first reason's code.

``refusal-deadlines`` (法发〔2025〕8号 Arts 5–6; 法〔2018〕147号 point 2): after a referral on day R the police
decide by R + 7 days (R + 30 for a grave or complex case); a decline on day D is to be told to the court by
D + 7; silence for 60 days after R opens the private-prosecution route. Periods of criminal procedure do
not count their first day and end on the next working day when the last falls on a holiday (刑事诉讼法
Art 105).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_choice, parse_date, parse_flag, require_fields
from zhiyuan.law.money import parse_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

KINDS = ("fine", "detention")
SUBJECTS = ("individual", "unit")
P = "refusal."
CRIMINAL_PERIODS = Citation("《中华人民共和国刑事诉讼法》", "第一百零五条")
UNIT_PERSONS = Citation("《中华人民共和国民事诉讼法》（2023年修正）", "第一百一十四条第二款")


def _reason(code: str, zh: str, en: str) -> dict[str, str]:
    return {"code": code, "message_zh": zh, "message_en": en}


def _param(params: ParameterBook, name: str, on: dt.date) -> Any:
    return params[P + name].at(on)


def sanction_citations(params: ParameterBook) -> list[Citation]:
    """What ``sanction-check`` rests on."""
    names = ("fine_individual_max", "fine_unit_min", "detention_max_days", "approval", "reconsideration_days")
    return _distinct([*(params[P + n].citation for n in names), UNIT_PERSONS])


def _distinct(citations: list[Citation]) -> list[Citation]:
    """One citation per instrument and article (the first, with its note)."""
    seen: dict[tuple[str, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.instrument, c.article), c)
    return list(seen.values())


def sanction_check(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``{kind: fine|detention, subject: individual|unit, amount (fine, yuan string), days (detention), on}``
    → the limits in force on ``on``, whether the sanction is within them, and the reasons when not."""
    data = require_fields(facts, "kind", "subject", "on")
    kind = parse_choice(data["kind"], "kind", KINDS)
    subject = parse_choice(data["subject"], "subject", SUBJECTS)
    on = parse_date(data["on"], "on")
    fine_min = Decimal("0.01") if subject == "individual" else Decimal(_param(params, "fine_unit_min", on))
    fine_max = Decimal(
        _param(params, "fine_individual_max" if subject == "individual" else "fine_unit_max", on)
    )
    max_days = int(_param(params, "detention_max_days", on))
    reasons: list[dict[str, str]] = []
    amount: Decimal | None = None
    days: int | None = None
    if kind == "fine":
        amount = parse_amount(require_fields(data, "amount")["amount"], "amount", allow_zero=False)
        if amount > fine_max:
            reasons.append(
                _reason(
                    "fine_above_max",
                    f"罚款 {to_yuan(amount)} 元超过对{'个人' if subject == 'individual' else '单位'}罚款的上限 "
                    f"{to_yuan(fine_max)} 元。",
                    f"The fine of {to_yuan(amount)} yuan exceeds the {subject} limit of {to_yuan(fine_max)}.",
                )
            )
        if amount < fine_min:
            reasons.append(
                _reason(
                    "fine_below_min",
                    f"对单位的罚款不得低于 {to_yuan(fine_min)} 元。",
                    f"A fine on a unit is at least {to_yuan(fine_min)} yuan.",
                )
            )
    else:
        raw = require_fields(data, "days")["days"]
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise LawError(
                "days_invalid",
                "拘留日数须为正整数。",
                "Detention days must be a positive whole number.",
                field="days",
            )
        days = raw
        if subject == "unit":
            reasons.append(
                _reason(
                    "detention_of_unit",
                    "不能对单位拘留；可以对其主要负责人或者直接责任人员拘留。",
                    "A unit cannot be detained; its principal or directly responsible person can.",
                )
            )
        if days > max_days:
            reasons.append(
                _reason(
                    "detention_above_max",
                    f"拘留 {days} 日超过法定上限 {max_days} 日。",
                    f"Detention of {days} days exceeds the limit of {max_days}.",
                )
            )
    return {
        "kind": kind,
        "subject": subject,
        "on": on.isoformat(),
        "amount": None if amount is None else to_yuan(amount),
        "days": days,
        "min_amount": to_yuan(fine_min) if kind == "fine" else None,
        "max_amount": to_yuan(fine_max) if kind == "fine" else None,
        "max_days": max_days if kind == "detention" else None,
        "approval": str(_param(params, "approval", on)),
        "reconsideration_days": int(_param(params, "reconsideration_days", on)),
        "allowed": not reasons,
        "reasons": reasons,
        **cite(sanction_citations(params)),
    }


def deadline_citations(params: ParameterBook) -> list[Citation]:
    """What ``refusal-deadlines`` rests on."""
    names = ("police_decision_days", "police_inform_days", "silence_days")
    return _distinct([*(params[P + n].citation for n in names), CRIMINAL_PERIODS])


def _end(start: dt.date, days: int, cal: LegalCalendar) -> dt.date:
    return cal.next_working_day(start + dt.timedelta(days=days))


def decide_by(referred_on: dt.date, complex_case: bool, params: ParameterBook, cal: LegalCalendar) -> dt.date:
    """The last day for the police's decision on a referral of ``referred_on``."""
    name = "police_complex_days" if complex_case else "police_decision_days"
    return _end(referred_on, int(_param(params, name, referred_on)), cal)


def deadlines(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``{referred_on, complex: bool, declined_on?: date}`` → ``decide_by``, ``inform_by`` (null without a
    decline), ``silence_until`` (the last day of the 60 days; the next day the silence opens 自诉)."""
    data = require_fields(facts, "referred_on")
    referred_on = parse_date(data["referred_on"], "referred_on")
    complex_case = parse_flag(data.get("complex", False), "complex")
    declined_raw = data.get("declined_on")
    declined_on = None if declined_raw is None else parse_date(declined_raw, "declined_on")
    if declined_on is not None and declined_on < referred_on:
        raise LawError(
            "declined_before_referral",
            "不予立案日期不能早于移送日期。",
            "The decline precedes the referral.",
            field="declined_on",
        )
    inform_by = None
    if declined_on is not None:
        inform_by = _end(declined_on, int(_param(params, "police_inform_days", referred_on)), cal)
    silence = referred_on + dt.timedelta(days=int(_param(params, "silence_days", referred_on)))
    return {
        "referred_on": referred_on.isoformat(),
        "complex": complex_case,
        "decide_by": decide_by(referred_on, complex_case, params, cal).isoformat(),
        "inform_by": None if inform_by is None else inform_by.isoformat(),
        "silence_until": silence.isoformat(),
        "private_prosecution_from": (silence + dt.timedelta(days=1)).isoformat(),
        **cite(deadline_citations(params)),
    }


#: the evidence a referral carries (法发〔2025〕8号 Art 4 (一)–(五)), in the article's order
EVIDENCE_ITEMS: dict[str, tuple[str, str]] = {
    "identity": ("证明犯罪嫌疑人身份情况的证据材料", "The suspect's identity"),
    "duty": ("证明犯罪嫌疑人负有执行义务或者协助执行义务的证据材料", "The duty to perform or to assist"),
    "ability": (
        "证明犯罪嫌疑人有能力执行判决、裁定确定的全部或者部分义务的证据材料",
        "The ability to perform",
    ),
    "refusal": ("证明犯罪嫌疑人有拒不执行判决、裁定行为的证据材料", "The refusal"),
    "circumstances": (
        "证明犯罪嫌疑人拒不执行判决、裁定相关情节或者造成后果的证据材料",
        "Its circumstances or consequences",
    ),
}
REFERRAL_EVIDENCE = Citation(
    "《最高人民法院、最高人民检察院、公安部关于办理拒不执行判决、裁定刑事案件若干问题的意见》（法发〔2025〕8号）",
    "第三条、第四条",
)
PRIVATE_PROSECUTION = Citation(
    "《最高人民法院关于审理拒不执行判决、裁定刑事案件适用法律若干问题的解释》（法释〔2015〕16号）",
    "第三条",
    note="the applicant may prosecute privately when the refusal infringed its personal or property rights "
    "and the police or the procuratorate did not pursue it (whether the 2024 interpretation replaced the "
    "2015 one: UNVERIFIED, reference/law.md §10.2)",
    verified=False,
)


def missing_evidence(items: list[str]) -> list[str]:
    """The Art 4 categories ``items`` (category codes) lack, in the article's order."""
    return [code for code in EVIDENCE_ITEMS if code not in items]
