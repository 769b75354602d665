"""The property inventory and its disposal: reference price, the auction rule refusing a low reserve or a
late announcement with its citation, round 2 after a failed first, no third round, sale and acceptance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.models import Asset
from zhiyuan.enforcement.property import services
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sealed(staff, file_case, add_asset) -> Asset:
    case = file_case()
    asset = add_asset(case)
    measures.take_measure(staff["officer"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    services.add_valuation(
        staff["officer"], asset, method="network", price="1000000", valued_on=D(2026, 3, 1), source="询价平台"
    )
    return asset


def test_owner_must_be_debtor(staff, file_case) -> None:
    case = file_case()
    creditor = case.parties.get(side="plaintiff").party_id
    with pytest.raises(LawError) as err:
        services.add_asset(staff["officer"], case, asset_class="vehicle", description="车", owner_id=creditor)
    assert err.value.code == "owner_not_debtor"
    with pytest.raises(LawError) as err:
        services.add_asset(staff["officer"], case, asset_class="spaceship", description="x")
    assert err.value.code == "asset_class_invalid"
    with pytest.raises(Denied):
        services.add_asset(staff["officer_zy"], case, asset_class="vehicle", description="车")


@pytest.mark.parametrize(
    ("reserve", "announced_on", "code"),
    [
        ("699999.99", D(2026, 4, 1), "auction_reserve_too_low"),  # 70 % of 1,000,000 is 700,000.00
        ("700000", D(2026, 4, 3), "auction_announcement_late"),  # real estate: by 2026-04-02 (30 days)
    ],
)
def test_auction_rule_refusals(staff, sealed, reserve, announced_on, code) -> None:
    with pytest.raises(LawError) as err:
        services.schedule_auction(
            staff["officer"], sealed, reserve=reserve, announced_on=announced_on, auction_on=D(2026, 5, 2)
        )
    assert err.value.code == code
    assert "网络司法拍卖" in err.value.message_zh
    assert err.value.details["citations"]
    assert not sealed.auctions.exists()


def test_two_rounds_then_acceptance(staff, sealed) -> None:
    first = services.schedule_auction(
        staff["officer"], sealed, reserve="700000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
    )
    assert (first.round, first.min_reserve) == (1, Decimal("700000.00"))
    with pytest.raises(LawError) as err:
        services.schedule_auction(
            staff["officer"], sealed, reserve="700000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
        )
    assert err.value.code == "auction_pending"
    services.record_auction_result(staff["officer"], first, result="failed")
    with pytest.raises(LawError) as err:  # second round: at least 80 % of 700,000
        services.schedule_auction(
            staff["officer"],
            sealed,
            reserve="559999.99",
            announced_on=D(2026, 5, 10),
            auction_on=D(2026, 6, 1),
        )
    assert err.value.code == "auction_reserve_too_low"
    second = services.schedule_auction(
        staff["officer"], sealed, reserve="560000", announced_on=D(2026, 5, 17), auction_on=D(2026, 6, 1)
    )
    assert second.round == 2
    services.record_auction_result(staff["officer"], second, result="failed")
    with pytest.raises(LawError) as err:
        services.schedule_auction(
            staff["officer"], sealed, reserve="560000", announced_on=D(2026, 7, 1), auction_on=D(2026, 8, 1)
        )
    assert err.value.code == "auction_no_third_round"
    asset = services.accept_in_lieu(staff["officer"], sealed, on=D(2026, 6, 10))
    assert (asset.status, asset.outcome_price, asset.outcome_party) == (
        "accepted",
        Decimal("560000.00"),
        "张三",
    )
    with pytest.raises(LawError) as err:
        services.sell(staff["officer"], sealed, price="1", on=D(2026, 6, 11), buyer="某")
    assert err.value.code == "asset_disposed"
    nodes = list(NodeLog.objects.filter(case=sealed.case).values_list("node", flat=True))
    assert nodes.count("asset.auction") == 2
    with pytest.raises(LawError) as err:  # a disposed asset takes no new measure
        measures.take_measure(staff["officer"], sealed.case, asset=sealed, kind="seal", on=D(2026, 6, 12))
    assert err.value.code in ("asset_disposed", "measure_exists")
    assert "asset.acceptance" in nodes


def test_sold_at_auction(staff, sealed) -> None:
    a = services.schedule_auction(
        staff["officer"], sealed, reserve="800000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
    )
    with pytest.raises(LawError) as err:
        services.record_auction_result(staff["officer"], a, result="sold", price="799999", buyer="赵六")
    assert err.value.code == "sale_below_reserve"
    services.record_auction_result(staff["officer"], a, result="sold", price="910000", buyer="赵六")
    sealed.refresh_from_db()
    assert (sealed.status, sealed.outcome_price, sealed.outcome_party) == (
        "sold",
        Decimal("910000.00"),
        "赵六",
    )


def test_waiting_court_cannot_dispose(staff, file_case, add_asset, sealed) -> None:
    other = file_case("黔0302")
    asset = add_asset(other)  # same register ref as the sealed one
    m = measures.take_measure(staff["officer_zy"], other, asset=asset, kind="seal", on=D(2026, 2, 5))
    assert m.status == "waiting"
    services.add_valuation(
        staff["officer_zy"], asset, method="agreed", price="900000", valued_on=D(2026, 3, 1)
    )
    with pytest.raises(LawError) as err:
        services.schedule_auction(
            staff["officer_zy"], asset, reserve="700000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
        )
    assert err.value.code == "asset_not_controlled"
    with pytest.raises(LawError) as err:
        services.sell(staff["officer_zy"], asset, price="700000", on=D(2026, 4, 1), buyer="某")
    assert err.value.code == "asset_not_controlled"


def test_reference_price_required(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case, "vehicle", "贵A12345")
    measures.take_measure(staff["officer"], case, asset=asset, kind="seizure", on=D(2026, 2, 1))
    with pytest.raises(LawError) as err:
        services.schedule_auction(
            staff["officer"], asset, reserve="1", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
        )
    assert err.value.code == "reference_price_missing"
    services.add_valuation(
        staff["officer"], asset, method="directed", price="100000", valued_on=D(2026, 3, 1)
    )
    a = services.schedule_auction(
        staff["officer"], asset, reserve="70000", announced_on=D(2026, 4, 16), auction_on=D(2026, 5, 1)
    )
    assert a.min_reserve == Decimal("70000.00")  # movable: 15 days' notice is enough


def test_announcement_on_the_last_allowed_day(staff, sealed) -> None:
    a = services.schedule_auction(
        staff["officer"], sealed, reserve="700000", announced_on=D(2026, 4, 2), auction_on=D(2026, 5, 2)
    )
    assert (a.round, a.announced_on) == (1, D(2026, 4, 2))


def test_valuation_completes_the_valuation_task(staff, sealed) -> None:
    from zhiyuan.affairs.models import Task

    task = Task.objects.get(source_key=f"asset:{sealed.pk}:valuation")
    assert task.status == "done"


def test_money_takes_no_valuation_and_no_sale(staff, file_case, add_asset) -> None:
    case = file_case()
    deposit = add_asset(case, "deposit", "6222000011112222")
    measures.take_measure(
        staff["officer"], case, asset=deposit, kind="freeze", on=D(2026, 2, 1), amount="5000"
    )
    with pytest.raises(LawError) as err:
        services.add_valuation(
            staff["officer"], deposit, method="agreed", price="5000", valued_on=D(2026, 3, 1)
        )
    assert err.value.code == "asset_not_valued"
    with pytest.raises(LawError) as err:
        services.sell(staff["officer"], deposit, price="5000", on=D(2026, 3, 1), buyer="某")
    assert err.value.code == "asset_not_saleable"
    assert not deposit.valuations.exists()


def test_sale_only_after_a_failed_second_auction_at_its_reserve(staff, sealed) -> None:
    with pytest.raises(LawError) as err:  # no auction at all
        services.sell(staff["officer"], sealed, price="1", on=D(2026, 3, 2), buyer="某")
    assert err.value.code == "sale_needs_failed_second_auction"
    assert "第二十六条" in err.value.message_zh
    first = services.schedule_auction(
        staff["officer"], sealed, reserve="700000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
    )
    services.record_auction_result(staff["officer"], first, result="failed")
    with pytest.raises(LawError) as err:  # one failed round is not enough
        services.sell(staff["officer"], sealed, price="700000", on=D(2026, 5, 2), buyer="某")
    assert err.value.code == "sale_needs_failed_second_auction"
    second = services.schedule_auction(
        staff["officer"], sealed, reserve="560000", announced_on=D(2026, 5, 17), auction_on=D(2026, 6, 1)
    )
    services.record_auction_result(staff["officer"], second, result="failed")
    with pytest.raises(LawError) as err:
        services.sell(staff["officer"], sealed, price="559999.99", on=D(2026, 6, 2), buyer="某")
    assert (err.value.code, err.value.details["min_price"]) == ("sale_below_last_reserve", "560000.00")
    asset = services.sell(staff["officer"], sealed, price="560000", on=D(2026, 6, 2), buyer="钱七")
    assert (asset.status, asset.outcome_price, asset.outcome_party) == ("sold", Decimal("560000.00"), "钱七")
