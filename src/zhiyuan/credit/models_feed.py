"""Joint sanctions (联合惩戒) and credit restoration (信用修复): the feed partner agencies fetch, their
acknowledged position in it, and the debtors' restoration requests.

The feed is an append-only sequence of events — a listing published or deleted, a restriction issued or
lifted — numbered by ``seq`` (the primary key: a partner asks for what follows the last number it holds).
An event keeps references and the date only; the identity it carries is read when the partner fetches
it (the full number stays encrypted in ``parties`` until then, and each fetch is audited)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.credit.models import Listing, Restriction


class FeedKind(models.TextChoices):
    """What happened."""

    LISTED = "listed", _("纳入失信名单")
    DELISTED = "delisted", _("删除失信信息")
    RESTRICTED = "restricted", _("限制消费")
    RESTRICTION_LIFTED = "restriction_lifted", _("解除限制消费")


class FeedEvent(models.Model):
    """One event of the joint-sanction feed; never changed or removed."""

    seq = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("事件"), max_length=20, choices=FeedKind.choices)
    listing = models.ForeignKey(
        Listing, models.PROTECT, null=True, blank=True, related_name="feed_events", verbose_name=_("失信名单")
    )
    restriction = models.ForeignKey(
        Restriction,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="feed_events",
        verbose_name=_("限制消费令"),
    )
    on = models.DateField(_("发生日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("联合惩戒信息")
        verbose_name_plural = _("联合惩戒信息")

    def __str__(self) -> str:
        return f"{self.seq}:{self.kind}"


class FeedCursor(models.Model):
    """How far a partner agency's account has acknowledged the feed (it has applied every event up to
    ``acked_seq``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="credit_feed_cursor",
        verbose_name=_("联合惩戒单位账号"),
    )
    acked_seq = models.BigIntegerField(_("已确认序号"), default=0)
    acked_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("最近获取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联合惩戒接收进度")
        verbose_name_plural = _("联合惩戒接收进度")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.acked_seq}"


class RestorationStatus(models.TextChoices):
    """A restoration request's state."""

    PENDING = "pending", _("待审查")
    GRANTED = "granted", _("准予修复")
    REFUSED = "refused", _("不予修复")


class Restoration(models.Model):
    """A debtor's request for credit restoration (信用修复) after performance or a settlement performed:
    recorded by the court, decided by another person; granting it deletes the listing (early, on active
    performance, when it has a period) and the deletion reaches the partner agencies through the feed."""

    listing = models.ForeignKey(
        Listing, models.PROTECT, related_name="restorations", verbose_name=_("失信名单")
    )
    basis = models.CharField(_("修复依据"), max_length=24)
    requested_on = models.DateField(_("申请日期"))
    evidence = models.TextField(_("履行情况与证据"))
    recorded_by_id = models.BigIntegerField(_("登记人编号"))
    recorded_by_name = models.CharField(_("登记人"), max_length=150)
    status = models.CharField(
        _("状态"), max_length=12, choices=RestorationStatus.choices, default=RestorationStatus.PENDING
    )
    decided_by_name = models.CharField(_("审查人"), max_length=150, blank=True)
    decided_on = models.DateField(_("审查日期"), null=True, blank=True)
    decision_note = models.TextField(_("审查意见"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing"],
                condition=models.Q(status="pending"),
                name="credit_one_pending_restoration",
            )
        ]
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")

    def __str__(self) -> str:
        return f"{self.listing_id}:{self.requested_on}:{self.status}"
