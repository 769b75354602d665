"""The credit menu entry and the president's approval queue (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from zhiyuan.credit import selectors
from zhiyuan.credit.feed import selectors as feed_selectors
from zhiyuan.credit.models import FeedEvent, Listing, Restriction
from zhiyuan.workbench.registry import Item, Link, MenuEntry, Panel, from_query, register
from zhiyuan.workbench.registry import Listing as Shown


def _item(listing: Listing) -> Item:
    return Item(
        f"{listing.case_number} · {listing.name}",
        url=reverse("credit:listing", args=[listing.pk]),
        state=gettext("待审批"),
        tone="soon",
        note=gettext("提请人 %(who)s，%(on)s")
        % {"who": listing.proposed_by_name, "on": listing.proposed_on.isoformat()},
    )


def _to_approve(user: Any) -> Shown:
    return from_query(selectors.to_approve(user), _item)


def _order(restriction: Restriction) -> Item:
    return Item(
        f"{restriction.case.case_number} · {restriction.person_name}",
        url=reverse("credit:case", args=[restriction.case.case_number]) + f"#restriction-{restriction.pk}",
        state=gettext("待签发"),
        tone="soon",
        note=gettext("提请人 %(who)s，%(on)s")
        % {
            "who": restriction.proposed_by_name,
            "on": restriction.proposed_on.isoformat() if restriction.proposed_on else "",
        },
    )


def _to_sign(user: Any) -> Shown:
    return from_query(selectors.to_sign(user), _order)


def _event(event: FeedEvent) -> Item:
    case_number = event.listing.case_number if event.listing else event.restriction.case.case_number  # type: ignore[union-attr]
    return Item(
        f"{case_number} · {event.get_kind_display()}",
        state=gettext("待接收"),
        tone="soon",
        note=gettext("序号 %(seq)s，%(on)s") % {"seq": event.seq, "on": event.on.isoformat()},
    )


def _not_acknowledged(user: Any) -> Shown:
    """The feed events after the agency account's acknowledged number (what it still has to apply)."""
    return from_query(feed_selectors.not_acknowledged(user), _event)


register(
    Panel(
        "credit.approvals",
        "失信名单待审批",
        "Dishonest-debtor listings to approve",
        roles=frozenset({"court_president"}),
        items=_to_approve,
        more=Link("全部待审批", "All to approve", "credit:approvals"),
        empty_zh="暂无待审批的失信名单",
        empty_en="No listing to approve",
        order=15,
    )
)
register(
    Panel(
        "credit.signing",
        "限制消费令待签发",
        "Restriction orders to sign",
        roles=frozenset({"court_president"}),
        items=_to_sign,
        more=Link("全部待审批", "All to approve", "credit:approvals"),
        empty_zh="暂无待签发的限制消费令",
        empty_en="No restriction order to sign",
        order=16,
    )
)
register(
    Panel(
        "credit.feed",
        "待接收的联合惩戒信息",
        "Joint-sanction events to apply",
        roles=frozenset({"sanction_agency"}),
        items=_not_acknowledged,
        unit_en="event",
        empty_zh="联合惩戒信息已全部确认接收",
        empty_en="Every event has been acknowledged",
        order=10,
    )
)
register(
    MenuEntry(
        "credit",
        "失信名单",
        "Dishonest debtors",
        "credit:index",
        permissions={"credit:list", "approval:grant"},
        order=60,
    )
)
