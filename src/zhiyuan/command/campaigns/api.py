"""专项行动 over HTTP (mounted at ``/api/command/campaigns``): the saved campaigns, one campaign's figures
and case list for a court and period (the page's numbers, same scope rules), and create / edit / close
(permission ``campaign:manage``; the edit carries the version read)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhiyuan.accounts.policy import authorize
from zhiyuan.command import overview
from zhiyuan.command.campaigns import selectors, services
from zhiyuan.command.campaigns.models import CampaignDefinition
from zhiyuan.courts.models import Court
from zhiyuan.inputs.text import ONE_LINE, Line, column_length

router = Router(tags=["command"])
#: one value of a list condition (a cause, a type code, a court code…)
Value = Annotated[str, Field(max_length=services.MAX_VALUE_LENGTH), ONE_LINE]
COURT_CODE_MAX = column_length(Court, "code")
PAGE_MAX = 500


class ScopeQuery(Schema):
    court: Line = Field(
        "",
        description="法院代字；默认为本人所在法院 Court code (default: the user's court)",
        max_length=COURT_CODE_MAX,
    )
    date_from: Line = Field("", alias="from", description="YYYY-MM-DD；默认为专项行动期间", max_length=10)
    date_to: Line = Field("", alias="to", description="YYYY-MM-DD", max_length=10)


class CasesQuery(ScopeQuery):
    page: int = Field(1, ge=1, le=100000)
    size: int = Field(100, ge=1, le=PAGE_MAX)


class CampaignIn(Schema):
    name_zh: Line = Field(..., max_length=100)
    name_en: Line = Field(..., max_length=100)
    kind: Line = Field(
        ...,
        max_length=24,
        description="migrant_wages | small_claims | business_environment | criminal_property | refusal | other",
    )
    starts_on: Line = Field(..., max_length=10)
    ends_on: Line = Field("", max_length=10)
    source: Line = Field("", max_length=500)
    causes: list[Value] = Field(default_factory=list, max_length=services.MAX_VALUES)
    dispute_causes: bool = False
    claim_min: Line = Field("", max_length=20)
    claim_max: Line = Field("", max_length=20)
    type_codes: list[Value] = Field(default_factory=list, max_length=2)
    origin_types: list[Value] = Field(default_factory=list, max_length=services.MAX_VALUES)
    derived_kinds: list[Value] = Field(default_factory=list, max_length=services.MAX_VALUES)
    courts: list[Value] = Field(default_factory=list, max_length=services.MAX_VALUES)


class CampaignCreate(CampaignIn):
    code: Line = Field(..., max_length=40)


class CampaignUpdate(CampaignIn):
    version: int = Field(..., ge=1)


class CloseIn(Schema):
    version: int = Field(..., ge=1)


def _out(d: CampaignDefinition) -> dict[str, Any]:
    return {
        "code": d.code,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "kind": d.kind,
        "status": d.status,
        "starts_on": d.starts_on.isoformat(),
        "ends_on": d.ends_on.isoformat() if d.ends_on else None,
        "version": d.version,
        "source": d.source,
        "conditions": {
            "causes": d.causes,
            "dispute_causes": d.dispute_causes,
            "claim_min": str(d.claim_min) if d.claim_min is not None else None,
            "claim_max": str(d.claim_max) if d.claim_max is not None else None,
            "type_codes": d.type_codes,
            "origin_types": d.origin_types,
            "derived_kinds": d.derived_kinds,
            "courts": d.courts,
        },
    }


def _scope(request: HttpRequest, d: CampaignDefinition, q: ScopeQuery) -> tuple[Court, Any, Any]:
    court = overview.court_for(request.user, q.court, request)
    start, end = selectors.default_period(d, timezone.localdate())
    if q.date_from or q.date_to:
        start, end = overview.period(court, q.date_from or None, q.date_to or None)
    return court, start, end


def _money(value: Any) -> Any:
    return {k: str(v) if not isinstance(v, int | str | dict | list) else v for k, v in value.items()}


@router.get("", summary="专项行动列表 The saved campaigns")
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    authorize(request.user, "command:view", request)
    return [_out(d) for d in selectors.saved()]


@router.post("", summary="新建专项行动 Create a campaign (campaign:manage)", response={201: dict})
def create_campaign(request: HttpRequest, body: CampaignCreate) -> Status[dict[str, Any]]:
    data = body.dict(exclude={"code"})
    return Status(201, _out(services.create(request.user, body.code, data, request)))


@router.get("/{code}", summary="专项行动数据 A campaign's line, figures by court and by month")
def get_campaign(request: HttpRequest, code: str, q: Query[ScopeQuery]) -> dict[str, Any]:
    authorize(request.user, "command:view", request)
    d = selectors.by_code(code)
    court, start, end = _scope(request, d, q)
    return {
        **_out(d),
        "summary": _money(selectors.summary(d, court, start, end)),
        "by_court": [_money(r) for r in selectors.by_court(d, court, start, end)],
        "by_month": [_money(r) for r in selectors.by_month(d, overview.district_ids(court), start, end)],
    }


@router.get("/{code}/cases", summary="专项行动案件 A campaign's cases with the money recovered for each")
def campaign_cases(request: HttpRequest, code: str, q: Query[CasesQuery]) -> dict[str, Any]:
    authorize(request.user, "command:view", request)
    d = selectors.by_code(code)
    court, start, end = _scope(request, d, q)
    qs = selectors.cases(d, overview.district_ids(court), start, end)
    total = qs.count()
    rows = list(qs[(q.page - 1) * q.size : q.page * q.size])
    cash = selectors.money([c.pk for c in rows])
    return {
        "total": total,
        "page": q.page,
        "size": q.size,
        "cases": [
            {
                "case_number": c.case_number,
                "court": c.court.code,
                "cause": c.cause_text,
                "claim_amount": str(c.claim_amount) if c.claim_amount is not None else None,
                "closed_on": c.closed_on.isoformat() if c.closed_on else None,
                "recovered_amount": str(c.recovered_amount) if c.recovered_amount is not None else None,
                "funds_received": str(cash[c.pk]["received"]),
                "funds_disbursed": str(cash[c.pk]["disbursed"]),
            }
            for c in rows
        ],
    }


@router.put("/{code}", summary="修改专项行动 Edit an open campaign (campaign:manage)")
def update_campaign(request: HttpRequest, code: str, body: CampaignUpdate) -> dict[str, Any]:
    data = body.dict(exclude={"version"})
    return _out(services.update(request.user, code, data, body.version, request))


@router.post("/{code}/close", summary="结束专项行动 Close a campaign (campaign:manage)")
def close_campaign(request: HttpRequest, code: str, body: CloseIn) -> dict[str, Any]:
    return _out(services.close(request.user, code, body.version, request))
