"""Credit restoration (信用修复): the debtor who has performed (or whose settlement was performed) asks to
have the listing removed; the court records the request with the evidence, another person of the court
decides, and a grant deletes the listing at once — as an Art 10 deletion for a listing without a period,
as an early deletion on active performance (Art 2 para 2) for one with a period — which reaches the
partner agencies through the feed (``credit.feed``); a certificate of restoration (信用修复证明) is issued.

Permissions: recording and deciding ``credit:lift`` in the case's court scope; the decider is never the
person who recorded the request (``restoration_self_decision``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize_in_scope, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases.services import log_node
from zhiyuan.credit import services
from zhiyuan.credit.models import IN_FORCE, Listing, Restoration, RestorationStatus
from zhiyuan.documents import docx
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, check_text
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError

#: the grounds a restoration rests on (失信规定 Art 10(1)(2)), as the deletion rule names them
BASES = ("performed", "settlement_performed")
BASIS_ZH = {"performed": "已全部履行生效法律文书确定的义务", "settlement_performed": "执行和解协议已履行完毕"}


def request(
    user: Any, listing: Listing, basis: str, evidence: str, on: dt.date, req: Any = None
) -> Restoration:
    """Record the debtor's request (dated ``on``, not in the future) with the performance and its evidence."""
    authorize_in_scope(user, services.LIFT, listing.case, req)
    if basis not in BASES:
        raise LawError(
            "restoration_basis_invalid",
            "修复依据须为已全部履行或和解协议已履行完毕。",
            "The basis must be full performance or a settlement performed.",
            field="basis",
        )
    evidence = check_text(evidence or "", field="evidence", max_length=NOTES_MAX, multiline=True).strip()
    if not evidence:
        raise LawError(
            "restoration_evidence_required",
            "请写明履行情况与证据。",
            "Describe the performance and its evidence.",
            field="evidence",
        )
    if on > timezone.localdate():
        raise LawError(
            "date_in_future", "申请日期不能晚于今天。", "The request cannot be dated in the future."
        )
    if listing.status not in IN_FORCE:
        raise LawError(
            "restoration_not_listed",
            "该名单不在有效状态，无需信用修复。",
            "The listing is not in force; there is nothing to restore.",
        )
    try:
        with transaction.atomic():
            made = Restoration.objects.create(
                listing=listing,
                basis=basis,
                requested_on=on,
                evidence=evidence,
                recorded_by_id=user.pk,
                recorded_by_name=user.get_full_name(),
            )
            record(
                actor_of(user, req),
                "credit.restoration.request",
                obj=listing.case,
                after={"restoration": made.pk, "listing": listing.pk, "basis": basis},
            )
    except IntegrityError:
        raise LawError(
            "restoration_pending",
            "该名单已有待审查的信用修复申请。",
            "A restoration request for this listing is already pending.",
        ) from None
    return made


def decide(
    user: Any, restoration: Restoration, grant: bool, note: str, on: dt.date, req: Any = None
) -> Restoration:
    """Grant (deleting the listing now) or refuse (with the reason) a pending request."""
    listing = restoration.listing
    authorize_in_scope(user, services.LIFT, listing.case, req)
    if user.pk == restoration.recorded_by_id:
        raise refuse(
            user,
            "restoration_self_decision",
            "登记信用修复申请的人不能审查该申请。",
            "The person who recorded a restoration request may not decide it.",
            req,
            obj=listing.case,
        )
    note = check_text(note or "", field="note", max_length=NOTE_MAX).strip()
    if not grant and not note:
        raise LawError(
            "restoration_reason_required", "不予修复须说明理由。", "A refusal needs a reason.", field="note"
        )
    with transaction.atomic():
        locked = Restoration.objects.select_for_update().get(pk=restoration.pk)
        if locked.status != RestorationStatus.PENDING:
            raise LawError("restoration_decided", "该申请已审查。", "This request has already been decided.")
        if grant:
            services.delete_on_trigger(
                user,
                listing,
                locked.basis,
                locked.requested_on,
                note or "信用修复",
                early=listing.period_years is not None,
                today=on,
                request=req,
            )
        locked.status = RestorationStatus.GRANTED if grant else RestorationStatus.REFUSED
        locked.decided_by_name, locked.decided_on, locked.decision_note = user.get_full_name(), on, note
        locked.save()
        who = actor_of(user, req)
        record(
            who,
            f"credit.restoration.{'grant' if grant else 'refuse'}",
            obj=listing.case,
            after={"restoration": locked.pk, "listing": listing.pk, "note": note},
        )
        if grant:
            log_node(listing.case, "credit_restored", on, who, {"listing": listing.pk})
    return locked


def certificate_body(restoration: Restoration) -> list[str]:
    """The certificate's paragraphs."""
    listing = restoration.listing
    deleted = text_date(listing.deleted_on) if listing.deleted_on else ""
    return [
        f"{listing.name}{('（证件号码' + listing.id_masked + '）') if listing.id_masked else ''}：",
        f"你（单位）在本院{listing.case_number}案件中被纳入失信被执行人名单。经审查，你（单位）"
        f"{BASIS_ZH[restoration.basis]}，本院已于{deleted}删除你（单位）的失信信息，"
        "并通报联合惩戒单位。",
        "特此证明。",
    ]


def certificate_docx(restoration: Restoration) -> bytes:
    """信用修复证明 of a granted request (DOCX, the courts' plain document layout)."""
    if restoration.status != RestorationStatus.GRANTED:
        raise LawError(
            "restoration_not_granted", "该申请未准予修复，无证明可出具。", "The request was not granted."
        )
    listing = restoration.listing
    template = docx.court_document(
        "信用修复证明", certificate_body(restoration), number_field="{case_number}"
    )
    return docx.render(
        template,
        {
            "court_name": listing.court_name,
            "case_number": listing.case_number,
            "issued_on": signing_date(restoration.decided_on) if restoration.decided_on else "",
        },
    )
