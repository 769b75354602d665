"""Sharing a sum of money among claims, in whole cents (the one definition for every rule that does).

Claims are grouped into **steps** (a sortable key each); steps are served in ascending order, each from
what the earlier ones left. A step the money covers is paid in full. A step it does not cover shares
what is left **pro rata** to the claims' amounts by the largest-remainder method: every share is first
floored to the cent, then the cents still left go one each to the claims with the largest fractional
parts, ties to the earlier claim (in input order). So no claim gets more than its amount, the shares add
up exactly to the money shared, and nothing depends on rounding half up or down. Whatever is left after
the last step is the remainder.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from zhiyuan.law.errors import LawError
from zhiyuan.law.money import CENT, parse_number_amount


def to_cents(amount: Decimal) -> int:
    """Yuan with at most two places (as the money parsers return it) → whole cents."""
    return int(amount.quantize(CENT) * 100)


def from_cents(cents: int) -> Decimal:
    """Whole cents → yuan with two places."""
    return (Decimal(cents) / 100).quantize(CENT)


def pro_rata(pool: int, amounts: Sequence[int]) -> list[int]:
    """``pool`` cents shared in proportion to ``amounts`` (cents), largest remainders first.

    When the pool covers every amount, each gets its amount. Otherwise share *i* is
    ``floor(pool × amount_i / total)`` plus one cent for the ``pool − Σ floors`` claims whose fractional
    part (``pool × amount_i mod total``) is largest, the earlier claim first among equal ones."""
    if pool < 0 or any(a < 0 for a in amounts):
        raise ValueError("pool and amounts must not be negative")
    total = sum(amounts)
    if pool >= total:
        return list(amounts)
    shares = [pool * a // total for a in amounts]
    fractions = [pool * a % total for a in amounts]
    left = pool - sum(shares)
    for i in sorted(range(len(amounts)), key=lambda i: (-fractions[i], i))[:left]:
        shares[i] += 1
    return shares


def waterfall(pool: int, amounts: Sequence[int], steps: Sequence[Any]) -> tuple[list[int], int]:
    """Serve ``amounts`` (cents, in input order) step by step from ``pool`` cents.

    ``steps[i]`` is claim *i*'s step key; keys sort ascending (claims with equal keys share one step).
    Returns the allocations in input order and the remainder."""
    if len(amounts) != len(steps):
        raise ValueError("one step key per amount")
    allocations = [0] * len(amounts)
    groups: dict[Any, list[int]] = {}
    for i, key in enumerate(steps):
        groups.setdefault(key, []).append(i)
    left = pool
    for key in sorted(groups):
        members = groups[key]
        shares = pro_rata(left, [amounts[i] for i in members])
        for i, share in zip(members, shares, strict=True):
            allocations[i] = share
        left -= sum(shares)
    return allocations, left


def entries(value: object, field: str) -> list[dict[str, Any]]:
    """A JSON array of objects (the creditors or claims of a facts object)."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise LawError(
            f"{field}_invalid",
            f"字段“{field}”须为对象数组。",
            f"Field '{field}' must be an array of objects.",
            field=field,
        )
    return value


def entry_ids(items: Sequence[dict[str, Any]], field: str) -> list[str | int]:
    """Each entry's ``id`` (text or a whole number), required and unique."""
    ids: list[str | int] = []
    for i, item in enumerate(items):
        value = item.get("id")
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
            raise LawError(
                "id_invalid",
                f"{field}[{i}].id 须为非空字符串或整数：{value!r}。",
                f"{field}[{i}].id must be a non-empty string or a whole number: {value!r}.",
                field=f"{field}[{i}].id",
            )
        if value in ids:
            raise LawError(
                "id_duplicate",
                f"{field} 中的 id 重复：{value!r}。",
                f"Duplicate id in {field}: {value!r}.",
                field=f"{field}[{i}].id",
            )
        ids.append(value)
    return ids


def entry_amounts(items: Sequence[dict[str, Any]], field: str) -> list[int]:
    """Each entry's ``amount`` (a decimal string or a JSON number, ≥ 0) in cents."""
    out = []
    for i, item in enumerate(items):
        name = f"{field}[{i}].amount"
        if item.get("amount") is None:
            raise LawError(
                "missing_field", f"缺少字段：{name}。", f"Missing field(s): {name}.", fields=[name]
            )
        out.append(to_cents(parse_number_amount(item["amount"], name)))
    return out
