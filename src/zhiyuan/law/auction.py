"""Online judicial auction (网络司法拍卖, ``zhiyuan law auction``): the lowest reserve and the announcement date.

《最高人民法院关于人民法院网络司法拍卖若干问题的规定》 (法释〔2016〕18号, in force 2017-01-01):

- first auction: the reserve (起拍价) may not be lower than 70 % of the valuation or market price (Art 10;
  from 2018-09-01 the reference price, 《关于人民法院确定财产处置参考价若干问题的规定》 Art 30), announced at
  least 15 days before the auction for movables, 30 days for real estate and other property rights (Art 12);
- second auction after a failed first: the reserve may be lowered by at most 20 % of the previous reserve,
  so it is at least 80 % of it, announced at least 7 / 15 days before (Art 26 para 1). There is no third
  auction: a second auction that fails is followed by a sale (变卖, Art 26 para 2).

``min_reserve`` is rounded **up** to the cent (a reserve one cent lower would be below the legal minimum).
``announce_by`` is ``auction_on`` minus the days, in calendar days with no holiday shift: the day a period
starts is not counted (民事诉讼法 Art 85 para 2 of the 2021 and 2023 texts), and the holiday rule moves the last
day of a period for an act, not a notice counted back from a fixed day. Every value applies by the auction date.

``reference_price`` is required for the first auction; the second needs ``previous_reserve`` (the reference
price is then not used). A ``previous_reserve`` given for a first auction is checked as an amount and then
ignored, with the warning ``previous_reserve_ignored``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.money import CENT, parse_number_amount
from zhiyuan.law.parameters import ParameterBook

ASSETS = ("movable", "real_estate", "property_right")
ROUNDS = (1, 2)


def compute(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``{"reference_price", "round", "previous_reserve", "asset", "auction_on"}`` → ``min_reserve``,
    ``announce_by``, ``citations``."""
    data = require_fields(facts, "round", "asset", "auction_on")
    rnd = _round(data["round"])
    asset = data["asset"]
    if asset not in ASSETS:
        raise LawError(
            "unknown_asset",
            f"未知的财产类别“{asset}”。可用：{', '.join(ASSETS)}（动产、不动产、其他财产权）。",
            f"Unknown asset class '{asset}'. Known: {', '.join(ASSETS)}.",
            field="asset",
        )
    auction_on = parse_date(data["auction_on"], "auction_on")
    raw_reference, raw_previous = data.get("reference_price"), data.get("previous_reserve")
    warnings: list[dict[str, str]] = []
    if rnd == 1:
        require_fields(data, "reference_price")
        price = parse_number_amount(raw_reference, "reference_price", allow_zero=False)
        if raw_previous is not None:
            parse_number_amount(raw_previous, "previous_reserve", allow_zero=False)
            warnings.append(
                {
                    "code": "previous_reserve_ignored",
                    "message_zh": "一拍没有前次起拍价，previous_reserve 未予采用。",
                    "message_en": "A first auction has no previous reserve; previous_reserve was not used.",
                }
            )
        reserve_param = params["auction.first_auction_reserve"]
        share = Decimal(str(reserve_param.at(auction_on)))
        basis_value = params["auction.reference_price_basis"].at(auction_on)
        basis = str(basis_value["basis"])
        citations = [reserve_param.citation, Citation.from_mapping(basis_value["citation"])]
        notice_param = params["auction.first_auction_announcement"]
    else:
        if raw_previous is None:
            raise LawError(
                "previous_reserve_required",
                "再次拍卖（第二次拍卖）须提供前次起拍价 previous_reserve。",
                "A second auction needs the previous reserve (previous_reserve).",
                field="previous_reserve",
            )
        price = parse_number_amount(raw_previous, "previous_reserve", allow_zero=False)
        if raw_reference is not None:
            parse_number_amount(raw_reference, "reference_price", allow_zero=False)
        reduction_param = params["auction.second_auction_reduction"]
        share = 1 - Decimal(str(reduction_param.at(auction_on)))
        basis = "previous_reserve"
        citations = [reduction_param.citation]
        notice_param = params["auction.second_auction_announcement"]
    days = int(notice_param.at(auction_on)[asset])
    announce_by = auction_on - dt.timedelta(days=days)
    citations += [notice_param.citation, _day_counting(params, auction_on)]
    return {
        "round": rnd,
        "asset": asset,
        "basis": basis,
        "min_reserve": str((price * share).quantize(CENT, rounding=ROUND_CEILING)),
        "share": str(share),
        "notice_days": days,
        "announce_by": announce_by.isoformat(),
        "warnings": warnings,
        **cite(citations),
    }


def _day_counting(params: ParameterBook, on: dt.date) -> Citation:
    """The article on counting periods in the Civil Procedure Law text in force on ``on``."""
    param = params["auction.day_counting"]
    value = param.at(on)
    return Citation.from_mapping(value["citation"]) if value and "citation" in value else param.citation


def _round(value: object) -> int:
    """1 or 2 (a JSON integer, or its digit as text from a ``--round`` flag)."""
    if isinstance(value, str) and value.strip() in ("1", "2"):
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in ROUNDS:
        return value
    raise LawError(
        "round_invalid",
        f"拍卖轮次 round 须为 1（一拍）或 2（一拍流拍后的再次拍卖）：{value!r}。",
        f"The auction round must be 1 (first) or 2 (second, after a failed first): {value!r}.",
        field="round",
    )
