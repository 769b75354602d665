"""A sale's price paid in is booked in the case's funds account automatically (auction proceeds), once, in
the transaction that records it; what is not sold, or already paid, is refused; the page offers the step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.models import Asset
from zhiyuan.enforcement.property import services
from zhiyuan.funds import selectors as funds
from zhiyuan.funds import services as ledger
from zhiyuan.funds.models import Posting
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sold(staff, file_case, add_asset) -> Asset:
    case = file_case()
    asset = add_asset(case)
    measures.take_measure(staff["officer"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    services.add_valuation(
        staff["officer"], asset, method="network", price="1000000", valued_on=D(2026, 3, 1), source="询价平台"
    )
    a = services.schedule_auction(
        staff["officer"], asset, reserve="800000", announced_on=D(2026, 4, 1), auction_on=D(2026, 5, 1)
    )
    services.record_auction_result(staff["officer"], a, result="sold", price="910000", buyer="赵六")
    asset.refresh_from_db()
    return asset


def test_the_price_paid_in_is_booked_once_as_auction_proceeds(staff, sold) -> None:
    assert funds.balance(sold.case) == Decimal("0.00")
    with pytest.raises(LawError) as err:
        services.record_proceeds_paid(staff["officer"], sold, on=D(2026, 4, 30))
    assert err.value.code == "paid_before_sale"
    services.record_proceeds_paid(staff["officer"], sold, on=D(2026, 5, 20))
    posting = Posting.objects.get(source=f"asset:{sold.pk}:proceeds")
    assert (posting.kind, posting.amount, posting.on, posting.key) == (
        "receipt_auction",
        Decimal("910000.00"),
        D(2026, 5, 20),
        f"asset:{sold.pk}:proceeds:receipt",
    )
    assert funds.balance(sold.case) == Decimal("910000.00")
    with pytest.raises(LawError) as err:
        services.record_proceeds_paid(staff["officer"], sold, on=D(2026, 5, 21))
    assert err.value.code == "proceeds_already_paid"
    # the hook replayed (a retried job, say) books nothing twice
    ledger.book_proceeds(
        sold.case,
        amount=Decimal("910000"),
        on=D(2026, 5, 20),
        source=f"asset:{sold.pk}:proceeds",
        what="again",
        who=ledger.Actor.system(),
    )
    assert Posting.objects.filter(source=f"asset:{sold.pk}:proceeds").count() == 1
    assert funds.balance(sold.case) == Decimal("910000.00")


def test_only_a_sold_asset_and_only_its_court(staff, sold) -> None:
    with pytest.raises(Denied):
        services.record_proceeds_paid(staff["officer_zy"], sold, on=D(2026, 5, 20))
    Asset.objects.filter(pk=sold.pk).update(status="seized")  # not (or no longer) sold
    with pytest.raises(LawError) as err:
        services.record_proceeds_paid(staff["officer"], sold, on=D(2026, 5, 20))
    assert err.value.code == "asset_not_sold"
    assert not Posting.objects.exists()


def test_the_asset_page_offers_the_step(staff, sold) -> None:
    client = Client()
    client.force_login(staff["officer"])
    page = client.get(reverse("enforcement:asset", args=[sold.pk])).content.decode()
    assert 'id="proceeds-form"' in page
    response = client.post(reverse("enforcement:asset_proceeds", args=[sold.pk]), {"on": "2026-05-20"})
    assert response.status_code == 302
    assert funds.balance(sold.case) == Decimal("910000.00")
    page = client.get(reverse("enforcement:asset", args=[sold.pk])).content.decode()
    assert 'id="proceeds-form"' not in page
