"""The dishonest-debtor listing workflow (失信被执行人名单): proposal by the officer, the president's decision
with a second factor, service of the decision, publication after an optional grace period, deletion when
a trigger fires, and the debtor's correction requests. Each step is one transaction with its audit record
and a node in the case's log; the rules are ``zhiyuan.law.dishonesty`` (``decide`` and ``deletion``).

Permissions: proposing, serving and recording corrections ``credit:list``; approving ``approval:grant``
(never the proposer, only with a verified second factor, only an approver of the case's court); deleting
and deciding corrections ``credit:lift``. Everything is court-scoped (``scope_of``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize_approval, authorize_in_scope, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.names import yuan
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.credit.feed import services as feed
from zhiyuan.credit.models import IN_FORCE, Correction, CorrectionStatus, FeedKind, Listing, ListingStatus
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, check_text
from zhiyuan.law import dishonesty
from zhiyuan.law.calendar import add_months
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import examine
from zhiyuan.parties.models import PartyKind
from zhiyuan.parties.selectors import identity_hash
from zhiyuan.privacy.masking import mask_identity

LIST = "credit:list"
LIFT = "credit:lift"
#: the case types whose debtors may be listed (执行实施, 恢复执行); 执保 is preservation, not enforcement
LISTABLE_TYPES = frozenset({"执", "执恢"})
GRACE_MAX_MONTHS = 3  # 善意文明执行意见: a grace period of one to three months before publication
CORRECTION_DAYS = 15  # Art 12: the court reviews a correction request within fifteen days
CORRECTION_WORKING_DAYS = 3  # Art 12: a justified request is corrected within three working days
ADULT_MONTHS = 18 * 12
#: a closed case's closing method → the Art 10 trigger it is (终本 alone is not one: item (4) needs two
#: searches after it without property, which the officer records)
CLOSING_TRIGGERS = {
    "fully_performed": "performed",
    "settlement_performed": "settlement_performed",
    "not_enforced": "not_enforced",
    "terminated": "terminated",
}
SYSTEM = "zhiyuan credit"


@dataclass(frozen=True)
class Proposal:
    """What the officer proposes: the debtor (a party id), Art 1 grounds, evidence, the Art 3 facts."""

    party_id: int
    grounds: Sequence[int]
    evidence: str
    guarantee_provided: bool = False
    seized_property_sufficient: bool = False
    performance_order_later: bool = False
    debtor_is_minor: bool = False
    aggravated: bool = False
    extension_years: int = 0
    grace_months: int = 0
    obligation: str = ""


def _who(user: Any, request: Any) -> Actor:
    return actor_of(user, request) if user is not None else Actor.system(SYSTEM)


def _snapshot(listing: Listing) -> dict[str, Any]:
    return {
        "listing": listing.pk,
        "status": listing.status,
        "party": listing.party_id,
        "grounds": listing.grounds,
        "grounds_applied": listing.grounds_applied,
        "period_years": listing.period_years,
        "until": listing.until.isoformat() if listing.until else None,
        "publish_on": listing.publish_on.isoformat() if listing.publish_on else None,
    }


def _node(listing: Listing, node: str, on: dt.date, who: Actor, **payload: Any) -> None:
    log_node(listing.case, node, on, who, {"listing": listing.pk, "debtor": listing.name, **payload})


def is_minor(party: Any, on: dt.date) -> bool:
    """A natural person whose resident identity number shows them under eighteen on ``on``."""
    if party.kind != PartyKind.NATURAL_PERSON or not party.id_number:
        return False
    birth = examine(party.id_number, party.id_type, on=on).get("birth_date")
    return isinstance(birth, str) and add_months(dt.date.fromisoformat(birth), ADULT_MONTHS) > on


def _grace(months: object) -> int:
    if not (isinstance(months, int) and not isinstance(months, bool) and 0 <= months <= GRACE_MAX_MONTHS):
        raise LawError(
            "grace_invalid",
            "宽限期须为 0 至 3 个月的整数（0 表示不设宽限期）。",
            "The grace period must be a whole number of months from 0 to 3 (0: none).",
            field="grace_months",
        )
    return months


def run_rule(listing: Listing, on: dt.date) -> dict[str, Any]:
    """``law.dishonesty`` on the listing's facts as decided on ``on`` (a minor by the number or the flag)."""
    facts = {
        "grounds": list(listing.grounds),
        "debtor_is_minor": listing.debtor_is_minor or is_minor(listing.party, on),
        "guarantee_provided": listing.guarantee_provided,
        "seized_property_sufficient": listing.seized_property_sufficient,
        "performance_order_later": listing.performance_order_later,
        "aggravated": listing.aggravated,
        "extension_years": listing.extension_years,
        "decided_on": on.isoformat(),
    }
    return dishonesty.decide(facts, courts.reference().params)


def _not_listable(out: dict[str, Any]) -> LawError:
    exclusions = out["exclusions"]
    reasons_zh = {
        "minor": "被执行人是未成年人，不得纳入失信名单（第四条）",
        "guarantee": "已提供充分有效担保（第三条第一项）",
        "seized_property_sufficient": "已查封、扣押、冻结的财产足以清偿（第三条第二项）",
        "performance_order_later": "履行顺序在后，依法不应强制执行（第三条第三项）",
    }
    reasons_en = {
        "minor": "the debtor is a minor and is never listed (Art 4)",
        "guarantee": "sufficient security was provided (Art 3 item 1)",
        "seized_property_sufficient": "property already seized suffices (Art 3 item 2)",
        "performance_order_later": "the debtor's turn to perform comes later (Art 3 item 3)",
    }
    return LawError(
        "not_listable",
        "依规则不得纳入失信名单：" + "；".join(reasons_zh.get(c, c) for c in exclusions) + "。",
        "Not listable under the rule: " + "; ".join(reasons_en.get(c, c) for c in exclusions) + ".",
        exclusions=exclusions,
        citations=out["citations"],
    )


def _debtor(case: Case, party_id: int) -> CaseParty:
    found = CaseParty.objects.select_related("party").filter(
        case=case, party_id=party_id, side=Side.DEFENDANT
    )
    link = found.first()
    if link is None:
        raise LawError(
            "not_a_debtor",
            "只能将本案的被执行人纳入失信名单。",
            "Only a debtor (被执行人) of this case can be listed.",
            field="party_id",
        )
    return link


def propose(user: Any, case: Case, proposal: Proposal, on: dt.date, request: Any = None) -> Listing:
    """The officer proposes a debtor of an open 执/执恢 case of their court; the rule must find the debtor
    listable (else ``not_listable`` with the exclusions and citations, audited as a refusal)."""
    authorize_in_scope(user, LIST, case, request)
    if case.type_code not in LISTABLE_TYPES:
        raise LawError(
            "not_enforcement_case",
            "只有执行实施案件（执、执恢）的被执行人可以纳入失信名单。",
            "Only debtors of enforcement cases (执, 执恢) can be listed.",
        )
    if case.status == CLOSED:
        raise LawError("case_closed", "案件已结案，不能提请纳入失信名单。", "The case is closed.")
    evidence = check_text(proposal.evidence or "", field="evidence", max_length=NOTES_MAX, multiline=True)
    if not evidence.strip():
        raise LawError("evidence_required", "请写明证据材料。", "Describe the evidence.", field="evidence")
    obligation = check_text(proposal.obligation or "", field="obligation", max_length=NOTE_MAX).strip()
    link = _debtor(case, proposal.party_id)
    party = link.party
    listing = Listing(
        case=case,
        party=party,
        court_id=case.court_id,
        status=ListingStatus.PENDING,
        grounds=list(proposal.grounds),
        evidence=evidence.strip(),
        debtor_is_minor=proposal.debtor_is_minor,
        guarantee_provided=proposal.guarantee_provided,
        seized_property_sufficient=proposal.seized_property_sufficient,
        performance_order_later=proposal.performance_order_later,
        aggravated=proposal.aggravated,
        extension_years=proposal.extension_years,
        grace_months=_grace(proposal.grace_months),
        proposed_by_id=user.pk,
        proposed_by_name=user.get_full_name(),
        proposed_on=on,
        name=link.display_name,
        id_hash=identity_hash(party.id_number) if party.id_number else "",
        id_masked=mask_identity(party.id_number),
        court_name=case.court.name,
        case_number=case.case_number,
        obligation=obligation or (f"给付人民币{yuan(case.claim_amount)[1:]}元" if case.claim_amount else ""),
    )
    out = run_rule(listing, on)
    who = _who(user, request)
    if not out["listable"]:
        with transaction.atomic():
            record(who, "credit.listing.not_listable", obj=case, after={"exclusions": out["exclusions"]})
        raise _not_listable(out)
    listing.grounds_applied, listing.citations = out["grounds_applied"], out["citations"]
    listing.period_years = out["period_years"]
    try:
        with transaction.atomic():
            listing.save()
            record(who, "credit.listing.propose", obj=case, after=_snapshot(listing))
            _node(listing, "credit_proposed", on, who, grounds=listing.grounds)
    except IntegrityError as err:
        raise LawError(
            "already_listed",
            "该被执行人在本案已有待审批或生效的失信名单。",
            "This debtor already has a pending or active listing in this case.",
        ) from err
    return listing


def _locked(listing: Listing, *states: str) -> Listing:
    locked = Listing.objects.select_for_update().select_related("case", "party").get(pk=listing.pk)
    if locked.status not in states:
        raise LawError(
            "listing_state",
            f"失信名单当前状态为“{locked.get_status_display()}”，不能进行此操作。",
            f"The listing is '{locked.status}'; this step is not possible now.",
            status=locked.status,
        )
    return locked


def decide(
    approver: Any, listing: Listing, grant: bool, on: dt.date, reason: str = "", request: Any = None
) -> Listing:
    """The president approves (decision on ``on``; published at once, or after the grace period) or refuses
    with a reason. Never the proposer, only with a verified second factor, only of the case's court."""
    authorize_approval(approver, listing.proposed_by_id, request, obj=listing.case)
    if getattr(approver, "court_id", None) != listing.case.court_id:
        raise refuse(
            approver,
            "approver_not_of_case_court",
            "须由本案所在法院的院长审批。",
            "The approver must belong to the case's own court.",
            request,
            listing.case,
        )
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX).strip()
    if not grant and not reason:
        raise LawError("reason_required", "不予批准须说明理由。", "A refusal needs a reason.", field="reason")
    who = _who(approver, request)
    with transaction.atomic():
        locked = _locked(listing, ListingStatus.PENDING)
        if on < locked.proposed_on:
            raise LawError(
                "decision_before_proposal",
                "决定日期不能早于提请日期。",
                "The decision precedes the proposal.",
            )
        before = _snapshot(locked)
        locked.decided_by_id, locked.decided_by_name, locked.decided_on = (
            approver.pk,
            approver.get_full_name(),
            on,
        )
        if grant:
            out = run_rule(locked, on)
            if not out["listable"]:
                raise _not_listable(out)
            locked.grounds_applied, locked.citations = out["grounds_applied"], out["citations"]
            locked.period_years = out["period_years"]
            locked.until = dt.date.fromisoformat(out["until"]) if out["until"] else None
            locked.publish_on = add_months(on, locked.grace_months)
            locked.status = ListingStatus.APPROVED
            if locked.publish_on <= on:
                locked.status, locked.published_on = ListingStatus.PUBLISHED, on
        else:
            locked.status, locked.refusal_reason = ListingStatus.REFUSED, reason
        locked.save()
        if locked.status == ListingStatus.PUBLISHED:
            feed.emit(FeedKind.LISTED, on, listing=locked)
        record(
            who,
            f"credit.listing.{'approve' if grant else 'refuse'}",
            obj=locked.case,
            before=before,
            after={**_snapshot(locked), "reason": reason},
        )
        _node(locked, "credit_decided" if grant else "credit_refused", on, who, reason=reason)
        if locked.status == ListingStatus.PUBLISHED:
            _node(locked, "credit_published", on, who)
    return locked


def record_service(
    user: Any, listing: Listing, served_on: dt.date, method: str, request: Any = None
) -> Listing:
    """The decision (决定书) was served on the debtor on ``served_on`` by ``method`` (Art 5)."""
    authorize_in_scope(user, LIST, listing.case, request)
    method = check_text(method or "", field="method", max_length=200).strip()
    if not method:
        raise LawError(
            "method_required", "请写明送达方式。", "Say how the decision was served.", field="method"
        )
    who = _who(user, request)
    with transaction.atomic():
        locked = _locked(listing, *IN_FORCE)
        if locked.decided_on is not None and served_on < locked.decided_on:
            raise LawError(
                "served_before_decision", "送达日期不能早于决定日期。", "Service precedes the decision."
            )
        locked.served_on, locked.service_note = served_on, method
        locked.save(update_fields=["served_on", "service_note"])
        record(
            who,
            "credit.listing.serve",
            obj=locked.case,
            after={"listing": locked.pk, "served_on": served_on.isoformat(), "method": method},
        )
        _node(locked, "credit_served", served_on, who, method=method)
    return locked


def publish_due(on: dt.date) -> int:
    """The daily job: publish every decided listing whose grace period has ended by ``on`` (published on
    its publication date). Idempotent. Returns how many."""
    who = Actor.system(SYSTEM)
    done = 0
    for pk in Listing.objects.filter(status=ListingStatus.APPROVED, publish_on__lte=on).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = Listing.objects.select_for_update().select_related("case").get(pk=pk)
            if locked.status != ListingStatus.APPROVED:
                continue
            assert locked.publish_on is not None
            locked.status, locked.published_on = ListingStatus.PUBLISHED, locked.publish_on
            locked.save(update_fields=["status", "published_on"])
            feed.emit(FeedKind.LISTED, locked.publish_on, listing=locked)
            record(who, "credit.listing.publish", obj=locked.case, after=_snapshot(locked))
            _node(locked, "credit_published", locked.publish_on, who)
        done += 1
    return done


# ------------------------------------------------------------------------------------------- deletion


def deletion_rule(listing: Listing, trigger: str, on: dt.date) -> dict[str, Any]:
    """``law.dishonesty_deletion`` for this listing (with or without a period)."""
    ref = courts.reference()
    facts = {"trigger": trigger, "on": on.isoformat(), "has_period": listing.period_years is not None}
    return dishonesty.deletion(facts, ref.params, ref.calendar)


def _delete(
    locked: Listing, trigger: str, on: dt.date, delete_by: dt.date, today: dt.date, note: str, who: Actor
) -> None:
    before = _snapshot(locked)
    was_published = locked.status == ListingStatus.PUBLISHED
    locked.trigger, locked.trigger_on, locked.delete_by = trigger, on, delete_by
    locked.status, locked.deleted_on, locked.deletion_note = ListingStatus.DELETED, today, note
    locked.save()
    if was_published:  # the partners were told of it: they are told it is gone
        feed.emit(FeedKind.DELISTED, today, listing=locked)
    record(
        who,
        "credit.listing.delete",
        obj=locked.case,
        before=before,
        after={
            **_snapshot(locked),
            "trigger": trigger,
            "trigger_on": on.isoformat(),
            "delete_by": delete_by.isoformat(),
            "deleted_on": today.isoformat(),
            "note": note,
        },
    )
    _node(locked, "credit_deleted", today, who, trigger=trigger, delete_by=delete_by.isoformat())


def delete_on_trigger(
    user: Any,
    listing: Listing,
    trigger: str,
    on: dt.date,
    note: str = "",
    *,
    early: bool = False,
    today: dt.date | None = None,
    request: Any = None,
) -> Listing:
    """Record a deletion trigger that happened on ``on`` and delete the listing now (inside the rule's
    three working days). A listing with a period is deleted on the Art 10 para 1 grounds only as an early
    deletion on active performance (``early``, Art 2 para 2); otherwise ``deletion_not_applicable``.
    ``user`` None: the daily job (system)."""
    today = today or timezone.localdate()
    if user is not None:
        authorize_in_scope(user, LIFT, listing.case, request)
    note = check_text(note or "", field="note", max_length=NOTE_MAX).strip()
    if on > today:
        raise LawError(
            "trigger_in_future",
            "删除事由的发生日期不能晚于今天。",
            "The trigger cannot be in the future.",
            field="on",
        )
    out = deletion_rule(listing, trigger, on)
    if not out["delete"]:
        if not (early and trigger in ("performed", "settlement_performed")):
            raise LawError(
                "deletion_not_applicable",
                "有纳入期限的失信名单不因该事由删除（第十条第二款）；被执行人积极履行的，可以决定提前删除。",
                "A listing with a period is not deleted on this ground (Art 10 para 2); on active "
                "performance it may be deleted early.",
                citations=out["citations"],
            )
        delete_by = today
        note = note or "积极履行，提前删除"
    else:
        delete_by = dt.date.fromisoformat(out["delete_by"])
    with transaction.atomic():
        locked = _locked(listing, *IN_FORCE)
        _delete(locked, trigger, on, delete_by, today, note, _who(user, request))
    return locked


def _delete_closed(listings: Iterable[Listing], today: dt.date) -> int:
    """Delete the listings without a period of cases closed by an Art 10 trigger (a closing method in
    ``CLOSING_TRIGGERS``), as of the closing date; with a period, Art 10 para 1 does not apply."""
    deleted = 0
    for listing in listings:
        trigger = CLOSING_TRIGGERS.get(listing.case.closing_method)
        if trigger is None or listing.period_years is not None:
            continue
        on = min(listing.case.closed_on or today, today)
        try:
            delete_on_trigger(None, listing, trigger, on, "结案自动删除", today=today)
            deleted += 1
        except LawError:
            continue
    return deleted


def delete_on_closing(case: Case, transition: str, on: dt.date, who: Actor) -> None:
    """A move hook (``zhiyuan.cases.move_hooks``): the move that closes a case by an Art 10 trigger
    deletes its listings without a period at once, in the same transaction (the daily sweep catches any
    closing that bypassed the services)."""
    if case.closed_on is None or case.closing_method not in CLOSING_TRIGGERS:
        return
    in_force = Listing.objects.filter(case=case, status__in=IN_FORCE).select_related("case")
    _delete_closed(in_force, max(on, timezone.localdate()))


def sweep(today: dt.date) -> dict[str, int]:
    """The daily job: publish listings whose grace ended; delete the listings of cases closed by a method
    that is an Art 10 trigger (as of the closing date), and listings whose period expired (as of the day
    after ``until``). Idempotent; each listing its own transaction."""
    published = publish_due(today)
    in_force = Listing.objects.filter(status__in=IN_FORCE).select_related("case")
    closed = _delete_closed(
        in_force.filter(case__status=CLOSED, case__closing_method__in=list(CLOSING_TRIGGERS)), today
    )
    expired = 0
    for listing in in_force.filter(until__lt=today):
        assert listing.until is not None
        on = listing.until + dt.timedelta(days=1)
        delete_on_trigger(None, listing, "period_expired", on, "纳入期限届满", today=today)
        expired += 1
    return {"published": published, "deleted_on_closing": closed, "deleted_expired": expired}


# ------------------------------------------------------------------------------------------- correction


def request_correction(
    user: Any, listing: Listing, requested_on: dt.date, reason: str, request: Any = None
) -> Correction:
    """Record the debtor's request to correct a listing in force (Art 12): reviewed within 15 days."""
    authorize_in_scope(user, LIST, listing.case, request)
    reason = check_text(reason or "", field="reason", max_length=NOTES_MAX, multiline=True).strip()
    if not reason:
        raise LawError(
            "reason_required", "请写明纠正理由。", "Give the reasons for correction.", field="reason"
        )
    if listing.status not in IN_FORCE:
        raise LawError(
            "listing_state", "只能对生效的失信名单申请纠正。", "Only a listing in force can be corrected."
        )
    who = _who(user, request)
    with transaction.atomic():
        c = Correction.objects.create(
            listing=listing,
            requested_on=requested_on,
            reason=reason,
            due_on=requested_on + dt.timedelta(days=CORRECTION_DAYS),
            recorded_by_name=user.get_full_name(),
        )
        record(
            who,
            "credit.correction.request",
            obj=listing.case,
            after={"listing": listing.pk, "correction": c.pk, "due_on": c.due_on.isoformat()},
        )
        _node(listing, "credit_correction_requested", requested_on, who)
    return c


RECONSIDERATION_NOTE = "理由不成立。被执行人可以自收到决定之日起十日内向上一级人民法院申请复议（第十二条）。"


def decide_correction(
    user: Any,
    correction: Correction,
    accept: bool,
    on: dt.date,
    note: str = "",
    *,
    delete: bool = False,
    request: Any = None,
) -> Correction:
    """Decide a correction request: accepted → the listing is corrected (``note`` says how) or deleted
    (``delete``; within three working days); refused → the note says reconsideration lies with the higher
    court. ``credit:lift``."""
    listing = correction.listing
    authorize_in_scope(user, LIFT, listing.case, request)
    note = check_text(note or "", field="note", max_length=NOTE_MAX).strip()
    if accept and not delete and not note:
        raise LawError("note_required", "请写明更正内容。", "Say what was corrected.", field="note")
    who = _who(user, request)
    with transaction.atomic():
        c = Correction.objects.select_for_update().get(pk=correction.pk)
        if c.status != CorrectionStatus.PENDING:
            raise LawError("correction_decided", "该纠正申请已经审查。", "This request was already decided.")
        if on < c.requested_on:
            raise LawError(
                "decision_before_request", "审查日期不能早于申请日期。", "The decision precedes the request."
            )
        c.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REFUSED
        c.outcome = ("deleted" if delete else "corrected") if accept else ""
        c.decision_note = note if accept else (f"{note} {RECONSIDERATION_NOTE}".strip())
        c.decided_on, c.decided_by_name = on, user.get_full_name()
        c.save()
        record(
            who,
            f"credit.correction.{c.status}",
            obj=listing.case,
            after={"correction": c.pk, "outcome": c.outcome, "note": c.decision_note},
        )
        if accept and delete:
            locked = _locked(listing, *IN_FORCE)
            due = courts.reference().calendar.add_working_days(on, CORRECTION_WORKING_DAYS)
            _delete(
                locked, "correction", on, due, max(on, timezone.localdate()), note or "纠正申请理由成立", who
            )
        else:
            _node(listing, "credit_correction_decided", on, who, status=c.status)
    return c
