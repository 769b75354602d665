"""Measures: periods per class from the law, renewal up to the last day (the day after refused), waiting
seals taking effect in order, the lapse job, permissions and scope, network orders idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Measure
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date
OLD = D(2024, 1, 5)


@pytest.mark.parametrize(
    ("asset_class", "kind", "rule", "ends_on"),
    [
        ("deposit", "freeze", "bank_freeze", D(2025, 6, 1)),  # 1 year
        ("vehicle", "seizure", "movable_seal", D(2026, 6, 1)),  # 2 years
        ("real_estate", "seal", "real_estate_seal", D(2027, 6, 1)),  # 3 years
        ("company_share", "freeze", "real_estate_seal", D(2027, 6, 1)),  # another property right
    ],
)
def test_period_per_class_from_law(staff, file_case, add_asset, asset_class, kind, rule, ends_on) -> None:
    case = file_case(filed_on=OLD)
    asset = add_asset(case, asset_class, f"R-{asset_class}")
    m = services.take_measure(staff["officer"], case, asset=asset, kind=kind, on=D(2024, 6, 1), amount="1000")
    assert (m.rule, m.starts_on, m.ends_on, m.status, m.priority) == (
        rule,
        D(2024, 6, 1),
        ends_on,
        "active",
        "first",
    )
    assert m.citations
    assert "第四百八十五条" in str(m.citations)
    assert NodeLog.objects.filter(case=case, node="measure.take").count() == 1
    assert AuditEntry.objects.filter(action="enforcement.measure.take").count() == 1


@pytest.mark.parametrize(
    ("asset_class", "kind", "code"),
    [("deposit", "seal", "measure_kind_unfit"), ("real_estate", "deduction", "measure_kind_unfit")],
)
def test_unfit_measure_refused(staff, file_case, add_asset, asset_class, kind, code) -> None:
    case = file_case()
    asset = add_asset(case, asset_class, "X1")
    with pytest.raises(LawError) as err:
        services.take_measure(staff["officer"], case, asset=asset, kind=kind, on=D(2026, 2, 1), amount="5")
    assert err.value.code == code


@pytest.mark.parametrize(
    ("amount", "code"),
    [(None, "amount_required"), ("-1", "amount_out_of_range"), ("0.001", "amount_precision")],
)
def test_freeze_amount_checked(staff, file_case, add_asset, amount, code) -> None:
    case = file_case()
    asset = add_asset(case, "deposit", "6222")
    with pytest.raises(LawError) as err:
        services.take_measure(
            staff["officer"], case, asset=asset, kind="freeze", on=D(2026, 2, 1), amount=amount
        )
    assert err.value.code == code


def test_dates_checked(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case)
    for on, code in ((D(2025, 1, 1), "date_before_filing"), (D(2099, 1, 1), "date_in_future")):
        with pytest.raises(LawError) as err:
            services.take_measure(staff["officer"], case, asset=asset, kind="seal", on=on)
        assert err.value.code == code


@pytest.mark.parametrize(("on", "ok"), [(D(2025, 6, 1), True), (D(2025, 6, 2), False)])
def test_renewal_on_last_day_ok_day_after_refused(staff, file_case, add_asset, on, ok) -> None:
    case = file_case(filed_on=OLD)
    asset = add_asset(case, "deposit", "6222-1")
    m = services.take_measure(
        staff["officer"], case, asset=asset, kind="freeze", on=D(2024, 6, 1), amount="100"
    )
    if not ok:
        with pytest.raises(LawError) as err:
            services.renew(staff["officer"], m, on)
        assert err.value.code == "renewal_after_expiry"
        return
    new = services.renew(staff["officer"], m, on)
    m.refresh_from_db()
    assert (m.status, new.status, new.renewals, new.renewed_from_id) == ("renewed", "active", 1, m.pk)
    assert (new.starts_on, new.ends_on) == (on, D(2026, 6, 1))  # at most the same period again
    # a second renewal of the old row is refused; the new one renews again
    with pytest.raises(LawError) as err:
        services.renew(staff["officer"], m, on)
    assert err.value.code == "measure_not_active"
    again = services.renew(staff["officer"], new, D(2026, 1, 10))
    assert (again.renewals, again.ends_on) == (2, D(2027, 1, 10))


def test_waiting_seals_take_effect_in_order(staff, file_case, add_asset) -> None:
    ref = "黔(2025)不动产权第0099号"
    first_case, second_case, third_case = file_case(), file_case("黔0302"), file_case()
    a1, a2, a3 = (
        add_asset(first_case, ref=ref),
        add_asset(second_case, ref=ref),
        add_asset(third_case, ref=ref),
    )
    first = services.take_measure(staff["officer"], first_case, asset=a1, kind="seal", on=D(2026, 2, 1))
    second = services.take_measure(staff["officer_zy"], second_case, asset=a2, kind="seal", on=D(2026, 2, 2))
    third = services.take_measure(staff["officer"], third_case, asset=a3, kind="seal", on=D(2026, 2, 3))
    assert [(m.status, m.priority, m.queue_order) for m in (first, second, third)] == [
        ("active", "first", 0),
        ("waiting", "waiting", 1),
        ("waiting", "waiting", 2),
    ]
    assert second.starts_on is None
    assert second.ends_on is None
    with pytest.raises(LawError) as err:  # the same case cannot seal twice
        services.take_measure(staff["officer"], first_case, asset=a1, kind="seal", on=D(2026, 2, 4))
    assert err.value.code == "measure_exists"
    services.release(staff["officer"], first, D(2026, 3, 1), "已履行")
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.priority, second.starts_on, second.ends_on) == (
        "active",
        "first",
        D(2026, 3, 1),
        D(2029, 3, 1),
    )
    assert third.status == "waiting"
    assert NodeLog.objects.filter(case=second_case, node="measure.effect").count() == 1
    # the waiting one may be released without effect on the queue; then the lapse job promotes the third
    services.lapse_due(D(2029, 3, 2))
    third.refresh_from_db()
    second.refresh_from_db()
    assert second.status == "lapsed"
    assert (third.status, third.starts_on) == ("active", D(2029, 3, 2))


def test_lapse_job_warns_overdue_and_is_idempotent(staff, file_case, add_asset) -> None:
    case = file_case(filed_on=OLD)
    asset = add_asset(case, "deposit", "6222-9")
    m = services.take_measure(
        staff["officer"], case, asset=asset, kind="freeze", on=D(2024, 6, 1), amount="100"
    )
    assert services.lapse_due(D(2025, 6, 1)) == []  # the last day: still in force
    assert services.lapse_due(D(2025, 6, 2)) == [m.pk]
    assert services.lapse_due(D(2025, 6, 2)) == []
    m.refresh_from_db()
    assert (m.status, m.ended_on) == ("lapsed", D(2025, 6, 2))
    node = NodeLog.objects.get(case=case, node="measure.lapse")
    assert node.payload["warning"] == "overdue"
    assert node.payload["warning"] in services.WARNING_KINDS


def test_batch_renewal_one_failing(staff, file_case, add_asset) -> None:
    case = file_case(filed_on=OLD)
    ok = services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "A1"),
        kind="freeze",
        on=D(2025, 12, 20),
        amount="9",
    )
    late = services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "A2"),
        kind="freeze",
        on=D(2024, 6, 1),
        amount="9",
    )
    results = services.renew_many(staff["officer"], [ok.pk, late.pk, 999999], D(2026, 12, 1))
    assert [(r.measure_id, r.ok, r.code) for r in results] == [
        (ok.pk, True, ""),
        (late.pk, False, "renewal_after_expiry"),
        (999999, False, "measure_not_found"),
    ]
    late.refresh_from_db()
    assert late.status == "active"
    assert not Measure.objects.filter(renewed_from=late).exists()
    assert Measure.objects.get(renewed_from=ok).ends_on == D(2027, 12, 1)


def test_permission_and_scope(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case)
    with pytest.raises(Denied):
        services.take_measure(staff["judge"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    with pytest.raises(Denied) as err:
        services.take_measure(staff["officer_zy"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    assert err.value.code == "case_out_of_scope"
    assert not Measure.objects.exists()
    m = services.take_measure(staff["officer"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    with pytest.raises(Denied):
        services.renew(staff["officer_zy"], m, D(2026, 3, 1))
    with pytest.raises(Denied):
        services.release(staff["officer_zy"], m, D(2026, 3, 1), "x")
    with pytest.raises(LawError) as law:
        services.release(staff["officer"], m, D(2026, 3, 1), "  ")
    assert law.value.code == "release_reason_required"


def test_network_orders_idempotent(staff, file_case) -> None:
    case = file_case()
    who = Actor.system("gateway")
    kw: dict[str, Any] = {
        "asset_class": "deposit",
        "account_ref": "6222-0001",
        "on": D(2026, 3, 1),
        "actor": who,
    }
    freeze = services.record_network_order(case, kind="freeze", amount="3000.00", receipt_ref="R-1", **kw)
    again = services.record_network_order(case, kind="freeze", amount="3000.00", receipt_ref="R-1", **kw)
    assert freeze.pk == again.pk
    assert Measure.objects.count() == 1
    assert (freeze.kind, freeze.status, str(freeze.amount), freeze.ends_on) == (
        "freeze",
        "active",
        "3000.00",
        D(2027, 3, 1),
    )
    deduct = services.record_network_order(case, kind="deduct", amount="1000", receipt_ref="R-2", **kw)
    assert (deduct.kind, deduct.status) == ("deduction", "done")
    # the network's repeated freeze of the same account: another freeze of its own, in force alongside
    more = services.record_network_order(case, kind="freeze", amount="500", receipt_ref="R-2b", **kw)
    assert (more.status, more.priority, more.asset_id) == ("active", "first", freeze.asset_id)
    off = services.record_network_order(case, kind="unfreeze", amount=None, receipt_ref="R-3", **kw)
    assert (off.pk, off.status) == (freeze.pk, "released")
    more.refresh_from_db()
    assert more.status == "released"
    off.asset.refresh_from_db()
    assert off.asset.status == "released"
    assert (
        services.record_network_order(case, kind="unfreeze", amount=None, receipt_ref="R-3", **kw).pk
        == freeze.pk
    )
    assert Measure.objects.count() == 3
    assert freeze.asset.register_ref == "6222-0001"
    # a new freeze of the released account holds it again
    services.record_network_order(case, kind="freeze", amount="10", receipt_ref="R-4", **kw)
    off.asset.refresh_from_db()
    assert off.asset.status == "seized"


def test_lapse_is_a_declared_daily_job(staff, file_case, add_asset) -> None:
    from zhiyuan.scheduling.registry import Daily, jobs

    job = {j.name: j for j in jobs()}["enforcement.measures_lapse"]
    assert job.schedule == Daily(dt.time(0, 30))
    case = file_case(filed_on=OLD)
    m = services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "J1"),
        kind="freeze",
        on=D(2024, 6, 1),
        amount="1",
    )
    assert job.task.call(today="2025-06-02") == [m.pk]  # what the worker runs
