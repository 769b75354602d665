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


class IdType(models.TextChoices):
    """The identity document the number belongs to (``zhiyuan.law.identity.ID_TYPES``)."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    RESIDENCE_PERMIT = "residence_permit", _("港澳台居民居住证")
    USCC = "uscc", _("统一社会信用代码")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_RESIDENT_ID = "foreign_permanent_resident_id", _("外国人永久居留身份证")


class Party(models.Model):
    """A person or organization appearing in cases."""

    kind = models.CharField(_("类型"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    #: empty exactly when there is no identity number
    id_type = models.CharField(_("证件类型"), max_length=40, choices=IdType.choices, blank=True, default="")
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


class PartyName(models.Model):
    """Another name the same party (one identity number) appears under: a company's new or former name,
    a name written another way. Recorded when a case keeps the name it was given for a known identity
    number (``zhiyuan.parties.services.resolve_named`` with ``KEEP_TYPED``); the party's own ``name``
    stays as it was recorded."""

    party = models.ForeignKey(Party, models.CASCADE, related_name="other_names", verbose_name=_("当事人"))
    name = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("当事人的其他名称")
        verbose_name_plural = _("当事人的其他名称")
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="party_name_unique")]

    def __str__(self) -> str:
        return self.name
