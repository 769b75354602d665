"""Two operators edit the same campaign at once from the same version: one edit wins, the other is
refused with ``campaign_version_conflict`` (the row is locked and the version compared under the lock),
so no edit is silently lost and the version rises by exactly one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.races import race, skip_on_one_connection
from zhiyuan.audit.models import AuditEntry
from zhiyuan.command.campaigns import services
from zhiyuan.command.campaigns.models import CampaignDefinition
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db(transaction=True)
FORM = {"name_zh": "欠薪", "name_en": "Wages", "kind": "migrant_wages", "starts_on": "2025-01-01"}


def test_parallel_edits_of_one_version_one_wins(users: dict[str, Any]) -> None:
    skip_on_one_connection()
    services.create(users["high"], "wages_race", FORM)
    results, errors = race(
        lambda: services.update(users["high"], "wages_race", FORM | {"name_en": "First"}, version=1),
        lambda: services.update(users["high"], "wages_race", FORM | {"name_en": "Second"}, version=1),
    )
    assert len(results) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], LawError)
    assert errors[0].code == "campaign_version_conflict"
    d = CampaignDefinition.objects.get(code="wages_race")
    assert d.version == 2
    assert AuditEntry.objects.filter(action="campaign.update").count() == 1


def test_a_flush_leaves_the_initial_campaigns(users: dict[str, Any]) -> None:
    """A transactional test flushes the tables; ``post_migrate`` seeds the empty table again (the next
    test, and a platform after ``flush``, still reads the initial campaigns)."""
    from django.core.management import call_command

    from zhiyuan.governance.campaigns import seeded

    services.create(users["high"], "kept_until_flush", FORM)
    call_command("flush", interactive=False, verbosity=0)
    assert sorted(CampaignDefinition.objects.values_list("code", flat=True)) == sorted(c.id for c in seeded())
