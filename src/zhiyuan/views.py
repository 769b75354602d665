"""Shell pages: ``/`` is the public landing page for a visitor and the workbench (工作台) for a signed-in
user — the panels the apps declare for the user's roles (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.courts import selectors
from zhiyuan.frame import role_names
from zhiyuan.workbench.registry import Item, Panel, panels_for

#: a due date this many days away or nearer is shown as coming soon
SOON_DAYS = 3


def home(request: HttpRequest) -> HttpResponse:
    """The workbench of a signed-in user; the landing page for anyone else."""
    if request.user.is_authenticated:
        return workbench(request)
    return landing(request)


def landing(request: HttpRequest) -> HttpResponse:
    """What the platform is, verifying a document the court issued, and signing in."""
    courts = selectors.courts()
    context = {
        "court_counts": {
            level: courts.filter(level=level).count() for level in ("high", "intermediate", "basic")
        },
    }
    return render(request, "zhiyuan/landing.html", context)


def due_text(due: dt.date, today: dt.date) -> tuple[str, str]:
    """How a due date reads on the workbench, and its tone: overdue, due today or soon, or later."""
    days = (due - today).days
    if days < 0:
        text = gettext("已逾期 1 天") if days == -1 else gettext("已逾期 %(n)d 天") % {"n": -days}
        return text, "overdue"
    if days == 0:
        return gettext("今天到期"), "soon"
    text = gettext("还剩 1 天") if days == 1 else gettext("还剩 %(n)d 天") % {"n": days}
    return text, "soon" if days <= SOON_DAYS else ""


def _item(item: Item, today: dt.date) -> dict[str, Any]:
    text, tone = due_text(item.due, today) if item.due is not None else ("", "")
    return {"item": item, "due_text": text, "due_tone": tone}


def _panel(panel: Panel, user: Any, today: dt.date) -> dict[str, Any]:
    listing = panel.items(user)
    return {
        "panel": panel,
        "count": listing.count,
        "count_text": panel.counted(listing.count),
        "items": [_item(i, today) for i in listing.items],
        "more": listing.more or (panel.more.href if panel.more else ""),
        "more_label": panel.more.label if panel.more else gettext("查看全部"),
        "actions": [{"label": a.label, "href": a.href} for a in panel.actions],
    }


def workbench(request: HttpRequest) -> HttpResponse:
    """``/`` signed in: what waits for this person, panel by panel, with counts and due dates."""
    user = request.user
    today = timezone.localdate()
    shown = [_panel(p, user, today) for p in panels_for(user.role_codes)]  # type: ignore[union-attr]
    context = {
        "panels": shown,
        "today": today,
        "roles": role_names(user),
        "waiting": sum(p["count"] for p in shown),
    }
    return render(request, "zhiyuan/workbench.html", context)
