"""Executability check (可执行性审查) of judgment operative items and mediation agreements.

An enforcement title must name who pays whom, how much and by when, identify the debtor, and state an
act with its object (民诉法解释 2022 Art 461; Art 463 in the 2015 text and its 2020 amendment); otherwise
the case comes back as a derivative one (clarification, objection, another suit). Problems are findings,
not exceptions: a draft is meant to be corrected.

Two things are warnings, not errors: several obligors without joint or several liability stated (shares
are equal, 民法典 Art 517 para 2, and joint liability only arises by law or agreement, Art 518 para 2), and
interest without a rate or a start date (that part cannot be enforced; the principal can). An obligor is
identified by any identity document whose number checks out (``law.identity``), not only a resident
identity number or a credit code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.identity import id_type_of, is_valid_number
from zhiyuan.law.money import MAX_AMOUNT
from zhiyuan.law.parameters import Parameter, ParameterBook

KINDS = ("judgment", "mediation_agreement")
ROLES = ("creditor", "debtor", "other")
LIABILITIES = ("joint", "several")

MESSAGES: dict[str, tuple[str, str]] = {
    "items_missing": ("没有任何给付事项。", "There is no operative item."),
    "party_ref_duplicate": ("当事人编号重复：{ref}。", "Duplicate party reference: {ref}."),
    "type_unknown": ("给付类型须为金钱给付（payment）或行为（act）。", "The type must be payment or act."),
    "obligor_missing": ("未写明义务人。", "No obligor is named."),
    "obligor_unknown": ("义务人“{ref}”不在当事人名单中。", "Obligor '{ref}' is not among the parties."),
    "obligor_unidentified": (
        "义务人“{name}”没有有效的身份证件号码（居民身份证、统一社会信用代码、护照、通行证等），无法执行。",
        "Obligor '{name}' has no valid identity document number (resident ID, credit code, passport, "
        "travel permit …).",
    ),
    "obligor_role_mismatch": (
        "义务人“{name}”在当事人名单中并非债务人。",
        "Obligor '{name}' is not listed as a debtor.",
    ),
    "obligee_missing": ("未写明权利人。", "No obligee is named."),
    "obligee_unknown": ("权利人“{ref}”不在当事人名单中。", "Obligee '{ref}' is not among the parties."),
    "obligee_is_obligor": ("权利人与义务人为同一人。", "The obligee is also an obligor."),
    "liability_unspecified": (
        "多名义务人未写明承担连带责任还是按份责任：连带责任须由法律规定或当事人约定，未写明时按份额相同的按份"
        "责任执行。",
        "Several obligors, but joint or several liability is not stated: joint liability arises only by law "
        "or agreement, so each is liable for an equal share.",
    ),
    "liability_invalid": (
        "责任形式须为连带（joint）或按份（several）。",
        "Liability must be joint or several.",
    ),
    "amount_missing": ("金钱给付未写明金额。", "A payment item has no amount."),
    "amount_invalid": (
        "金额“{value}”不是有效数字（元，最多两位小数）。",
        "Amount '{value}' is not a valid yuan amount (two decimals at most).",
    ),
    "amount_nonpositive": ("金额须大于零。", "The amount must be greater than zero."),
    "amount_out_of_range": (
        "金额“{value}”过大：最多 {maximum} 元。",
        "Amount '{value}' is too large: at most {maximum} yuan.",
    ),
    "instalments_mismatch": (
        "分期金额合计 {total} 元与总额 {amount} 元不一致。",
        "Instalments add up to {total}, not the amount {amount}.",
    ),
    "instalments_unordered": ("分期履行期限未按先后排列。", "Instalment due dates are not in order."),
    "due_missing": (
        "未写明履行期限：自法律文书生效之日起即应履行。",
        "No due date: performance falls due when the document takes effect.",
    ),
    "due_invalid": ("履行期限“{value}”不是有效日期。", "Due date '{value}' is not a valid date."),
    "due_past": (
        "履行期限 {due} 早于 {on}，已经届满，请核对。",
        "Due date {due} is before {on}: it has already passed; check it.",
    ),
    "act_missing": ("行为给付未写明具体行为。", "An act item does not state the act."),
    "act_object_missing": (
        "行为给付未写明具体对象（如房屋坐落、车辆号牌、物品名称）。",
        "An act item has no specific object (address, plate number, article).",
    ),
    "interest_basis_missing": (
        "写明了利息，但缺少利率或起算日：利息部分无法执行，本金仍可执行。",
        "Interest is awarded without a rate or a start date: the interest cannot be enforced; the principal "
        "can.",
    ),
}
WARNINGS = {
    "due_missing",
    "due_past",
    "instalments_unordered",
    "obligor_role_mismatch",
    "liability_unspecified",
    "interest_basis_missing",
}


class _Findings:
    def __init__(self, due_severity: str, on: dt.date | None, params: ParameterBook) -> None:
        self.items: list[dict[str, Any]] = []
        self.due_severity = due_severity
        self.on = on  # the title's date: identity numbers born after it are invalid
        self.params = params

    def add(self, code: str, item: int | None, **fmt: Any) -> None:
        zh, en = MESSAGES[code]
        severity = (
            self.due_severity if code == "due_missing" else ("warning" if code in WARNINGS else "error")
        )
        self.items.append(
            {
                "code": code,
                "severity": severity,
                "item": item,
                "message_zh": zh.format(**fmt),
                "message_en": en.format(**fmt),
            }
        )


def _amount(value: object) -> Decimal | None:
    if isinstance(value, bool | float) or value is None:
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite() or (amount <= MAX_AMOUNT and amount != amount.quantize(Decimal("0.01"))):
        return None
    return amount


def _too_large(i: int, value: object, amount: Decimal, found: _Findings) -> None:
    """An amount above what the platform stores (``money.MAX_AMOUNT``) is an error finding."""
    if amount > MAX_AMOUNT:
        found.add("amount_out_of_range", i, value=value, maximum=f"{MAX_AMOUNT:,}")


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _check_parties(parties: object, found: _Findings) -> dict[str, Mapping[str, Any]]:
    if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
        raise LawError(
            "parties_invalid", "parties 必须是对象数组。", "'parties' must be an array of objects."
        )
    by_ref: dict[str, Mapping[str, Any]] = {}
    for p in parties:
        id_type_of(p.get("id_type"))  # an unknown document type is malformed input (id_type_unknown)
        ref = str(p.get("ref", ""))
        if ref in by_ref:
            found.add("party_ref_duplicate", None, ref=ref)
        by_ref[ref] = p
    return by_ref


def _check_payment(i: int, item: Mapping[str, Any], found: _Findings) -> None:
    raw = item.get("amount")
    amount = _amount(raw)
    if raw is None or raw == "":
        found.add("amount_missing", i)
    elif amount is None:
        found.add("amount_invalid", i, value=raw)
    elif amount <= 0:
        found.add("amount_nonpositive", i)
    else:
        _too_large(i, raw, amount, found)
    instalments = item.get("instalments") or []
    dues: list[dt.date] = []
    if instalments:
        total = Decimal(0)
        for inst in instalments:
            part = _amount(inst.get("amount")) if isinstance(inst, dict) else None
            if part is None:
                found.add("amount_invalid", i, value=inst.get("amount") if isinstance(inst, dict) else inst)
                continue
            _too_large(i, inst.get("amount"), part, found)
            total += part
            when = _date(inst.get("due"))
            if when is None:
                found.add("due_invalid" if inst.get("due") else "due_missing", i, value=inst.get("due"))
            else:
                dues.append(when)
        if amount is not None and total != amount:
            found.add("instalments_mismatch", i, total=total, amount=amount)
        if dues != sorted(dues):
            found.add("instalments_unordered", i)
    else:
        _check_due(i, item, found)


def _check_due(i: int, item: Mapping[str, Any], found: _Findings) -> None:
    due = item.get("due")
    if due in (None, ""):
        found.add("due_missing", i)
    elif _date(due) is None:
        found.add("due_invalid", i, value=due)


def past_due(items: Sequence[Any], on: dt.date) -> list[dict[str, Any]]:
    """Warnings (``due_past``, one per date) for the due dates of ``items`` — of an item, or of its
    instalments — that fall before ``on``: an agreement entered on ``on`` with such a date is due at once.
    Not an error (it can be performed, and may have been), and not part of :func:`check`, whose findings
    are those of the title itself. Items or dates that ``check`` refuses are left to it."""
    found = _Findings("warning", on, ParameterBook({}))
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        parts = (item.get("instalments") or []) if item.get("type") == "payment" else []
        dues = [p.get("due") for p in parts if isinstance(p, dict)] if parts else [item.get("due")]
        for due in dues:
            when = _date(due) if isinstance(due, str) else None
            if when is not None and when < on:
                found.add("due_past", i, due=when.isoformat(), on=on.isoformat())
    return found.items


def _check_item(i: int, item: object, parties: Mapping[str, Mapping[str, Any]], found: _Findings) -> None:
    if not isinstance(item, dict):
        raise LawError("item_invalid", f"第 {i} 项不是对象。", f"Item {i} is not an object.")
    obligors = item.get("obligors") or []
    if not obligors:
        found.add("obligor_missing", i)
    for ref in obligors:
        party = parties.get(str(ref))
        if party is None:
            found.add("obligor_unknown", i, ref=ref)
            continue
        name = party.get("name") or ref
        number, id_type = str(party.get("id_number") or ""), str(party.get("id_type") or "")
        if not is_valid_number(number, id_type, on=found.on, params=found.params):
            found.add("obligor_unidentified", i, name=name)
        if party.get("role") not in (None, "debtor"):
            found.add("obligor_role_mismatch", i, name=name)
    obligee = item.get("obligee")
    if obligee in (None, ""):
        found.add("obligee_missing", i)
    elif str(obligee) not in parties:
        found.add("obligee_unknown", i, ref=obligee)
    elif obligee in obligors:
        found.add("obligee_is_obligor", i)
    liability = item.get("liability")
    if liability is not None and liability not in LIABILITIES:
        found.add("liability_invalid", i)
    elif len(obligors) > 1 and liability is None:
        found.add("liability_unspecified", i)
    kind = item.get("type")
    if kind == "payment":
        _check_payment(i, item, found)
    elif kind == "act":
        if not str(item.get("act") or "").strip():
            found.add("act_missing", i)
        if not str(item.get("object") or "").strip():
            found.add("act_object_missing", i)
        _check_due(i, item, found)
    else:
        found.add("type_unknown", i)
    interest = item.get("interest")
    if interest is not None and (
        not isinstance(interest, dict) or not interest.get("rate") or not interest.get("from")
    ):
        found.add("interest_basis_missing", i)


def check(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law executability``: findings on every operative item; executable when no error."""
    data = require_fields(facts, "kind", "parties", "items")
    if data["kind"] not in KINDS:
        raise LawError(
            "unknown_kind",
            "kind 须为 judgment 或 mediation_agreement。",
            "'kind' must be judgment or mediation_agreement.",
        )
    if not isinstance(data["items"], list):
        raise LawError("items_invalid", "items 必须是数组。", "'items' must be an array.")
    on = _title_date(data)
    title = _in_force(params["executability.enforceable_title"], on)
    found = _Findings(title["missing_due_severity"], on, params)
    parties = _check_parties(data["parties"], found)
    if not data["items"]:
        found.add("items_missing", None)
    for i, item in enumerate(data["items"]):
        _check_item(i, item, parties, found)
    errors = sum(f["severity"] == "error" for f in found.items)
    citations = [_citation(title)]
    if any(f["code"] == "liability_unspecified" for f in found.items):
        citations.append(_citation(_in_force(params["executability.several_obligors"], on)))
    return {
        "kind": data["kind"],
        "executable": errors == 0,
        "errors": errors,
        "warnings_count": len(found.items) - errors,
        "findings": found.items,
        "on": on.isoformat() if on else None,
        **cite(citations),
    }


def _title_date(data: Mapping[str, Any]) -> dt.date | None:
    """The title's date (``on``, else ``effective_on``): it picks the version of the cited articles."""
    for field in ("on", "effective_on"):
        if data.get(field) is not None:
            return parse_date(data[field], field)
    return None


def _in_force(param: Parameter, on: dt.date | None) -> Mapping[str, Any]:
    """The value in force on ``on`` (the latest without a date; the earliest before the first one)."""
    if on is not None and on < param.values[0][0]:
        first: Mapping[str, Any] = param.values[0][1]
        return first
    value: Mapping[str, Any] = param.at(on)
    return value


def _citation(value: Mapping[str, Any]) -> Citation:
    return Citation.from_mapping(value["citation"])
