"""The reviewer's workbench panel: the hearings they preside over still to be held or decided."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhiyuan.enforcement.hearings import selectors
from zhiyuan.enforcement.models import Hearing
from zhiyuan.workbench.registry import Item, Listing, Panel, from_query, register


def _item(h: Hearing) -> Item:
    day = timezone.localtime(h.starts_at).date()
    return Item(
        label=f"{h.case.case_number} {timezone.localtime(h.starts_at):%H:%M}",
        url=reverse("enforcement:hearing", args=[h.pk]),
        due=day,
        state=h.get_state_display(),
        tone="overdue" if day < timezone.localdate() else "soon",
        note=h.place,
    )


def _mine(user: Any) -> Listing:
    return from_query(selectors.mine(user), _item)


register(
    Panel(
        "enforcement.hearings_mine",
        "我主持的听证",
        "Hearings I preside over",
        roles=frozenset({"enforcement_reviewer"}),
        items=_mine,
        unit_zh="场",
        unit_en="hearing",
        empty_zh="暂无待举行的听证",
        empty_en="No hearing to hold",
        order=14,
    )
)
