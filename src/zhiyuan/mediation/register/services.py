"""Use cases and reads of the organization register for people: who sees which organizations, who
maintains which (``mediation:organizations``, for the courts of one's own court's district), and the
audited writes through ``zhiyuan.courts.organizations``.

Court staff see the organizations of their district and of the courts above them (the high court's
"总对总" partners serve every court); a partner organization's staff see their own organization only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import district, scope_of
from zhiyuan.accounts.selectors import actor, can
from zhiyuan.accounts.services import use_case
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.courts.organizations import (
    MediatorIn,
    OrganizationIn,
    court_ids_above,
    save_mediator,
    save_organization,
)
from zhiyuan.courts.organizations_io import ImportReport, import_file

MAINTAIN = "mediation:organizations"
#: any of these lets a user read the register (it is reference data for everyone who works with disputes)
READ_PERMISSIONS = frozenset(
    {
        MAINTAIN,
        "mediation:delegate",
        "mediation:conduct",
        "mediation:confirm",
        "partner:handle",
        "case:view",
        "command:view",
        "governance:view",
    }
)


def may_read(user: Any, request: HttpRequest | None = None) -> bool:
    """Does ``user`` hold a permission that lets them read the register?"""
    return any(can(user, p, request) for p in READ_PERMISSIONS)


def visible(user: Any) -> QuerySet[PartnerOrganization]:
    """The organizations ``user`` may see."""
    scope = scope_of(user)
    qs = PartnerOrganization.objects.all()
    if scope.court_ids:
        return qs.filter(court_id__in={*scope.court_ids, *court_ids_above(scope.court_ids)})
    if scope.organization_id is not None:
        return qs.filter(pk=scope.organization_id)
    return qs.none()


def maintained_courts(user: Any, request: HttpRequest | None = None) -> set[str]:
    """Codes of the courts whose organizations ``user`` maintains (their court's district)."""
    if not can(user, MAINTAIN, request) or not getattr(user, "court_id", None):
        return set()
    return set(Court.objects.filter(pk__in=district(user.court_id)).values_list("code", flat=True))


def may_maintain(user: Any, org: PartnerOrganization, request: HttpRequest | None = None) -> bool:
    """May ``user`` edit ``org`` and its mediators?"""
    return org.court.code in maintained_courts(user, request)


def _guard(user: Any, courts: set[str], request: HttpRequest | None, obj: object | None = None) -> None:
    """Permission, then court scope; both refusals are audited (before any transaction opens)."""
    authorize(user, MAINTAIN, request, obj)
    outside = sorted(c for c in courts - {""} if c not in maintained_courts(user, request))
    if outside:
        listed = "、".join(outside)
        raise refuse(
            user,
            "organization_out_of_scope",
            f"无权维护法院 {listed} 的调解组织",
            f"you do not maintain the organizations of court {', '.join(outside)}",
            request,
            obj,
        )


@use_case(MAINTAIN)
def _save_organization(
    user: Any, data: OrganizationIn, request: Any = None
) -> tuple[PartnerOrganization, bool]:
    return save_organization(actor(user, request), data)


def save_organization_for(
    user: Any, data: OrganizationIn, request: HttpRequest | None = None
) -> tuple[PartnerOrganization, bool]:
    """Create or update an organization of a court ``user`` maintains (moving it too)."""
    current = PartnerOrganization.objects.filter(code=data.code).values_list("court__code", flat=True).first()
    _guard(user, {data.court, current or ""}, request)
    return _save_organization(user, data, request=request)


@use_case(MAINTAIN)
def _save_mediator(user: Any, data: MediatorIn, request: Any = None) -> tuple[Mediator, bool]:
    return save_mediator(actor(user, request), data)


def save_mediator_for(
    user: Any, data: MediatorIn, request: HttpRequest | None = None
) -> tuple[Mediator, bool]:
    """Create or update a mediator of an organization of a court ``user`` maintains."""
    courts = set(
        PartnerOrganization.objects.filter(code=data.organization).values_list("court__code", flat=True)
    ) | set(Mediator.objects.filter(code=data.code).values_list("organization__court__code", flat=True))
    _guard(user, courts, request)
    return _save_mediator(user, data, request=request)


@use_case(MAINTAIN)
def import_register(
    user: Any, data: bytes, filename: str, *, skip_invalid: bool = False, request: Any = None
) -> ImportReport:
    """Import a register file (``mediation:organizations``); rows of courts outside the user's district
    are errors (``court_out_of_scope``)."""
    return import_file(
        data,
        filename=filename,
        who=actor(user, request),
        court_scope=maintained_courts(user, request),
        skip_invalid=skip_invalid,
    )
