"""Intake pickers over HTTP (mounted by zhiyuan.mediation.api at /api/mediation/): the organizations a
court may delegate to and their mediators, searched by name as the clerk types.

Both need ``mediation:delegate`` and a court of the caller's scope (``court_out_of_scope`` otherwise);
they offer what the intake form accepts: the active organizations of the court and of the courts above
it (``recommending.candidates``) and their active mediators."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.inputs.text import ONE_LINE, Criterion, column_length
from zhiyuan.mediation import recommending
from zhiyuan.mediation.intake.forms import organization_label

router = Router(tags=["mediation"])
#: how many names one search returns (the box shows them as a list)
LIMIT = 20
CourtCode = Annotated[str, Field(max_length=column_length(Court, "code")), ONE_LINE]
OrganizationCode = Annotated[str, Field(max_length=column_length(PartnerOrganization, "code")), ONE_LINE]


class OrganizationChoice(Schema):
    code: str
    name: str
    label: str  # the name, with its court when it is another court's
    court: str


class MediatorChoice(Schema):
    code: str
    name: str


def _court(request: HttpRequest, code: str) -> Court:
    authorize(request.user, "mediation:delegate", request)
    court = Court.objects.filter(code=code).first()
    if court is None or court.pk not in scope_of(request.user).court_ids:
        raise refuse(
            request.user,
            "court_out_of_scope",
            "所选法院不在您的权限范围内。",
            "The court is not in your scope.",
            request,
        )
    return court


@router.get(
    "/intake/organizations",
    url_name="mediation-intake-organizations",
    response=list[OrganizationChoice],
    summary="登记时可选的调解组织 Organizations a court may delegate to, by name",
    description="court：法院代字（须在本人权限范围内）；q：名称中的文字（空：全部，最多 20 个）。"
    "· `court`: a court of the caller's scope; `q`: text in the name (empty: all; at most 20).",
)
def organizations(request: HttpRequest, court: CourtCode, q: Criterion = "") -> list[dict[str, str]]:
    found = _court(request, court)
    qs = recommending.candidates(found)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(code__iexact=q.strip()))
    return [
        {"code": o.code, "name": o.name, "label": organization_label(o, found), "court": o.court.name}
        for o in qs.order_by("court__level", "name")[:LIMIT]
    ]


@router.get(
    "/intake/mediators",
    url_name="mediation-intake-mediators",
    response=list[MediatorChoice],
    summary="登记时可选的调解员 Mediators of an organization, by name",
    description="court：法院代字；organization：调解组织编码（须为该法院可委派的组织）；q：姓名中的文字。"
    "· `organization` must be one the court may delegate to; `q`: text in the name.",
)
def mediators(
    request: HttpRequest, court: CourtCode, organization: OrganizationCode, q: Criterion = ""
) -> list[dict[str, str]]:
    found = _court(request, court)
    org = recommending.candidates(found).filter(code=organization).first()
    if org is None:
        return []
    qs = Mediator.objects.filter(organization=org, active=True)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return [{"code": m.code, "name": m.name} for m in qs.order_by("name")[:LIMIT]]
