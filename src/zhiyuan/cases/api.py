"""Cases over HTTP: search, detail with parties, links and node log, disputes with their graph, parties
with their cases across courts, filing, transitions, import. Every read is scoped; every write goes
through a service (permission, lifecycle, audit)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhiyuan.accounts.models import User
from zhiyuan.accounts.policy import authorize
from zhiyuan.cases import assignments, selectors, services
from zhiyuan.cases.models import Approval, Assignment, Case, CaseParty, NodeLog
from zhiyuan.inputs.amounts import OptionalAmount
from zhiyuan.inputs.pages import Pages, RowId
from zhiyuan.inputs.text import (
    FILE_NAME_MAX,
    ID_NUMBER_MAX,
    NOTE_MAX,
    ONE_LINE,
    Block,
    Criterion,
    Line,
    check_text,
    column_length,
)
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party
from zhiyuan.privacy.masking import mask_identity

router = Router(tags=["cases"])


class CaseRow(Schema):
    case_number: str
    court_code: str
    type_code: str
    family: str
    cause_text: str
    claim_amount: Decimal | None
    filed_on: dt.date
    closed_on: dt.date | None
    closing_method: str
    status: str
    dispute_id: int


class PartyRow(Schema):
    party_id: int
    name: str
    kind: str
    side: str
    id_type: str = ""
    id_number_masked: str


class NodeRow(Schema):
    node: str
    on: dt.date
    actor: str
    payload: dict[str, Any]


class DeadlineRow(Schema):
    rule: str
    node: str
    start: dt.date
    due: dt.date
    met_on: dt.date | None
    ended_on: dt.date | None = None  # ended without being met: superseded, or the case closed
    ended_by: str = ""  # the node that ended it


class CaseDetail(CaseRow):
    recovered_amount: Decimal | None
    origin: str | None
    origin_text: str
    derivative_kind: str
    flags: list[str]
    parties: list[PartyRow]
    derived: list[str]
    nodes: list[NodeRow]
    deadlines: list[DeadlineRow]
    actions: list[str]  # the moves the caller may make now (as the case's handler)
    approval_actions: list[str] = []  # the moves needing approval the caller may ask for
    handler: str | None = None  # the case's handler (承办人), if assigned


class Filters(Schema):
    number: Line = Field("", max_length=column_length(Case, "case_number"))
    party: Line = Field("", max_length=column_length(Party, "name"))
    court: Line = Field("", max_length=column_length(Case, "court_code"))
    type_code: Line = Field("", max_length=column_length(Case, "type_code"))
    cause: Line = Field("", max_length=column_length(Case, "cause_text"))
    status: Line = Field("", max_length=column_length(Case, "status"))
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None


class PartyIn(Schema):
    name: Line = Field(max_length=column_length(Party, "name"))
    side: Line = Field(max_length=column_length(CaseParty, "side"))
    id_number: Line = Field("", max_length=ID_NUMBER_MAX)
    # zhiyuan.law.identity.ID_TYPES (or the Chinese name); "": from the number's shape
    id_type: Line = Field("", max_length=column_length(Party, "id_type"))
    #: the number is recorded under another name: "recorded" uses that name, "alias" keeps this one as
    #: another name of the same party; "" (default) refuses with identity_other_name
    name_choice: Literal["", "recorded", "alias"] = ""


class FileIn(Schema):
    court: Line = Field(max_length=column_length(Case, "court_code"))
    type_code: Line = Field(max_length=column_length(Case, "type_code"))
    filed_on: dt.date
    cause: Line = Field("", max_length=column_length(Case, "cause_text"))
    claim_amount: OptionalAmount = None
    origin: Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE] | None = None
    parties: list[PartyIn] = []


class TransitionIn(Schema):
    name: Line = Field(max_length=column_length(NodeLog, "node"))
    on: dt.date
    closing_method: Line = Field("", max_length=column_length(Case, "closing_method"))
    recovered_amount: OptionalAmount = None
    note: Block = Field("", max_length=NOTE_MAX)
    confirm_reason: Block = Field(
        "",
        max_length=NOTE_MAX,
        description="确认理由：执行到位金额超过标的额的合理倍数时必填 · the reason confirming a recovered "
        "amount above the plausible multiple of the claim (amounts.recovered_claim_factor); without it "
        "such an amount is refused with recovered_implausible",
    )


ROW_FIELDS = tuple(CaseRow.model_fields)


def _row(c: Case) -> dict[str, Any]:
    return {f: getattr(c, f) for f in ROW_FIELDS}


def _detail(request: HttpRequest, c: Case) -> dict[str, Any]:
    perms = request.permissions  # type: ignore[attr-defined]
    return {
        **_row(c),
        "recovered_amount": c.recovered_amount,
        "origin": c.origin.case_number if c.origin else None,
        "origin_text": c.origin_text,
        "derivative_kind": c.derivative_kind,
        "flags": list(c.flags),
        "parties": [
            {
                "party_id": cp.party_id,
                "name": cp.display_name,
                "kind": cp.party.kind,
                "side": cp.side,
                "id_type": cp.party.id_type,
                "id_number_masked": mask_identity(cp.party.id_number),
            }
            for cp in c.parties.all()
        ],
        "derived": [d.case_number for d in c.derived.all()],
        "nodes": [
            {"node": n.node, "on": n.on, "actor": n.actor_name, "payload": n.payload} for n in c.nodes.all()
        ],
        "deadlines": [
            {
                "rule": d.rule,
                "node": d.node,
                "start": d.start,
                "due": d.due,
                "met_on": d.met_on,
                "ended_on": d.ended_on,
                "ended_by": d.ended_by,
            }
            for d in c.deadlines.all()
        ],
        "actions": [t.name for t in assignments.moves_for(request.user, c, perms)],
        "approval_actions": [t.name for t in assignments.approvals_for(request.user, c, perms)],
        "handler": handler.user_name if (handler := assignments.current_handler(c)) else None,
    }


def _case(request: HttpRequest, number: str) -> Case:
    found = selectors.case_detail(request.user, number)
    if found is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return found


def _can_read(request: HttpRequest) -> None:
    perms = request.permissions  # type: ignore[attr-defined]
    if "case:view" not in perms and "party:own_cases" not in perms:
        authorize(request.user, "case:view", request)


class IdentitySearch(Filters):
    id_number: Line = Field(max_length=ID_NUMBER_MAX)


@router.get("/cases", response=list[CaseRow], summary="案件查询 Search cases (scoped)")
@paginate(Pages, page_size=50)
def search(request: HttpRequest, filters: Query[Filters]) -> Any:
    _can_read(request)
    return selectors.search(request.user, **filters.dict())


@router.post(
    "/cases/search",
    response=list[CaseRow],
    summary="按证件号码查询 Search by identity number (in the body, never in a URL)",
)
@paginate(Pages, page_size=50)
def search_by_identity(request: HttpRequest, body: IdentitySearch) -> Any:
    _can_read(request)
    return selectors.search(request.user, **body.dict())


# Before /cases/{number}: Django tries the routes in order, and that GET-only route would take
# /cases/import and answer 405.
@router.post("/cases/import", summary="批量导入 Import a CSV or XLSX file (case:import)")
@transaction.non_atomic_requests  # the import writes in one short transaction of its own (zhiyuan.api)
def import_cases(
    request: HttpRequest, file: File[UploadedFile], skip_invalid: bool = False
) -> dict[str, Any]:
    from zhiyuan.cases.importing import import_file

    authorize(request.user, "case:import", request)
    # the client's file name is reported and audited, never a path here: one line, of a sane length
    name = check_text(Path(file.name or "upload.csv").name, field="file", max_length=FILE_NAME_MAX)
    report: dict[str, Any] = import_file(
        file, filename=name, skip_invalid=skip_invalid, user=request.user
    ).as_dict()
    return report


@router.get("/cases/{number}", response=CaseDetail, summary="案件详情 Case detail")
def detail(request: HttpRequest, number: str) -> dict[str, Any]:
    _can_read(request)
    return _detail(request, _case(request, number))


@router.post("/cases", response={201: CaseDetail}, summary="立案 File a case (case:file)")
def file_case(request: HttpRequest, body: FileIn) -> Status[dict[str, Any]]:
    origin = _case(request, body.origin) if body.origin else None
    case = services.file_case(
        request.user,
        court_code=body.court,
        type_code=body.type_code,
        filed_on=body.filed_on,
        cause=body.cause,
        claim_amount=body.claim_amount,
        origin=origin,
        request=request,
        parties_in=[
            services.PartyIn(p.name, p.side, p.id_number, p.id_type, name_choice=p.name_choice)
            for p in body.parties
        ],
    )
    return Status(201, _detail(request, _case(request, case.case_number)))


@router.post(
    "/cases/{number}/transitions", response=CaseDetail, summary="流程操作 Move a case along its lifecycle"
)
def move(request: HttpRequest, number: str, body: TransitionIn) -> dict[str, Any]:
    case = _case(request, number)
    services.transition(
        request.user,
        case,
        body.name,
        body.on,
        closing_method=body.closing_method,
        recovered_amount=body.recovered_amount,
        confirm_reason=body.confirm_reason,
        note=body.note,
        request=request,
    )
    return _detail(request, _case(request, number))


@router.get("/disputes/{dispute_id}", summary="纠纷及其案件图 A dispute and its graph")
def dispute(request: HttpRequest, dispute_id: RowId) -> dict[str, Any]:
    _can_read(request)
    graph = selectors.dispute_graph(request.user, dispute_id)
    if graph is None:
        raise LawError(
            "dispute_not_found", "纠纷不存在或不在您的权限范围内。", "No such dispute in your scope."
        )
    return graph


@router.get("/parties/{party_id}/cases", response=list[CaseRow], summary="当事人的全部案件 A party's cases")
def party_cases(request: HttpRequest, party_id: RowId) -> Any:
    _can_read(request)
    return selectors.party_cases(request.user, party_id)


@router.get("/stats", summary="案-件比与衍生案件 Dispute statistics (scoped)")
def stats(
    request: HttpRequest,
    court: Criterion = "",
    subtree: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    cause: Criterion = "",
    type_code: Criterion = "",
) -> dict[str, Any]:
    _can_read(request)
    from zhiyuan.accounts.scoping import scope_of

    ids = selectors.courts_in(court, subtree) if court else None
    return selectors.dispute_stats(
        court_ids=ids,
        date_from=date_from,
        date_to=date_to,
        cause=cause,
        type_code=type_code,
        scope=scope_of(request.user),
    )


class ProposalOut(Schema):
    id: int
    mentioned_number: str
    known: bool
    source: str
    status: str


@router.get(
    "/cases/{number}/link-proposals",
    response=list[ProposalOut],
    summary="文本中提及的案号 Case numbers mentioned in the case's texts",
)
def link_proposals(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    _can_read(request)
    case = _case(request, number)
    return [
        {
            "id": p.id,
            "mentioned_number": p.mentioned_number,
            "known": p.mentioned_case_id is not None,
            "source": p.source,
            "status": p.status,
        }
        for p in case.link_proposals.all()
    ]


@router.post(
    "/cases/{number}/link-proposals/{proposal_id}",
    response=ProposalOut,
    summary="确认或驳回关联 Confirm or reject a proposed link",
)
def decide_link(request: HttpRequest, number: str, proposal_id: RowId, accept: bool) -> dict[str, Any]:
    case = _case(request, number)
    proposal = case.link_proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise LawError("proposal_not_found", "没有该关联建议。", "No such link proposal.")
    p = services.decide_link(request.user, proposal, accept, request=request)
    return {
        "id": p.id,
        "mentioned_number": p.mentioned_number,
        "known": p.mentioned_case_id is not None,
        "source": p.source,
        "status": p.status,
    }


class AssignIn(Schema):
    username: Line = Field(max_length=column_length(User, "username"))
    capacity: Line = Field("handler", max_length=column_length(Assignment, "capacity"))
    on: dt.date


class HandlerIn(Schema):
    username: Line = Field(max_length=column_length(User, "username"))
    on: dt.date
    reason: Block = Field("", max_length=NOTE_MAX)  # required when the case has a handler (改派)


class ApprovalIn(Schema):
    transition: Line = Field(max_length=column_length(Approval, "transition"))
    reason: Block = Field(max_length=NOTE_MAX)
    on: dt.date


class DecisionIn(Schema):
    grant: bool
    on: dt.date


def _user_named(username: str) -> Any:
    from zhiyuan.accounts.models import User

    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise LawError("user_not_found", f"没有用户“{username}”。", f"No user '{username}'.")
    return found


@router.post("/cases/{number}/assignments", summary="分案 Assign a handler or panel member (case:assign)")
def assign(request: HttpRequest, number: str, body: AssignIn) -> dict[str, Any]:
    from zhiyuan.cases import duties

    case = _case(request, number)
    made = duties.assign(
        request.user, case, _user_named(body.username), body.capacity, body.on, request=request
    )
    return {"case_number": number, "user": made.user_name, "capacity": made.capacity}


@router.post(
    "/cases/{number}/handler",
    summary="指定或改派承办人 Assign or reassign the handler (case:assign; a reason to reassign)",
)
def assign_handler(request: HttpRequest, number: str, body: HandlerIn) -> dict[str, Any]:
    from zhiyuan.cases import duties

    case = _case(request, number)
    made = duties.assign_handler(
        request.user, case, _user_named(body.username), body.on, reason=body.reason, request=request
    )
    return {"case_number": number, "handler": made.user_name, "assigned_on": made.assigned_on}


class ApprovalRow(Schema):
    id: int
    transition: str
    reason: str
    requested_by: str
    requested_on: dt.date
    status: str
    decided_by: str
    decided_on: dt.date | None


@router.get(
    "/cases/{number}/approvals", response=list[ApprovalRow], summary="审批申请 The case's approval requests"
)
def approvals(request: HttpRequest, number: str) -> Any:
    authorize(request.user, "case:view", request)  # court staff only: the reasons are internal
    return list(_case(request, number).approvals.order_by("-requested_on", "-pk"))


@router.post("/cases/{number}/approvals", summary="提请审批 Ask for an approval (the case's handler)")
def ask(request: HttpRequest, number: str, body: ApprovalIn) -> dict[str, Any]:
    from zhiyuan.cases import duties

    made = duties.request_approval(
        request.user, _case(request, number), body.transition, body.reason, body.on, request=request
    )
    return {"id": made.pk, "status": made.status}


@router.post(
    "/approvals/{approval_id}/decision",
    summary="审批 Grant or refuse (approval:grant, not the requester, second factor required)",
)
def decide(request: HttpRequest, approval_id: RowId, body: DecisionIn) -> dict[str, Any]:
    from zhiyuan.cases import duties
    from zhiyuan.cases.models import Approval

    approval = Approval.objects.filter(pk=approval_id).select_related("case").first()
    if approval is None or selectors.case_detail(request.user, approval.case.case_number) is None:
        raise LawError("approval_not_found", "没有该审批申请。", "No such approval request.")
    done = duties.decide(request.user, approval, body.grant, body.on, request=request)
    return {"id": done.pk, "status": done.status, "decided_by": done.decided_by}


class CorrectionIn(Schema):
    field: Literal["claim_amount", "recovered_amount"]
    value: OptionalAmount = Field(description="更正后的金额，空为清除 · the corrected amount; null clears it")
    reason: Block = Field(min_length=1, max_length=NOTE_MAX)
    on: dt.date
    confirm: bool = Field(
        False,
        description="理由即确认：更正后的执行到位金额仍超过标的额的合理倍数时 · the reason confirms a recovered "
        "amount that stays above the plausible multiple of the claim",
    )


@router.post(
    "/cases/{number}/corrections",
    response=CaseDetail,
    summary="更正已记录的金额 Correct a recorded figure (case:correct; audited, with a reason)",
)
def correct(request: HttpRequest, number: str, body: CorrectionIn) -> dict[str, Any]:
    services.correct_recorded_figure(
        request.user,
        _case(request, number),
        body.field,
        body.value,
        reason=body.reason,
        on=body.on,
        confirm=body.confirm,
        request=request,
    )
    return _detail(request, _case(request, number))
