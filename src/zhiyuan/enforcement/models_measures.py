"""Control measures and property (物): the assets seized on an enforcement case, the measures on them (seal
查封, seizure 扣押, freeze 冻结, deduction 扣划) with their legal periods and priority among courts, and the
disposal of an asset (reference price, online auction, sale at a set price, acceptance in lieu).

The rules live in :mod:`zhiyuan.enforcement.measures` and :mod:`zhiyuan.enforcement.property`; the periods
come from ``zhiyuan.law.deadlines`` (rules ``bank_freeze``, ``movable_seal``, ``real_estate_seal``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.parties.models import Party


class AssetClass(models.TextChoices):
    """What an asset is: the inquiry network's classes (``zhiyuan.gateway.protocol.AssetClass``) that
    name property, plus other movables and other property rights the network does not report."""

    DEPOSIT = "deposit", _("银行存款")
    WEALTH_PRODUCT = "wealth_product", _("金融理财产品")
    SECURITIES = "securities", _("证券")
    FUTURES = "futures", _("期货保证金")
    REAL_ESTATE = "real_estate", _("不动产")
    VEHICLE = "vehicle", _("机动车")
    VESSEL = "vessel", _("船舶")
    FISHING_VESSEL = "fishing_vessel", _("渔船")
    COMPANY_SHARE = "company_share", _("股权")
    HOUSING_FUND = "housing_fund", _("住房公积金")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    ONLINE_PAYMENT = "online_payment", _("网络资金")
    INSURANCE = "insurance", _("商业保险")
    MOVABLE = "movable", _("其他动产")
    OTHER_RIGHT = "other_right", _("其他财产权")


class AssetStatus(models.TextChoices):
    """Where an asset stands on its way through disposal."""

    SEIZED = "seized", _("已控制")
    VALUING = "valuing", _("确定参考价")
    IN_AUCTION = "in_auction", _("拍卖中")
    SOLD = "sold", _("已处置（拍卖或变卖）")
    ACCEPTED = "accepted", _("以物抵债")
    RELEASED = "released", _("已解除控制")


class Asset(models.Model):
    """A debtor's asset on an enforcement case. ``register_ref`` (certificate, account or registration
    number) names the same thing across courts: measures on assets of one class and one ``register_ref``
    rank among themselves (首封 and 轮候)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="assets", verbose_name=_("案件"))
    asset_class = models.CharField(_("财产类别"), max_length=20, choices=AssetClass.choices)
    description = models.CharField(_("财产描述"), max_length=200)
    register_ref = models.CharField(_("权证号或账号"), max_length=100, blank=True, db_index=True)
    location = models.CharField(_("所在地或开户机构"), max_length=200, blank=True)
    owner = models.ForeignKey(Party, models.PROTECT, related_name="assets", verbose_name=_("所有人"))
    estimated_value = models.DecimalField(
        _("估计价值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=AssetStatus.choices, default=AssetStatus.SEIZED
    )
    #: the outcome: the price of a sale (变卖, or the auction's) or the value accepted in lieu (以物抵债)
    outcome_price = models.DecimalField(_("处置价款"), max_digits=16, decimal_places=2, null=True, blank=True)
    outcome_on = models.DateField(_("处置日期"), null=True, blank=True)
    outcome_party = models.CharField(_("买受人或承受人"), max_length=200, blank=True)
    #: the day the buyer's full price reached the court (sold assets only); booked as the case's receipt
    proceeds_paid_on = models.DateField(_("价款到账日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("财产")
        verbose_name_plural = _("财产")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.asset_class}:{self.description}"


class MeasureKind(models.TextChoices):
    """The four control measures."""

    SEAL = "seal", _("查封")
    SEIZURE = "seizure", _("扣押")
    FREEZE = "freeze", _("冻结")
    DEDUCTION = "deduction", _("扣划")


class MeasureStatus(models.TextChoices):
    """A measure's state: ``waiting`` (轮候, behind another court's), ``active`` (in force), ``renewed``
    (superseded by its renewal), ``released``, ``lapsed`` (its period ended without renewal) and ``done``
    (a deduction carried out)."""

    ACTIVE = "active", _("有效")
    WAITING = "waiting", _("轮候")
    RENEWED = "renewed", _("已续行")
    RELEASED = "released", _("已解除")
    LAPSED = "lapsed", _("已失效")
    DONE = "done", _("已扣划")


class Priority(models.TextChoices):
    """首封 or 轮候."""

    FIRST = "first", _("首封")
    WAITING = "waiting", _("轮候")


class Measure(models.Model):
    """A control measure. A renewal is a new row (``renewed_from``) and the old one is ``renewed``; the
    chain keeps the first start (``first_start``) and every renewal date (``renewal_dates``) from which the
    law computes the end. A waiting measure has no dates until it takes effect."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="measures", verbose_name=_("案件"))
    asset = models.ForeignKey(
        Asset, models.CASCADE, null=True, blank=True, related_name="measures", verbose_name=_("财产")
    )
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("措施"), max_length=10, choices=MeasureKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    rule = models.CharField(_("期限规则"), max_length=32, blank=True)
    starts_on = models.DateField(_("起始日"), null=True, blank=True)
    ends_on = models.DateField(_("届满日"), null=True, blank=True, db_index=True)
    first_start = models.DateField(_("首次起始日"), null=True, blank=True)
    renewal_dates = models.JSONField(_("续行日期"), default=list, blank=True)
    renewals = models.PositiveSmallIntegerField(_("续行次数"), default=0)
    renewed_from = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="renewal", verbose_name=_("续行自")
    )
    priority = models.CharField(_("顺位"), max_length=8, choices=Priority.choices, default=Priority.FIRST)
    queue_order = models.PositiveIntegerField(_("轮候顺序"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("解除或失效日"), null=True, blank=True)
    receipt_ref = models.CharField(_("回执编号"), max_length=100, blank=True)
    release_ref = models.CharField(_("解除回执编号"), max_length=100, blank=True, db_index=True)
    release_reason = models.CharField(_("解除原因"), max_length=500, blank=True)
    document_refs = models.JSONField(_("文书"), default=list, blank=True)
    citations = models.JSONField(_("依据"), default=list, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("控制措施")
        verbose_name_plural = _("控制措施")
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_ref"], condition=~models.Q(receipt_ref=""), name="measure_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}:{self.status}"


class ValuationMethod(models.TextChoices):
    """The four ways to set a reference price (确定财产处置参考价规定 Art 2)."""

    AGREED = "agreed", _("当事人议价")
    DIRECTED = "directed", _("定向询价")
    NETWORK = "network", _("网络询价")
    APPRAISAL = "appraisal", _("委托评估")


class Valuation(models.Model):
    """A reference price of an asset."""

    asset = models.ForeignKey(Asset, models.CASCADE, related_name="valuations", verbose_name=_("财产"))
    method = models.CharField(_("确定方式"), max_length=10, choices=ValuationMethod.choices)
    price = models.DecimalField(_("参考价"), max_digits=16, decimal_places=2)
    valued_on = models.DateField(_("确定日期"))
    source = models.CharField(_("来源"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["asset", "-valued_on", "-id"]
        verbose_name = _("参考价")
        verbose_name_plural = _("参考价")

    def __str__(self) -> str:
        return f"{self.asset_id}:{self.method}:{self.price}"


class AuctionResult(models.TextChoices):
    """How an auction ended (empty while it is pending)."""

    SOLD = "sold", _("成交")
    FAILED = "failed", _("流拍")
    WITHDRAWN = "withdrawn", _("撤回")


class Auction(models.Model):
    """An online judicial auction of an asset (round 1, or 2 after a failed first), checked against
    ``zhiyuan.law.auction`` when it is announced."""

    asset = models.ForeignKey(Asset, models.CASCADE, related_name="auctions", verbose_name=_("财产"))
    round = models.PositiveSmallIntegerField(_("轮次"))
    reference_price = models.DecimalField(_("参考价"), max_digits=16, decimal_places=2)
    reserve = models.DecimalField(_("起拍价"), max_digits=16, decimal_places=2)
    min_reserve = models.DecimalField(_("法定最低起拍价"), max_digits=16, decimal_places=2)
    announced_on = models.DateField(_("公告日"))
    auction_on = models.DateField(_("拍卖日"))
    result = models.CharField(_("结果"), max_length=10, choices=AuctionResult.choices, blank=True)
    price = models.DecimalField(_("成交价"), max_digits=16, decimal_places=2, null=True, blank=True)
    buyer = models.CharField(_("买受人"), max_length=200, blank=True)
    citations = models.JSONField(_("依据"), default=list, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["asset", "round", "id"]
        verbose_name = _("网络司法拍卖")
        verbose_name_plural = _("网络司法拍卖")

    def __str__(self) -> str:
        return f"{self.asset_id}:{self.round}:{self.result}"


class DocumentTemplate(models.Model):
    """A court's own DOCX template of a measures document (a ruling, an assistance notice, an auction
    announcement), with ``{placeholder}`` fields; without one the built-in template is used."""

    court = models.ForeignKey(Court, models.CASCADE, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("文书种类"), max_length=40)
    content = models.BinaryField(_("模板"))
    uploaded_by = models.CharField(_("上传人"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("执行措施文书模板")
        verbose_name_plural = _("执行措施文书模板")
        constraints = [models.UniqueConstraint(fields=["court", "kind"], name="measure_template_unique")]

    def __str__(self) -> str:
        return f"{self.court_id}:{self.kind}"
