"""The mediation pages' menu entries and workbench panels (:mod:`zhiyuan.workbench.registry`): the
mediator's and the partner organization's open mediations and the sessions still to hold, the clerk's
delegations whose period is running out, and the judge's requests for judicial confirmation. Every list
is the scoped one of :mod:`zhiyuan.mediation.selectors` (court staff: their courts'; a partner user: their
organization's), and every item opens the mediation's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.cases.names import status_name
from zhiyuan.mediation import selectors
from zhiyuan.mediation.models import Mediation
from zhiyuan.workbench.registry import Item, Link, Listing, MenuEntry, Panel, from_query, register

#: the people who work on delegated mediations (the list itself opens for case:view and partner:handle)
MEDIATION_WORK = frozenset(
    {
        "mediation:delegate",
        "mediation:conduct",
        "mediation:confirm",
        "mediation:organizations",
        "partner:handle",
    }
)
#: a period ending this many days away or nearer is shown to the clerk who delegated it
ENDING_DAYS = 7
CONDUCTING = frozenset({"mediator", "partner_user"})


def mediation_url(m: Mediation) -> str:
    """The mediation's page."""
    return reverse("mediation:detail", args=[m.pk])


def _open_item(m: Mediation) -> Item:
    return Item(
        m.case.case_number,
        url=mediation_url(m),
        due=m.deadline,
        state=m.get_status_display(),
        note=" · ".join(p for p in (m.case.cause_text, m.organization.name) if p),
    )


def _open(user: Any) -> Listing:
    return from_query(selectors.open_mediations(user), _open_item)


def _no_session(user: Any) -> Listing:
    return from_query(
        selectors.without_session(user),
        lambda m: Item(
            m.case.case_number,
            url=mediation_url(m) + "#session-form",
            due=m.deadline,
            state=gettext("尚未调解"),
            tone="soon",
            note=" · ".join(p for p in (m.case.cause_text, m.organization.name) if p),
        ),
    )


def _ending(user: Any) -> Listing:
    return from_query(selectors.ending_within(user, timezone.localdate(), ENDING_DAYS), _open_item)


def _confirmation_item(m: Mediation) -> Item:
    follow = m.follow_up
    assert follow is not None  # the selector keeps only mediations with a follow-up case
    return Item(
        follow.case_number,
        url=mediation_url(m),
        state=status_name(follow.type_code, follow.status),
        tone="soon" if follow.status == "filed" else "",
        note=gettext("诉前调解案件 %(number)s · %(organization)s")
        % {"number": m.case.case_number, "organization": m.organization.name},
    )


def _confirmations(user: Any) -> Listing:
    return from_query(selectors.confirmations_waiting(user), _confirmation_item)


register(MenuEntry("mediation", "诉调对接", "Mediation", "mediation:list", MEDIATION_WORK, order=20))
register(
    MenuEntry(
        "organizations",
        "调解组织名册",
        "Mediation register",
        "mediation:organizations",
        MEDIATION_WORK,
        order=25,
    )
)

register(
    Panel(
        "mediation.open",
        "调解中的案件",
        "Open mediations",
        roles=CONDUCTING,
        items=_open,
        more=Link("全部调解中的案件", "All open mediations", "/mediation/?status=mediating"),
        unit_en="case",
        empty_zh="暂无调解中的案件",
        empty_en="No open mediation",
        order=20,
    )
)
register(
    Panel(
        "mediation.sessions",
        "待安排调解",
        "Sessions to hold",
        roles=CONDUCTING,
        items=_no_session,
        more=Link("全部调解中的案件", "All open mediations", "/mediation/?status=mediating"),
        unit_en="case",
        order=21,
    )
)
register(
    Panel(
        "mediation.ending",
        "调解期限将届满",
        "Mediation periods ending",
        roles=frozenset({"filing_clerk"}),
        items=_ending,
        more=Link("全部委派调解", "All delegated mediations", "/mediation/?status=mediating"),
        actions=(Link("登记纠纷并委派调解", "Register and delegate a dispute", "mediation:intake"),),
        unit_en="case",
        order=20,
    )
)
register(
    Panel(
        "mediation.confirmations",
        "司法确认申请",
        "Requests for judicial confirmation",
        roles=frozenset({"trial_judge"}),
        items=_confirmations,
        more=Link("全部调解成功的案件", "All successful mediations", "/mediation/?status=succeeded"),
        unit_en="request",
        order=20,
    )
)
