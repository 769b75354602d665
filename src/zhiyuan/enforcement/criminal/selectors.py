"""Reads of criminal-judgment transfers: a case's transfer (from either side), the items an enforcement
case enforces, the criminal cases a trial user may transfer, and the transfers of a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import scoped
from zhiyuan.enforcement.criminal import rules
from zhiyuan.enforcement.models import CriminalTransfer, TransferItem


def of_criminal(case: Case) -> CriminalTransfer | None:
    """The transfer of a criminal case (None before it is transferred)."""
    return CriminalTransfer.objects.filter(criminal_case=case).select_related("enforcement_case").first()


def of_enforcement(case: Case) -> CriminalTransfer | None:
    """The transfer an enforcement case was filed from (None for any other case)."""
    return (
        CriminalTransfer.objects.filter(enforcement_case=case)
        .select_related("criminal_case", "defendant")
        .first()
    )


def items(transfer: CriminalTransfer) -> list[TransferItem]:
    """The transfer's items in the form's order, with their victims."""
    return list(transfer.items.select_related("victim").order_by("position"))


def claims(case: Case) -> list[dict[str, Any]] | None:
    """The items an enforcement case enforces as claims of the Art 13 order (``law.criminal_priority``):
    ``id`` (the item), ``kind`` (ranked), ``item_kind``, ``amount``, ``secured``, and who is paid
    (``payee_kind`` creditor with ``party_id`` and ``payee``, or treasury). None when the case is not a
    transferred criminal judgment's."""
    found = of_enforcement(case)
    if found is None:
        return None
    out = []
    for item in items(found):
        victim = item.victim
        out.append(
            {
                "id": str(item.pk),
                "kind": rules.priority_kind(item.kind, victim is not None),
                "item_kind": item.kind,
                "label": str(item.get_kind_display()),
                "amount": item.amount,
                "secured": item.secured,
                "payee_kind": "creditor" if victim is not None else "treasury",
                "party_id": victim.pk if victim is not None else None,
                "payee": victim.name if victim is not None else "国库",
            }
        )
    return out


def transferable(user: Any, limit: int = 100) -> QuerySet[Case]:
    """The criminal judgments (刑初/刑终) in ``user``'s scope, newest first, with their transfer if any."""
    return (
        scoped(user)
        .filter(type_code__in=rules.CRIMINAL_TITLES)
        .select_related("criminal_transfer__enforcement_case")
        .order_by("-filed_on", "-pk")[:limit]
    )


def in_period(court_ids: Collection[int] | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Transfers dated in ``[start, end]`` whose enforcement case is of one of the courts: how many, their
    items, the amount due, and the enforcement cases' ids (for the ledger's figures)."""
    transfers = CriminalTransfer.objects.filter(transferred_on__gte=start, transferred_on__lte=end)
    if court_ids is not None:
        transfers = transfers.filter(enforcement_case__court_id__in=list(court_ids))
    totals = transfers.aggregate(n=Count("pk"), due=Sum("total"))
    by_kind = dict(
        TransferItem.objects.filter(transfer__in=transfers)
        .values_list("kind")
        .annotate(s=Sum("amount"))
        .values_list("kind", "s")
    )
    return {
        "transferred": totals["n"] or 0,
        "items": TransferItem.objects.filter(transfer__in=transfers).count(),
        "due": totals["due"] or Decimal("0.00"),
        "due_by_kind": {
            k: by_kind.get(k, Decimal("0.00"))
            for k in ("fine", "confiscation", "restitution", "recovery", "medical", "civil")
        },
        "case_ids": list(transfers.values_list("enforcement_case_id", flat=True)),
    }
