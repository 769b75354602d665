"""Case-number allocation: the next number per court, year, specialised code and type code, without
gaps or duplicates under concurrent filing. Writers serialise on the counter row."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from zhiyuan.cases.models import Case, NumberCounter
from zhiyuan.courts.models import Court
from zhiyuan.law.case_numbers import format_case_number


def _counter(court: Court, year: int, specialized: str, type_code: str) -> NumberCounter:
    key = {"court": court, "year": year, "specialized_code": specialized, "type_code": type_code}
    for _attempt in range(3):
        found = NumberCounter.objects.select_for_update().filter(**key).first()
        if found is not None:
            return found
        used = Case.objects.filter(court=court, year=year, specialized_code=specialized, type_code=type_code)
        try:
            with transaction.atomic():  # savepoint: a concurrent creator wins, we retry and lock its row
                NumberCounter.objects.create(**key, last=used.aggregate(m=Max("sequence"))["m"] or 0)
        except IntegrityError:
            continue
    return NumberCounter.objects.select_for_update().get(**key)


def allocate(court: Court, year: int, type_code: str, specialized: str = "") -> tuple[str, int]:
    """Reserve the next number (call inside the filing transaction); returns (case number, sequence)."""
    counter = _counter(court, year, specialized, type_code)
    counter.last += 1
    counter.save(update_fields=["last"])
    text = format_case_number(
        {
            "year": year,
            "court_code": court.code,
            "specialized_code": specialized,
            "type_code": type_code,
            "sequence": counter.last,
            "suffix": None,
            "legacy": False,
        }
    )
    return text, counter.last


def note_imported(court: Court, year: int, type_code: str, specialized: str, sequence: int) -> None:
    """An imported case used a number: later allocations continue after it."""
    counter = _counter(court, year, specialized, type_code)
    if sequence > counter.last:
        counter.last = sequence
        counter.save(update_fields=["last"])
