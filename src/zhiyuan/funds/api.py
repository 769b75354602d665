"""The funds API (django-ninja, under ``/api/funds``): a case's account, receipts, refunds/fees/costs,
disbursement requests with approval and payment, reversals, and the court's overdue receipts. Every
posting request carries the ``Idempotency-Key`` header: a replay answers the first posting (201, with
``Idempotent-Replayed: true``); the key with another body is 422 ``idempotency_key_reused``; a duplicate
while the first is in flight 409 ``idempotency_in_flight``. Approvals need a verified second factor, which
an API token never carries (``second_factor_required``) — they are made from a verified session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Header, Router, Schema, Status

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.funds import selectors, services
from zhiyuan.funds.ledger import Booked
from zhiyuan.funds.models import Disbursement, Posting
from zhiyuan.inputs.amounts import Amount
from zhiyuan.inputs.text import NOTE_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Note = Annotated[str, Field(max_length=NOTE_MAX), ONE_LINE]
Key = Annotated[str, Header(alias="Idempotency-Key", max_length=100)]
router = Router(tags=["funds"])


class LedgerEntryOut(Schema):
    account: str
    amount: Decimal = Field(description="debit positive, credit negative")


class PostingOut(Schema):
    id: int
    case_number: str
    kind: str
    amount: Decimal
    on: dt.date
    counterparty: str
    note: str
    reverses: int | None
    created_by: str
    entries: list[LedgerEntryOut]


class ApprovalOut(Schema):
    approver: str
    at: dt.datetime


class DisbursementOut(Schema):
    id: int
    case_number: str
    party_id: int | None = Field(description="the creditor paid; null when the treasury is paid")
    payee_kind: str = Field(description="creditor, or treasury (上缴国库)")
    payee: str
    amount: Decimal
    status: str
    grade: int
    approvals_needed: int
    final_role: str
    approvals: list[ApprovalOut]
    requested_by: str
    requested_on: dt.date
    posting: int | None


class OwedOut(Schema):
    claim: Decimal | None
    fee: Decimal | None
    interest: Decimal | None
    paid: Decimal
    owed: Decimal | None
    on: dt.date
    notes: list[str]


class AccountOut(Schema):
    case_number: str
    balance: Decimal
    owed: OwedOut
    postings: list[PostingOut]
    disbursements: list[DisbursementOut]


class ReceiptIn(Schema):
    case_number: CaseNumber
    kind: Literal["deduction", "voluntary", "auction"]
    amount: Amount
    on: dt.date
    counterparty: Annotated[str, Field(max_length=200), ONE_LINE] = ""
    note: Note = ""


class OutflowIn(Schema):
    case_number: CaseNumber
    kind: Literal["refund", "fee", "cost"]
    amount: Amount
    on: dt.date
    counterparty: Annotated[str, Field(max_length=200), ONE_LINE] = ""
    note: Note = ""


class DisbursementIn(Schema):
    case_number: CaseNumber
    party_id: int
    amount: Amount
    on: dt.date
    scheme: Annotated[str, Field(max_length=100), ONE_LINE] = ""
    note: Note = ""


class PayIn(Schema):
    on: dt.date


class RefusalIn(Schema):
    reason: Note


class ReversalIn(Schema):
    on: dt.date
    reason: Note


class OverdueOut(Schema):
    case_number: str
    received_on: dt.date
    due: dt.date
    outstanding: Decimal


def _posting(p: Posting) -> dict[str, Any]:
    case = p.account.case
    return {
        "id": p.pk,
        "case_number": case.case_number if case else "",
        "kind": p.kind,
        "amount": p.amount,
        "on": p.on,
        "counterparty": p.counterparty,
        "note": p.note,
        "reverses": p.reverses_id,
        "created_by": p.created_by_name,
        "entries": [
            {"account": e.account.kind, "amount": e.amount} for e in p.entries.select_related("account")
        ],
    }


def _disbursement(d: Disbursement) -> dict[str, Any]:
    case = d.account.case
    return {
        "id": d.pk,
        "case_number": case.case_number if case else "",
        "party_id": d.party_id,
        "payee_kind": d.payee_kind,
        "payee": d.payee,
        "amount": d.amount,
        "status": d.status,
        "grade": d.grade,
        "approvals_needed": d.approvals_needed,
        "final_role": d.final_role,
        "approvals": [{"approver": a.approver_name, "at": a.approved_at} for a in d.approvals.all()],
        "requested_by": d.requested_by_name,
        "requested_on": d.requested_on,
        "posting": d.posting_id,
    }


def _booked(response: HttpResponse, booked: Booked) -> Status[dict[str, Any]]:
    if booked.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _posting(booked.posting))


def _find_disbursement(request: HttpRequest, pk: int) -> Disbursement:
    found = Disbursement.objects.select_related("account__case").filter(pk=pk).first()
    case = found.account.case if found is not None else None
    if found is None or case is None or case.court_id not in scope_of(request.user).court_ids:
        raise LawError(
            "disbursement_not_found",
            "发放申请不存在或不在您的权限范围内。",
            "No such disbursement in your scope.",
        )
    return found


@router.get("/accounts", response=AccountOut, summary="案款账户 A case's funds account (funds:view)")
def account(request: HttpRequest, case_number: CaseNumber) -> dict[str, Any]:
    case = enforcement_case(request.user, case_number)
    authorize_any(request.user, selectors.READERS, request, obj=case)
    owed = selectors.owed(case, timezone.localdate())
    return {
        "case_number": case.case_number,
        "balance": selectors.balance(case),
        "owed": {**owed.__dict__, "notes": list(owed.notes)},
        "postings": [_posting(p) for p in selectors.postings(case).select_related("account__case")],
        "disbursements": [
            _disbursement(d) for d in selectors.disbursements(case).select_related("account__case")
        ],
    }


@router.post("/receipts", response={201: PostingOut}, summary="案款到账 Record a receipt (funds:receive)")
def receipt(
    request: HttpRequest, response: HttpResponse, body: ReceiptIn, idempotency_key: Key = ""
) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    booked = services.post_receipt(
        request.user, case, kind=body.kind, amount=str(body.amount), on=body.on, key=idempotency_key,
        counterparty=body.counterparty, note=body.note, request=request,
    )  # fmt: skip
    return _booked(response, booked)


@router.post(
    "/outflows",
    response={201: PostingOut},
    summary="退款、执行费、执行费用 Refund, fee or cost (funds:disburse)",
)
def outflow(
    request: HttpRequest, response: HttpResponse, body: OutflowIn, idempotency_key: Key = ""
) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    booked = services.post_outflow(
        request.user, case, kind=body.kind, amount=str(body.amount), on=body.on, key=idempotency_key,
        counterparty=body.counterparty, note=body.note, request=request,
    )  # fmt: skip
    return _booked(response, booked)


@router.post(
    "/disbursements",
    response={201: DisbursementOut},
    summary="申请发放 Request a disbursement (funds:disburse)",
)
def request_disbursement(request: HttpRequest, body: DisbursementIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    d = services.request_disbursement(
        request.user, case, party_id=body.party_id, amount=str(body.amount), on=body.on, scheme=body.scheme,
        note=body.note, request=request,
    )  # fmt: skip
    return Status(201, _disbursement(d))


@router.post(
    "/disbursements/{pk}/approval",
    response=DisbursementOut,
    summary="审批发放（须第二因素，不得审批本人申请） Approve (approval:grant, second factor)",
)
def approve(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _disbursement(services.approve(request.user, _find_disbursement(request, pk), request))


@router.post(
    "/disbursements/{pk}/refusal", response=DisbursementOut, summary="不予批准 Refuse (approval:grant)"
)
def refuse(request: HttpRequest, pk: int, body: RefusalIn) -> dict[str, Any]:
    d = services.refuse_disbursement(request.user, _find_disbursement(request, pk), body.reason, request)
    return _disbursement(d)


@router.post(
    "/disbursements/{pk}/payment",
    response={201: PostingOut},
    summary="发放 Pay an approved request (funds:disburse)",
)
def pay(
    request: HttpRequest, response: HttpResponse, pk: int, body: PayIn, idempotency_key: Key = ""
) -> Status[dict[str, Any]]:
    d = _find_disbursement(request, pk)
    return _booked(response, services.pay(request.user, d, on=body.on, key=idempotency_key, request=request))


@router.post(
    "/postings/{pk}/reversal", response={201: PostingOut}, summary="冲正 Reverse a posting (funds:disburse)"
)
def reverse(
    request: HttpRequest, response: HttpResponse, pk: int, body: ReversalIn, idempotency_key: Key = ""
) -> Status[dict[str, Any]]:
    posting = Posting.objects.select_related("account__case").filter(pk=pk).first()
    case = posting.account.case if posting is not None else None
    if posting is None or case is None or case.court_id not in scope_of(request.user).court_ids:
        raise LawError(
            "posting_not_found", "记账不存在或不在您的权限范围内。", "No such posting in your scope."
        )
    booked = services.reverse(
        request.user, posting, on=body.on, key=idempotency_key, reason=body.reason, request=request
    )
    return _booked(response, booked)


@router.get(
    "/overdue",
    response=list[OverdueOut],
    summary="超过发放期限未发放的到账款 Receipts not paid out within the period (funds:view, command:view)",
)
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    authorize_any(request.user, {*selectors.READERS, "command:view"}, request)
    rows = selectors.overdue_receipts(scope_of(request.user).court_ids, timezone.localdate())
    return [r.__dict__ for r in rows]


# The Art 13 allocation of a criminal judgment's property parts (刑事涉财) under /criminal.
from zhiyuan.funds.criminal_api import router as criminal_router  # noqa: E402

router.add_router("/criminal", criminal_router)
