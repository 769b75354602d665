"""Reads about parties."""

from __future__ import annotations

from collections.abc import Iterable

from zhiyuan.parties.models import Party
from zhiyuan.privacy.fields import lookup_hash


def identity_hash(id_number: str) -> str:
    """The keyed hash under which a party with this identity number is stored (for scoping and search)."""
    number = id_number.replace(" ", "").replace("-", "").upper()
    return lookup_hash(Party, "id_number", number) if number else ""


def by_ids(ids: Iterable[int]) -> dict[int, Party]:
    """The party records with these ids (their identity numbers decrypted on read, in memory only)."""
    return Party.objects.in_bulk(sorted({int(i) for i in ids}))
