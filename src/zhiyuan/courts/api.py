"""Reference data over HTTP: courts, case types, causes, administrative divisions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhiyuan.courts import regions, selectors
from zhiyuan.courts.models import CaseType, Court
from zhiyuan.inputs.text import ONE_LINE, Criterion, column_length

router = Router(tags=["reference"])
#: a court code or a level in a query (the level names are shorter than a code)
CourtCode = Annotated[str, Field(max_length=column_length(Court, "code")), ONE_LINE]


class CourtOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    division_code: str
    provenance: str
    aliases: list[str]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    former_names: list[str]


class CaseTypeOut(Schema):
    category_code: str
    name: str
    type_code: str
    type_class: str
    enforcement_kind: str | None


@router.get("/courts", response=list[CourtOut], summary="法院列表 Courts")
def list_courts(
    request: HttpRequest, level: CourtCode | None = None, parent: CourtCode | None = None
) -> list[CourtOut]:
    qs = selectors.courts().prefetch_related("aliases")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return [
        CourtOut(
            code=c.code,
            name=c.name,
            level=c.level,
            parent=c.parent.code if c.parent else None,
            division_code=c.division_code,
            provenance=c.provenance,
            aliases=[a.code for a in c.aliases.all()],
        )
        for c in qs
    ]


@router.get("/case-types", response=list[CaseTypeOut], summary="案件类型代字 Case type codes")
def list_case_types(
    request: HttpRequest,
    type_class: Annotated[str, Field(max_length=column_length(CaseType, "type_class")), ONE_LINE]
    | None = None,
) -> list[CaseType]:
    qs = CaseType.objects.exclude(type_code="")
    if type_class:
        qs = qs.filter(type_class=type_class)
    return list(qs)


@router.get("/causes", summary="案由查询 Causes of action (by filing date)")
def search_causes(request: HttpRequest, on: dt.date, query: Criterion = "") -> dict[str, object]:
    from zhiyuan.law.causes import lookup

    return lookup({"query": query, "on": on.isoformat()}, selectors.reference().causes)


#: a division code or its two-digit province prefix
RegionCode = Annotated[str, Field(max_length=6, pattern=r"^(\d{2}|\d{6})?$")]


@router.get(
    "/regions",
    response=list[RegionOut],
    summary="行政区划 Administrative divisions (GB/T 2260) under a parent",
    description="parent 为空：各省级行政区；省级代码（或其前两位）：其地级行政区；地级代码：其县级行政区。"
    "只列现行区划，former_names 为该代码的曾用名。· Empty `parent`: the provinces; a province's code (or its "
    "first two digits): its prefectures; a prefecture's code: its counties. Current divisions only; "
    "`former_names` are the names the code had before. Source: " + regions.SOURCE + ".",
)
def list_regions(request: HttpRequest, parent: RegionCode = "") -> list[RegionOut]:
    return [
        RegionOut(code=d.code, name=d.name, level=d.level, former_names=list(d.former_names))
        for d in regions.children(parent)
    ]
