"""The append-only audit log. Rows are never updated or deleted by the application, and database
triggers refuse it too; every row carries its RFC 6962 leaf hash and the running chain hash."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit row through the application."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the audit log is append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("the audit log is append-only")


class Outcome(models.TextChoices):
    """What became of the attempt."""

    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


class AuditEntry(models.Model):
    """One event: who, when, what, on which object, before/after (personal data masked)."""

    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    actor_roles = models.CharField(_("角色"), max_length=200, blank=True)
    court_code = models.CharField(_("法院"), max_length=16, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=80, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.CharField(_("来源地址"), max_length=45, blank=True)
    leaf_hash = models.CharField(_("叶哈希"), max_length=64)
    chain_hash = models.CharField(_("链哈希"), max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["at"]), models.Index(fields=["actor_id", "at"])]

    def __str__(self) -> str:
        from zhiyuan.audit.actions import action_label

        return f"#{self.seq} {action_label(self.action)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the audit log is append-only")


class AuditHead(models.Model):
    """The single row holding the log's size and last chain hash; locked by every writer. ``writes`` counts
    the entries that record a change of data, not an access (:func:`zhiyuan.audit.services.is_access`):
    what depends on the data (the indicator rollups) compares it, and a read must not make it stale."""

    size = models.BigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64)
    writes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"{self.size} {self.chain_hash[:12]}"


class AuditCheckpoint(models.Model):
    """A signed statement of the log's size and Merkle root at a moment, to be kept elsewhere too."""

    size = models.BigIntegerField(_("条数"))
    root = models.CharField(_("默克尔根"), max_length=64)
    chain_hash = models.CharField(_("链哈希"), max_length=64)
    at = models.DateTimeField(_("时间"))
    key_id = models.CharField(_("密钥"), max_length=64)
    signature = models.CharField(_("签名"), max_length=200)

    class Meta:
        ordering = ["-size"]
        verbose_name = _("审计检查点")
        verbose_name_plural = _("审计检查点")

    def __str__(self) -> str:
        return f"{self.size} {self.root[:12]}"


class AuditVerifiedHead(models.Model):
    """The single row holding how far the chain was last verified: size, chain hash and the Merkle
    frontier there, so the next verification reads only the entries appended since (the chain is
    append-only and hash-linked). ``full_verified_at`` is the last complete recomputation;
    ``full_started_at`` rate-limits complete recomputations asked for over HTTP."""

    size = models.BigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64)
    #: hex roots of the perfect subtrees of the first ``size`` leaves, largest first (merkle.frontier_push)
    frontier = models.JSONField(default=list)
    verified_at = models.DateTimeField(null=True, blank=True)
    full_verified_at = models.DateTimeField(null=True, blank=True)
    full_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("已校验链头")

    def __str__(self) -> str:
        return f"{self.size} {self.chain_hash[:12]}"
