"""The 终本 workflow's writes: the officer's findings on the items the platform cannot know, the applicant's
opinion, and the termination itself — each one transaction, audited, court-scoped and permission-checked
(``enforcement:terminate``). The termination is the only way to the lifecycle move ``terminate_current``
(the workflow owns it: ``cases.workflows``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize_in_scope
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import assignments
from zhiyuan.cases import services as cases
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case
from zhiyuan.documents.docx import render
from zhiyuan.enforcement.inquiries import requery
from zhiyuan.enforcement.inquiries import services as network
from zhiyuan.enforcement.measures.paperwork import common_fields, template_of
from zhiyuan.enforcement.models import Finding, FindingItem, LibraryEntry, Opinion
from zhiyuan.enforcement.termination import names, selectors
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.dates import clean_date
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError

PERMISSION = "enforcement:terminate"
RULING = "tcp_ruling"
#: the ruling's legal basis as the built-in template quotes it
BASIS = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第一条"


def not_found() -> LawError:
    """The same answer whether the case does not exist or is out of scope."""
    return LawError(
        "case_not_found", "执行案件不存在或不在您的权限范围内。", "No such enforcement case in your scope."
    )


def check(user: Any, case: Case, request: Any = None, *, open_case: bool = True) -> Actor:
    """Permission and court scope (an audited refusal), an enforcement case, still open when
    ``open_case``; the actor to audit under."""
    authorize_in_scope(user, PERMISSION, case, request)
    if case.type_code not in ENFORCEMENT_ACTION:
        raise not_found()
    if open_case and case.status == CLOSED:
        raise LawError("case_closed", "案件已结案。", "The case is closed.")
    return actor_of(user, request)


def may(user: Any, case: Case, request: Any = None) -> bool:
    """Would :func:`check` let ``user`` act (no audit: what the page offers)?"""
    return network.may(user, case, PERMISSION, request)


def day_of(on: object, field: str = "on") -> dt.date:
    """A legal date from a form or the API, not after today."""
    day = clean_date(on, field)
    if day > timezone.localdate():
        raise LawError(
            "date_in_future", "日期不能晚于今天。", "The date cannot be in the future.", field=field
        )
    return day


def text_of(value: object, field: str, zh: str, en: str) -> str:
    """A required multi-line text, checked; refused in words (``zh``/``en``) when empty."""
    text = check_text(str(value or ""), field=field, max_length=NOTE_MAX, multiline=True).strip()
    if not text:
        raise LawError(f"{field}_required", zh, en, field=field)
    return text


def record_finding(
    user: Any, case: Case, item: str, holds: bool, note: str, on: object, request: Any = None
) -> Finding:
    """The officer records one item the platform cannot know (leads checked, on-site inquiry, search,
    obstruction, the debtor's ineligibility for the list, the search for a missing debtor), with a note."""
    if item not in FindingItem.values:
        raise LawError("finding_item_invalid", "未知的核查事项。", "Unknown checklist item.", field="item")
    text = text_of(note, "note", "请写明核查情况。", "Say what was found or done.")
    day = day_of(on)
    who = check(user, case, request)
    with transaction.atomic():
        made = Finding.objects.create(
            case=case,
            item=item,
            holds=bool(holds),
            note=text,
            recorded_on=day,
            recorded_by_id=who.id,
            recorded_by_name=user.get_full_name(),
        )
        after = {"item": item, "holds": bool(holds), "note": text, "on": day.isoformat()}
        record(who, "enforcement.tcp.finding", obj=case, after=after)
        cases.log_node(case, "tcp.finding", day, who, {"item": item, "holds": bool(holds)})
    return made


def record_opinion(user: Any, case: Case, heard_on: object, text: str, request: Any = None) -> Opinion:
    """The applicant heard before 终本 (约谈申请执行人): the day and what they said."""
    words = text_of(text, "text", "请记录申请执行人的意见。", "Record what the applicant said.")
    day = day_of(heard_on, "heard_on")
    if day < case.filed_on:
        raise LawError(
            "before_filing", "约谈日期早于立案日期。", "The day is before filing.", field="heard_on"
        )
    who = check(user, case, request)
    with transaction.atomic():
        made = Opinion.objects.create(
            case=case,
            heard_on=day,
            text=words,
            recorded_by_id=who.id,
            recorded_by_name=user.get_full_name(),
        )
        record(who, "enforcement.tcp.opinion", obj=case, after={"heard_on": day.isoformat(), "text": words})
        cases.log_node(case, "tcp.opinion", day, who, {"opinion": made.pk})
    return made


def refusal(missing: list[str], earliest_on: str) -> LawError:
    """tcp-check said no: the missing codes in words, both languages."""
    zh = "；".join(names.words(missing, english=False))
    en = "; ".join(names.words(missing, english=True))
    if "too_early" in missing:
        zh += f"（最早可于 {earliest_on} 终本）"
        en += f" (the earliest day is {earliest_on})"
    return LawError(
        "tcp_not_allowed",
        f"不符合终结本次执行程序的条件：{zh}。",
        f"The current procedure cannot be terminated: {en}.",
        missing=missing,
        earliest_on=earliest_on,
    )


def amounts(case: Case, other_recovered: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Claim, recovered (deductions plus what the officer adds: voluntary payments and the like) and unpaid
    (claim − recovered); refused without a claim or with nothing unpaid."""
    if case.claim_amount is None or case.claim_amount <= 0:
        raise LawError(
            "claim_missing",
            "本案未登记申请执行标的，无法计算未履行金额。",
            "The case has no claim amount: the unpaid amount cannot be known.",
        )
    recovered = selectors.deducted(case) + other_recovered
    unpaid = case.claim_amount - recovered
    if unpaid <= 0:
        raise LawError(
            "nothing_unpaid",
            "已执行到位金额不低于申请执行标的：应以执行完毕结案，而非终本。",
            "What was recovered covers the claim: close the case as fully performed, not by 终本.",
            field="other_recovered",
        )
    return case.claim_amount, recovered, unpaid


def _ruling(case: Case, on: dt.date, figures: tuple[Decimal, Decimal, Decimal]) -> tuple[str, bytes, str]:
    claim, recovered, unpaid = figures
    number = f"{case.case_number}之终本"
    values = {
        **common_fields(case, number),
        "issued_on": signing_date(on),
        "claim_amount": f"{claim:,.2f}",
        "recovered_amount": f"{recovered:,.2f}",
        "unpaid_amount": f"{unpaid:,.2f}",
        "terminated_on": text_date(on),
        "citation": BASIS,
    }
    template, source = template_of(case.court_id, RULING)
    return number, render(template, values), source


def terminate(
    user: Any,
    case: Case,
    on: object,
    *,
    other_recovered: object = None,
    note: str = "",
    request: Any = None,
) -> LibraryEntry:
    """Terminate the current procedure of ``case`` on ``on`` when tcp-check allows it on the case's
    checklist (refused with the missing items in words otherwise). In one transaction: the ruling (DOCX,
    from the court's template or the built-in one), the lifecycle move ``terminate_current`` (closing method
    ``tcp``, the recovered amount on the case), the 终本 library entry with the unpaid amount, a standing
    re-query of every debtor with an identity number from the termination date, the node and the audit."""
    day = day_of(on)
    extra = clean_amount(other_recovered, "other_recovered") or Decimal("0.00")
    remark = check_text(note or "", field="note", max_length=NOTE_MAX).strip()
    who = check(user, case, request)
    assignments.authorize_move(user, case, request)  # the case's handler terminates it
    figures = amounts(case, extra)
    listed = selectors.checklist(case, day)
    if not listed.allowed:
        record(
            who,
            "enforcement.tcp.refused",
            obj=case,
            outcome="denied",
            after={"missing": listed.missing, "on": day.isoformat()},
        )
        raise refusal(listed.missing, listed.result["earliest_on"])
    debtors = [d for d in network.debtors(case) if d.id_number]
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if LibraryEntry.objects.filter(case=case).exists():
            raise LawError(
                "already_terminated", "本案已终结本次执行程序。", "The case is already terminated."
            )
        number, ruling, source = _ruling(case, day, figures)
        moved = cases.transition(
            user,
            case,
            names.MOVE,
            day,
            closing_method="tcp",
            recovered_amount=figures[1],
            note=remark,
            request=request,
            workflow=names.NAME,
        )
        entry = LibraryEntry.objects.create(
            case=moved,
            terminated_on=day,
            claim_amount=figures[0],
            recovered_amount=figures[1],
            unpaid_amount=figures[2],
            ruling_number=number,
            ruling=ruling,
            ruling_template=source,
            tcp_check={"facts": listed.facts(), "result": listed.result},
            terminated_by_name=user.get_full_name(),
        )
        for debtor in debtors:
            requery.begin(moved, debtor, day, who)
        after = {
            "ruling": number,
            "claim_amount": str(figures[0]),
            "recovered_amount": str(figures[1]),
            "unpaid_amount": str(figures[2]),
            "requeries": len(debtors),
        }
        record(who, "enforcement.tcp.terminate", obj=moved, after=after)
        cases.log_node(moved, "tcp.library", day, who, {"unpaid": str(figures[2]), "ruling": number})
    return entry


def ruling_of(user: Any, entry: LibraryEntry, request: Any = None) -> bytes:
    """The ruling as issued (its DOCX, kept with the entry); the download is audited."""
    check(user, entry.case, request, open_case=False)
    with transaction.atomic():
        record(
            actor_of(user, request),
            "enforcement.tcp.ruling",
            obj=entry.case,
            after={"ruling": entry.ruling_number},
        )
    return bytes(entry.ruling)
