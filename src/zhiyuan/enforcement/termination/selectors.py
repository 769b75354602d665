"""Reads of the 终本 workflow: a case's checklist (every tcp-check input, filled from what the case holds
and from what the officer recorded), the rule's answer on it, the amounts at stake, and the 终本 library in
a user's court scope.

What the case holds, item by item (docs/termination.md):

- notice served and property report ordered: the ``notify`` move (发出执行通知书、报告财产令) is in the
  case's log, and for the notice its service task of the affairs center is done (a case without one —
  imported — counts on the move alone);
- consumption restriction: a restriction order of the case in force (credit);
- dishonesty: a listing of the case decided and not deleted (credit), or the officer's recorded reason of
  ineligibility;
- network inquiry: the completed inquiries of the case together asked every class of the parameter
  ``network.tcp_inquiry_classes``;
- disposable property found: an asset of the case still held (seized, being valued, in auction) whose
  disposal has not failed in a second auction round, or a freeze in force on money;
- whereabouts: the triage flag 被执行人下落不明 unset, or the officer's record of the search;
- applicant informed: an opinion recorded on or before the day.
Leads, on-site inquiry, search and obstruction are the officer's records (the latest of each counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Sum

import zhiyuan.affairs.selectors as affairs_selectors
import zhiyuan.credit.selectors as credit
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.inquiries.selectors import class_name
from zhiyuan.enforcement.models import (
    Asset,
    AssetStatus,
    Auction,
    AuctionResult,
    Finding,
    FindingItem,
    Inquiry,
    InquiryState,
    LibraryEntry,
    Measure,
    MeasureKind,
    MeasureStatus,
    Opinion,
    StandingRequery,
    StandingState,
    Triage,
)
from zhiyuan.law import termination

CASE, OFFICER = "case", "officer"
ZERO = Decimal("0.00")
#: assets still held by the case (not sold, accepted in lieu or released)
HELD = (AssetStatus.SEIZED, AssetStatus.VALUING, AssetStatus.IN_AUCTION)
#: measures that move with the assets into a 执恢 case (in force or waiting their turn)
LIVE = (MeasureStatus.ACTIVE, MeasureStatus.WAITING)
#: the checklist items an officer records, keyed by the tcp-check input they stand for
OFFICER_ITEMS = {
    "leads_checked": FindingItem.LEADS_CHECKED,
    "onsite_inquiry_done_or_unneeded": FindingItem.ONSITE,
    "search_done_or_unneeded": FindingItem.SEARCH,
    "obstruction_sanctioned_or_none": FindingItem.OBSTRUCTION,
}


@dataclass(frozen=True)
class Item:
    """One tcp-check input: its value, where it came from (``case`` or ``officer``) and why, in words."""

    code: str
    value: bool
    source: str
    why_zh: str
    why_en: str

    @property
    def holds(self) -> bool:
        """Does the condition hold (``disposable_property_found`` holds when false)?"""
        return self.value != (self.code in termination.MUST_BE_FALSE)


@dataclass(frozen=True)
class Checklist:
    """A case's checklist on a day and the rule's answer."""

    items: list[Item]
    result: dict[str, Any]

    @property
    def allowed(self) -> bool:
        """May the case be terminated that day?"""
        return bool(self.result["allowed"])

    @property
    def missing(self) -> list[str]:
        """The rule's missing codes."""
        return list(self.result["missing"])

    def facts(self) -> dict[str, Any]:
        """The tcp-check input."""
        return {"filed_on": self.result["filed_on"], "on": self.result["on"]} | {
            i.code: i.value for i in self.items
        }


def latest_findings(case: Case) -> dict[str, Finding]:
    """The latest finding of each item the officer recorded."""
    found: dict[str, Finding] = {}
    for f in Finding.objects.filter(case=case).order_by("item", "-created_at", "-pk"):
        found.setdefault(f.item, f)
    return found


def opinions(case: Case) -> QuerySet[Opinion]:
    """The applicant's opinions recorded on the case, latest first."""
    return Opinion.objects.filter(case=case).order_by("-heard_on", "-pk")


def findings(case: Case) -> QuerySet[Finding]:
    """Every finding recorded on the case, latest first (the history)."""
    return Finding.objects.filter(case=case).order_by("-created_at", "-pk")


def inquiry_classes() -> list[str]:
    """The classes a complete network inquiry must have asked before 终本 (a parameter)."""
    return list(courts.reference().params["network.tcp_inquiry_classes"].at(None))


def _officer(code: str, finding: Finding | None) -> Item:
    if finding is None:
        return Item(code, False, OFFICER, "承办人尚未记录", "not recorded by the officer")
    return Item(
        code,
        finding.holds,
        OFFICER,
        f"{finding.recorded_by_name} {finding.recorded_on}：{finding.note}",
        f"{finding.recorded_by_name} {finding.recorded_on}: {finding.note}",
    )


def _notice(case: Case, on: dt.date) -> tuple[Item, Item]:
    notify = NodeLog.objects.filter(case=case, node="notify", on__lte=on).order_by("on").first()
    if notify is None:
        none = ("尚未办理“发出执行通知书、报告财产令”", "the notice and report order are not issued")
        return Item("notice_served", False, CASE, *none), Item("property_report_ordered", False, CASE, *none)
    task = affairs_selectors.case_tasks(case).filter(source_key=task_kinds.source_key(case, "notice")).first()
    served = task is None or task.status == "done"
    if task is None:
        why = (f"{notify.on} 发出（无送达任务）", f"issued {notify.on} (no service task)")
    elif served:
        why = (f"{notify.on} 发出，送达任务已完成", f"issued {notify.on}, service task done")
    else:
        why = (f"{notify.on} 发出，送达任务尚未完成", f"issued {notify.on}, service task not done")
    ordered = Item("property_report_ordered", True, CASE, f"{notify.on} 发出", f"issued {notify.on}")
    return Item("notice_served", served, CASE, *why), ordered


def _restriction(case: Case) -> Item:
    n = credit.restrictions_in_force_of(case).count()
    if n:
        return Item(
            "consumption_restriction_issued", True, CASE, f"限制消费令 {n} 份在执行中", f"{n} in force"
        )
    return Item("consumption_restriction_issued", False, CASE, "无生效的限制消费令", "none in force")


def _dishonesty(case: Case, finding: Finding | None) -> Item:
    listed = credit.listing_in_force_of(case)
    if listed is not None:
        return Item(
            "dishonesty_listed_or_ineligible",
            True,
            CASE,
            f"已纳入失信名单（{listed.decided_on}）",
            f"listed ({listed.decided_on})",
        )
    item = _officer("dishonesty_listed_or_ineligible", finding)
    if finding is None:
        return Item(
            item.code, False, OFFICER, "未纳入失信名单，也未记录不符合条件的理由", "not listed, no reason"
        )
    return item


def _network(case: Case, on: dt.date) -> Item:
    wanted = inquiry_classes()
    asked: set[str] = set()
    for classes in Inquiry.objects.filter(
        case=case, state=InquiryState.COMPLETE, completed_at__date__lte=on
    ).values_list("classes", flat=True):
        asked.update(classes)
    lacking = [c for c in wanted if c not in asked]
    if not lacking:
        return Item(
            "network_inquiry_done", True, CASE, "主要财产类别均已查询并反馈", "every main class answered"
        )
    return Item(
        "network_inquiry_done",
        False,
        CASE,
        f"尚未查询并反馈：{'、'.join(class_name(c) for c in lacking)}",
        f"not yet asked and answered: {', '.join(class_name(c, english=True) for c in lacking)}",
    )


def disposable(case: Case) -> tuple[int, int]:
    """Assets still held whose disposal has not failed in a second round, and freezes in force on money."""
    failed = Auction.objects.filter(asset=OuterRef("pk"), result=AuctionResult.FAILED, round__gte=2)
    assets = Asset.objects.filter(case=case, status__in=HELD).exclude(Exists(failed)).count()
    frozen = Measure.objects.filter(
        case=case, kind=MeasureKind.FREEZE, status=MeasureStatus.ACTIVE, amount__gt=0
    ).count()
    return assets, frozen


def _property(case: Case) -> Item:
    assets, frozen = disposable(case)
    if assets or frozen:
        return Item(
            "disposable_property_found",
            True,
            CASE,
            f"尚有可处置财产 {assets} 项、冻结中的款项 {frozen} 笔",
            f"{assets} asset(s) still held, {frozen} freeze(s) in force",
        )
    return Item("disposable_property_found", False, CASE, "无可处置的财产", "nothing left to dispose of")


def _whereabouts(case: Case, finding: Finding | None) -> Item:
    unknown = Triage.objects.filter(case=case, debtor_whereabouts_unknown=True).exists()
    if not unknown:
        return Item("whereabouts_known_or_searched", True, CASE, "被执行人下落明确", "whereabouts known")
    item = _officer("whereabouts_known_or_searched", finding)
    if finding is None:
        return Item(
            item.code, False, OFFICER, "被执行人下落不明，尚未记录查找情况", "unknown, no search recorded"
        )
    return item


def _opinion(case: Case, on: dt.date) -> Item:
    heard = opinions(case).filter(heard_on__lte=on).first()
    if heard is None:
        return Item("applicant_informed", False, OFFICER, "尚未记录申请执行人意见", "no opinion recorded")
    return Item(
        "applicant_informed",
        True,
        OFFICER,
        f"{heard.heard_on} 约谈：{heard.text}",
        f"heard on {heard.heard_on}: {heard.text}",
    )


def checklist(case: Case, on: dt.date) -> Checklist:
    """Every tcp-check input of ``case`` on ``on`` and the rule's answer (``zhiyuan law tcp-check``)."""
    latest = latest_findings(case)
    notice, report = _notice(case, on)
    by_code = {
        "notice_served": notice,
        "property_report_ordered": report,
        "consumption_restriction_issued": _restriction(case),
        "dishonesty_listed_or_ineligible": _dishonesty(case, latest.get(FindingItem.DISHONESTY_INELIGIBLE)),
        "network_inquiry_done": _network(case, on),
        "disposable_property_found": _property(case),
        "whereabouts_known_or_searched": _whereabouts(case, latest.get(FindingItem.WHEREABOUTS_SEARCHED)),
        "applicant_informed": _opinion(case, on),
        **{code: _officer(code, latest.get(item)) for code, item in OFFICER_ITEMS.items()},
    }
    items = [by_code[code] for code in termination.FLAGS]
    facts = {"filed_on": case.filed_on.isoformat(), "on": on.isoformat()} | {i.code: i.value for i in items}
    ref = courts.reference()
    return Checklist(items, termination.check(facts, ref.params, ref.calendar))


def deducted(case: Case) -> Decimal:
    """What deductions (扣划) of the case brought in."""
    total = Measure.objects.filter(case=case, kind=MeasureKind.DEDUCTION).aggregate(s=Sum("amount"))["s"]
    return Decimal(total or ZERO).quantize(Decimal("0.01"))


def entry_of(case: Case) -> LibraryEntry | None:
    """The case's entry in the 终本 library (None when it was never terminated through the workflow)."""
    return LibraryEntry.objects.filter(case=case).select_related("resumed_case").first()


def resumed_from(case: Case) -> LibraryEntry | None:
    """The library entry a 执恢 case was resumed from."""
    return LibraryEntry.objects.filter(resumed_case=case).select_related("case").first()


def requeries(case: Case) -> QuerySet[StandingRequery]:
    """The case's standing re-queries, latest first."""
    return StandingRequery.objects.filter(case=case).order_by("-created_at", "-pk")


def next_requery(case: Case) -> dt.date | None:
    """The next date a running re-query of the case is due."""
    running = requeries(case).filter(state=StandingState.ACTIVE, next_due__isnull=False)
    return running.order_by("next_due").values_list("next_due", flat=True).first()


def library(user: Any, court_id: int | None = None, state: str = "") -> QuerySet[LibraryEntry]:
    """The 终本 library in ``user``'s court scope (optionally one court, one state), with each entry's
    next re-query date (``next_due``), latest termination first."""
    rows = scope_of(user).filter(
        LibraryEntry.objects.select_related("case__court", "resumed_case"), court="case__court"
    )
    if court_id is not None:
        rows = rows.filter(case__court_id=court_id)
    if state:
        rows = rows.filter(state=state)
    due = StandingRequery.objects.filter(
        case=OuterRef("case"), state=StandingState.ACTIVE, next_due__isnull=False
    ).order_by("next_due")
    return rows.annotate(next_due=Subquery(due.values("next_due")[:1])).order_by("-terminated_on", "-pk")


def property_found(user: Any) -> QuerySet[LibraryEntry]:
    """终本 cases in scope whose re-query found property and that are not resumed yet (the workbench)."""
    return (
        library(user, state="terminated")
        .filter(property_found_on__isnull=False)
        .order_by("property_found_on")
    )
