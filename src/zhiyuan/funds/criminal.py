"""Enforcing a criminal judgment's property parts in the order of Art 13 of 《最高人民法院关于刑事裁判涉财产
部分执行的若干规定》 (``law.criminal_priority``): the officer proposes an allocation of the case's money (its
account's balance) among the transferred items still owed, another person approves it (an approver of the
case's court with a verified second factor, never the proposer), and the disbursements then follow it row
by row — a victim is paid as a creditor, fines and confiscation are paid to the treasury (上缴国库). Each
request is graded and approved as every disbursement is (:mod:`zhiyuan.funds.services`).

The shape is the distribution scheme's (:mod:`zhiyuan.funds.scheme`): the rule's facts and answer kept on
a row, a locked state machine, audit and a node per step; a new proposal supersedes an earlier one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

import zhiyuan.enforcement.selectors as enforcement
from zhiyuan.accounts.policy import authorize_approval
from zhiyuan.audit.services import record
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import log_node
from zhiyuan.funds import allotment, ledger, services
from zhiyuan.funds.models import RECEIPTS, Disbursement, DisbursementStatus, PayeeKind, Posting, PostingKind
from zhiyuan.funds.models_criminal import AllocationStatus, CriminalAllocation
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law import criminal_property
from zhiyuan.law.errors import LawError

TREASURY = "国库（上缴）"
ZERO = Decimal("0.00")
NODES = {
    "criminal_allocation_proposed": "提出刑事涉财受偿顺序分配",
    "criminal_allocation_approved": "批准刑事涉财受偿顺序分配",
    "criminal_allocation_refused": "不予批准刑事涉财受偿顺序分配",
}


def reference(allocation: CriminalAllocation, claim_id: str) -> str:
    """What a disbursement following a row names in ``scheme``."""
    return f"criminal:{allocation.pk}:{claim_id}"


def _claims(case: Case) -> list[dict[str, Any]]:
    claims = enforcement.criminal_claims(case)
    if claims is None:
        raise LawError(
            "not_criminal_enforcement",
            "本案不是刑事裁判涉财产部分移送执行的案件。",
            "This case is not the enforcement of a transferred criminal judgment.",
        )
    return claims


def _asked(account: Any, item_id: str) -> Decimal:
    """What live requests under any allocation already ask for an item."""
    total = (
        Disbursement.objects.filter(
            account=account, scheme__startswith="criminal:", scheme__endswith=f":{item_id}"
        )
        .exclude(status=DisbursementStatus.REFUSED)
        .aggregate(s=Sum("amount"))["s"]
    )
    return total or ZERO


def propose(user: Any, case: Case, *, on: dt.date, request: Any = None) -> CriminalAllocation:
    """Allocate the money the account holds now among the items still owed (what is owed less what earlier
    requests ask), in the Art 13 order; earlier proposals and approvals are superseded."""
    services._enforcement(user, case, services.DISBURSE, request)
    claims = _claims(case)
    day = services._day(on, case)
    who = services._who(user, request)
    with transaction.atomic():
        account = ledger.case_account(case, lock=True)
        outstanding = (
            Disbursement.objects.filter(
                account=account, status__in=(DisbursementStatus.PENDING, DisbursementStatus.APPROVED)
            ).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
        available = ledger.held(account) - outstanding
        rows = []
        for c in claims:
            owed = c["amount"] - _asked(account, c["id"])
            if owed > 0:
                rows.append({**c, "amount": str(owed), "due": str(c["amount"])})
        if not rows:
            raise LawError(
                "nothing_owed", "各执行事项均已申请发放完毕。", "Every item is already asked for in full."
            )
        if available <= 0:
            raise LawError(
                "no_money_to_allocate",
                "案款账户现无可分配的款项（已扣除待发放的申请）。",
                "The account holds no money to allocate (requests not yet paid are set aside).",
            )
        facts = {
            "available": str(available),
            "claims": [
                {"id": r["id"], "kind": r["kind"], "amount": r["amount"], "secured": r["secured"]}
                for r in rows
            ],
        }
        out = criminal_property.allocate(facts)
        CriminalAllocation.objects.filter(
            account=account, status__in=(AllocationStatus.PROPOSED, AllocationStatus.APPROVED)
        ).update(status=AllocationStatus.SUPERSEDED)
        made = CriminalAllocation.objects.create(
            account=account,
            available=available,
            claims=rows,
            allocations=out["allocations"],
            remainder=Decimal(out["remainder"]),
            citations=out["citations"],
            proposed_on=day,
            proposed_by_id=user.pk,
            proposed_by_name=user.get_full_name()[:150],
        )
        record(
            who,
            "funds.criminal.propose",
            obj=case,
            after={"allocation": made.pk, "allocations": out["allocations"]},
        )
        log_node(
            case,
            "criminal_allocation_proposed",
            day,
            who,
            {"allocation": made.pk, "available": str(available)},
        )
    return made


def _locked(allocation: CriminalAllocation, *states: str) -> CriminalAllocation:
    return allotment.locked(
        CriminalAllocation, allocation.pk, states, "allocation_state_invalid",
        "该分配{status}，不能办理此项。", "The allocation is {status}; this step does not apply.",
    )  # fmt: skip


def _decide(approver: Any, allocation: CriminalAllocation, request: Any) -> Case:
    case = allocation.account.case
    assert case is not None
    authorize_approval(approver, allocation.proposed_by_id, request, obj=case, court_id=case.court_id)
    return case


def approve(approver: Any, allocation: CriminalAllocation, request: Any = None) -> CriminalAllocation:
    """Another person approves the proposal: disbursements may now follow it."""
    case = _decide(approver, allocation, request)
    who = services._who(approver, request)
    with transaction.atomic():
        locked = _locked(allocation, AllocationStatus.PROPOSED)
        locked.status = AllocationStatus.APPROVED
        locked.decided_by_id, locked.decided_by_name = approver.pk, approver.get_full_name()[:150]
        locked.decided_at = timezone.now()
        locked.save()
        record(who, "funds.criminal.approve", obj=case, after={"allocation": locked.pk})
        log_node(case, "criminal_allocation_approved", timezone.localdate(), who, {"allocation": locked.pk})
    return locked


def refuse(
    approver: Any, allocation: CriminalAllocation, reason: str, request: Any = None
) -> CriminalAllocation:
    """Another person refuses the proposal, with a reason."""
    case = _decide(approver, allocation, request)
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX).strip()
    if not reason:
        raise LawError("reason_required", "不予批准须说明理由。", "A refusal needs a reason.", field="reason")
    who = services._who(approver, request)
    with transaction.atomic():
        locked = _locked(allocation, AllocationStatus.PROPOSED)
        locked.status, locked.refusal_reason = AllocationStatus.REFUSED, reason
        locked.decided_by_id, locked.decided_by_name = approver.pk, approver.get_full_name()[:150]
        locked.decided_at = timezone.now()
        locked.save()
        record(who, "funds.criminal.refuse", obj=case, after={"allocation": locked.pk, "reason": reason})
        log_node(case, "criminal_allocation_refused", timezone.localdate(), who, {"allocation": locked.pk})
    return locked


def request_payment(
    user: Any,
    allocation: CriminalAllocation,
    claim_id: str,
    *,
    on: dt.date,
    amount: Any = None,
    note: str = "",
    request: Any = None,
) -> Disbursement:
    """Ask to pay one row of an approved allocation (its whole share by default, or part of it): to the
    victim it is owed to, or to the treasury. The request is then approved and paid as any disbursement."""
    case = allocation.account.case
    assert case is not None
    services._enforcement(user, case, services.DISBURSE, request)
    day = services._day(on, case)
    row = next(((c, a) for c, a in allocation.rows if c["id"] == str(claim_id)), None)
    if row is None:
        raise LawError(
            "claim_unknown", "分配结果中没有该事项。", "The allocation has no such row.", field="claim_id"
        )
    claim, share = row
    allotted = Decimal(share["amount"])
    ref = reference(allocation, claim["id"])
    value = (
        services._amount(amount)
        if amount not in (None, "")
        else allotted - allotment.requested(allocation.account, ref)
    )
    if value <= 0:
        raise LawError(
            "allotment_exhausted",
            "该事项按分配结果已无可申请发放的款项。",
            "This row has nothing left to ask for.",
            field="claim_id",
        )
    note = services._text(note, "note")
    treasury = claim["payee_kind"] == PayeeKind.TREASURY
    party = None if treasury else services._creditor(case, claim["party_id"]).party

    def check(account: Any) -> None:
        fresh = CriminalAllocation.objects.get(pk=allocation.pk)
        if fresh.status != AllocationStatus.APPROVED:
            raise LawError(
                "allocation_not_approved",
                "分配尚未批准（或已被新方案取代），不能据以发放。",
                "The allocation is not approved (or was superseded); nothing may be paid under it.",
            )
        allotment.check_within(account, ref, allotted, value)

    return services.file_request(
        user, case, party=party, payee=TREASURY if treasury else claim["payee"], amount=value, on=day,
        note=note or f"{claim['label']}（按受偿顺序）", scheme=ref,
        payee_kind=PayeeKind.TREASURY if treasury else PayeeKind.CREDITOR, check=check, request=request,
    )  # fmt: skip


def of_case(case: Case) -> list[CriminalAllocation]:
    """The case's allocations, newest first."""
    return list(CriminalAllocation.objects.filter(account__case=case))


def figures(court_ids: list[int] | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """For the command center (the campaign on criminal property): transfers dated in the period
    (``transferred``), their items (``items``) and amount due (``due_amount``); and on their enforcement
    cases, to date: money received (``recovered_amount``, receipts not reversed), paid to victims
    (``paid_victims_amount``) and to the treasury (``paid_treasury_amount``), disbursements not reversed."""
    t = enforcement.criminal_transfers(court_ids, start, end)
    ids = t["case_ids"]
    live = Q(reversed_by__isnull=True)
    received = Posting.objects.filter(live, account__case_id__in=ids, kind__in=RECEIPTS).aggregate(
        s=Sum("amount")
    )["s"]
    paid = dict(
        Posting.objects.filter(live, account__case_id__in=ids, kind=PostingKind.DISBURSEMENT)
        .values_list("disbursement__payee_kind")
        .annotate(s=Sum("amount"))
        .values_list("disbursement__payee_kind", "s")
    )
    return {
        "transferred": t["transferred"],
        "items": t["items"],
        "due_amount": t["due"],
        "recovered_amount": received or ZERO,
        "paid_victims_amount": paid.get(PayeeKind.CREDITOR) or ZERO,
        "paid_treasury_amount": paid.get(PayeeKind.TREASURY) or ZERO,
    }
