"""The affairs center's tasks that measures and disposal spawn: documents for a measure taken by hand,
none for the network's own orders, a disbursement for money deducted, a valuation for property other
than money, renewal tasks for measures entering the expiry calendar (daily, idempotent) that the
officer's renewal completes, and the batch that renews every measure due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.affairs import batches
from zhiyuan.affairs.models import BatchItem, BatchStatus, Task, TaskStatus
from zhiyuan.audit.services import Actor
from zhiyuan.enforcement import task_kinds as kinds
from zhiyuan.enforcement.measures import services, work
from zhiyuan.enforcement.models import Measure

pytestmark = pytest.mark.django_db


def _kinds(case: Any) -> list[str]:
    return sorted(
        Task.objects.filter(case=case)
        .exclude(kind__in=(kinds.NOTICE, kinds.INQUIRY))
        .values_list("kind", flat=True)
    )


def test_a_seal_by_hand_gives_documents_a_network_freeze_none_a_deduction_a_disbursement(
    staff, file_case, add_asset
) -> None:
    case = file_case()
    house = add_asset(case)
    assert _kinds(case) == [kinds.VALUATION]  # a house needs a reference price before it can be sold
    seal = services.take_measure(staff["officer"], case, asset=house, kind="seal", on=dt.date(2026, 2, 1))
    task = Task.objects.get(source_key=f"measure:{seal.pk}:documents")
    assert (task.kind, task.status, task.case_id) == (kinds.DOCUMENTS, TaskStatus.OPEN, case.pk)
    who = Actor.system("gateway")
    kw: dict[str, Any] = {
        "asset_class": "deposit",
        "account_ref": "6222-0009",
        "on": dt.date(2026, 3, 1),
        "actor": who,
    }
    frozen = services.record_network_order(case, kind="freeze", amount="3000.00", receipt_ref="R-9", **kw)
    assert not Task.objects.filter(source_key=f"measure:{frozen.pk}:documents").exists()
    taken = services.record_network_order(case, kind="deduct", amount="1000.00", receipt_ref="R-10", **kw)
    paying = Task.objects.get(source_key=f"measure:{taken.pk}:disbursement")
    assert paying.kind == kinds.DISBURSEMENT
    assert paying.payload["amount"] == "1000.00"
    # the receipt delivered again spawns nothing more
    services.record_network_order(case, kind="deduct", amount="1000.00", receipt_ref="R-10", **kw)
    assert Task.objects.filter(kind=kinds.DISBURSEMENT, case=case).count() == 1


def _freeze_ending_soon(staff: Any, file_case: Any, add_asset: Any, days_left: int) -> Measure:
    """A deposit frozen so that its one-year period ends ``days_left`` days from today."""
    today = timezone.localdate()
    taken_on = today - dt.timedelta(days=365 - days_left)
    case = file_case(filed_on=taken_on - dt.timedelta(days=10))
    account = add_asset(case, asset_class="deposit", ref=f"6222-{days_left:04d}")
    m = services.take_measure(
        staff["officer"], case, asset=account, kind="freeze", on=taken_on, amount="8000"
    )
    assert m.ends_on is not None
    return m


def test_renewal_tasks_for_measures_entering_the_calendar_are_spawned_once(
    staff, file_case, add_asset
) -> None:
    soon = _freeze_ending_soon(staff, file_case, add_asset, 10)
    later = _freeze_ending_soon(staff, file_case, add_asset, 40)
    today = timezone.localdate()
    assert work.spawn_renewals(today, within=15) == 1
    assert work.spawn_renewals(today, within=15) == 0  # the daily job run twice
    task = Task.objects.get(kind=kinds.RENEWAL)
    assert (task.source_key, task.due) == (f"measure:{soon.pk}:renewal", soon.ends_on)
    assert not Task.objects.filter(source_key=f"measure:{later.pk}:renewal").exists()
    # the officer renews by hand: the task is done, with the new last day
    new = services.renew(staff["officer"], soon, today)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert str(new.ends_on) in task.result_note


def test_the_renewal_batch_renews_every_measure_due_and_completes_its_task(
    staff, file_case, add_asset, django_capture_on_commit_callbacks
) -> None:
    first = _freeze_ending_soon(staff, file_case, add_asset, 5)
    second = _freeze_ending_soon(staff, file_case, add_asset, 12)
    far = _freeze_ending_soon(staff, file_case, add_asset, 60)
    work.spawn_renewals(timezone.localdate(), within=15)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_batch(staff["officer"], work.RENEW_DUE, {"days": "15"})
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done, batch.failed) == (BatchStatus.DONE, 2, 2, 0)
    for m in (first, second):
        m.refresh_from_db()
        assert m.status == "renewed"
        assert Task.objects.get(source_key=f"measure:{m.pk}:renewal").status == TaskStatus.DONE
    far.refresh_from_db()
    assert far.status == "active"
    assert all("已续行" in i.message for i in BatchItem.objects.filter(batch=batch))


def test_the_renewal_batch_needs_the_measure_permission_and_checks_days(staff) -> None:
    from zhiyuan.law.errors import Denied, LawError

    with pytest.raises(Denied):
        batches.start_batch(staff["judge"], work.RENEW_DUE, {"days": "15"})
    with pytest.raises(LawError) as err:
        batches.start_batch(staff["officer"], work.RENEW_DUE, {"days": "-3"})
    assert err.value.code == "days_invalid"
