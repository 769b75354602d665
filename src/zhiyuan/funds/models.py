"""The ledger's tables: accounts, postings (one business event each) and their entries (double entry),
disbursement requests and their approvals.

Entries are signed: a debit is positive, a credit negative, and the entries of every posting sum to zero.
A case account is a liability of the court to the case (money held for it): its balance is the credits
less the debits, ``-sum(amount)``. Postings and entries are never changed or deleted (their querysets and
``save``/``delete`` refuse it); a mistake is corrected by a reversal posting."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party


def _immutable() -> LawError:
    return LawError(
        "ledger_immutable",
        "账目一经记载不得修改或删除，只能以冲正更正。",
        "Ledger records are never changed or deleted; correct them by a reversal.",
    )


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """No bulk update or delete of ledger rows."""

    def update(self, **kwargs: Any) -> int:
        raise _immutable()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _immutable()


class AppendOnly(models.Model):
    """A row written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise _immutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _immutable()


class AccountKind(models.TextChoices):
    """What an account holds."""

    CASE = "case", _("案件账户")
    CLEARING = "clearing", _("执行款专户")
    FEE_INCOME = "fee_income", _("诉讼费收入")


class Account(models.Model):
    """A case's sub-account (one per enforcement case, made on its first posting), or one of a court's
    counter accounts (the clearing account of its bank, its fee income)."""

    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("种类"), max_length=12, choices=AccountKind.choices)
    case = models.OneToOneField(
        Case, models.PROTECT, null=True, blank=True, related_name="funds_account", verbose_name=_("案件")
    )
    #: the title's last day of performance, for delay interest, when no performance title records it
    performance_due = models.DateField(_("履行期限届满日"), null=True, blank=True)
    created_at = models.DateTimeField(_("开立时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案款账户")
        verbose_name_plural = _("案款账户")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "kind"], condition=models.Q(case__isnull=True), name="funds_one_counter"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="case", case__isnull=False)
                | (~models.Q(kind="case") & models.Q(case__isnull=True)),
                name="funds_case_account_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.case_id or self.court_id}"


class PostingKind(models.TextChoices):
    """The business events the ledger records."""

    RECEIPT_DEDUCTION = "receipt_deduction", _("扣划到账")
    RECEIPT_VOLUNTARY = "receipt_voluntary", _("自动履行到账")
    RECEIPT_AUCTION = "receipt_auction", _("拍卖（变卖）价款到账")
    DISBURSEMENT = "disbursement", _("发放")
    REFUND = "refund", _("退款")
    FEE = "fee", _("执行费结算")
    COST = "cost", _("执行费用支出")
    REVERSAL = "reversal", _("冲正")


RECEIPTS = (PostingKind.RECEIPT_DEDUCTION, PostingKind.RECEIPT_VOLUNTARY, PostingKind.RECEIPT_AUCTION)
OUTFLOWS = (PostingKind.DISBURSEMENT, PostingKind.REFUND, PostingKind.FEE, PostingKind.COST)


class Posting(AppendOnly):
    """One business event on a case's account, with its idempotency key and the hash of the request it
    answered (a replay with the same body returns it; another body under the key is refused)."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="postings", verbose_name=_("账户"))
    kind = models.CharField(_("类别"), max_length=20, choices=PostingKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    on = models.DateField(_("记账日期"), db_index=True)
    key = models.CharField(_("幂等键"), max_length=100, unique=True)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    party = models.ForeignKey(
        Party, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("收款人")
    )
    counterparty = models.CharField(_("交款人/收款人"), max_length=200, blank=True)
    note = models.CharField(_("摘要"), max_length=500, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("冲正对象")
    )
    created_by_id = models.BigIntegerField(_("记账人编号"), null=True, blank=True)
    created_by_name = models.CharField(_("记账人"), max_length=150)
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("记账")
        verbose_name_plural = _("记账")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funds_posting_positive")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class Entry(AppendOnly):
    """One side of a posting: a debit (positive) or a credit (negative) on one account."""

    posting = models.ForeignKey(Posting, models.PROTECT, related_name="entries", verbose_name=_("记账"))
    account = models.ForeignKey(Account, models.PROTECT, related_name="entries", verbose_name=_("账户"))
    amount = models.DecimalField(_("金额（借正贷负）"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="funds_entry_nonzero")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount}"


class DisbursementStatus(models.TextChoices):
    """Where a disbursement request stands."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已发放")
    REFUSED = "refused", _("不予批准")


class PayeeKind(models.TextChoices):
    """Who a disbursement pays: a creditor of the case (a party), or the treasury (上缴国库: the fines,
    confiscation and unclaimed recovery of a criminal judgment)."""

    CREDITOR = "creditor", _("申请执行人（被害人）")
    TREASURY = "treasury", _("上缴国库")


class Disbursement(models.Model):
    """A request to pay a creditor of the case out of its account, approved by grade, then paid (the
    disbursement posting). The scheme of distribution among creditors (分配方案, ``law.distribution``), when
    the case has one, decides the amounts asked for here; ``scheme`` names it."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="disbursements", verbose_name=_("账户"))
    party = models.ForeignKey(
        Party, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("申请执行人")
    )
    payee_kind = models.CharField(
        _("收款人类别"), max_length=10, choices=PayeeKind.choices, default=PayeeKind.CREDITOR
    )
    payee = models.CharField(_("收款人"), max_length=200)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    scheme = models.CharField(_("分配方案"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=DisbursementStatus.choices, default=DisbursementStatus.PENDING
    )
    grade = models.PositiveSmallIntegerField(_("审批级别"))
    approvals_needed = models.PositiveSmallIntegerField(_("审批人数"))
    final_role = models.CharField(_("须审批角色"), max_length=40, blank=True)
    requested_by_id = models.BigIntegerField(_("申请人编号"))
    requested_by_name = models.CharField(_("申请人"), max_length=150)
    requested_on = models.DateField(_("申请日期"))
    refusal_reason = models.CharField(_("不予批准理由"), max_length=500, blank=True)
    posting = models.OneToOneField(
        Posting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursement",
        verbose_name=_("发放记账"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案款发放申请")
        verbose_name_plural = _("案款发放申请")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funds_disbursement_positive"),
            models.CheckConstraint(
                condition=models.Q(payee_kind="creditor", party__isnull=False)
                | models.Q(payee_kind="treasury", party__isnull=True),
                name="funds_disbursement_payee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee} {self.amount} {self.status}"


class Approval(models.Model):
    """One approver's approval of a disbursement (one per person; never the requester)."""

    disbursement = models.ForeignKey(
        Disbursement, models.CASCADE, related_name="approvals", verbose_name=_("发放申请")
    )
    approver_id = models.BigIntegerField(_("审批人编号"))
    approver_name = models.CharField(_("审批人"), max_length=150)
    roles = models.CharField(_("审批人角色"), max_length=200)
    approved_at = models.DateTimeField(_("审批时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发放审批")
        verbose_name_plural = _("发放审批")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["disbursement", "approver_id"], name="funds_one_approval_each")
        ]

    def __str__(self) -> str:
        return f"{self.disbursement_id}:{self.approver_name}"


from zhiyuan.funds.models_criminal import CriminalAllocation as CriminalAllocation  # noqa: E402
from zhiyuan.funds.models_scheme import Scheme as Scheme  # noqa: E402  (the app loads its model)
