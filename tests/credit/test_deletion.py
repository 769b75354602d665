"""Deletion (Art 10) within three working days of a trigger, automatically when the case closes by
performance, early deletion on active performance, expiry, and the debtor's correction requests (Art 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services as cases
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.credit import services
from zhiyuan.credit.models import CorrectionStatus, ListingStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
PERFORMED = dt.date(2026, 7, 1)  # a Wednesday; the third working day after it is Monday 6 July
DUE = dt.date(2026, 7, 6)


def test_trigger_deletes_within_three_working_days(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    deleted = services.delete_on_trigger(
        people["officer"], done, "performed", PERFORMED, "已全部履行", today=dt.date(2026, 7, 2)
    )
    assert (deleted.status, deleted.trigger, deleted.trigger_on) == (
        ListingStatus.DELETED,
        "performed",
        PERFORMED,
    )
    assert (deleted.delete_by, deleted.deleted_on) == (DUE, dt.date(2026, 7, 2))
    entry = AuditEntry.objects.get(action="credit.listing.delete")
    assert entry.after["delete_by"] == DUE.isoformat()
    assert NodeLog.objects.filter(case=done.case, node="credit_deleted").exists()
    with pytest.raises(LawError) as err:
        services.delete_on_trigger(
            people["officer"], deleted, "performed", PERFORMED, today=dt.date(2026, 7, 2)
        )
    assert err.value.code == "listing_state"


def test_closing_by_performance_deletes_in_the_same_move(listed: Any) -> None:
    done = listed((1,))
    kept = listed((2,))  # with a period: Art 10 para 1 does not apply
    for listing in (done, kept):
        cases.transition(None, listing.case, "close", PERFORMED, closing_method="fully_performed")
    done.refresh_from_db()
    kept.refresh_from_db()
    assert (done.status, done.trigger, done.trigger_on, done.delete_by) == (
        ListingStatus.DELETED,
        "performed",
        PERFORMED,
        DUE,
    )
    assert done.deleted_on == timezone.localdate()  # the day the closing was recorded
    assert kept.status == ListingStatus.PUBLISHED
    assert services.sweep(dt.date(2026, 7, 3))["deleted_on_closing"] == 0


def test_a_closing_that_bypassed_the_services_is_deleted_by_the_daily_job(listed: Any) -> None:
    done = listed((1,))
    Case.objects.filter(pk=done.case.pk).update(  # e.g. a bulk import of closed cases
        status=CLOSED, closed_on=PERFORMED, closing_method="fully_performed"
    )
    result = services.sweep(dt.date(2026, 7, 2))
    assert result["deleted_on_closing"] == 1
    done.refresh_from_db()
    assert (done.status, done.trigger, done.delete_by) == (ListingStatus.DELETED, "performed", DUE)
    assert done.deleted_on == dt.date(2026, 7, 2)
    assert done.deleted_on <= done.delete_by


def test_a_period_listing_is_deleted_early_only_on_request(people: dict[str, Any], listed: Any) -> None:
    done = listed((2,))
    with pytest.raises(LawError) as err:
        services.delete_on_trigger(people["officer"], done, "performed", PERFORMED, today=PERFORMED)
    assert err.value.code == "deletion_not_applicable"
    early = services.delete_on_trigger(
        people["officer"], done, "performed", PERFORMED, early=True, today=PERFORMED
    )
    assert (early.status, early.deletion_note) == (ListingStatus.DELETED, "积极履行，提前删除")


def test_expired_period_is_deleted_by_the_daily_job(listed: Any) -> None:
    done = listed((2,))
    assert services.sweep(dt.date(2028, 6, 1))["deleted_expired"] == 0
    assert services.sweep(dt.date(2028, 6, 2))["deleted_expired"] == 1
    done.refresh_from_db()
    assert (done.status, done.trigger) == (ListingStatus.DELETED, "period_expired")
    assert done.delete_by is not None
    assert done.delete_by > dt.date(2028, 6, 2)


def test_deletion_permissions_and_input(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    with pytest.raises(Denied):
        services.delete_on_trigger(people["judge"], done, "performed", PERFORMED, today=PERFORMED)
    with pytest.raises(Denied) as err:
        services.delete_on_trigger(people["officer_zunyi"], done, "performed", PERFORMED, today=PERFORMED)
    assert err.value.code == "case_out_of_scope"
    with pytest.raises(LawError) as err:
        services.delete_on_trigger(people["officer"], done, "paid", PERFORMED, today=PERFORMED)
    assert err.value.code == "unknown_trigger"
    with pytest.raises(LawError) as err:
        services.delete_on_trigger(
            people["officer"], done, "performed", PERFORMED, today=dt.date(2026, 6, 30)
        )
    assert err.value.code == "trigger_in_future"


def test_correction_refused_points_to_the_higher_court(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    c = services.request_correction(people["officer"], done, dt.date(2026, 6, 5), "已提供担保，不应纳入")
    assert c.due_on == dt.date(2026, 6, 20)
    refused = services.decide_correction(people["officer"], c, False, dt.date(2026, 6, 10))
    assert refused.status == CorrectionStatus.REFUSED
    assert "上一级人民法院申请复议" in refused.decision_note
    with pytest.raises(LawError) as err:
        services.decide_correction(people["officer"], c, True, dt.date(2026, 6, 10), "x")
    assert err.value.code == "correction_decided"
    done.refresh_from_db()
    assert done.status == ListingStatus.PUBLISHED


def test_correction_accepted_corrects_or_deletes(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    c = services.request_correction(people["officer"], done, dt.date(2026, 6, 5), "姓名有误")
    with pytest.raises(LawError) as err:
        services.decide_correction(people["officer"], c, True, dt.date(2026, 6, 8))
    assert err.value.code == "note_required"
    corrected = services.decide_correction(people["officer"], c, True, dt.date(2026, 6, 8), "更正姓名")
    assert (corrected.status, corrected.outcome) == (CorrectionStatus.ACCEPTED, "corrected")
    c2 = services.request_correction(people["officer"], done, dt.date(2026, 6, 9), "已提供充分担保")
    services.decide_correction(people["officer"], c2, True, dt.date(2026, 6, 10), delete=True)
    done.refresh_from_db()
    assert (done.status, done.trigger, done.delete_by) == (
        ListingStatus.DELETED,
        "correction",
        dt.date(2026, 6, 15),
    )
    with pytest.raises(LawError) as err:
        services.request_correction(people["officer"], done, dt.date(2026, 6, 11), "再次申请")
    assert err.value.code == "listing_state"


def test_sweep_command(listed: Any) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    done = listed((1,), grace=1)
    out = StringIO()
    call_command("credit", "sweep", "--today", "2026-07-01", "--json", stdout=out)
    assert json.loads(out.getvalue())["published"] == 1
    done.refresh_from_db()
    assert done.status == ListingStatus.PUBLISHED
    with pytest.raises(CommandError):
        call_command("credit", "sweep", "--today", "2026-02-30")
