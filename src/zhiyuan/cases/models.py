"""Disputes, cases, their parties and links, the append-only node log, deadlines, number counters."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.courts.models import Cause, Court
from zhiyuan.parties.models import Party
from zhiyuan.privacy.fields import EncryptedTextField


class ClosingMethod(models.TextChoices):
    """Closing methods of the case import format."""

    JUDGMENT = "judgment", _("判决")
    MEDIATION = "mediation", _("调解")
    WITHDRAWAL = "withdrawal", _("撤诉/撤回")
    DISMISSAL = "dismissal", _("驳回起诉")
    TRANSFER = "transfer", _("移送/转立案")
    CONFIRMED = "confirmed", _("确认/受理")
    REJECTED = "rejected", _("驳回申请")
    FULLY_PERFORMED = "fully_performed", _("执行完毕")
    SETTLEMENT_PERFORMED = "settlement_performed", _("和解履行完毕")
    TCP = "tcp", _("终结本次执行程序")
    TERMINATED = "terminated", _("终结执行")
    NOT_ENFORCED = "not_enforced", _("不予执行")
    OTHER = "other", _("其他")


class Dispute(models.Model):
    """One underlying conflict (案); every procedure it spawns is a case (件) in its graph."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("纠纷")
        verbose_name_plural = _("纠纷")

    def __str__(self) -> str:
        return f"纠纷 #{self.pk}"


class Case(models.Model):
    """A case (件) with its normalized number, court, type, cause, amounts, dates and lifecycle state."""

    case_number = models.CharField(_("案号"), max_length=64, unique=True)
    year = models.PositiveSmallIntegerField(_("收案年度"))
    court = models.ForeignKey(Court, models.PROTECT, related_name="cases", verbose_name=_("法院"))
    court_code = models.CharField(_("法院代字"), max_length=16)
    specialized_code = models.CharField(_("专门审判代字"), max_length=2, blank=True)
    type_code = models.CharField(_("类型代字"), max_length=8, db_index=True)
    sequence = models.PositiveIntegerField(_("案件编号"))
    type_class = models.CharField(_("类别"), max_length=32, blank=True)
    family = models.CharField(_("案件族"), max_length=32)
    cause_text = models.CharField(_("案由"), max_length=100, blank=True)
    cause = models.ForeignKey(
        Cause, models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("案由（规范）")
    )
    claim_amount = models.DecimalField(_("标的额"), max_digits=16, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField(_("立案日期"), db_index=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    closing_method = models.CharField(_("结案方式"), max_length=24, choices=ClosingMethod.choices, blank=True)
    recovered_amount = models.DecimalField(
        _("执行到位金额"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("状态"), max_length=24)
    dispute = models.ForeignKey(Dispute, models.PROTECT, related_name="cases", verbose_name=_("纠纷"))
    origin = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="derived", verbose_name=_("来源案件")
    )
    origin_text = models.CharField(_("来源案号（未匹配）"), max_length=64, blank=True)
    derivative_kind = models.CharField(_("衍生类型"), max_length=24, blank=True)
    flags = models.JSONField(_("提示"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-filed_on", "case_number"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        indexes = [
            models.Index(fields=["court", "filed_on"]),
            # a court's closings by day (the indicator refresh rebuilds touched court-days from it)
            models.Index(fields=["court", "closed_on"], name="case_court_closed_on"),
            models.Index(fields=["dispute", "filed_on"]),
            # the latest change, for the indicator rollups' freshness stamp (governance.refresh.stamp)
            models.Index(fields=["updated_at"], name="case_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("filed_on")),
                name="case_closed_not_before_filed",
            ),
            models.CheckConstraint(
                condition=models.Q(claim_amount__isnull=True) | models.Q(claim_amount__gte=0),
                name="case_claim_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(recovered_amount__isnull=True) | models.Q(recovered_amount__gte=0),
                name="case_recovered_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class Side(models.TextChoices):
    """Which side of a case a party is on."""

    PLAINTIFF = "plaintiff", _("原告/申请人")
    DEFENDANT = "defendant", _("被告/被申请人")
    THIRD_PARTY = "third_party", _("第三人/案外人")


class CaseParty(models.Model):
    """A party in a case, on a side; the role name follows the case family (e.g. 申请执行人 / 被执行人)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="parties", verbose_name=_("案件"))
    party = models.ForeignKey(Party, models.PROTECT, related_name="case_links", verbose_name=_("当事人"))
    side = models.CharField(_("诉讼地位"), max_length=12, choices=Side.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    #: the name this case gives the party where it is not the party's recorded name (another name of the
    #: same identity, kept at filing: zhiyuan.parties.services.resolve_named); "" = the recorded name
    name = models.CharField(_("本案名称"), max_length=200, blank=True, default="", db_default="")
    #: contact details given at filing (personal information: encrypted, masked on display)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="", db_default="")
    address = EncryptedTextField(_("地址"), blank=True, default="", db_default="")
    agent_name = models.CharField(_("代理人"), max_length=100, blank=True, default="", db_default="")
    agent_phone = EncryptedTextField(_("代理人电话"), blank=True, default="", db_default="")

    class Meta:
        ordering = ["case", "side", "position"]
        verbose_name = _("案件当事人")
        verbose_name_plural = _("案件当事人")
        constraints = [models.UniqueConstraint(fields=["case", "party", "side"], name="case_party_unique")]

    def __str__(self) -> str:
        return f"{self.case} {self.side} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name the case gives the party."""
        return self.name or self.party.name


class NodeLogQuerySet(models.QuerySet["NodeLog"]):
    """Append-only."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("the node log is append-only")


class NodeLog(models.Model):
    """What happened to a case, in order: node code, time, actor, payload. Never changed."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="nodes", verbose_name=_("案件"))
    node = models.CharField(_("节点"), max_length=40)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    objects = NodeLogQuerySet.as_manager()

    class Meta:
        ordering = ["case", "on", "id"]
        verbose_name = _("流程节点")
        verbose_name_plural = _("流程节点")

    def __str__(self) -> str:
        return f"{self.case} {self.node} {self.on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("the node log is append-only")
        super().save(*args, **kwargs)


class CaseDeadline(models.Model):
    """A statutory deadline a node started (from ``zhiyuan.law.deadlines``); met when the node the lifecycle
    names comes, or ended without being met — superseded by another node (an approved extension replaces
    the time limit) or by the case's closing. Only a deadline neither met nor ended, on an open case, runs."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="deadlines", verbose_name=_("案件"))
    rule = models.CharField(_("期限规则"), max_length=48)
    node = models.CharField(_("起始节点"), max_length=40)
    start = models.DateField(_("起算日"))
    due = models.DateField(_("届满日"), db_index=True)
    met_on = models.DateField(_("完成日"), null=True, blank=True)
    ended_on = models.DateField(_("终止日"), null=True, blank=True)
    ended_by = models.CharField(_("终止节点"), max_length=40, blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)

    class Meta:
        ordering = ["due"]
        verbose_name = _("法定期限")
        verbose_name_plural = _("法定期限")

    def __str__(self) -> str:
        return f"{self.case} {self.rule} {self.due}"


class NumberCounter(models.Model):
    """The last case number allocated per court, year, specialised code and type code."""

    court = models.ForeignKey(Court, models.PROTECT)
    year = models.PositiveSmallIntegerField()
    specialized_code = models.CharField(max_length=2, blank=True)
    type_code = models.CharField(max_length=8)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "specialized_code", "type_code"], name="number_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.court_id} {self.year} {self.type_code} {self.last}"


class LinkProposal(models.Model):
    """A case number mentioned in free text, proposed as a link for a person to confirm or reject."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="link_proposals")
    mentioned_number = models.CharField(max_length=64)
    mentioned_case = models.ForeignKey(Case, models.CASCADE, null=True, blank=True, related_name="mentions")
    source = models.CharField(max_length=40)
    status = models.CharField(max_length=12, default="proposed")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "mentioned_number"], name="link_proposal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.mentioned_number}"


class Capacity(models.TextChoices):
    """How a person works on a case."""

    HANDLER = "handler", _("承办人")
    PANEL = "panel", _("合议庭成员")


class Assignment(models.Model):
    """A person handling or sitting on a case (separation of duties is checked when it is made). A case has
    at most one current handler (承办人): reassigning ends the previous handler's assignment, which is kept —
    whoever once handled a case stays barred from reviewing it."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="assignments", verbose_name=_("案件"))
    user_id = models.BigIntegerField(_("人员编号"))
    user_name = models.CharField(_("人员"), max_length=150)
    capacity = models.CharField(_("身份"), max_length=8, choices=Capacity.choices)
    assigned_by = models.CharField(_("分案人"), max_length=150)
    assigned_on = models.DateField(_("分案日期"))
    ended_on = models.DateField(_("改派日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("分案")
        verbose_name_plural = _("分案")
        constraints = [
            models.UniqueConstraint(fields=["case", "user_id", "capacity"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.capacity} {self.user_name}"


class ApprovalStatus(models.TextChoices):
    """Where an approval request stands."""

    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已批准")
    REFUSED = "refused", _("不予批准")


class Approval(models.Model):
    """A request that needs a superior's approval (e.g. extending the enforcement time limit), and the
    decision; the transition it asks for runs when it is granted."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="approvals", verbose_name=_("案件"))
    transition = models.CharField(_("申请事项"), max_length=40)
    reason = models.TextField(_("理由"))
    requested_by_id = models.BigIntegerField(_("申请人编号"))
    requested_by = models.CharField(_("申请人"), max_length=150)
    requested_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.CharField(_("审批人"), max_length=150, blank=True)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("审批")
        verbose_name_plural = _("审批")

    def __str__(self) -> str:
        return f"{self.case} {self.transition} {self.status}"
