"""Effective titles, their obligations and reported payments, the notices of the three-notice chain (with
the templates courts upload), and pre-enforcement urging periods with their contacts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court


class TitleKind(models.TextChoices):
    """What took effect."""

    JUDGMENT = "judgment", _("判决")
    MEDIATION_AGREEMENT = "mediation_agreement", _("调解协议（司法确认裁定、调解书）")


class TitleStatus(models.TextChoices):
    """Where the performance of a title stands."""

    PERFORMING = "performing", _("履行期内")
    PERFORMED = "performed", _("已自动履行")
    PARTLY_PERFORMED = "partly_performed", _("部分履行")
    LAPSED = "lapsed", _("逾期未履行")
    ENFORCEMENT_APPLIED = "enforcement_applied", _("已转执行立案")
    CLOSED_WITHOUT_ENFORCEMENT = "closed_without_enforcement", _("督促履行完毕，未立执行案")


#: states after which nothing more happens to a title here
FINAL_STATUSES = (TitleStatus.ENFORCEMENT_APPLIED, TitleStatus.CLOSED_WITHOUT_ENFORCEMENT)


class Title(models.Model):
    """An effective title (执行依据): the case whose judgment, confirmation ruling or mediation document
    took effect, its parties (references into the executability format, identities in ``parties``) and
    its operative items."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="title", verbose_name=_("案件"))
    kind = models.CharField(_("类型"), max_length=24, choices=TitleKind.choices)
    effective_on = models.DateField(_("生效日期"), db_index=True)
    #: [{ref, name, role, party_id}] — identity numbers stay encrypted in the party records
    parties = models.JSONField(_("当事人"), default=list)
    items = models.JSONField(_("给付事项"), default=list)
    status = models.CharField(
        _("履行状态"), max_length=28, choices=TitleStatus.choices, default=TitleStatus.PERFORMING
    )
    total_amount = models.DecimalField(_("金钱给付合计"), max_digits=16, decimal_places=2, null=True)
    performed_on = models.DateField(_("履行完毕日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按期履行"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("执行依据")
        verbose_name_plural = _("执行依据")

    def __str__(self) -> str:
        return f"{self.case.case_number}"

    def role_names(self, role: str) -> list[str]:
        """Names of the parties with ``role`` (creditor / debtor)."""
        return [str(p["name"]) for p in self.parties if p.get("role") == role]


class Obligation(models.Model):
    """One thing to perform by one date: a whole item or one instalment."""

    title = models.ForeignKey(Title, models.CASCADE, related_name="obligations", verbose_name=_("执行依据"))
    item = models.PositiveSmallIntegerField(_("判项序号"))
    instalment = models.PositiveSmallIntegerField(_("期数"), null=True, blank=True)
    kind = models.CharField(_("给付类型"), max_length=8)  # payment | act
    obligors = models.JSONField(_("义务人"), default=list)
    obligee = models.CharField(_("权利人"), max_length=40)
    act = models.CharField(_("行为"), max_length=400, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, null=True)
    due = models.DateField(_("履行期限"), db_index=True)
    paid = models.DecimalField(_("已履行金额"), max_digits=16, decimal_places=2, default=0)
    met_on = models.DateField(_("履行完毕日"), null=True, blank=True)
    warned_on = models.DateField(_("预告日期"), null=True, blank=True)

    class Meta:
        ordering = ["due", "item", "instalment"]
        verbose_name = _("履行事项")
        verbose_name_plural = _("履行事项")
        constraints = [
            models.CheckConstraint(condition=models.Q(paid__gte=0), name="obligation_paid_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} #{self.item}/{self.instalment} {self.due}"

    @property
    def outstanding(self) -> object:
        """Amount still to pay (None for an act)."""
        return None if self.amount is None else self.amount - self.paid


class PaymentStatus(models.TextChoices):
    """A reported payment is confirmed by court staff before it counts."""

    REPORTED = "reported", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("不予确认")


class PaymentReport(models.Model):
    """A payment (or an act) reported as performed: who, when, how much, with what evidence."""

    title = models.ForeignKey(Title, models.CASCADE, related_name="payments", verbose_name=_("执行依据"))
    payer_ref = models.CharField(_("履行人"), max_length=40)
    paid_on = models.DateField(_("履行日期"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    obligation = models.ForeignKey(
        Obligation, models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("行为事项")
    )
    evidence = models.CharField(_("凭证说明"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.REPORTED
    )
    reported_by = models.CharField(_("登记人"), max_length=150)
    confirmed_by = models.CharField(_("确认人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("履行登记")
        verbose_name_plural = _("履行登记")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="payment_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} {self.paid_on} {self.amount}"


class NoticeKind(models.TextChoices):
    """The three notices of the chain."""

    PERFORMANCE_NOTICE = "performance_notice", _("生效法律文书自动履行告知书")
    SANCTION_WARNING = "sanction_warning", _("失信、限制消费及拘留（罚款）预告书")
    CERTIFICATE = "certificate", _("自动履行证明书")


class Notice(models.Model):
    """A generated notice (DOCX kept in the row, so it commits with the change that caused it)."""

    title = models.ForeignKey(Title, models.CASCADE, related_name="notices", verbose_name=_("执行依据"))
    kind = models.CharField(_("文书"), max_length=20, choices=NoticeKind.choices)
    obligation = models.ForeignKey(
        Obligation, models.CASCADE, null=True, blank=True, related_name="notices", verbose_name=_("履行事项")
    )
    #: idempotency: one notice per title, kind and obligation
    key = models.CharField(max_length=80, unique=True)
    number = models.CharField(_("文书编号"), max_length=100)
    issued_on = models.DateField(_("发出日期"))
    verification_code = models.CharField(_("验证码"), max_length=32, unique=True)
    content = models.BinaryField(_("文件"))
    template = models.CharField(_("模板"), max_length=40, default="default")
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self) -> str:
        return self.number

    @property
    def filename(self) -> str:
        """Download name."""
        return f"{self.number}.docx"


class NoticeTemplate(models.Model):
    """A court's own DOCX template for one notice kind; the newest active one is used."""

    court = models.ForeignKey(Court, models.CASCADE, related_name="notice_templates", verbose_name=_("法院"))
    kind = models.CharField(_("文书"), max_length=20, choices=NoticeKind.choices)
    content = models.BinaryField(_("文件"))
    filename = models.CharField(_("文件名"), max_length=200)
    placeholders = models.JSONField(_("占位符"), default=list)
    active = models.BooleanField(_("启用"), default=True)
    uploaded_by = models.CharField(_("上传人"), max_length=150)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return f"{self.court_id} {self.kind} {self.filename}"


class UrgingStatus(models.TextChoices):
    """Outcome of a pre-enforcement urging period."""

    OPEN = "open", _("督促中")
    PERFORMED = "performed", _("督促履行完毕")
    FILED = "filed", _("期满未履行，已执行立案")


class Urging(models.Model):
    """执前督促: an enforcement application opens it; performance closes it, the lapse files the 执 case."""

    title = models.ForeignKey(Title, models.PROTECT, related_name="urgings", verbose_name=_("执行依据"))
    applicant_ref = models.CharField(_("申请人"), max_length=40)
    applied_on = models.DateField(_("申请日期"))
    ends_on = models.DateField(_("督促期限届满日"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=UrgingStatus.choices, default=UrgingStatus.OPEN
    )
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    enforcement_case = models.OneToOneField(
        Case, models.PROTECT, null=True, blank=True, related_name="urging", verbose_name=_("执行案件")
    )
    note = models.CharField(_("备注"), max_length=500, blank=True)
    opened_by = models.CharField(_("登记人"), max_length=150)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("执前督促")
        verbose_name_plural = _("执前督促")
        constraints = [
            models.UniqueConstraint(
                fields=["title"], condition=models.Q(status="open"), name="one_open_urging_per_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} {self.applied_on}–{self.ends_on} {self.status}"


class ContactChannel(models.TextChoices):
    """How the court reached the debtor."""

    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    VISIT = "visit", _("约谈/走访")
    LETTER = "letter", _("书面督促")
    OTHER = "other", _("其他")


class UrgingContact(models.Model):
    """One contact with the debtor during an urging period."""

    urging = models.ForeignKey(Urging, models.CASCADE, related_name="contacts", verbose_name=_("执前督促"))
    on = models.DateField(_("日期"))
    channel = models.CharField(_("方式"), max_length=8, choices=ContactChannel.choices)
    note = models.CharField(_("情况"), max_length=500)
    recorded_by = models.CharField(_("登记人"), max_length=150)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("督促记录")
        verbose_name_plural = _("督促记录")

    def __str__(self) -> str:
        return f"{self.urging_id} {self.on} {self.channel}"
