"""The affairs center's menu entry, the affairs staff's workbench panel (the tasks they claimed and their
court's open ones, most urgent first) and the enforcement officer's (the tasks returned on the cases they
handle, latest first, so a returned task does not vanish from their sight) (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.affairs import selectors, views
from zhiyuan.affairs.models import Task, TaskEvent, TaskStatus
from zhiyuan.cases.models import Capacity
from zhiyuan.workbench.registry import Item, Link, Listing, MenuEntry, Panel, from_query, register


def _item(task: Task, user_id: int) -> Item:
    today = timezone.localdate()
    overdue = selectors.is_overdue(task, today)
    mine = task.status == TaskStatus.CLAIMED and task.claimed_by_id == user_id
    label = views.kind_name(task.kind)
    return Item(
        f"{task.case.case_number} · {label}" if task.case else label,
        url=reverse("affairs:task", args=[task.pk]),
        due=task.due,
        state=gettext("已逾期") if overdue else (gettext("我已领取") if mine else gettext("待领取")),
        tone="overdue" if overdue else ("soon" if mine else ""),
        note=views.team_name(task.team),
    )


def _waiting(user: Any) -> Listing:
    return from_query(selectors.waiting_for(user), lambda t: _item(t, user.pk))


def _returned_item(task: Task) -> Item:
    label = views.kind_name(task.kind)
    return Item(
        f"{task.case.case_number} · {label}" if task.case else label,
        url=reverse("affairs:task", args=[task.pk]),
        state=gettext("已退回"),
        tone="overdue",
        note=task.return_reason[:60],
    )


def _returned(user: Any) -> Listing:
    """The returned tasks of the cases ``user`` handles now (handler assignment not ended), but those the
    handler has acknowledged since their return."""
    tasks = (
        Task.objects.filter(
            status=TaskStatus.RETURNED,
            case__assignments__user_id=user.pk,
            case__assignments__capacity=Capacity.HANDLER,
            case__assignments__ended_on__isnull=True,
        )
        .exclude(
            Exists(
                TaskEvent.objects.filter(
                    task=OuterRef("pk"), what="acknowledge", at__gte=OuterRef("closed_at")
                )
            )
        )
        .select_related("case")
        .distinct()
        .order_by("-closed_at", "-pk")
    )
    return from_query(tasks, _returned_item)


register(
    MenuEntry(
        "affairs",
        "事务中心",
        "Affairs center",
        "affairs:queue",
        permissions={"affairs:batch", "enforcement:handle", "case:assign"},
        order=30,
    )
)
register(
    Panel(
        "affairs.queue",
        "集约事务",
        "Affairs center tasks",
        roles=frozenset({"affairs_staff"}),
        items=_waiting,
        more=Link("事务中心", "Affairs center", "affairs:queue"),
        unit_en="task",
        empty_zh="本院事务队列暂无待办",
        empty_en="Nothing waiting in the court's queues",
        order=10,
    )
)
register(
    Panel(
        "affairs.returned",
        "退回的事务任务",
        "Returned affairs tasks",
        roles=frozenset({"enforcement_officer"}),
        items=_returned,
        more=Link("事务中心", "Affairs center", "affairs:queue"),
        unit_en="task",
        empty_zh="承办案件暂无退回的事务任务",
        empty_en="No task returned on the cases you handle",
        order=15,
    )
)
