"""Finding or creating parties. Identity numbers are checked by the one definition in
``zhiyuan.law.identity`` (a region code younger than the holder is fine; a birth date after today is not)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import examine, id_type_of, normalize, reason_message
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.parties.models import Party, PartyKind
from zhiyuan.parties.selectors import identity_hash
from zhiyuan.rulebook.bundled import reference

ORGANIZATION_SUFFIXES = ("公司", "厂", "银行", "合作社", "中心", "委员会", "事务所", "医院", "学校", "集团")


def _params() -> ParameterBook:
    return reference().params


def kind_of(name: str, id_number: str, id_type: str = "") -> str:
    """A credit code or an organization's name makes a legal person (or other organization)."""
    found = examine(id_number, id_type, params=_params()) if id_number else None
    if found is not None and found["valid"] and found["kind"] == "uscc":
        return PartyKind.LEGAL_PERSON
    if name.endswith(ORGANIZATION_SUFFIXES):
        return PartyKind.LEGAL_PERSON if "公司" in name or "银行" in name else PartyKind.OTHER_ORGANIZATION
    return PartyKind.NATURAL_PERSON


def identify(id_number: str, id_type: str = "", *, on: dt.date | None = None) -> tuple[str, str]:
    """The normalized number and its document type (given, or taken from the shape); ("", "") without a
    number. Refuses an unknown type (``id_type_unknown``) and a number that does not check out
    (``id_number_invalid``, with the reason) — checked on ``on``, by default today."""
    number = normalize(id_number)
    kind = id_type_of(id_type)
    if not number:
        return "", ""
    day = on if on is not None else timezone.localdate()
    found = examine(number, kind, on=day, params=_params())
    if not found["valid"]:
        zh, en = reason_message(found["reason"], day) or ("", "")
        raise LawError(
            "id_number_invalid",
            f"证件号码无效：{number[:6]}…（{zh.rstrip('。')}）",
            f"Invalid identity number: {number[:6]}… ({en.rstrip('.')})",
            reason=found["reason"],
            id_type=found["kind"],
        )
    return number, found["kind"]


def normalized_id(id_number: str, id_type: str = "", *, on: dt.date | None = None) -> str:
    """Identity number without spaces, upper case; refuse an invalid one."""
    return identify(id_number, id_type, on=on)[0]


def find_by_identity(id_number: str) -> Party | None:
    """The party holding ``id_number``, if any (the number must be valid)."""
    digest = identity_hash(normalized_id(id_number))
    return Party.objects.filter(id_number_hash=digest).first() if digest else None


def resolve(name: str, id_number: str = "", id_type: str = "") -> Party:
    """The one party for this identity number (created if new); without a number, a new record. A party
    stored without its document type gets it."""
    number, kind = identify(id_number, id_type)
    if number:
        found = Party.objects.filter(id_number_hash=identity_hash(number)).first()
        if found is None:
            try:
                with transaction.atomic():
                    return Party.objects.create(
                        kind=kind_of(name, number, kind), name=name, id_type=kind, id_number=number
                    )
            except IntegrityError:  # another writer created it meanwhile
                found = Party.objects.filter(id_number_hash=identity_hash(number)).first()
                if found is None:
                    raise
        if not found.id_type:
            found.id_type = kind
            found.save(update_fields=["id_type"])
        return found
    return Party.objects.create(kind=kind_of(name, ""), name=name)
