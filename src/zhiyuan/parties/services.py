"""Finding or creating parties. Identity numbers are checked by the one definition in
``zhiyuan.law.identity`` (a region code younger than the holder is fine; a birth date after today is not)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import examine, id_type_of, normalize, reason_message
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.parties.models import Party, PartyKind, PartyName
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


#: what a filing does when an identity number is already recorded under another name (``name_choice``)
ASK = ""  # refuse with ``identity_other_name``, so that the person filing decides
USE_RECORDED = "recorded"  # the case names the party as it is recorded
KEEP_TYPED = "alias"  # the case keeps the name it was given, recorded as another name of the same party
NAME_CHOICES = (USE_RECORDED, KEEP_TYPED)


@dataclass(frozen=True)
class Resolved:
    """The party and the name the case records it under."""

    party: Party
    name: str


def same_name(a: str, b: str) -> bool:
    """The same name, written with or without spaces and with half- or full-width brackets."""

    def norm(text: str) -> str:
        return "".join(text.split()).replace("(", "（").replace(")", "）")

    return norm(a) == norm(b)


def known_as(party: Party, name: str) -> bool:
    """Is ``name`` the party's recorded name or one of its other names?"""
    if same_name(party.name, name):
        return True
    return any(same_name(n, name) for n in party.other_names.values_list("name", flat=True))


def recorded_under_other_name(name: str, id_number: str, id_type: str = "") -> str | None:
    """The recorded name of the party holding this (valid) number when ``name`` is neither it nor one of
    its other names; None otherwise (no number, a new number, or a known name). Refuses an invalid number
    like :func:`identify`."""
    number, _ = identify(id_number, id_type)
    if not number or not name.strip():
        return None
    found = Party.objects.filter(id_number_hash=identity_hash(number)).first()
    if found is None or known_as(found, name):
        return None
    return found.name


def other_name_error(number: str, name: str, recorded: str, *, disclose: bool = True) -> LawError:
    """The refusal of a name that differs from the one the number is recorded under. ``disclose``: the
    recorded name is said (to court staff); a partner organization is told only that it differs."""
    if disclose:
        zh = (
            f"证件号码 {number[:6]}… 已登记为“{recorded}”，与填写的“{name}”不同：请选择使用登记的名称、"
            "保留填写的名称作为同一当事人的另一名称，或更正证件号码。"
        )
        en = (
            f"The identity number {number[:6]}… is recorded under the name '{recorded}', not '{name}': "
            "use the recorded name, keep the typed name as another name of the same party, or correct "
            "the number."
        )
        return LawError(
            "identity_other_name", zh, en, name=name, recorded_name=recorded, choices=list(NAME_CHOICES)
        )
    return LawError(
        "identity_other_name",
        f"证件号码 {number[:6]}… 已登记在另一名称下：请更正证件号码，或以 name_choice 选择"
        "使用登记的名称（recorded）或保留填写的名称（alias）。",
        f"The identity number {number[:6]}… is recorded under another name: correct the number, or set "
        "name_choice to use the recorded name (recorded) or keep the typed name (alias).",
        name=name,
        choices=list(NAME_CHOICES),
    )


def _check_choice(name_choice: str) -> None:
    if name_choice not in (ASK, *NAME_CHOICES):
        raise LawError(
            "name_choice_invalid",
            f"name_choice 须为 {'、'.join(NAME_CHOICES)} 之一。",
            f"name_choice must be one of {', '.join(NAME_CHOICES)}.",
            choices=list(NAME_CHOICES),
        )


def resolve_named(
    name: str,
    id_number: str = "",
    id_type: str = "",
    *,
    kind: str = "",
    name_choice: str = ASK,
    disclose: bool = True,
) -> Resolved:
    """The one party for this identity number (created if new, of ``kind`` or the kind its number and
    name suggest) and the name the case records it under; without a number, a new record. A party stored
    without its document type gets it.

    A number recorded under another name is never renamed silently: ``name_choice`` decides
    (:data:`USE_RECORDED`: the recorded name; :data:`KEEP_TYPED`: the given name, added to the party's
    other names); without a choice the filing is refused (``identity_other_name``). A name the party is
    already known under is simply used."""
    _check_choice(name_choice)
    if kind and kind not in PartyKind.values:
        raise LawError("party_kind_invalid", f"当事人类型无效：{kind}。", f"Invalid party kind: {kind}.")
    name = name.strip()
    number, doc = identify(id_number, id_type)
    if not number:
        return Resolved(Party.objects.create(kind=kind or kind_of(name, ""), name=name), name)
    found = Party.objects.filter(id_number_hash=identity_hash(number)).first()
    if found is None:
        try:
            with transaction.atomic():
                party = Party.objects.create(
                    kind=kind or kind_of(name, number, doc), name=name, id_type=doc, id_number=number
                )
                return Resolved(party, name)
        except IntegrityError:  # another writer created it meanwhile
            found = Party.objects.filter(id_number_hash=identity_hash(number)).first()
            if found is None:
                raise
    if not found.id_type:
        found.id_type = doc
        found.save(update_fields=["id_type"])
    if not name or known_as(found, name):
        return Resolved(found, name or found.name)
    if name_choice == USE_RECORDED:
        return Resolved(found, found.name)
    if name_choice == KEEP_TYPED:
        add_name(found, name)
        return Resolved(found, name)
    raise other_name_error(number, name, found.name, disclose=disclose)


def add_name(party: Party, name: str) -> None:
    """Record ``name`` as another name of ``party`` (once)."""
    try:
        with transaction.atomic():
            PartyName.objects.get_or_create(party=party, name=name.strip())
    except IntegrityError:  # another writer recorded it meanwhile
        pass


def resolve(
    name: str, id_number: str = "", id_type: str = "", *, kind: str = "", name_choice: str = ASK
) -> Party:
    """The party of :func:`resolve_named` (the same rules: a different name needs ``name_choice``)."""
    return resolve_named(name, id_number, id_type, kind=kind, name_choice=name_choice).party
