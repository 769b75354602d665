"""Mediation API: the organization register (mounted by zhiyuan.mediation.api at /api/mediation/).

Reads only: the list (filters, paginated) and one organization with its mediators, units, load and
results. Court staff see their district's organizations and those of the courts above; a partner user
sees their own organization only."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhiyuan.accounts.policy import refuse
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.courts.organizations import Filters, search, units_of
from zhiyuan.inputs.pages import Pages
from zhiyuan.inputs.text import QUERY_MAX, Line, column_length
from zhiyuan.law.errors import LawError
from zhiyuan.mediation.recommending import mediator_open_counts, open_counts, results_by_focus
from zhiyuan.mediation.register import services as register

router = Router(tags=["mediation"])


class OrganizationRow(Schema):
    code: str
    name: str
    kind: str
    court_code: str
    parent_code: str | None
    regions: list[str]
    focus_types: list[str]
    capacity: int
    contact: str
    active: bool

    @staticmethod
    def resolve_court_code(obj: Any) -> str:
        return str(obj["court_code"] if isinstance(obj, dict) else obj.court.code)

    @staticmethod
    def resolve_parent_code(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["parent_code"]  # type: ignore[no-any-return]
        return obj.parent.code if obj.parent_id else None


class MediatorRow(Schema):
    code: str
    name: str
    focus_types: list[str]
    capacity: int
    active: bool
    open_mediations: int


class FocusResultRow(Schema):
    focus_type: str
    closed: int
    succeeded: int
    success_rate: float | None
    mean_days: float | None


class OrganizationDetail(OrganizationRow):
    open_mediations: int
    load: float | None
    mediators: list[MediatorRow]
    units: list[OrganizationRow]
    results: list[FocusResultRow]


class RegisterFilters(Schema):
    q: Line = Field("", max_length=QUERY_MAX)
    kind: Line = Field("", max_length=column_length(PartnerOrganization, "kind"))
    court: Line = Field("", max_length=column_length(Court, "code"))
    subtree: bool = True
    region: Line = Field("", max_length=12)  # a division code or its prefix (2–12 digits)
    focus_type: Line = Field("", max_length=QUERY_MAX)
    active: bool | None = None


def _row(o: PartnerOrganization) -> dict[str, Any]:
    return {
        "code": o.code,
        "name": o.name,
        "kind": o.kind,
        "court_code": o.court.code,
        "parent_code": o.parent.code if o.parent_id and o.parent else None,
        "regions": list(o.regions),
        "focus_types": list(o.focus_types),
        "capacity": o.capacity,
        "contact": o.contact,
        "active": o.active,
    }


def _readable(request: HttpRequest) -> None:
    if not register.may_read(request.user, request):
        raise refuse(
            request.user,
            "register_forbidden",
            "无权查看调解组织名册",
            "you may not read the register of mediation organizations",
            request,
        )


@router.get(
    "/organizations",
    response=list[OrganizationRow],
    summary="调解组织名册 List mediation organizations (filters, paginated)",
)
@paginate(Pages, page_size=50)
def organizations(request: HttpRequest, filters: Query[RegisterFilters]) -> QuerySet[PartnerOrganization]:
    _readable(request)
    return search(register.visible(request.user), Filters(**filters.dict()))


@router.get(
    "/organizations/{code}",
    response=OrganizationDetail,
    summary="调解组织详情 One organization with its mediators, units, load and results",
)
def organization(request: HttpRequest, code: str) -> dict[str, Any]:
    _readable(request)
    org = register.visible(request.user).select_related("court", "parent").filter(code=code).first()
    if org is None:
        raise LawError(
            "organization_not_found",
            f"调解组织“{code}”不存在或不在您的权限范围内。",
            f"Organization '{code}' does not exist or is outside your scope.",
        )
    mediators = list(org.mediators.order_by("code"))
    by_mediator = mediator_open_counts([m.pk for m in mediators])
    open_now = open_counts([org.pk]).get(org.pk, 0)
    return {
        **_row(org),
        "open_mediations": open_now,
        "load": round(open_now / org.capacity, 4) if org.capacity else None,
        "mediators": [
            {
                "code": m.code,
                "name": m.name,
                "focus_types": list(m.focus_types),
                "capacity": m.capacity,
                "active": m.active,
                "open_mediations": by_mediator.get(m.pk, 0),
            }
            for m in mediators
        ],
        "units": [_row(u) for u in units_of(org).select_related("parent")],
        "results": [
            {
                "focus_type": r.focus_type,
                "closed": r.closed,
                "succeeded": r.succeeded,
                "success_rate": r.success_rate,
                "mean_days": r.mean_days,
            }
            for r in results_by_focus(org)
        ],
    }
