"""Reads of a case's network work: inquiries with their results by class, orders with their receipts,
repeated freezes and standing re-queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import (
    Inquiry,
    InquiryResult,
    NetworkOrder,
    RepeatedFreeze,
    StandingRequery,
)
from zhiyuan.gateway.protocol import FREEZABLE, LABELS, RECORDS, AssetClass

LATEST = 20
#: who asked an inquiry, in words
ORIGINS = {
    "officer": _("承办人发起"),
    "requery": _("定期复查"),
    "teimosinha": _("轮巡冻结"),
    "batch": _("批量查询"),
}


def class_name(code: str, english: bool = False) -> str:
    """An asset class in words."""
    try:
        zh, en = LABELS[AssetClass(code)]
    except ValueError:
        return code
    return en if english else zh


@dataclass
class ClassAnswer:
    """One class's answer of an inquiry: the assets found, or its status."""

    code: str
    name: str
    status: str = "pending"
    assets: list[InquiryResult] = field(default_factory=list)
    freezable: bool = False
    #: a class of records about the debtor (户籍, 婚姻 …): a hit is a record, not property
    record: bool = False


@dataclass
class InquiryView:
    """An inquiry and its answers class by class."""

    inquiry: Inquiry
    answers: list[ClassAnswer]

    @property
    def origin(self) -> str:
        """Who asked it, in words."""
        return str(ORIGINS.get(self.inquiry.origin, self.inquiry.origin))


def inquiries(case: Case, english: bool = False, limit: int = LATEST) -> list[InquiryView]:
    """The case's latest inquiries, newest first, with each class's answer."""
    rows = list(Inquiry.objects.filter(case=case).select_related("debtor")[:limit])
    results: dict[int, list[InquiryResult]] = defaultdict(list)
    for r in InquiryResult.objects.filter(inquiry__in=rows):
        results[r.inquiry_id].append(r)
    views = []
    for inquiry in rows:
        by_class = {
            c: ClassAnswer(
                c,
                class_name(c, english),
                freezable=AssetClass(c) in FREEZABLE,
                record=AssetClass(c) in RECORDS,
            )
            for c in inquiry.classes
        }
        for r in results[inquiry.pk]:
            answer = by_class.setdefault(
                r.asset_class,
                ClassAnswer(
                    r.asset_class, class_name(r.asset_class, english), record=r.asset_class in RECORDS
                ),
            )
            answer.status = r.status
            if r.status == "found":
                answer.assets.append(r)
        views.append(InquiryView(inquiry, list(by_class.values())))
    return views


def orders(case: Case, limit: int = 50) -> list[NetworkOrder]:
    """The case's latest orders with their receipts."""
    return list(NetworkOrder.objects.filter(case=case)[:limit])


def repeated_freezes(case: Case) -> list[RepeatedFreeze]:
    """The case's repeated freezes, newest first."""
    return list(RepeatedFreeze.objects.filter(case=case).select_related("debtor"))


def standing_requeries(case: Case) -> list[StandingRequery]:
    """The case's standing re-queries, newest first."""
    return list(StandingRequery.objects.filter(case=case).select_related("debtor"))
