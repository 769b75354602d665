"""自动履行 over HTTP: titles (scoped), opening a title, payment reports, enforcement applications (open
the urging period), urging contacts, the overview figures, and public verification of a notice by its
code (no sign-in; masked names only)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.inputs.pages import Pages, RowId
from zhiyuan.inputs.text import ID_NUMBER_MAX, ONE_LINE, Block, Criterion, Line, column_length
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party
from zhiyuan.performance import selectors, services
from zhiyuan.performance.models import Obligation, PaymentReport, Title, Urging, UrgingContact

router = Router(tags=["performance"])
#: a party reference of a title ("A", "B1", …): what an obligee column holds
REF_MAX = column_length(Obligation, "obligee")


class TitleRow(Schema):
    id: int
    case_number: str
    court_code: str
    kind: str
    effective_on: dt.date
    status: str
    total_amount: Decimal | None
    performed_on: dt.date | None
    on_time: bool

    @staticmethod
    def resolve_case_number(obj: Any) -> str:
        return str(obj["case_number"] if isinstance(obj, dict) else obj.case.case_number)

    @staticmethod
    def resolve_court_code(obj: Any) -> str:
        return str(obj["court_code"] if isinstance(obj, dict) else obj.case.court_code)


class ObligationRow(Schema):
    id: int
    item: int
    instalment: int | None
    kind: str
    obligors: list[str]
    obligee: str
    act: str
    amount: Decimal | None
    paid: Decimal
    due: dt.date
    met_on: dt.date | None
    warned_on: dt.date | None


class PaymentRow(Schema):
    id: int
    payer_ref: str
    paid_on: dt.date
    amount: Decimal | None
    obligation_id: int | None
    evidence: str
    status: str
    reported_by: str
    confirmed_by: str


class NoticeRow(Schema):
    id: int
    kind: str
    number: str
    issued_on: dt.date
    template: str


class UrgingRow(Schema):
    id: int
    applicant_ref: str
    applied_on: dt.date
    ends_on: dt.date
    status: str
    closed_on: dt.date | None
    enforcement_case: str | None
    contacts: int


class TitlePartyRow(Schema):  # not PartyRow: OpenAPI names components by class
    ref: str
    name: str
    role: str | None


class TitleDetail(TitleRow):
    parties: list[TitlePartyRow]
    obligations: list[ObligationRow]
    payments: list[PaymentRow]
    notices: list[NoticeRow]
    urgings: list[UrgingRow]


class TitlePartyIn(Schema):  # not PartyIn (the case filing's, in the same document)
    ref: Line = Field(max_length=REF_MAX)
    name: Line = Field(max_length=column_length(Party, "name"))
    # zhiyuan.law.identity.ID_TYPES; None: from the number's shape
    id_type: Annotated[str, Field(max_length=column_length(Party, "id_type")), ONE_LINE] | None = None
    id_number: Annotated[str, Field(max_length=ID_NUMBER_MAX), ONE_LINE] | None = None
    role: Line = Field(max_length=REF_MAX)
    #: the number is recorded under another name: "recorded" uses that name, "alias" keeps this one as
    #: another name of the same party; "" (default) refuses with identity_other_name
    name_choice: Literal["", "recorded", "alias"] = ""


class TitleIn(Schema):
    case_number: Line = Field(max_length=column_length(Case, "case_number"))
    kind: Line = Field(max_length=column_length(Title, "kind"))
    effective_on: dt.date
    parties: list[TitlePartyIn]
    items: list[dict[str, Any]]


class PaymentIn(Schema):
    payer_ref: Line = Field(max_length=column_length(PaymentReport, "payer_ref"))
    paid_on: dt.date
    amount: Decimal | None = None
    obligation_id: int | None = None
    evidence: Block = Field("", max_length=column_length(PaymentReport, "evidence"))
    confirm: bool = True


class ApplicationIn(Schema):
    applicant_ref: Line = Field(max_length=column_length(Urging, "applicant_ref"))
    applied_on: dt.date
    note: Block = Field("", max_length=column_length(Urging, "note"))


class ContactIn(Schema):
    on: dt.date
    channel: Line = Field(max_length=column_length(UrgingContact, "channel"))
    note: Block = Field(max_length=column_length(UrgingContact, "note"))


class Verification(Schema):
    valid: bool
    kind: str
    number: str
    issued_on: dt.date
    court: str
    case_number: str
    debtors: list[str]
    creditors: list[str]
    performed_on: dt.date | None
    on_time: bool | None


def _can_read(request: HttpRequest) -> None:
    if "case:view" not in getattr(request, "permissions", frozenset()):
        authorize(request.user, "case:view", request)


def _row(t: Title) -> dict[str, Any]:
    return {
        "id": t.pk,
        "case_number": t.case.case_number,
        "court_code": t.case.court_code,
        "kind": t.kind,
        "effective_on": t.effective_on,
        "status": t.status,
        "total_amount": t.total_amount,
        "performed_on": t.performed_on,
        "on_time": t.on_time,
    }


def _detail(t: Title) -> dict[str, Any]:
    return {
        **_row(t),
        "parties": [{"ref": p["ref"], "name": p["name"], "role": p.get("role")} for p in t.parties],
        "obligations": list(t.obligations.all()),
        "payments": list(t.payments.all()),
        "notices": [
            {"id": n.pk, "kind": n.kind, "number": n.number, "issued_on": n.issued_on, "template": n.template}
            for n in t.notices.all()
        ],
        "urgings": [
            {
                "id": u.pk,
                "applicant_ref": u.applicant_ref,
                "applied_on": u.applied_on,
                "ends_on": u.ends_on,
                "status": u.status,
                "closed_on": u.closed_on,
                "enforcement_case": u.enforcement_case.case_number if u.enforcement_case else None,
                "contacts": len(u.contacts.all()),
            }
            for u in t.urgings.all()
        ],
    }


def _title(request: HttpRequest, pk: RowId) -> Title:
    found = selectors.title(request.user, pk)
    if found is None:
        raise LawError(
            "title_not_found", "执行依据不存在或不在您的权限范围内。", "No such title in your scope."
        )
    return found


@router.get(
    "/titles", response=list[TitleRow], summary="执行依据与履行情况 Titles and their performance (scoped)"
)
@paginate(Pages, page_size=50)
def titles(request: HttpRequest, status: Criterion = "", number: Criterion = "") -> Any:
    _can_read(request)
    return selectors.titles(request.user, status=status, number=number)


@router.get("/titles/{title_id}", response=TitleDetail, summary="执行依据详情 A title with its obligations")
def title(request: HttpRequest, title_id: RowId) -> dict[str, Any]:
    _can_read(request)
    return _detail(_title(request, title_id))


@router.post(
    "/titles",
    response={201: TitleDetail},
    summary="登记生效法律文书并发出自动履行告知书 Register an effective title (trial:performance_notice)",
)
def open_title(request: HttpRequest, body: TitleIn) -> Status[dict[str, Any]]:
    case = cases.case_detail(request.user, body.case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    made = services.open_title(
        request.user,
        case=case,
        kind=body.kind,
        parties=[p.dict() for p in body.parties],
        items=body.items,
        effective_on=body.effective_on,
        request=request,
    )
    return Status(201, _detail(_title(request, made.pk)))


@router.post(
    "/titles/{title_id}/payments",
    response={201: PaymentRow},
    summary="登记履行情况 Report a payment or an act performed (performance:track)",
)
def report_payment(request: HttpRequest, title_id: RowId, body: PaymentIn) -> Status[Any]:
    made = services.record_payment(
        request.user,
        _title(request, title_id),
        payer_ref=body.payer_ref,
        paid_on=body.paid_on,
        amount=body.amount,
        obligation_id=body.obligation_id,
        evidence=body.evidence,
        confirm=body.confirm,
        request=request,
    )
    return Status(201, made)


@router.post(
    "/titles/{title_id}/enforcement-application",
    response={201: UrgingRow},
    summary="申请执行（先行执前督促） Apply for enforcement: opens the urging period (performance:track)",
)
def apply(request: HttpRequest, title_id: RowId, body: ApplicationIn) -> Status[dict[str, Any]]:
    u = services.apply_for_enforcement(
        request.user,
        _title(request, title_id),
        applied_on=body.applied_on,
        applicant_ref=body.applicant_ref,
        note=body.note,
        request=request,
    )
    return Status(
        201,
        {
            "id": u.pk,
            "applicant_ref": u.applicant_ref,
            "applied_on": u.applied_on,
            "ends_on": u.ends_on,
            "status": u.status,
            "closed_on": None,
            "enforcement_case": None,
            "contacts": 0,
        },
    )


@router.post(
    "/titles/{title_id}/urgings/{urging_id}/contacts",
    response={201: dict[str, Any]},
    summary="督促记录 Record a contact with the debtor (performance:track)",
)
def contact(
    request: HttpRequest, title_id: RowId, urging_id: RowId, body: ContactIn
) -> Status[dict[str, Any]]:
    t = _title(request, title_id)
    urging = t.urgings.filter(pk=urging_id).first()
    if urging is None:
        raise LawError("urging_not_found", "没有该执前督促。", "No such urging period.")
    made = services.record_contact(
        request.user, urging, on=body.on, channel=body.channel, note=body.note, request=request
    )
    return Status(201, {"id": made.pk, "on": made.on, "channel": made.channel})


@router.get("/figures", summary="自动履行指标 Figures for the overview (scoped to the user's courts)")
def figures(
    request: HttpRequest,
    court: Criterion = "",
    subtree: bool = True,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    _can_read(request)
    allowed = scope_of(request.user).court_ids
    ids = cases.courts_in(court, subtree) if court else sorted(allowed)
    return selectors.figures([i for i in ids if i in allowed], date_from, date_to)


@router.get(
    "/verify/{code}",
    auth=None,
    response={200: Verification, 404: dict[str, Any]},
    summary="在线验证自动履行证明书等文书 Verify a notice by its code (public; masked names)",
)
def verify(request: HttpRequest, code: str) -> Any:
    found = selectors.verify(code)
    if found is None:
        return Status(
            404,
            {
                "type": "urn:zhiyuan:error:verification_not_found",
                "status": 404,
                "code": "verification_not_found",
                "message_zh": "验证码无效：没有对应的文书。",
                "message_en": "Unknown code: no notice carries it.",
            },
        )
    return {"valid": True, **found}
