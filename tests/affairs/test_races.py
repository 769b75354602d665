"""Two people claiming one task at the same moment, in parallel threads with their own connections: one
gets it, the other is told who did — on SQLite (a file database, as ``make test`` uses) and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.races import race, skip_on_one_connection
from zhiyuan.affairs import services
from zhiyuan.affairs.models import Task, TaskEvent, TaskStatus
from zhiyuan.enforcement import task_kinds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("rounds", range(3))
def test_two_claims_at_once_one_wins(file_enforcement, people: dict[str, Any], rounds: int) -> None:
    skip_on_one_connection()
    task = Task.objects.get(case=file_enforcement(), kind=task_kinds.NOTICE)
    claimers = [people["staff"], people["staff2"]]
    copies = [Task.objects.get(pk=task.pk) for _ in claimers]
    results, errors = race(
        *(lambda u=u, c=c: services.claim(u, c) for u, c in zip(claimers, copies, strict=True))
    )
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["task_taken"]
    task.refresh_from_db()
    assert task.status == TaskStatus.CLAIMED
    assert task.claimed_by_id == results[0].claimed_by_id  # type: ignore[attr-defined]
    assert TaskEvent.objects.filter(task=task, what="claim").count() == 1
