"""The officer's workbench panel of measures in force ending soon (or past their last day and not yet
lapsed), with the expiry calendar behind it. Registered from the app's ``ready``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.enforcement.measures import selectors
from zhiyuan.enforcement.models import Measure
from zhiyuan.workbench.registry import Item, Link, Listing, Panel, from_query, register


def _item(m: Measure) -> Item:
    today = timezone.localdate()
    past = m.ends_on is not None and m.ends_on < today
    what = m.asset.description if m.asset else ""
    return Item(
        label=f"{m.get_kind_display()} {what}",
        url=reverse("cases:detail", args=[m.case.case_number]) + "#measures",
        due=m.ends_on,
        state=gettext("已届满") if past else gettext("即将届满"),
        tone="overdue" if past else "soon",
        note=m.case.case_number,
    )


def _expiring(user: Any) -> Listing:
    return from_query(selectors.calendar(user, timezone.localdate(), selectors.warn_days()), _item)


register(
    Panel(
        "enforcement.measures_expiring",
        "即将届满的控制措施",
        "Measures ending soon",
        roles=frozenset({"enforcement_officer"}),
        items=_expiring,
        more=Link("到期日历", "Expiry calendar", "enforcement:measures_calendar"),
        unit_zh="项",
        unit_en="measure",
        empty_zh="暂无即将届满的查封、扣押、冻结",
        empty_en="No seal, seizure or freeze ends soon",
        order=12,
    )
)
