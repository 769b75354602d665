"""Distribution among creditors (参与分配 and 首封 priority, ``zhiyuan law distribution``).

The proceeds pay, in this order (民诉法解释 2022 Arts 506, 508, 514; 2015 Arts 508, 510, 516):

1. the enforcement costs (``costs_paid``, at most the proceeds);
2. creditors with a ``priority_rank`` (优先受偿: a priority or security right in the property), the lowest
   rank first, each rank paid in full before the next (equal ranks share pro rata);
3. ordinary creditors: for a ``person`` (or ``other_organization``) debtor pro rata to their amounts
   (参与分配); for an ``enterprise`` debtor in ``seal_order`` ascending (the first seal first; equal seal
   orders share pro rata), creditors without a seal order last, one after another in input order.

Nobody gets more than their amount; pro-rata shares are whole cents by the largest-remainder method
(:mod:`zhiyuan.law.allocation`); what is left is ``remainder``. ``allocations`` has one entry per creditor
in input order. The articles are cited in the version in force on ``on`` (default: the latest).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhiyuan.law.allocation import entries, entry_amounts, entry_ids, from_cents, to_cents, waterfall
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.deadlines import citation_of
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_choice, parse_date, require_fields
from zhiyuan.law.money import parse_number_amount, to_yuan
from zhiyuan.law.parameters import ParameterBook

DEBTOR_KINDS = ("person", "enterprise", "other_organization")
PARAMS = (
    "distribution.costs_first",
    "distribution.priority",
    "distribution.pro_rata",
    "distribution.seal_order",
)

# step keys: (stage, order within the stage); sorted ascending by allocation.waterfall
_PRIORITY, _ORDINARY, _UNSEALED = 0, 1, 2


def distribute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law distribution``: proceeds, costs and creditors → allocations, costs_paid, remainder."""
    data = require_fields(facts, "proceeds", "debtor_kind", "creditors")
    proceeds = to_cents(parse_number_amount(data["proceeds"], "proceeds"))
    costs = 0 if data.get("costs") is None else to_cents(parse_number_amount(data["costs"], "costs"))
    kind = parse_choice(data["debtor_kind"], "debtor_kind", DEBTOR_KINDS)
    on = None if data.get("on") is None else parse_date(data["on"], "on")
    creditors = entries(data["creditors"], "creditors")
    ids = entry_ids(creditors, "creditors")
    amounts = entry_amounts(creditors, "creditors")
    ranks = [_order(c, i, "priority_rank") for i, c in enumerate(creditors)]
    seals = [_order(c, i, "seal_order") for i, c in enumerate(creditors)]

    steps: list[tuple[int, int]] = []
    for i, (rank, seal) in enumerate(zip(ranks, seals, strict=True)):
        if rank is not None:
            steps.append((_PRIORITY, rank))
        elif kind != "enterprise":
            steps.append((_ORDINARY, 0))
        elif seal is not None:
            steps.append((_ORDINARY, seal))
        else:
            steps.append((_UNSEALED, i))

    costs_paid = min(costs, proceeds)
    shares, remainder = waterfall(proceeds - costs_paid, amounts, steps)
    return {
        "allocations": [
            {"id": ident, "amount": to_yuan(from_cents(share))}
            for ident, share in zip(ids, shares, strict=True)
        ],
        "costs_paid": to_yuan(from_cents(costs_paid)),
        "remainder": to_yuan(from_cents(remainder)),
        **cite(_citations(params, on, kind, ranks)),
    }


def _citations(
    params: ParameterBook, on: dt.date | None, kind: str, ranks: list[int | None]
) -> list[Citation]:
    """The articles of the steps this distribution takes."""
    names = ["distribution.costs_first"]
    if any(r is not None for r in ranks):
        names.append("distribution.priority")
    names.append("distribution.seal_order" if kind == "enterprise" else "distribution.pro_rata")
    return [citation_of(params[n], params[n].at(on)) for n in names]


def _order(creditor: dict[str, Any], i: int, name: str) -> int | None:
    """``priority_rank`` / ``seal_order``: null or a whole number ≥ 0."""
    value = creditor.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    field = f"creditors[{i}].{name}"
    raise LawError(
        f"{name}_invalid",
        f"{field} 须为 null 或不小于 0 的整数：{value!r}。",
        f"{field} must be null or a whole number of at least 0: {value!r}.",
        field=field,
    )
