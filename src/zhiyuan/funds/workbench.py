"""The funds panels of the workbench (:mod:`zhiyuan.workbench.registry`): disbursements waiting for an
approver of the court, and — for officers — receipts not paid out within the law's 30 days."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.funds import selectors
from zhiyuan.funds.models import Disbursement, DisbursementStatus
from zhiyuan.workbench.registry import Item, Panel, from_query, from_rows, register
from zhiyuan.workbench.registry import Listing as Shown


def to_approve(user: Any) -> QuerySet[Disbursement]:
    """Pending requests of the user's own court that the user did not ask for, oldest first."""
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return Disbursement.objects.none()
    return (
        Disbursement.objects.filter(status=DisbursementStatus.PENDING, account__court_id=court_id)
        .exclude(requested_by_id=user.pk)
        .exclude(approvals__approver_id=user.pk)
        .select_related("account__case")
        .order_by("requested_on", "pk")
    )


def _approval(d: Disbursement) -> Item:
    number = d.account.case.case_number if d.account.case else ""
    return Item(
        f"{number} · {d.payee} {d.amount} 元",
        url=reverse("funds:case", args=[number]) + f"#disbursement-{d.pk}",
        state=gettext("待审批"),
        tone="soon",
        note=gettext("申请人 %(who)s，%(on)s")
        % {"who": d.requested_by_name, "on": d.requested_on.isoformat()},
    )


def _overdue(user: Any) -> Shown:
    rows = selectors.overdue_receipts(scope_of(user).court_ids, timezone.localdate())
    return from_rows(
        Item(
            f"{r.case_number} · {r.outstanding} 元",
            url=reverse("funds:case", args=[r.case_number]),
            due=r.due,
            state=gettext("逾期未发放"),
            tone="overdue",
        )
        for r in rows
    )


register(
    Panel(
        "funds.approvals",
        "案款发放待审批",
        "Disbursements to approve",
        roles=frozenset({"division_head", "court_president"}),
        items=lambda user: from_query(to_approve(user), _approval),
        empty_zh="暂无待审批的案款发放",
        empty_en="No disbursement to approve",
        order=16,
    )
)
register(
    Panel(
        "funds.overdue",
        "到账逾期未发放的案款",
        "Receipts not paid out in time",
        roles=frozenset({"enforcement_officer"}),
        items=_overdue,
        unit_zh="案",
        unit_en="case",
        empty_zh="暂无逾期未发放的案款",
        empty_en="No receipt overdue for payment",
        order=13,
    )
)
