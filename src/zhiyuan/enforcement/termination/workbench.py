"""The officer's workbench panel of 终本 cases whose re-query found property and that are not resumed yet
(the resumption-review tasks show in the affairs center's own panels). Imported from the app's ``ready``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from zhiyuan.enforcement.models import LibraryEntry
from zhiyuan.enforcement.termination import selectors
from zhiyuan.workbench.registry import Item, Link, Listing, Panel, from_query, register


def _item(e: LibraryEntry) -> Item:
    return Item(
        label=e.case.case_number,
        url=reverse("cases:detail", args=[e.case.case_number]) + "#termination",
        due=e.property_found_on,
        state=gettext("发现财产"),
        tone="soon",
        note=f"{e.unpaid_amount}",
    )


def _found(user: Any) -> Listing:
    return from_query(selectors.property_found(user), _item)


register(
    Panel(
        "enforcement.tcp_property_found",
        "终本案件发现财产",
        "Terminated cases with property found",
        roles=frozenset({"enforcement_officer", "division_head"}),
        items=_found,
        more=Link("终本案件库", "Terminated-case library", "enforcement:tcp_library"),
        unit_zh="件",
        unit_en="case",
        empty_zh="暂无复查发现财产的终本案件",
        empty_en="No terminated case with property found",
        order=14,
    )
)
