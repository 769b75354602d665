"""What a disbursement may ask under a saved allocation of a case's money (a distribution scheme's row,
or a criminal allocation's): the requests that name the row (``Disbursement.scheme``, not refused) may not
together ask more than the row allots. Read under the account's lock, so parallel requests cannot
overshoot it."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from zhiyuan.funds.models import Account, Disbursement, DisbursementStatus
from zhiyuan.law.errors import LawError

ZERO = Decimal("0.00")


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
