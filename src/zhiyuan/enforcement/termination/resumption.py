"""After 终本: the standing re-queries' answers landing on the case, and resumption (执恢).

- **Landing.** When a re-query's inquiry of a 终本 case is answered in full (``network_hooks``), its library
  entry keeps the day and how many assets were found; when property was found, the case gets a node with
  the warning ``property_found`` and the affairs center a task ``enforcement.resumption_review`` (查控组),
  once per inquiry — the officer decides whether to resume.
- **Resumption.** :func:`resume` files a 执恢 case at the same court (origin: the terminated case, so both
  sit in one dispute graph; the parties carried over; the claim is the unpaid amount), stops the running
  re-queries and marks the entry resumed. The measures still in force (or waiting their turn) and the
  assets still held are *re-pointed* to the new case rather than copied: a seal or freeze is one legal act
  with one priority (首封/轮候) and one expiry, so it must live on exactly one case; the old case keeps
  its history in its node log and both cases get a node naming what moved. Credit sanctions stay on the
  terminated case (they bind the debtor, whichever case they were made in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

import zhiyuan.affairs.services as affairs
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.inquiries import requery
from zhiyuan.enforcement.models import (
    Asset,
    Inquiry,
    LibraryEntry,
    LibraryState,
    Measure,
    ResumedBy,
    StandingRequery,
    StandingState,
)
from zhiyuan.enforcement.termination import selectors
from zhiyuan.enforcement.termination.services import check, day_of, not_found, text_of
from zhiyuan.law.errors import LawError

RESUMED_TYPE = "执恢"
REVIEW = task_kinds.RESUMPTION_REVIEW
SYSTEM = Actor.system("tcp requery")


def on_answered(inquiries: list[Inquiry], found: dict[int, int]) -> None:
    """``network_hooks.INQUIRY_ANSWERED``: a re-query of a 终本 case answered — keep its result on the
    library entry; property found → a node warning and a resumption-review task."""
    asked = [i for i in inquiries if i.origin == "requery"]
    if not asked:
        return
    entries = {
        e.case_id: e
        for e in LibraryEntry.objects.select_for_update()
        .select_related("case")
        .filter(case_id__in={i.case_id for i in asked}, state=LibraryState.TERMINATED)
    }
    today = timezone.localdate()
    for inquiry in asked:
        entry = entries.get(inquiry.case_id)
        if entry is None:
            continue
        n = found.get(inquiry.pk, 0)
        entry.last_requery_on, entry.last_requery_found = today, n
        if n:
            entry.property_found_on = today
            payload = {"warning": "property_found", "inquiry": inquiry.pk, "found": n}
            cases.log_node(entry.case, "tcp.property_found", today, SYSTEM, payload)
            affairs.spawn(
                entry.case,
                REVIEW,
                source_key=f"tcp:{entry.pk}:inquiry:{inquiry.pk}",
                payload={"inquiry": inquiry.pk, "found": n},
                actor=SYSTEM,
            )
            record(SYSTEM, "enforcement.tcp.property_found", obj=entry.case, after=payload)
        entry.save(update_fields=["last_requery_on", "last_requery_found", "property_found_on"])


def _carry_over(old: Case, new: Case, who: Actor, on: dt.date) -> dict[str, list[int]]:
    """Re-point the assets still held and the measures still live from ``old`` to ``new``."""
    assets = list(Asset.objects.filter(case=old, status__in=selectors.HELD).values_list("pk", flat=True))
    measures = list(Measure.objects.filter(case=old, status__in=selectors.LIVE).values_list("pk", flat=True))
    Asset.objects.filter(pk__in=assets).update(case=new)
    Measure.objects.filter(pk__in=measures).update(case=new)
    moved = {"assets": assets, "measures": measures}
    record(who, "enforcement.tcp.carry_over", obj=new, before={"case": old.case_number}, after=moved)
    cases.log_node(old, "tcp.carried_over", on, who, {"to": new.case_number, **moved})
    cases.log_node(new, "tcp.carried_in", on, who, {"from": old.case_number, **moved})
    return moved


def resume(
    user: Any, case: Case, on: object, by: str = ResumedBy.APPLICANT, reason: str = "", request: Any = None
) -> Case:
    """Resume enforcement of a 终本 case (终本规定 Art 9): a 执恢 case filed at the same court on ``on``,
    by the applicant's request or by the court (``by``), for ``reason``; refused when the case is not in
    the 终本 library or is already resumed (two at once: exactly one succeeds). Returns the 执恢 case."""
    if by not in ResumedBy.values:
        raise LawError(
            "resumed_by_invalid", "请选择恢复执行的方式。", "Choose who asks for resumption.", field="by"
        )
    why = text_of(reason, "reason", "请写明恢复执行的理由。", "Give the reason for resumption.")
    day = day_of(on)
    who = check(user, case, request, open_case=False)
    entry = selectors.entry_of(case)
    if entry is None:
        raise LawError(
            "not_terminated", "本案未终结本次执行程序，不能恢复执行。", "The case was not terminated (终本)."
        )
    if day < entry.terminated_on:
        raise LawError(
            "before_termination",
            "恢复执行日期早于终本日期。",
            "The day is before the termination.",
            field="on",
        )
    parties = [
        cases.carried_over(cp)
        for cp in CaseParty.objects.filter(case=case).select_related("party").order_by("side", "position")
    ]
    with transaction.atomic():
        locked = LibraryEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            raise not_found()
        if locked.state != LibraryState.TERMINATED:
            raise LawError(
                "already_resumed",
                f"本案已恢复执行（{locked.resumed_case}）。",
                f"The case is already resumed ({locked.resumed_case}).",
            )
        new = cases.file_case(
            None,
            court_code=case.court_code,
            type_code=RESUMED_TYPE,
            filed_on=day,
            parties_in=parties,
            cause=case.cause_text,
            claim_amount=locked.unpaid_amount,
            origin=case,
            request=request,
            actor=who,
        )
        moved = _carry_over(case, new, who, day)
        for sr in StandingRequery.objects.filter(case=case, state=StandingState.ACTIVE):
            requery.end(sr, who, user.get_full_name())
        locked.state, locked.resumed_case, locked.resumed_on = LibraryState.RESUMED, new, day
        locked.resumed_by, locked.resume_reason = by, why
        locked.save(update_fields=["state", "resumed_case", "resumed_on", "resumed_by", "resume_reason"])
        after = {"resumed_case": new.case_number, "by": by, "reason": why, **moved}
        record(who, "enforcement.tcp.resume", obj=case, after=after)
        cases.log_node(case, "tcp.resumed", day, who, {"to": new.case_number, "by": by})
    return new
