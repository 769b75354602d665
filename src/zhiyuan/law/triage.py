"""Enforcement triage (繁简分流, ``zhiyuan law triage``): the simple or the complex track.

No national rule fixes the criteria: the SPC asks courts to build the mechanism (《最高人民法院关于进一步完善
执行权制约机制加强执行监督的意见》 Art 7) and each court sets its own. The defaults are dated parameters
(``params/triage.yaml``, UNVERIFIED local practice); the latest values apply, since triage is a present
management decision that is redone whenever the facts change.

A case is **simple** when nothing blocks it (no third-party objection, no valuation needed, the debtor's
whereabouts known, not a resumed case, the debtor not a repeat debtor) and at least one quick means holds:
frozen plus deducted money covers the claim (``funds_cover_claim``), the claim is small (``small_claim``,
claim ≤ the limit, the limit itself included) or twelve months of salary cover it
(``salary_covers_claim``). Otherwise it is **complex**.

``reasons`` explains the track it gives: for a simple case, every quick means that holds (in the order
``funds_cover_claim``, ``small_claim``, ``salary_covers_claim``); for a complex case, one reason per
blocking fact (``third_party_objection``, ``needs_valuation``, ``whereabouts_unknown``, ``no_quick_means``
when none of the three holds, ``resumption``, ``repeat_debtor``), never a quick means.

An amount that is absent or null counts as none (0); the claim is required and positive. The blocking facts
(booleans) and ``pending_cases_of_debtor`` are required: an unknown fact is never taken as a favourable one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_flag, require_fields
from zhiyuan.law.money import parse_number_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

#: The SPC opinion that asks for the mechanism; the criteria themselves are the parameters'.
SPC_OPINION_ART_7 = Citation(
    "《最高人民法院关于进一步完善执行权制约机制加强执行监督的意见》",
    "第七条",
    note="健全事务集约、繁简分流的执行权运行机制 (released 2021-12-06; chinacourt.org 2022-01, "
    "reference/law.md §8.4)",
)

AMOUNTS = ("claim_amount", "frozen_amount", "deducted_amount", "salary_monthly")
FLAGS = ("needs_valuation", "third_party_objection", "debtor_whereabouts_unknown", "is_resumption")
QUICK_MEANS = ("funds_cover_claim", "small_claim", "salary_covers_claim")
BLOCKING = (
    "third_party_objection",
    "needs_valuation",
    "whereabouts_unknown",
    "no_quick_means",
    "resumption",
    "repeat_debtor",
)
PARAMS = ("triage.small_claim_max", "triage.salary_months", "triage.repeat_debtor_pending_cases")


def classify(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law triage``: the facts of a case → ``track``, ``reasons``, ``citations``."""
    data = require_fields(facts, "claim_amount", *FLAGS, "pending_cases_of_debtor")
    claim = parse_number_amount(data["claim_amount"], "claim_amount", allow_zero=False)
    frozen, deducted, salary = (_optional_amount(data, name) for name in AMOUNTS[1:])
    flags = {name: parse_flag(data[name], name) for name in FLAGS}
    pending = _count(data["pending_cases_of_debtor"], "pending_cases_of_debtor")

    small_max = Decimal(str(params["triage.small_claim_max"].at(None)))
    months = _whole(params["triage.salary_months"].at(None), "triage.salary_months")
    repeat_over = _whole(
        params["triage.repeat_debtor_pending_cases"].at(None), "triage.repeat_debtor_pending_cases"
    )

    funds = frozen + deducted
    salaries = salary * months
    c, f, s, lim = _y(claim), _y(funds), _y(salaries), _y(small_max)
    quick: list[dict[str, str]] = []
    if funds >= claim:
        quick.append(
            _reason(
                "funds_cover_claim",
                f"已冻结、扣划款项合计 {f} 元，足以清偿申请执行标的额 {c} 元。",
                f"Frozen and deducted money of {f} yuan covers the claim of {c} yuan.",
            )
        )
    if claim <= small_max:
        quick.append(
            _reason(
                "small_claim",
                f"申请执行标的额 {c} 元，不超过小额标准 {lim} 元。",
                f"The claim of {c} yuan is at most the small-claim limit of {lim} yuan.",
            )
        )
    if salaries >= claim:
        quick.append(
            _reason(
                "salary_covers_claim",
                f"被执行人月工资 {_y(salary)} 元，{months} 个月合计 {s} 元，足以清偿申请执行标的额 {c} 元。",
                f"The debtor's monthly salary of {_y(salary)} yuan, {s} yuan over {months} months, covers "
                f"the claim of {c} yuan.",
            )
        )

    blocking: list[dict[str, str]] = []
    if flags["third_party_objection"]:
        blocking.append(
            _reason(
                "third_party_objection",
                "案外人对执行标的提出异议，须审查处理。",
                "A third party objects to the enforcement against the property; the objection must be heard.",
            )
        )
    if flags["needs_valuation"]:
        blocking.append(
            _reason(
                "needs_valuation",
                "财产须经评估（确定参考价）后处置。",
                "Property must be valued (a reference price determined) before it can be disposed of.",
            )
        )
    if flags["debtor_whereabouts_unknown"]:
        blocking.append(
            _reason(
                "whereabouts_unknown",
                "被执行人下落不明。",
                "The debtor's whereabouts are unknown.",
            )
        )
    if not quick:
        blocking.append(
            _reason(
                "no_quick_means",
                f"无快速执行条件：已冻结、扣划款项合计 {f} 元不足以清偿申请执行标的额 {c} 元，标的额超过小额"
                f"标准 {lim} 元，被执行人 {months} 个月工资合计 {s} 元亦不足以清偿。",
                f"No quick means: frozen and deducted money of {f} yuan does not cover the claim of {c} yuan, "
                f"the claim exceeds the small-claim limit of {lim} yuan, and {months} months of the "
                f"debtor's salary ({s} yuan) do not cover it.",
            )
        )
    if flags["is_resumption"]:
        blocking.append(
            _reason(
                "resumption",
                "本案为恢复执行案件。",
                "The case is a resumed enforcement (执恢).",
            )
        )
    if pending > repeat_over:
        blocking.append(
            _reason(
                "repeat_debtor",
                f"被执行人另有 {pending} 件未结执行案件，多于 {repeat_over} 件。",
                f"The debtor has {pending} other pending enforcement cases, more than {repeat_over}.",
            )
        )

    citations = [SPC_OPINION_ART_7, *(params[name].citation for name in PARAMS)]
    return {
        "track": "complex" if blocking else "simple",
        "reasons": blocking or quick,
        **cite(citations),
    }


def _reason(code: str, message_zh: str, message_en: str) -> dict[str, str]:
    return {"code": code, "message_zh": message_zh, "message_en": message_en}


def _y(amount: Decimal) -> str:
    """Yuan with thousands separators and cents, for the messages (e.g. ``10,000.00``)."""
    return f"{Decimal(to_yuan(amount)):,}"


def _optional_amount(data: dict[str, Any], name: str) -> Decimal:
    """An amount that is absent or null counts as none."""
    raw = data.get(name)
    return Decimal(0) if raw is None else parse_number_amount(raw, name)


def _count(value: object, name: str) -> int:
    """A whole number ≥ 0 (a JSON integer, or its digits as text from a flag)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise LawError(
        "count_invalid",
        f"字段“{name}”须为不小于 0 的整数：{value!r}。",
        f"Field '{name}' must be a whole number of at least 0: {value!r}.",
        field=name,
    )


def _whole(value: object, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise LawError(
        "parameter_invalid",
        f"参数 {name} 须为不小于 0 的整数：{value!r}。",
        f"Parameter {name} must be a whole number of at least 0: {value!r}.",
    )
