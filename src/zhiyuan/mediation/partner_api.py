"""Partner API (mounted at /api/mediation/partner/): a mediation organization's user, with a token, lists
the disputes delegated to the organization, reports sessions and the outcome, uploads the agreement (the
executability findings come back) and requests confirmation. Other organizations' disputes are 404.

Submissions are idempotent: an ``Idempotency-Key`` header makes a retry with the same body return the
first result; the same key with another body is a 409 problem."""

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

import orjson
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from zhiyuan.accounts.policy import authorize
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Mediator
from zhiyuan.inputs.amounts import OptionalAmount
from zhiyuan.inputs.pages import Pages, RowId
from zhiyuan.inputs.text import (
    DESCRIPTION_MAX,
    ID_NUMBER_MAX,
    NOTE_MAX,
    NOTES_MAX,
    ONE_LINE,
    REF_MAX,
    Block,
    Criterion,
    Line,
    column_length,
)
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import agreements, selectors, services, suggesting
from zhiyuan.mediation.models import Agreement, Mediation, Session, Submission
from zhiyuan.parties.models import Party
from zhiyuan.problems import problem

router = Router(tags=["mediation partner"])
PERMISSION = "partner:handle"
KEY_HEADER = "Idempotency-Key"
FOCUS_TYPE_MAX = column_length(Mediation, "focus_type")
#: a party reference ("A1", "R1") or a role
PartyRef = Annotated[str, Field(max_length=REF_MAX), ONE_LINE]
IDEMPOTENCY = {
    "parameters": [
        {
            "name": KEY_HEADER,
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": "重复提交时返回首次结果 · A retry with the same key and body returns the first "
            "result; the same key with another body is 409.",
            "example": "2025-09-10-session-1",
        }
    ]
}


class Problem(Schema):
    type: str
    title: str
    status: int
    code: str
    message_zh: str
    message_en: str
    details: dict[str, Any] | None = None


class PartyOut(Schema):
    ref: str
    name: str
    side: str
    role: str
    id_type: str = Field(
        "", description="证件类型（号码不外传）· identity document type (the number is not shown)"
    )


class DisputeOut(Schema):
    id: int
    case_number: str
    court: str
    cause: str
    focus_type: str
    claim_amount: Decimal | None
    description: str
    status: str
    opened_on: dt.date
    deadline: dt.date
    mediator: str | None
    parties: list[PartyOut]
    follow_up: str | None


class PersonIn(Schema):
    name: Line = Field(max_length=column_length(Party, "name"))
    id_number: Line = Field("", max_length=ID_NUMBER_MAX)
    id_type: Line = Field(
        "",
        description="证件类型，空则按号码形式判断（护照、台湾居民来往大陆通行证须注明）· identity document type: "
        "resident_id | residence_permit | uscc | passport | hk_macao_permit | taiwan_permit | "
        "foreign_permanent_resident_id (or the Chinese name); empty: from the number's shape (a passport or "
        "a Taiwan permit needs it); an unknown type is refused with id_type_unknown",
        max_length=40,
    )
    #: the number is recorded under another name: "recorded" uses that name, "alias" keeps this one as
    #: another name of the same party; "" (default) refuses with identity_other_name (which does not
    #: say the recorded name to a partner)
    name_choice: Literal["", "recorded", "alias"] = ""


class DisputeIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "applicants": [{"name": "张三", "id_number": "11010519491231002X"}],
                    "respondents": [
                        {"name": "李四", "id_number": "520102199003070014"},
                        {"name": "John Smith", "id_type": "passport", "id_number": "123456789"},
                    ],
                    "description": "张三借给李四三万元，约定半年归还，到期未还。",
                    "focus_type": "private_lending",
                    "cause": "民间借贷纠纷",
                    "region": "520102",
                    "claim_amount": "30000.00",
                    "on": "2025-09-01",
                }
            ]
        }
    )
    applicants: list[PersonIn]
    respondents: list[PersonIn]
    description: Block = Field(max_length=DESCRIPTION_MAX)
    focus_type: Line = Field(
        "", description="空则采用系统建议 · empty: the suggested one", max_length=FOCUS_TYPE_MAX
    )
    cause: Line = Field("", max_length=column_length(Case, "cause_text"))
    region: Line = Field("", max_length=column_length(Mediation, "region"))
    claim_amount: OptionalAmount = None
    mediator: Line = Field("", max_length=column_length(Mediator, "code"))
    on: dt.date


class SessionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2025-09-10",
                    "mode": "in_person",
                    "place": "街道调解室",
                    "notes": "双方就还款期限协商",
                    "attendance": ["张三", "李四"],
                }
            ]
        }
    )
    held_on: dt.date
    mode: Literal["in_person", "online", "phone"]
    place: Line = Field("", max_length=column_length(Session, "place"))
    notes: Block = Field("", max_length=NOTES_MAX)
    attendance: list[Annotated[str, Field(max_length=column_length(Party, "name")), ONE_LINE]] = []


class OutcomeIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"outcome": "succeeded", "on": "2025-09-20", "note": "双方签署调解协议"},
                {"outcome": "failed", "on": "2025-09-30", "note": "被申请人拒绝调解"},
            ]
        }
    )
    outcome: Literal["succeeded", "failed", "withdrawn"]
    on: dt.date
    note: Block = Field("", max_length=NOTE_MAX)


class AgreementIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "roles": {"A1": "creditor", "R1": "debtor"},
                    "items": [
                        {
                            "obligors": ["R1"],
                            "obligee": "A1",
                            "liability": None,
                            "type": "payment",
                            "amount": "30000.00",
                            "instalments": [
                                {"due": "2025-10-31", "amount": "15000.00"},
                                {"due": "2025-11-30", "amount": "15000.00"},
                            ],
                            "interest": None,
                        }
                    ],
                }
            ]
        }
    )
    items: list[dict[str, Any]] = Field(
        description="给付事项，格式同可执行性审查 · items as in `zhiyuan law executability`"
    )
    roles: dict[PartyRef, PartyRef] = {}


class FindingOut(Schema):
    code: str
    severity: str
    item: int | None
    message_zh: str
    message_en: str


class AgreementOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "executable": False,
                    "status": "draft",
                    "findings": [
                        {
                            "code": "instalments_mismatch",
                            "severity": "error",
                            "item": 0,
                            "message_zh": "分期金额合计 20000.00 元与总额 30000.00 元不一致。",
                            "message_en": "Instalments add up to 20000.00, not the amount 30000.00.",
                        }
                    ],
                }
            ]
        }
    )
    executable: bool
    status: str
    findings: list[FindingOut]


class ConfirmationIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"route": "confirmation", "on": "2025-09-22"}]})
    route: Literal["confirmation", "document"]
    on: dt.date


class ResultOut(Schema):
    status: str
    case_number: str | None = None


def _fail(err: LawError) -> Status[Any]:
    status, body = problem(err)
    return Status(status, body)


def _dispute(m: Mediation) -> dict[str, Any]:
    return {
        "id": m.pk,
        "case_number": m.case.case_number,
        "court": m.case.court.code,
        "cause": m.case.cause_text,
        "focus_type": m.focus_type,
        "claim_amount": m.case.claim_amount,
        "description": m.description,
        "status": m.status,
        "opened_on": m.opened_on,
        "deadline": m.deadline,
        "mediator": m.mediator.name if m.mediator else None,
        "parties": [
            {
                "ref": p["ref"],
                "name": p["name"],
                "side": p["side"],
                "role": p["role"],
                "id_type": p["id_type"],
            }
            for p in selectors.contract_parties(m.case)
        ],
        "follow_up": m.follow_up.case_number if m.follow_up else None,
    }


def _agreement(a: Agreement) -> dict[str, Any]:
    return {"executable": a.executable, "status": a.status, "findings": a.findings}


def _submit(
    request: HttpRequest, endpoint: str, body: Schema, run: Callable[[], tuple[int, dict[str, Any]]]
) -> Status[Any]:
    """Authorize, then run once per Idempotency-Key: a retry with the same body gets the stored answer."""
    try:
        authorize(request.user, PERMISSION, request)
        key = request.headers.get(KEY_HEADER, "").strip()[:100]
        digest = hashlib.sha256(
            orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
        ).hexdigest()
        org_id = getattr(request.user, "organization_id", None)
        if not key or org_id is None:
            return Status(*run())
        with transaction.atomic():
            earlier = Submission.objects.select_for_update().filter(organization_id=org_id, key=key).first()
            if earlier is not None:
                if earlier.body_hash != digest or earlier.endpoint != endpoint:
                    raise LawError(
                        "idempotency_conflict",
                        "该幂等键已用于另一内容的提交。",
                        "This Idempotency-Key was used for a different submission.",
                    )
                return Status(earlier.status_code, earlier.response)
            status, response = run()
            try:
                with transaction.atomic():
                    Submission.objects.create(
                        organization_id=org_id,
                        key=key,
                        endpoint=endpoint,
                        body_hash=digest,
                        status_code=status,
                        response=orjson.loads(orjson.dumps(response, default=str)),
                    )
            except IntegrityError:  # a concurrent retry won: undo ours, answer with its result
                raise LawError(
                    "idempotency_conflict",
                    "同一幂等键的提交正在处理。",
                    "A submission with this key is in progress.",
                ) from None
            return Status(status, response)
    except LawError as err:
        return _fail(err)


def _mediation(request: HttpRequest, pk: RowId) -> Mediation:
    m = selectors.detail(request.user, pk)
    if m is None:
        raise services.not_found()
    return m


ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.get(
    "/disputes",
    response={200: list[DisputeOut], 403: Problem, 422: Problem},
    summary="收到的委派纠纷 Disputes delegated to the organization (paginated)",
    description="分页：page（从 1 起）与 page_size（默认 50，最多 100）；count 为总数。· Paginated: `page` "
    "(from 1) and `page_size` (default 50, at most 100); the answer is `{items, count}` with `count` the "
    "total. An invalid page parameter is a 422 problem (`invalid_input`); a page past the end is empty.",
)
@paginate(Pages, page_size=50)
def disputes(request: HttpRequest, status: Criterion = "") -> Any:
    authorize(request.user, PERMISSION, request)  # a refusal is the 403 problem
    rows = selectors.listing(request.user, status=status).select_related("follow_up")
    return selectors.Shaped(rows.prefetch_related("case__parties__party"), _dispute)


@router.post(
    "/disputes",
    response={201: DisputeOut, **ERRORS},
    summary="登记本组织受理的纠纷 Register a dispute the organization received",
    openapi_extra=IDEMPOTENCY,
)
def register(request: HttpRequest, body: DisputeIn) -> Any:
    def run() -> tuple[int, dict[str, Any]]:
        focus = body.focus_type or suggesting.suggest(body.description).focus_type
        m = services.register_by_partner(
            request.user,
            applicants=[
                PartyIn(p.name, "plaintiff", p.id_number, p.id_type, name_choice=p.name_choice)
                for p in body.applicants
            ],
            respondents=[
                PartyIn(p.name, "defendant", p.id_number, p.id_type, name_choice=p.name_choice)
                for p in body.respondents
            ],
            description=body.description,
            focus_type=focus,
            cause=body.cause,
            region=body.region,
            claim_amount=body.claim_amount,
            mediator_code=body.mediator,
            on=body.on,
            request=request,
        )
        return 201, _dispute(m)

    return _submit(request, "disputes", body, run)


@router.get(
    "/disputes/{pk}", response={200: DisputeOut, **ERRORS}, summary="一件委派纠纷 One delegated dispute"
)
def dispute(request: HttpRequest, pk: RowId) -> Any:
    try:
        authorize(request.user, PERMISSION, request)
        return _dispute(_mediation(request, pk))
    except LawError as err:
        return _fail(err)


@router.post(
    "/disputes/{pk}/sessions",
    response={201: ResultOut, **ERRORS},
    summary="报告调解进展 Report a session",
    openapi_extra=IDEMPOTENCY,
)
def report_session(request: HttpRequest, pk: RowId, body: SessionIn) -> Any:
    def run() -> tuple[int, dict[str, Any]]:
        m = _mediation(request, pk)
        services.record_session(request.user, m, request=request, **body.model_dump())
        return 201, {"status": "recorded", "case_number": m.case.case_number}

    return _submit(request, f"sessions:{pk}", body, run)


@router.post(
    "/disputes/{pk}/agreement",
    response={200: AgreementOut, **ERRORS},
    summary="上传调解协议并审查可执行性 Upload the agreement; returns the executability findings",
    openapi_extra=IDEMPOTENCY,
)
def upload_agreement(request: HttpRequest, pk: RowId, body: AgreementIn) -> Any:
    def run() -> tuple[int, dict[str, Any]]:
        saved = agreements.save_agreement(
            request.user, _mediation(request, pk), items=body.items, roles=body.roles, request=request
        )
        return 200, _agreement(saved)

    return _submit(request, f"agreement:{pk}", body, run)


@router.post(
    "/disputes/{pk}/outcome",
    response={200: ResultOut, **ERRORS},
    summary="报告调解结果 Report the outcome (success needs an executable agreement)",
    openapi_extra=IDEMPOTENCY,
)
def report_outcome(request: HttpRequest, pk: RowId, body: OutcomeIn) -> Any:
    def run() -> tuple[int, dict[str, Any]]:
        m = _mediation(request, pk)
        if body.outcome == "succeeded":
            agreements.succeed(request.user, m, on=body.on, note=body.note, request=request)
            return 200, {"status": "succeeded", "case_number": m.case.case_number}
        if body.outcome == "failed":
            trial = services.fail(request.user, m, on=body.on, reason=body.note, request=request)
            return 200, {"status": "failed", "case_number": trial.case_number}
        services.withdraw(request.user, m, on=body.on, reason=body.note, request=request)
        return 200, {"status": "withdrawn", "case_number": m.case.case_number}

    return _submit(request, f"outcome:{pk}", body, run)


@router.post(
    "/disputes/{pk}/confirmation",
    response={201: ResultOut, **ERRORS},
    summary="申请司法确认或出具调解书 Request judicial confirmation or a mediation document",
    openapi_extra=IDEMPOTENCY,
)
def request_confirmation(request: HttpRequest, pk: RowId, body: ConfirmationIn) -> Any:
    def run() -> tuple[int, dict[str, Any]]:
        filed = agreements.request_confirmation(
            request.user, _mediation(request, pk), route=body.route, on=body.on, request=request
        )
        return 201, {"status": "requested", "case_number": filed.case_number}

    return _submit(request, f"confirmation:{pk}", body, run)
