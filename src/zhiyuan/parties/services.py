"""Finding or creating parties."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from stdnum.cn import ric, uscc

from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import is_valid_number
from zhiyuan.parties.models import Party, PartyKind
from zhiyuan.parties.selectors import identity_hash

ORGANIZATION_SUFFIXES = ("公司", "厂", "银行", "合作社", "中心", "委员会", "事务所", "医院", "学校", "集团")


def kind_of(name: str, id_number: str) -> str:
    """A credit code or an organization's name makes a legal person (or other organization)."""
    number = id_number.replace(" ", "").upper()
    if number and uscc.is_valid(number) and not ric.is_valid(number):
        return PartyKind.LEGAL_PERSON
    if name.endswith(ORGANIZATION_SUFFIXES):
        return PartyKind.LEGAL_PERSON if "公司" in name or "银行" in name else PartyKind.OTHER_ORGANIZATION
    return PartyKind.NATURAL_PERSON


def normalized_id(id_number: str) -> str:
    """Identity number without spaces, upper case; refuse an invalid one."""
    number = id_number.replace(" ", "").replace("-", "").upper()
    if number and not is_valid_number(number):
        raise LawError(
            "id_number_invalid", f"证件号码无效：{number[:6]}…", f"Invalid identity number: {number[:6]}…"
        )
    return number


def find_by_identity(id_number: str) -> Party | None:
    """The party holding ``id_number``, if any (the number must be valid)."""
    digest = identity_hash(normalized_id(id_number))
    return Party.objects.filter(id_number_hash=digest).first() if digest else None


def resolve(name: str, id_number: str = "") -> Party:
    """The one party for this identity number (created if new); without a number, a new record."""
    number = normalized_id(id_number)
    if number:
        found = find_by_identity(number)
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return Party.objects.create(kind=kind_of(name, number), name=name, id_number=number)
        except IntegrityError:  # another writer created it meanwhile
            found = find_by_identity(number)
            if found is None:
                raise
            return found
    return Party.objects.create(kind=kind_of(name, ""), name=name)
