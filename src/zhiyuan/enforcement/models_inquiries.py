"""Asset inquiries (网络查控) through the inquiry network and the orders sent through it.

Exactly-once across worker crashes rests on three rules: the idempotency ``key`` of an inquiry or order is
committed *before* the request goes out (a re-run re-sends under it and the network answers its first
answer); the network's answer is stored only where none is stored yet; results are unique per (inquiry,
class, holder, asset) so a duplicate delivery is stored once. ``lease_until`` lets one dispatcher at a time
send a row; a crashed dispatcher's lease runs out and the next one re-sends under the same key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.parties.models import Party


class InquiryState(models.TextChoices):
    """Where an inquiry stands."""

    REQUESTED = "requested", _("待发送")
    SUBMITTED = "submitted", _("已发送")
    PARTIAL = "partial", _("部分反馈")
    COMPLETE = "complete", _("已全部反馈")
    FAILED = "failed", _("发送失败")


class Inquiry(models.Model):
    """One search of the debtor's assets of some classes, asked on a case."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="inquiries", verbose_name=_("案件"))
    debtor = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    classes = models.JSONField(_("查询财产类别"), default=list)
    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    gateway_id = models.CharField(_("查控网络查询编号"), max_length=64, blank=True, db_index=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=InquiryState.choices, default=InquiryState.REQUESTED, db_index=True
    )
    origin = models.CharField(_("来源"), max_length=20, default="officer")  # officer | requery | teimosinha
    requested_at = models.DateTimeField(_("提出时间"))
    submitted_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("全部反馈时间"), null=True, blank=True)
    polled_at = models.DateTimeField(_("最近轮询时间"), null=True, blank=True)
    lease_until = models.DateTimeField(_("发送租约到期"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    error = models.CharField(_("最近错误"), max_length=64, blank=True)
    asked_by_id = models.BigIntegerField(_("提出人编号"), null=True, blank=True)
    asked_by_name = models.CharField(_("提出人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("网络查控")
        verbose_name_plural = _("网络查控")
        indexes = [models.Index(fields=["state", "lease_until"], name="enf_inquiry_state_lease")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.gateway_id or self.key}"


class InquiryResult(models.Model):
    """One class's answer of an inquiry: an asset found (holder, reference, balance or description), or a
    row with an empty holder and reference saying the class found nothing or was not answered."""

    inquiry = models.ForeignKey(Inquiry, models.CASCADE, related_name="results", verbose_name=_("查询"))
    asset_class = models.CharField(_("财产类别"), max_length=20)
    status = models.CharField(_("反馈结果"), max_length=8)  # found | none | failed
    holder = models.CharField(_("协助机构"), max_length=100, blank=True)
    ref = models.CharField(_("账户或财产编号"), max_length=64, blank=True)
    balance = models.DecimalField(_("余额"), max_digits=16, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("财产描述"), max_length=200, blank=True)
    result_id = models.CharField(_("反馈编号"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        ordering = ["inquiry", "asset_class", "holder", "ref"]
        verbose_name = _("查控结果")
        verbose_name_plural = _("查控结果")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "asset_class", "holder", "ref"], name="enf_result_once_per_asset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset_class}:{self.holder}:{self.ref}"


class FeedCursor(models.Model):
    """How far the results feed was read; advanced in the transaction that stores the rows read."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    position = models.BigIntegerField(_("位置"), default=0)

    class Meta:
        verbose_name = _("查控结果游标")
        verbose_name_plural = _("查控结果游标")

    def __str__(self) -> str:
        return f"{self.name}@{self.position}"


class FeedOrphan(models.Model):
    """A result the feed brought for an inquiry id not stored yet (its sender has not stored the network's
    answer, or died before): kept, in the transaction that moves the cursor past it, until the id is
    stored and the result adopted — so the feed can run ahead of the senders without losing anything."""

    gateway_id = models.CharField(_("查控网络查询编号"), max_length=64, db_index=True)
    result = models.JSONField(_("反馈内容"))
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        verbose_name = _("待认领的查控结果")
        verbose_name_plural = _("待认领的查控结果")

    def __str__(self) -> str:
        return self.gateway_id


class OrderKindChoice(models.TextChoices):
    """What an order asks of an institution."""

    FREEZE = "freeze", _("冻结")
    UNFREEZE = "unfreeze", _("解除冻结")
    DEDUCT = "deduct", _("扣划")


class OrderState(models.TextChoices):
    """Where an order stands (its receipt decides ``applied``, ``partial`` or ``rejected``)."""

    PENDING = "pending", _("待发送")
    APPLIED = "applied", _("已执行")
    PARTIAL = "partial", _("部分执行")
    REJECTED = "rejected", _("未执行")
    FAILED = "failed", _("发送失败")
    CANCELLED = "cancelled", _("已撤回")


class NetworkOrder(models.Model):
    """A freeze, release or deduction of one asset sent through the network, with its receipt (回执)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="network_orders", verbose_name=_("案件"))
    kind = models.CharField(_("指令类型"), max_length=10, choices=OrderKindChoice.choices)
    asset_class = models.CharField(_("财产类别"), max_length=20)
    holder = models.CharField(_("协助机构"), max_length=100, blank=True)
    ref = models.CharField(_("账户或财产编号"), max_length=64)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    document_number = models.CharField(_("裁定书文号"), max_length=100)
    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=OrderState.choices, default=OrderState.PENDING, db_index=True
    )
    repeated_freeze = models.ForeignKey(
        "RepeatedFreeze",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("轮巡冻结"),
    )
    order_id = models.CharField(_("查控网络指令编号"), max_length=64, blank=True)
    receipt_number = models.CharField(_("回执编号"), max_length=64, blank=True)
    applied = models.DecimalField(_("实际执行金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    receipt_status = models.CharField(_("回执状态"), max_length=10, blank=True)
    receipt_reason = models.CharField(_("回执说明"), max_length=64, blank=True)
    applied_at = models.CharField(_("执行时间（回执）"), max_length=40, blank=True)
    requested_at = models.DateTimeField(_("提出时间"))
    received_at = models.DateTimeField(_("回执接收时间"), null=True, blank=True)
    lease_until = models.DateTimeField(_("发送租约到期"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    error = models.CharField(_("最近错误"), max_length=64, blank=True)
    asked_by_id = models.BigIntegerField(_("提出人编号"), null=True, blank=True)
    asked_by_name = models.CharField(_("提出人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("查控指令")
        verbose_name_plural = _("查控指令")

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}:{self.amount}"


class StandingState(models.TextChoices):
    """A standing order's or a repeated freeze's state."""

    ACTIVE = "active", _("进行中")
    STOPPED = "stopped", _("已停止")
    FINISHED = "finished", _("已届满")
    COVERED = "covered", _("已足额")


class StandingRequery(models.Model):
    """Re-query the debtor's assets every ``interval_months`` for ``years`` after ``starts_on`` (after 终本:
    6 months, 5 years — 终本规定 Art 9; the parameters and their source are kept on the row)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="standing_requeries", verbose_name=_("案件"))
    debtor = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    classes = models.JSONField(_("查询财产类别"), default=list)
    starts_on = models.DateField(_("起算日"))
    interval_months = models.PositiveIntegerField(_("间隔月数"))
    years = models.PositiveIntegerField(_("持续年数"))
    source = models.CharField(_("依据"), max_length=200, blank=True)
    next_due = models.DateField(_("下次查询日"), null=True, blank=True, db_index=True)
    runs = models.PositiveIntegerField(_("已查询次数"), default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=StandingState.choices, default=StandingState.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("设立时间"))
    created_by_name = models.CharField(_("设立人"), max_length=150, blank=True)
    stopped_by_name = models.CharField(_("停止人"), max_length=150, blank=True)
    stopped_at = models.DateTimeField(_("停止时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("定期复查")
        verbose_name_plural = _("定期复查")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.starts_on}+{self.interval_months}m×{self.years}y"


class RepeatedFreeze(models.Model):
    """A freeze re-sent each day for ``days`` days (until ``until``) until ``amount_due`` is frozen across
    the debtor's accounts (as SISBAJUD's "teimosinha"); what is frozen beyond it is released."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="repeated_freezes", verbose_name=_("案件"))
    debtor = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    amount_due = models.DecimalField(_("应冻结金额"), max_digits=16, decimal_places=2)
    days = models.PositiveIntegerField(_("轮巡天数"))
    starts_on = models.DateField(_("开始日"))
    until = models.DateField(_("截止日"))
    dependants = models.PositiveIntegerField(_("被扶养人数"), default=0)
    reserve = models.DecimalField(_("保留生活费用"), max_digits=16, decimal_places=2, default=0)
    document_number = models.CharField(_("裁定书文号"), max_length=100)
    state = models.CharField(
        _("状态"), max_length=10, choices=StandingState.choices, default=StandingState.ACTIVE, db_index=True
    )
    frozen_total = models.DecimalField(_("已冻结合计"), max_digits=16, decimal_places=2, default=0)
    last_round_on = models.DateField(_("最近一轮"), null=True, blank=True)
    rounds = models.PositiveIntegerField(_("已轮巡次数"), default=0)
    created_at = models.DateTimeField(_("设立时间"))
    created_by_name = models.CharField(_("设立人"), max_length=150, blank=True)
    stopped_by_id = models.BigIntegerField(_("停止人编号"), null=True, blank=True)
    stopped_by_name = models.CharField(_("停止人"), max_length=150, blank=True)
    stopped_at = models.DateTimeField(_("停止时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("轮巡冻结")
        verbose_name_plural = _("轮巡冻结")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.amount_due}×{self.days}d"

    @property
    def still_owed(self) -> object:
        """The running figure: what is still to be frozen (never below zero)."""
        return max(self.amount_due - self.frozen_total, 0)
