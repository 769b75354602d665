"""The triage figures on the command center (counts by track for the district, the 45-day shares) and
their definitions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts.scoping import district
from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.enforcement import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _panel(html: str) -> dict[str, tuple[str, str]]:
    start = html.index('data-area="enforcement"')
    panel = html[start : html.index("</section>", start)]
    rows = re.findall(r'href="[^"]*#([^"]+)">([^<]+)</a></dt><dd>([^<]*)</dd>', panel)
    return {anchor: (name, value) for anchor, name, value in rows}


def test_counts_by_track_for_the_district(file_enforcement: Any, people: dict[str, Any]) -> None:
    file_enforcement(8000, filed_on=dt.date(2026, 3, 2))
    file_enforcement(9000, filed_on=dt.date(2026, 3, 3))
    done = file_enforcement(500000, filed_on=dt.date(2026, 3, 4))
    file_enforcement(600000, filed_on=dt.date(2026, 3, 5))
    Case.objects.filter(pk=done.pk).update(closed_on=dt.date(2026, 4, 1))  # 28 days: a quick complex case
    assert selectors.figures(None, None, None) == {
        "simple_open": 2,
        "complex_open": 1,
        "untriaged_open": 0,
        "simple_quick_rate": None,
        "complex_quick_rate": 1.0,
    }
    client = Client()
    client.force_login(people["command"])
    html = client.get("/command/", {"from": "2026-01-01", "to": "2026-12-31"}).content.decode()
    shown = _panel(html)
    assert shown["enforcement-simple_open"] == ("未结简案（件）", "2")
    assert shown["enforcement-complex_open"] == ("未结繁案（件）", "1")
    assert shown["enforcement-complex_quick_rate"][1].startswith("100")
    assert shown["enforcement-simple_quick_rate"][1] == "—"
    definitions = client.get(reverse("command:definitions")).content.decode()
    for anchor in shown:
        assert f'id="{anchor}"' in definitions


def test_another_district_sees_none_of_them(file_enforcement: Any) -> None:
    file_enforcement(8000)
    zunyi = list(district(Court.objects.get(code="黔0302").pk))
    guiyang = list(district(Court.objects.get(code="黔01").pk))
    assert selectors.figures(zunyi, None, None)["simple_open"] == 0
    assert selectors.figures(guiyang, None, None)["simple_open"] == 1
