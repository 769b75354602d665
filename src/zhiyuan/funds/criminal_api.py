"""The Art 13 allocation over HTTP (mounted under ``/api/funds/criminal``): propose, approve, refuse, and
request the disbursement of one row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.funds import criminal, selectors
from zhiyuan.funds.models_criminal import CriminalAllocation
from zhiyuan.inputs.text import ONE_LINE, column_length
from zhiyuan.law.errors import LawError

router = Router(tags=["funds criminal"])
CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]


class CriminalProposeIn(Schema):
    case_number: CaseNumber
    on: dt.date


class CriminalRefuseIn(Schema):
    reason: Annotated[str, Field(max_length=500), ONE_LINE]


class CriminalPaymentIn(Schema):
    claim_id: Annotated[str, Field(max_length=20), ONE_LINE]
    on: dt.date
    amount: Decimal | None = Field(None, description="part of the row's share; the rest of it by default")
    note: Annotated[str, Field(max_length=500), ONE_LINE] = ""


class CriminalRowOut(Schema):
    id: str
    kind: str
    item_kind: str
    payee_kind: str
    payee: str
    owed: Decimal
    allocated: Decimal


class CriminalAllocationOut(Schema):
    id: int
    case_number: str
    status: str
    available: Decimal
    remainder: Decimal
    rows: list[CriminalRowOut]
    citations: list[dict[str, Any]]
    proposed_by: str
    proposed_on: dt.date
    decided_by: str


class CriminalPaymentOut(Schema):
    disbursement: int
    payee_kind: str
    payee: str
    amount: Decimal
    status: str


def _out(a: CriminalAllocation) -> dict[str, Any]:
    case = a.account.case
    return {
        "id": a.pk,
        "case_number": case.case_number if case else "",
        "status": a.status,
        "available": a.available,
        "remainder": a.remainder,
        "rows": [
            {
                "id": c["id"],
                "kind": c["kind"],
                "item_kind": c["item_kind"],
                "payee_kind": c["payee_kind"],
                "payee": c["payee"],
                "owed": Decimal(c["amount"]),
                "allocated": Decimal(s["amount"]),
            }
            for c, s in a.rows
        ],
        "citations": a.citations,
        "proposed_by": a.proposed_by_name,
        "proposed_on": a.proposed_on,
        "decided_by": a.decided_by_name,
    }


def _find(request: HttpRequest, pk: int) -> CriminalAllocation:
    found = CriminalAllocation.objects.select_related("account__case").filter(pk=pk).first()
    case = found.account.case if found is not None else None
    if found is None or case is None or case.court_id not in scope_of(request.user).court_ids:
        raise LawError(
            "allocation_not_found", "分配不存在或不在您的权限范围内。", "No such allocation in your scope."
        )
    return found


@router.get(
    "/allocations",
    response=list[CriminalAllocationOut],
    summary="受偿顺序分配 A case's allocations (funds:view)",
)
def allocations(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    case = enforcement_case(request.user, case_number)
    authorize_any(request.user, selectors.READERS, request, obj=case)
    return [_out(a) for a in criminal.of_case(case)]


@router.post(
    "/allocations",
    response={201: CriminalAllocationOut},
    summary="按刑事涉财受偿顺序提出分配 Propose the Art 13 allocation (funds:disburse)",
)
def propose(request: HttpRequest, body: CriminalProposeIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    return Status(201, _out(criminal.propose(request.user, case, on=body.on, request=request)))


@router.post(
    "/allocations/{pk}/approval",
    response=CriminalAllocationOut,
    summary="批准分配（须第二因素，不得审批本人提出的） Approve (approval:grant, second factor)",
)
def approve(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(criminal.approve(request.user, _find(request, pk), request))


@router.post(
    "/allocations/{pk}/refusal",
    response=CriminalAllocationOut,
    summary="不予批准分配 Refuse (approval:grant)",
)
def refuse(request: HttpRequest, pk: int, body: CriminalRefuseIn) -> dict[str, Any]:
    return _out(criminal.refuse(request.user, _find(request, pk), body.reason, request))


@router.post(
    "/allocations/{pk}/payments",
    response={201: CriminalPaymentOut},
    summary="按分配结果申请发放（被害人或上缴国库） Request a row's disbursement (funds:disburse)",
)
def payment(request: HttpRequest, pk: int, body: CriminalPaymentIn) -> Status[dict[str, Any]]:
    d = criminal.request_payment(
        request.user, _find(request, pk), body.claim_id, on=body.on, amount=body.amount, note=body.note,
        request=request,
    )  # fmt: skip
    return Status(
        201,
        {
            "disbursement": d.pk,
            "payee_kind": d.payee_kind,
            "payee": d.payee,
            "amount": d.amount,
            "status": d.status,
        },
    )
