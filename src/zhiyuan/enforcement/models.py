"""Triage (繁简分流) of enforcement cases: the facts it was decided on, the rule's answer and an officer's
override."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case


class Track(models.TextChoices):
    """The triage track (``zhiyuan.law.triage``)."""

    SIMPLE = "simple", _("简案")
    COMPLEX = "complex", _("繁案")


class Triage(models.Model):
    """One enforcement case's triage: the facts the officer recorded, the facts the platform derives
    (``is_resumption``, ``pending_cases_of_debtor``) as they stood at the last triage, the rule's track with
    its reasons and citations, and an officer's override (which wins while it stands).

    ``track`` is the track in force (the override's, else the rule's) and is what lists filter on; it is
    empty when the rule could not answer (no claim amount recorded), ``pending`` then holds the reason."""

    case = models.OneToOneField(Case, models.CASCADE, related_name="triage", verbose_name=_("案件"))
    frozen_amount = models.DecimalField(_("已冻结金额"), max_digits=16, decimal_places=2, default=0)
    deducted_amount = models.DecimalField(_("已扣划金额"), max_digits=16, decimal_places=2, default=0)
    salary_monthly = models.DecimalField(_("被执行人月工资"), max_digits=16, decimal_places=2, default=0)
    needs_valuation = models.BooleanField(_("须评估"), default=False)
    third_party_objection = models.BooleanField(_("案外人异议"), default=False)
    debtor_whereabouts_unknown = models.BooleanField(_("被执行人下落不明"), default=False)
    is_resumption = models.BooleanField(_("恢复执行"), default=False)
    pending_cases_of_debtor = models.PositiveIntegerField(_("被执行人其他未结执行案件"), default=0)
    facts_recorded = models.BooleanField(_("已登记事实"), default=False)

    rule_track = models.CharField(_("规则分流"), max_length=8, choices=Track.choices, blank=True)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    citations = models.JSONField(_("依据"), default=list, blank=True)
    pending = models.CharField(_("未分流原因"), max_length=32, blank=True)

    override_track = models.CharField(_("人工调整分流"), max_length=8, choices=Track.choices, blank=True)
    override_reason = models.TextField(_("调整理由"), blank=True)
    override_by_id = models.BigIntegerField(_("调整人编号"), null=True, blank=True)
    override_by_name = models.CharField(_("调整人"), max_length=150, blank=True)
    override_at = models.DateTimeField(_("调整时间"), null=True, blank=True)

    track = models.CharField(_("分流"), max_length=8, choices=Track.choices, blank=True, db_index=True)
    triaged_at = models.DateTimeField(_("分流时间"))

    class Meta:
        verbose_name = _("繁简分流")
        verbose_name_plural = _("繁简分流")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.track}"


# Control measures and property (物): their own module, so the app's models stay small.
# asset inquiries and network orders (网络查控) live in their own module
from zhiyuan.enforcement.models_bankruptcy import (  # noqa: E402
    OPEN_STATES,
    Consent,
    ConsentBy,
    LinkRole,
    LinkState,
    Transfer,
    TransferCase,
    TransferState,
)
from zhiyuan.enforcement.models_criminal import CriminalTransfer, ItemKind, TransferItem  # noqa: E402
from zhiyuan.enforcement.models_hearings import (  # noqa: E402
    Hearing,
    HearingMode,
    HearingOutcome,
    HearingState,
    Participant,
    RequestedBy,
)
from zhiyuan.enforcement.models_inquiries import (  # noqa: E402
    FeedCursor,
    FeedOrphan,
    Inquiry,
    InquiryResult,
    InquiryState,
    NetworkOrder,
    OrderKindChoice,
    OrderState,
    RepeatedFreeze,
    StandingRequery,
    StandingState,
)
from zhiyuan.enforcement.models_measures import (  # noqa: E402
    Asset,
    AssetClass,
    AssetStatus,
    Auction,
    AuctionResult,
    DocumentTemplate,
    Measure,
    MeasureKind,
    MeasureStatus,
    Priority,
    Valuation,
    ValuationMethod,
)
from zhiyuan.enforcement.models_refusal import (  # noqa: E402
    Referral,
    ReferralOutcome,
    ReferralState,
    Sanction,
    SanctionKind,
    SanctionState,
    SanctionSubject,
)
from zhiyuan.enforcement.models_termination import (  # noqa: E402
    Finding,
    FindingItem,
    LibraryEntry,
    LibraryState,
    Opinion,
    ResumedBy,
)

__all__ = [
    "OPEN_STATES",
    "Asset",
    "AssetClass",
    "AssetStatus",
    "Auction",
    "AuctionResult",
    "Consent",
    "ConsentBy",
    "CriminalTransfer",
    "DocumentTemplate",
    "FeedCursor",
    "FeedOrphan",
    "Finding",
    "FindingItem",
    "Hearing",
    "HearingMode",
    "HearingOutcome",
    "HearingState",
    "Inquiry",
    "InquiryResult",
    "InquiryState",
    "ItemKind",
    "LibraryEntry",
    "LibraryState",
    "LinkRole",
    "LinkState",
    "Measure",
    "MeasureKind",
    "MeasureStatus",
    "NetworkOrder",
    "Opinion",
    "OrderKindChoice",
    "OrderState",
    "Participant",
    "Priority",
    "Referral",
    "ReferralOutcome",
    "ReferralState",
    "RepeatedFreeze",
    "RequestedBy",
    "ResumedBy",
    "Sanction",
    "SanctionKind",
    "SanctionState",
    "SanctionSubject",
    "StandingRequery",
    "StandingState",
    "Track",
    "Transfer",
    "TransferCase",
    "TransferItem",
    "TransferState",
    "Triage",
    "Valuation",
    "ValuationMethod",
]
