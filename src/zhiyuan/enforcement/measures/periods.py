"""Which measure fits which asset, and how long it lasts: the period is ``zhiyuan.law.deadlines`` (rules
``bank_freeze`` 1 year, ``movable_seal`` 2 years, ``real_estate_seal`` 3 years in the 2015 and 2022 texts of
民诉法解释 Art 487/485, each renewal at most the same period), never a number of ours.

Which rule an asset class follows is a reading of the article (冻结银行存款 / 查封、扣押动产 / 查封不动产、冻结
其他财产权): money on an account (deposits, online payment accounts) is a bank deposit; vehicles, vessels
and other movables are movables; everything else (real estate, securities, wealth products, shares,
housing fund, insurance, other rights) is real estate or another property right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement.models import AssetClass, MeasureKind
from zhiyuan.law import deadlines
from zhiyuan.law.errors import LawError

C, K = AssetClass, MeasureKind
#: money held on an account: frozen and deducted, with the bank-deposit period
DEPOSIT_LIKE = frozenset({C.DEPOSIT, C.ONLINE_PAYMENT})
MOVABLES = frozenset({C.VEHICLE, C.VESSEL, C.FISHING_VESSEL, C.MOVABLE})
#: amounts an institution holds: frozen for an amount and deducted (the gateway's FREEZABLE classes)
MONEY = frozenset(
    {C.DEPOSIT, C.ONLINE_PAYMENT, C.WEALTH_PRODUCT, C.SECURITIES, C.FUTURES, C.HOUSING_FUND, C.INSURANCE}
)
#: the measures each class takes
KINDS_OF: dict[str, frozenset[str]] = {
    **{c: frozenset({K.SEAL, K.SEIZURE}) for c in MOVABLES},
    C.REAL_ESTATE: frozenset({K.SEAL}),
    **{c: frozenset({K.FREEZE}) for c in AssetClass if c not in MOVABLES and c != C.REAL_ESTATE},
    **{c: frozenset({K.FREEZE, K.DEDUCTION}) for c in MONEY},
}
#: the auction rule's asset categories (``zhiyuan.law.auction``)
AUCTION_CATEGORY: dict[str, str] = {**dict.fromkeys(MOVABLES, "movable"), C.REAL_ESTATE: "real_estate"}


def rule_for(asset_class: str) -> str:
    """The ``law.deadlines`` rule of a measure on an asset of ``asset_class``."""
    if asset_class in DEPOSIT_LIKE:
        return "bank_freeze"
    if asset_class in MOVABLES:
        return "movable_seal"
    return "real_estate_seal"


def auction_category(asset_class: str) -> str:
    """``movable``, ``real_estate`` or ``property_right`` for ``zhiyuan.law.auction``."""
    return AUCTION_CATEGORY.get(asset_class, "property_right")


def check_kind(kind: str, asset_class: str) -> None:
    """Refuse a measure that does not fit the asset (a seal of a bank deposit, a deduction of a house)."""
    if kind not in MeasureKind.values:
        raise LawError("measure_kind_invalid", "未知的控制措施。", "Unknown measure kind.", field="kind")
    if asset_class not in AssetClass.values:
        raise LawError("asset_class_invalid", "未知的财产类别。", "Unknown asset class.", field="asset_class")
    if kind not in KINDS_OF[asset_class]:
        kinds = "、".join(str(MeasureKind(k).label) for k in sorted(KINDS_OF[asset_class]))
        raise LawError(
            "measure_kind_unfit",
            f"{AssetClass(asset_class).label}不能采取{MeasureKind(kind).label}措施（可采取：{kinds}）。",
            f"A measure of kind '{kind}' does not apply to an asset of class '{asset_class}'.",
            field="kind",
        )


@dataclass(frozen=True)
class Term:
    """A measure's last day from the law, with what it cites and warns."""

    ends_on: dt.date
    citations: list[dict[str, Any]]
    warnings: list[str]
    renewal_max: dict[str, Any]


def term(rule: str, first_start: dt.date, renewal_dates: Sequence[dt.date] = ()) -> Term:
    """The last day of a measure that started on ``first_start`` and was renewed on ``renewal_dates``,
    each renewal for the longest period the law allows. A renewal after the last day is refused by the
    law (``renewal_after_expiry``)."""
    ref = courts.reference()
    facts: dict[str, Any] = {"rule": rule, "start": first_start.isoformat()}
    if renewal_dates:
        facts["renewals"] = [{"on": d.isoformat()} for d in renewal_dates]
    out = deadlines.compute(facts, ref.params, ref.calendar)
    return Term(
        ends_on=dt.date.fromisoformat(out["due"]),
        citations=out["citations"],
        warnings=[w["code"] for w in out["warnings"]],
        renewal_max=out.get("renewal_max", {}),
    )


def renewal_runs_from_end(on: dt.date) -> bool:
    """Does a renewal made on ``on`` run from the current end (``previous_end``) rather than from the
    renewal date (the documented default)?"""
    rule = courts.reference().params[deadlines.PERIODS + "measure_renewal_start"]
    return bool(rule.at(on)["runs_from"] == "previous_end")
