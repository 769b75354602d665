"""Credit sanctions: the dishonest-debtor list (失信被执行人名单) — proposals, decisions, publication,
deletion and correction — and consumption restriction orders (限制消费令).

A listing keeps, beside its workflow, the fields the public query answers (name as the case gives it,
masked identity, court, case number, obligation), copied when it is decided, so that the public lookup
is one indexed query on this table alone (``credit_public_identity``, ``credit_public_case``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.parties.models import Party


class ListingStatus(models.TextChoices):
    """Where a listing stands."""

    PENDING = "pending", _("待审批")
    REFUSED = "refused", _("不予批准")
    APPROVED = "approved", _("已决定待公布")
    PUBLISHED = "published", _("已公布")
    DELETED = "deleted", _("已删除")


#: a listing that still binds the debtor (decided, published or awaiting its decision)
ACTIVE = (ListingStatus.PENDING, ListingStatus.APPROVED, ListingStatus.PUBLISHED)
#: a listing in force: decided and not deleted
IN_FORCE = (ListingStatus.APPROVED, ListingStatus.PUBLISHED)


class Listing(models.Model):
    """One debtor of one enforcement case on the list: the proposal (grounds, evidence, facts), the rule's
    answer (``zhiyuan.law.dishonesty``), the president's decision, the grace period, publication, service
    of the decision, and deletion (trigger, the deadline the rule gives, when it happened)."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="credit_listings", verbose_name=_("案件"))
    party = models.ForeignKey(
        Party, models.PROTECT, related_name="credit_listings", verbose_name=_("被执行人")
    )
    court = models.ForeignKey(Court, models.PROTECT, related_name="credit_listings", verbose_name=_("法院"))
    status = models.CharField(_("状态"), max_length=12, choices=ListingStatus.choices, db_index=True)

    grounds = models.JSONField(_("失信情形"), default=list)
    evidence = models.TextField(_("证据说明"))
    debtor_is_minor = models.BooleanField(_("未成年人"), default=False)
    guarantee_provided = models.BooleanField(_("已提供充分有效担保"), default=False)
    seized_property_sufficient = models.BooleanField(_("已查封扣押冻结财产足以清偿"), default=False)
    performance_order_later = models.BooleanField(_("履行顺序在后"), default=False)
    aggravated = models.BooleanField(_("情节严重或多项失信行为"), default=False)
    extension_years = models.PositiveSmallIntegerField(_("延长年数"), default=0)
    grounds_applied = models.JSONField(_("适用情形"), default=list)
    citations = models.JSONField(_("依据"), default=list)
    period_years = models.PositiveSmallIntegerField(_("纳入期限（年）"), null=True, blank=True)

    proposed_by_id = models.BigIntegerField(_("提请人编号"))
    proposed_by_name = models.CharField(_("提请人"), max_length=150)
    proposed_on = models.DateField(_("提请日期"))
    grace_months = models.PositiveSmallIntegerField(_("宽限期（月）"), default=0)

    decided_by_id = models.BigIntegerField(_("审批人编号"), null=True, blank=True)
    decided_by_name = models.CharField(_("审批人"), max_length=150, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)
    publish_on = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)
    until = models.DateField(_("纳入期限届满"), null=True, blank=True, db_index=True)
    published_on = models.DateField(_("实际公布日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_note = models.CharField(_("送达方式"), max_length=200, blank=True)

    # what the public query shows (copied at the proposal; identity only hashed and masked)
    name = models.CharField(_("名称"), max_length=200)
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_masked = models.CharField(_("证件号码（脱敏）"), max_length=40, blank=True)
    court_name = models.CharField(_("执行法院"), max_length=100)
    case_number = models.CharField(_("执行案号"), max_length=64)
    obligation = models.CharField(_("生效法律文书确定的义务"), max_length=500)

    trigger = models.CharField(_("删除事由"), max_length=24, blank=True)
    trigger_on = models.DateField(_("删除事由发生日期"), null=True, blank=True)
    delete_by = models.DateField(_("应删除日期"), null=True, blank=True)
    deleted_on = models.DateField(_("删除日期"), null=True, blank=True)
    deletion_note = models.TextField(_("删除说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("失信被执行人名单")
        verbose_name_plural = _("失信被执行人名单")
        indexes = [
            models.Index(
                fields=["id_hash", "name"], condition=Q(status="published"), name="credit_public_identity"
            ),
            models.Index(fields=["case_number"], condition=Q(status="published"), name="credit_public_case"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party"],
                condition=Q(status__in=["pending", "approved", "published"]),
                name="credit_one_active_listing",
            ),
            models.CheckConstraint(condition=Q(grace_months__lte=3), name="credit_grace_at_most_three"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.name} {self.status}"


class CorrectionStatus(models.TextChoices):
    """A correction request's state (Art 12)."""

    PENDING = "pending", _("待审查")
    ACCEPTED = "accepted", _("理由成立")
    REFUSED = "refused", _("理由不成立")


class Correction(models.Model):
    """The debtor's request to correct a listing (纠正申请, Art 12): reviewed within 15 days; accepted →
    the listing is corrected or deleted; refused → reconsideration lies with the higher court."""

    listing = models.ForeignKey(Listing, models.CASCADE, related_name="corrections", verbose_name=_("名单"))
    requested_on = models.DateField(_("申请日期"))
    reason = models.TextField(_("申请理由"))
    due_on = models.DateField(_("审查期限"))
    recorded_by_name = models.CharField(_("登记人"), max_length=150)
    status = models.CharField(
        _("状态"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    outcome = models.CharField(_("处理结果"), max_length=12, blank=True)
    decision_note = models.TextField(_("审查意见"), blank=True)
    decided_on = models.DateField(_("审查日期"), null=True, blank=True)
    decided_by_name = models.CharField(_("审查人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("纠正申请")
        verbose_name_plural = _("纠正申请")

    def __str__(self) -> str:
        return f"{self.listing_id}:{self.requested_on}:{self.status}"


class Capacity(models.TextChoices):
    """Whom a restriction binds (2015 规定 Art 3): the natural-person debtor, or a unit debtor's people."""

    DEBTOR = "debtor", _("被执行人本人")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")
    PRINCIPAL = "principal", _("主要负责人")
    RESPONSIBLE = "responsible", _("影响债务履行的直接责任人员")
    ACTUAL_CONTROLLER = "actual_controller", _("实际控制人")


class RestrictionStatus(models.TextChoices):
    """A consumption restriction's state: proposed by the officer, signed (in force) or refused by the court
    president or delegate (2015 规定: 限制消费令由院长签发), lifted."""

    PROPOSED = "proposed", _("待签发")
    IN_FORCE = "in_force", _("限制中")
    REFUSED = "refused", _("未签发")
    LIFTED = "lifted", _("已解除")


class Restriction(models.Model):
    """A consumption restriction order (限制消费令) against one person: the debtor, or for a unit debtor one
    of its recorded people (identity hashed and masked only); proposed by the officer, in force once the
    president (or delegate) signs it, lifted on guarantee, consent or performance. Orders made before
    signing was required have no proposer."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="credit_restrictions", verbose_name=_("案件"))
    party = models.ForeignKey(
        Party, models.PROTECT, related_name="credit_restrictions", verbose_name=_("被执行人")
    )
    capacity = models.CharField(_("身份"), max_length=24, choices=Capacity.choices)
    person_name = models.CharField(_("被限制人"), max_length=200)
    person_id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    person_id_masked = models.CharField(_("证件号码（脱敏）"), max_length=40, blank=True)
    proposed_by_id = models.BigIntegerField(_("提请人编号"), null=True, blank=True)
    proposed_by_name = models.CharField(_("提请人"), max_length=150, blank=True)
    proposed_on = models.DateField(_("提请日期"), null=True, blank=True)
    issued_on = models.DateField(_("签发日期"), null=True, blank=True)
    issued_by_name = models.CharField(_("签发人"), max_length=150, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=RestrictionStatus.choices, default=RestrictionStatus.PROPOSED
    )
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    lift_ground = models.CharField(_("解除事由"), max_length=24, blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("限制消费令")
        verbose_name_plural = _("限制消费令")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.person_name}:{self.status}"


class ExceptionStatus(models.TextChoices):
    """A travel exception request's state."""

    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("准许")
    REFUSED = "refused", _("不准许")


class TravelException(models.Model):
    """A restricted person's request to travel (or consume) for a proven necessity (e.g. medical treatment,
    paid with personal funds), granted or refused by an approver who did not record it."""

    restriction = models.ForeignKey(
        Restriction, models.CASCADE, related_name="exceptions", verbose_name=_("限制消费令")
    )
    purpose = models.TextField(_("事由"))
    travel_from = models.DateField(_("起始日期"))
    travel_to = models.DateField(_("结束日期"))
    requested_by_id = models.BigIntegerField(_("登记人编号"))
    requested_by_name = models.CharField(_("登记人"), max_length=150)
    status = models.CharField(
        _("状态"), max_length=12, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING
    )
    decided_by_name = models.CharField(_("审批人"), max_length=150, blank=True)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)

    class Meta:
        ordering = ["-travel_from", "-pk"]
        verbose_name = _("出行例外申请")
        verbose_name_plural = _("出行例外申请")

    def __str__(self) -> str:
        return f"{self.restriction_id}:{self.travel_from}:{self.status}"


class QueryWindow(models.Model):
    """How many public queries one client made in one fixed window (the per-client limit of the public
    query): one row per client and window, counted by a single upsert, shared by every web process.
    On PostgreSQL the table is UNLOGGED (a counter need not survive a crash); windows ended are pruned."""

    client = models.CharField(max_length=45)
    window_start = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "window_start"], name="credit_query_window_client")
        ]

    def __str__(self) -> str:
        return f"{self.client}@{self.window_start}: {self.count}"


from zhiyuan.credit.models_feed import (  # noqa: E402  (the feed and restoration, re-exported)
    FeedCursor,
    FeedEvent,
    FeedKind,
    Restoration,
    RestorationStatus,
)

__all__ = [
    "Capacity",
    "Correction",
    "CorrectionStatus",
    "ExceptionStatus",
    "FeedCursor",
    "FeedEvent",
    "FeedKind",
    "Listing",
    "ListingStatus",
    "QueryWindow",
    "Restoration",
    "RestorationStatus",
    "Restriction",
    "RestrictionStatus",
    "TravelException",
]
