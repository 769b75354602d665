"""Criminal-judgment transfers over HTTP (mounted under ``/api/enforcement/criminal``): transfer a
criminal case's property parts (``trial:transfer``), read a transfer from either case. Cases are named by
their number in the body or the query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.criminal import selectors, services
from zhiyuan.enforcement.models import CriminalTransfer
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, NOTES_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Line = Annotated[str, Field(max_length=200), ONE_LINE]
router = Router(tags=["enforcement criminal"])


class CriminalVictimIn(Schema):
    name: Line
    id_number: Annotated[str, Field(max_length=40), ONE_LINE] = ""
    phone: Annotated[str, Field(max_length=40), ONE_LINE] = ""


class CriminalItemIn(Schema):
    kind: Annotated[
        str,
        Field(max_length=16, description="fine, confiscation, restitution, recovery, medical or civil"),
        ONE_LINE,
    ]
    amount: Decimal = Field(description="yuan; the value of property named in kind")
    description: Line = ""
    victim: CriminalVictimIn | None = Field(None, description="required for restitution, medical, civil")
    secured: bool = Field(False, description="the creditor claims to be paid first (Art 13 para 2)")


class CriminalSeizedIn(Schema):
    asset_class: Annotated[str, Field(max_length=20), ONE_LINE]
    description: Line
    register_ref: Annotated[str, Field(max_length=100), ONE_LINE] = ""
    location: Line = ""
    estimated_value: Decimal | None = None
    measure: Annotated[str, Field(max_length=10, description="seal, seizure or freeze"), ONE_LINE]
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    authority: Annotated[str, Field(max_length=100), ONE_LINE] = ""


class CriminalTransferIn(Schema):
    case_number: CaseNumber = Field(description="the criminal case (刑初/刑终)")
    effective_on: dt.date
    transferred_on: dt.date
    defendant_id: int | None = Field(
        None, description="a defendant of the criminal case; the only one by default"
    )
    items: list[CriminalItemIn] = Field(max_length=services.MAX_ITEMS)
    seized: list[CriminalSeizedIn] = Field(default_factory=list, max_length=services.MAX_SEIZED)
    property_leads: Annotated[str, Field(max_length=NOTES_MAX), MULTI_LINE] = ""
    note: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE] = ""


class CriminalItemOut(Schema):
    id: int
    kind: str
    amount: Decimal
    description: str
    victim: str
    secured: bool


class CriminalTransferOut(Schema):
    criminal_case_number: str
    enforcement_case_number: str
    defendant: str
    effective_on: dt.date
    transferred_on: dt.date
    total: Decimal
    items: list[CriminalItemOut]
    seized: list[dict[str, Any]]
    property_leads: str
    note: str
    transferred_by: str
    citations: list[dict[str, Any]]


def _out(t: CriminalTransfer) -> dict[str, Any]:
    return {
        "criminal_case_number": t.criminal_case.case_number,
        "enforcement_case_number": t.enforcement_case.case_number,
        "defendant": t.defendant.name,
        "effective_on": t.effective_on,
        "transferred_on": t.transferred_on,
        "total": t.total,
        "items": [
            {
                "id": i.pk,
                "kind": i.kind,
                "amount": i.amount,
                "description": i.description,
                "victim": i.victim.name if i.victim else "",
                "secured": i.secured,
            }
            for i in selectors.items(t)
        ],
        "seized": t.seized,
        "property_leads": t.property_leads,
        "note": t.note,
        "transferred_by": t.transferred_by_name,
        "citations": t.citations,
    }


def _case(request: HttpRequest, number: str) -> Case:
    case = cases.case_detail(request.user, number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return case


@router.post(
    "/transfers",
    response={201: CriminalTransferOut},
    summary="刑事裁判涉财产部分移送执行 Transfer a criminal judgment's property parts (trial:transfer)",
)
def transfer(request: HttpRequest, body: CriminalTransferIn) -> Status[dict[str, Any]]:
    case = _case(request, body.case_number)
    made = services.transfer(
        request.user,
        case,
        effective_on=body.effective_on,
        transferred_on=body.transferred_on,
        defendant_id=body.defendant_id,
        items=[i.dict() for i in body.items],
        seized=[s.dict() for s in body.seized],
        property_leads=body.property_leads,
        note=body.note,
        request=request,
    )
    return Status(201, _out(made))


@router.get(
    "/transfers",
    response=CriminalTransferOut,
    summary="查看移送执行（刑事或执行案号） Read a transfer by either case's number",
)
def read(request: HttpRequest, case_number: CaseNumber) -> dict[str, Any]:
    authorize_any(
        request.user, {"trial:transfer", "enforcement:handle", "funds:view", "command:view"}, request
    )
    case = _case(request, case_number)
    found = selectors.of_criminal(case) or selectors.of_enforcement(case)
    if found is None:
        raise LawError("transfer_not_found", "该案件没有移送执行记录。", "The case has no transfer.")
    found = CriminalTransfer.objects.select_related("criminal_case", "enforcement_case", "defendant").get(
        pk=found.pk
    )
    return _out(found)
