"""Incremental refresh (issue 17, "figures that stay live"): the case table's triggers log every write,
whoever writes; a refresh after a few writes rebuilds only the touched court-days and disputes, and its
rollups are exactly those a full rebuild makes — after imports that add and change cases, closings, moves
between courts and disputes, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from tests.governance.generator import Generator
from tests.governance.test_rollups import SCOPES, _import, _report
from zhiyuan.cases.models import Case
from zhiyuan.governance import dirty, increment
from zhiyuan.governance.models import DirtyCase
from zhiyuan.governance.refresh import TABLES, is_fresh, refresh, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees(reference_data: None) -> None:
    _import(Generator(seed=61).rows(300))


def _tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup row, without its id, in a stable order."""
    out = {}
    for model in TABLES:
        names = [f.attname for f in model._meta.concrete_fields if f.attname != "id" or model._meta.pk != f]
        out[model.__name__] = sorted(tuple(str(v) for v in row) for row in model.objects.values_list(*names))
    return out


def _writes(seed: int) -> None:
    """A day of writes: an import that adds and changes cases, closings, a court move, a dispute move."""
    rng = random.Random(seed)
    _import(Generator(seed=seed).rows(12))
    open_e = list(Case.objects.filter(type_code__in=["执", "执恢"], closed_on__isnull=True).order_by("pk"))
    for case in rng.sample(open_e, min(8, len(open_e))):
        case.closed_on = case.filed_on + dt.timedelta(days=rng.randint(0, 90))
        case.closing_method = rng.choice(["fully_performed", "tcp", "settlement_performed"])
        case.recovered_amount = Decimal(rng.randint(0, 5000))
        case.save()
    closed = list(Case.objects.filter(closed_on__isnull=False).order_by("pk"))
    for case in rng.sample(closed, 5):
        case.closed_on = case.filed_on + dt.timedelta(days=rng.randint(0, 30))
        case.save(update_fields=["closed_on"])
    mover = rng.choice(list(Case.objects.filter(origin__isnull=True).order_by("pk")[:50]))
    other = Case.objects.exclude(court_id=mover.court_id).order_by("pk").first()
    assert other is not None
    Case.objects.filter(pk=mover.pk).update(
        court_id=other.court_id, filed_on=mover.filed_on - dt.timedelta(1)
    )
    child = Case.objects.filter(origin__isnull=False).order_by("pk").last()
    assert child is not None
    Case.objects.filter(pk=child.pk).update(dispute_id=other.dispute_id)  # a raw write: no signal


def test_the_triggers_log_every_write(trees: None) -> None:
    assert dirty.installed(connection) == 3
    refresh()
    assert DirtyCase.objects.count() == 0  # a refresh consumes the log
    case = Case.objects.order_by("pk").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(closed_on=case.filed_on)  # bypasses the ORM's signals
    logged = list(DirtyCase.objects.values_list("case_id", "closed_on"))
    assert logged == [(case.pk, case.closed_on), (case.pk, case.filed_on)]  # before and after
    assert not is_fresh()  # the stamp did not move (no audit, no updated_at), the log did
    done = refresh()
    assert done.done
    assert done.partial
    assert is_fresh()


@pytest.mark.parametrize("seed", [62, 63])
def test_a_partial_refresh_equals_a_full_one(trees: None, seed: int) -> None:
    refresh()
    _writes(seed)
    done = refresh()
    assert done.done
    assert done.partial
    assert done.rows["court_days"] > 0
    assert done.rows["cases"] < Case.objects.count()  # not everything was touched
    partial = _tables()
    assert state().stamp == done.stamp
    assert refresh().done is False  # fresh now
    full = refresh(force=True)
    assert not full.partial
    assert _tables() == partial
    for court, subtree, start, end in SCOPES[:4]:
        assert _report(court, subtree, start, end, "rollup") == _report(court, subtree, start, end, "live")


def test_a_bulk_write_rebuilds_whole(trees: None, monkeypatch: pytest.MonkeyPatch) -> None:
    refresh()
    monkeypatch.setattr(increment, "FLOOR", 10)
    monkeypatch.setattr(increment, "SHARE", 0.01)
    _import(Generator(seed=64).rows(40))
    done = refresh()
    assert done.done
    assert not done.partial
    assert DirtyCase.objects.count() == 0


def test_single_roots_follow_partial_refreshes_both_ways(trees: None) -> None:
    refresh()
    roots = list(Case.objects.filter(origin__isnull=True).order_by("pk")[:2])
    own = roots[1].dispute_id
    Case.objects.filter(pk=roots[1].pk).update(dispute_id=roots[0].dispute_id)  # two roots in one dispute
    assert refresh().partial
    assert state().single_roots is False
    Case.objects.filter(pk=roots[1].pk).update(dispute_id=own)  # put right
    assert refresh().partial
    assert state().single_roots is True
