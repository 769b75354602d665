"""Dispatches between courts and orders (交办、督办), each with its history. Tables only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court


class Kind(models.TextChoices):
    """How a case moves to another court."""

    DELEGATED = "delegated", _("委托执行")
    DESIGNATED = "designated", _("指定执行")
    ESCALATED = "escalated", _("提级执行")
    CROSS = "cross", _("交叉执行")


class DispatchStatus(models.TextChoices):
    """Where a dispatch stands: sent and waiting for the receiving court; accepted (the receiving court
    filed the linked case); returned without filing; closed by the receiving court."""

    SENT = "sent", _("待受理")
    ACCEPTED = "accepted", _("已立案")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已办结")


ACTIVE = (DispatchStatus.SENT, DispatchStatus.ACCEPTED)


class Dispatch(models.Model):
    """One enforcement case moved from its court to another, ordered by ``ordered_by`` (the sending court
    for 委托, a court above both otherwise); on acceptance the receiving court files ``linked_case``."""

    kind = models.CharField(_("调度方式"), max_length=12, choices=Kind.choices)
    case = models.ForeignKey(Case, models.PROTECT, related_name="dispatches", verbose_name=_("原案件"))
    from_court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("移出法院"))
    to_court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("受理法院"))
    ordered_by = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("决定法院"))
    reason = models.CharField(_("理由"), max_length=500)
    status = models.CharField(
        _("状态"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.SENT
    )
    sent_on = models.DateField(_("发出日期"))
    filing_due = models.DateField(_("立案期限"))
    start_due = models.DateField(_("开始执行期限"), null=True, blank=True)
    report_due = models.DateField(_("函告期限"), null=True, blank=True)
    completion_due = models.DateField(_("执结期限"), null=True, blank=True)
    linked_case = models.ForeignKey(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatched_in",
        verbose_name=_("受理法院案件"),
    )
    accepted_on = models.DateField(_("立案日期"), null=True, blank=True)
    last_report_on = models.DateField(_("最近函告日期"), null=True, blank=True)
    ended_on = models.DateField(_("退回或办结日期"), null=True, blank=True)
    result = models.CharField(_("办理结果"), max_length=500, blank=True)
    overdue_noted_on = models.DateField(_("逾期提示日期"), null=True, blank=True)
    batch_id = models.BigIntegerField(_("批量操作编号"), null=True, blank=True)
    created_by_id = models.BigIntegerField(_("发起人编号"), null=True, blank=True)
    created_by = models.CharField(_("发起人"), max_length=150)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("调度")
        verbose_name_plural = _("调度")
        indexes = [
            models.Index(fields=["status", "to_court"], name="dispatch_status_to"),
            models.Index(fields=["status", "from_court"], name="dispatch_status_from"),
        ]
        constraints = [
            # one dispatch of a case under way at a time: two parallel senders cannot both win
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["sent", "accepted"]),
                name="dispatch_one_active_per_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_court=models.F("to_court")), name="dispatch_to_another_court"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id} → {self.to_court_id}"


class Event(models.TextChoices):
    """What happened to a dispatch or an order."""

    SENT = "sent", _("发出")
    ACCEPTED = "accepted", _("受理立案")
    RETURNED = "returned", _("退回")
    REPORTED = "reported", _("函告执行情况")
    CLOSED = "closed", _("办结")
    OVERDUE = "overdue", _("逾期提示")
    ISSUED = "issued", _("交办")
    REMINDED = "reminded", _("催办")
    ANSWERED = "answered", _("答复")
    ESCALATED = "escalated", _("逾期升级督办")


class DispatchEvent(models.Model):
    """A dispatch's history, append-only."""

    dispatch = models.ForeignKey(Dispatch, models.CASCADE, related_name="events")
    event = models.CharField(_("事项"), max_length=12, choices=Event.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor = models.CharField(_("操作人"), max_length=150)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["dispatch", "at", "id"]
        verbose_name = _("调度记录")
        verbose_name_plural = _("调度记录")

    def __str__(self) -> str:
        return f"{self.dispatch_id} {self.event} {self.on}"


class OrderStatus(models.TextChoices):
    """Where an order stands."""

    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class Order(models.Model):
    """An order (交办、督办) from a command center to a court below it: do ``subject`` by ``due``, about
    the cases listed (none, one or many)."""

    issuer_court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("交办法院"))
    to_court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("承办法院"))
    subject = models.CharField(_("交办事项"), max_length=200)
    details = models.CharField(_("具体要求"), max_length=2000, blank=True)
    due = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    issued_on = models.DateField(_("交办日期"))
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.CharField(_("答复"), max_length=2000, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_note = models.CharField(_("办结说明"), max_length=500, blank=True)
    reminders = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    escalated_on = models.DateField(_("升级督办日期"), null=True, blank=True)
    issued_by_id = models.BigIntegerField(_("交办人编号"), null=True, blank=True)
    issued_by = models.CharField(_("交办人"), max_length=150)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("交办督办")
        verbose_name_plural = _("交办督办")
        indexes = [models.Index(fields=["status", "due"], name="order_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("issued_on")), name="order_due_after_issue"
            ),
            models.CheckConstraint(
                condition=~models.Q(issuer_court=models.F("to_court")), name="order_to_another_court"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_court_id}"


class OrderCase(models.Model):
    """A case an order is about."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="order_cases")
    case = models.ForeignKey(Case, models.PROTECT, related_name="orders")

    class Meta:
        verbose_name = _("交办案件")
        verbose_name_plural = _("交办案件")
        constraints = [models.UniqueConstraint(fields=["order", "case"], name="order_case_unique")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.case_id}"


class OrderEvent(models.Model):
    """An order's history, append-only."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="events")
    event = models.CharField(_("事项"), max_length=12, choices=Event.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor = models.CharField(_("操作人"), max_length=150)
    note = models.CharField(_("说明"), max_length=2000, blank=True)

    class Meta:
        ordering = ["order", "at", "id"]
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")

    def __str__(self) -> str:
        return f"{self.order_id} {self.event} {self.on}"
