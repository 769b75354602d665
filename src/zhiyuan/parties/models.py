"""Parties. The identity number is encrypted; its keyed hash makes one record per person or
organization across every case and court."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.privacy.fields import EncryptedTextField


class PartyKind(models.TextChoices):
    """Natural person, legal person, or other organization."""

    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人")
    OTHER_ORGANIZATION = "other_organization", _("非法人组织")


class Party(models.Model):
    """A person or organization appearing in cases."""

    kind = models.CharField(_("类型"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    id_number = EncryptedTextField(_("证件号码"), blank=True, default="", hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="party_one_record_per_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.name
