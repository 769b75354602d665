"""The credit menu entry and the president's approval queue (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from zhiyuan.credit import selectors
from zhiyuan.credit.models import Listing
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
    MenuEntry(
        "credit",
        "失信名单",
        "Dishonest debtors",
        "credit:index",
        permissions={"credit:list", "approval:grant"},
        order=60,
    )
)
