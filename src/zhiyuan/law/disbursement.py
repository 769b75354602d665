"""The approval a disbursement of case funds (执行款发放) needs, graded by amount (``funds.approval_grades``).

An amount falls in the first grade whose ``below`` exceeds it (the last grade has no bound). The grade says
how many different approvers must approve and, optionally, the role one of them must hold. The grading is a
court's own rule; the shipped defaults are UNVERIFIED parameters (see ``params/funds.yaml``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.money import parse_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

GRADES = "funds.approval_grades"


def grade(amount: Decimal, grades: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    """The (1-based) grade of ``amount`` and its entry."""
    for index, entry in enumerate(grades, start=1):
        below = entry.get("below")
        if below is None or amount < Decimal(str(below)):
            return index, entry
    raise LawError(  # pragma: no cover - the parameter file's last grade is unbounded
        "parameter_invalid",
        "审批分级参数缺少无上限的一级。",
        "The approval grades need an unbounded last grade.",
    )


def approval(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law disbursement-approval``: ``{"amount", "on"}`` → ``grade``, ``approvals``,
    ``final_role``, ``citation``."""
    data = require_fields(facts, "amount", "on")
    amount = parse_amount(data["amount"], "amount", allow_zero=False)
    on = parse_date(data["on"], "on")
    param = params[GRADES]
    grades = list(param.at(on)["grades"])
    number, entry = grade(amount, grades)
    approvals = int(entry["approvals"])
    if approvals < 1:
        raise LawError(  # pragma: no cover - a parameter error
            "parameter_invalid", "审批人数至少为一人。", "A grade needs at least one approval."
        )
    citation = param.citation.as_dict()
    return {
        "amount": to_yuan(amount),
        "on": on.isoformat(),
        "grade": number,
        "approvals": approvals,
        "final_role": entry.get("final_role"),
        "citation": citation,
        "citations": [citation],
    }
