"""Disbursements held to the confirmed distribution scheme (分配方案): once a case's scheme is final, a
creditor is paid no more than its allocation in the latest final scheme, less what was asked for it since
the scheme was made (requests pending, approved or paid; a refused request frees its amount). A creditor
the scheme does not name has a share of nothing. Called inside the transaction that holds the case account's
lock, so parallel requests are counted one after the other."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from zhiyuan.funds.models import Account, Disbursement, DisbursementStatus
from zhiyuan.funds.models_scheme import Scheme, SchemeStatus
from zhiyuan.law.errors import LawError

COUNTED = (DisbursementStatus.PENDING, DisbursementStatus.APPROVED, DisbursementStatus.PAID)


def final_scheme(account: Account) -> Scheme | None:
    """The account's latest final scheme, if any."""
    return (
        Scheme.objects.filter(account=account, status=SchemeStatus.FINAL).order_by("-final_on", "-pk").first()
    )


def share_of(scheme: Scheme, party_id: int) -> Decimal:
    """The creditor's allocation in ``scheme`` (zero when it is not named)."""
    for creditor, allocation in scheme.rows:
        if str(creditor["id"]) == str(party_id):
            return Decimal(str(allocation["amount"])).quantize(Decimal("0.01"))
    return Decimal("0.00")


def remaining(account: Account, scheme: Scheme, party_id: int) -> tuple[Decimal, Decimal, Decimal]:
    """The creditor's share, what was asked for it since the scheme was made, and what remains."""
    share = share_of(scheme, party_id)
    asked = Disbursement.objects.filter(
        account=account, party_id=party_id, status__in=COUNTED, requested_on__gte=scheme.made_on
    ).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    return share, Decimal(asked), max(share - Decimal(asked), Decimal("0.00"))


def check(account: Account, party_id: int, amount: Decimal) -> None:
    """Refuse (``beyond_scheme_share``) a request beyond the creditor's remaining share of the final
    scheme; nothing to check without one."""
    scheme = final_scheme(account)
    if scheme is None:
        return
    share, asked, left = remaining(account, scheme, party_id)
    if amount > left:
        raise LawError(
            "beyond_scheme_share",
            f"超出已确定分配方案中该债权人的剩余份额：应分配 {share} 元，已申请发放 {asked} 元，"
            f"尚可发放 {left} 元。",
            f"Beyond the creditor's remaining share of the final distribution scheme: allocated {share}, "
            f"already requested {asked}, {left} left.",
            field="amount",
            scheme=scheme.pk,
            share=str(share),
            requested=str(asked),
            remaining=str(left),
        )
