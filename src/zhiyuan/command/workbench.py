"""The command center's menu entry and workbench panel (:mod:`zhiyuan.workbench.registry`): the command
operator's overview of their district — overdue deadlines, open enforcement cases, cases without a
handler, open mediations — each figure linking to the command center, where it is broken down by court.
The figures come from the scoped selectors (the operator's court and the courts below it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.cases import selectors as cases
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.mediation import selectors as mediation
from zhiyuan.workbench.registry import Item, Link, Listing, MenuEntry, Panel, in_language, register


def _figure(label: str, n: int, unit: str, *, alarm: bool = False) -> Item:
    """A figure: "3 件" in Chinese, the number alone in English (the label names what is counted)."""
    return Item(
        label,
        url=reverse("command:home"),
        state=in_language(f"{n} {unit}", str(n)),
        tone=("overdue" if n else "ok") if alarm else "",
    )


def _overview(user: Any) -> Listing:
    """The district's figures; the panel's count is the overdue deadlines (what needs dispatching)."""
    today = timezone.localdate()
    in_scope = cases.scoped(user).values("pk")
    overdue = cases.overdue_deadlines(today).filter(case__in=in_scope).count()
    open_cases = cases.scoped(user).filter(closed_on__isnull=True, type_code__in=ENFORCEMENT_ACTION)
    items = (
        _figure(gettext("逾期未办的法定期限"), overdue, "项", alarm=True),
        _figure(gettext("未结执行实施案件"), open_cases.exclude(status="closed").count(), "件"),
        _figure(gettext("尚未分案的执行案件"), cases.unassigned_enforcement(user).count(), "件"),
        _figure(gettext("调解中的案件"), mediation.open_mediations(user).count(), "件"),
    )
    return Listing(items, overdue)


register(MenuEntry("command", "指挥中心", "Command center", "command:home", {"command:view"}, order=40))

register(
    Panel(
        "command.overview",
        "辖区概况",
        "District overview",
        roles=frozenset({"command_operator"}),
        items=_overview,
        more=Link("进入指挥中心", "Open the command center", "command:home"),
        unit_zh="项逾期",
        unit_en="overdue deadline",
        empty_zh="0 项逾期",
        empty_en="0 overdue",
        order=10,
    )
)
