"""Saved allocations of a case's money — distribution schemes (:mod:`zhiyuan.funds.scheme`) and criminal
allocations (:mod:`zhiyuan.funds.criminal`) — share two pieces: a step on one is taken on its row locked
and in a state the step applies to (:func:`locked`), and what a disbursement may ask under one row: the
requests that name the row (``Disbursement.scheme``, not refused) may not together ask more than the row
allots (:func:`check_within`, read under the account's lock, so parallel requests cannot overshoot it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models import Sum

from zhiyuan.funds.models import Account, Disbursement, DisbursementStatus
from zhiyuan.law.errors import LawError

ZERO = Decimal("0.00")
Saved = TypeVar("Saved", bound=models.Model)


def locked(model: type[Saved], pk: Any, states: tuple[str, ...], code: str, zh: str, en: str) -> Saved:
    """The row ``pk`` of ``model`` (a scheme or an allocation, with ``status`` and ``account``), locked, with
    its account and case; ``code`` (zh/en naming its state) when its status is not one of ``states``."""
    row = model._default_manager.select_for_update(of=("self",)).select_related("account__case").get(pk=pk)
    status = row.status  # type: ignore[attr-defined]
    if status not in states:
        shown = row.get_status_display()  # type: ignore[attr-defined]
        raise LawError(code, zh.format(status=shown), en.format(status=status))
    return row


def requested(account: Account, reference: str) -> Decimal:
    """The amount the account's live requests (pending, approved or paid) ask under ``reference``."""
    total = (
        Disbursement.objects.filter(account=account, scheme=reference)
        .exclude(status=DisbursementStatus.REFUSED)
        .aggregate(s=Sum("amount"))["s"]
    )
    return total or ZERO


def check_within(account: Account, reference: str, allotted: Decimal, amount: Decimal) -> None:
    """Refuse (``allotment_exceeded``) a request of ``amount`` that would ask more than ``allotted``."""
    left = allotted - requested(account, reference)
    if amount > left:
        raise LawError(
            "allotment_exceeded",
            f"按分配结果该项尚可申请发放 {left} 元，本次申请 {amount} 元超出。",
            f"The allocation leaves {left} yuan to ask for this row; {amount} exceeds it.",
            field="amount",
        )
