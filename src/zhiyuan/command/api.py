"""指挥中心 over HTTP: the overview of a court's district as JSON (the page's numbers, same scope rules)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhiyuan.accounts.policy import authorize
from zhiyuan.command import overview
from zhiyuan.courts.models import Court
from zhiyuan.inputs.text import Line, column_length

router = Router(tags=["command"])
COURT_CODE_MAX = column_length(Court, "code")
DATE_MAX = len("YYYY-MM-DD")


class OverviewQuery(Schema):
    court: Line = Field(
        "",
        description="法院代字；默认为本人所在法院 Court code (default: the user's court)",
        max_length=COURT_CODE_MAX,
    )
    date_from: Line = Field(
        "", alias="from", description="YYYY-MM-DD；默认为最近数据所在年度", max_length=DATE_MAX
    )
    date_to: Line = Field("", alias="to", description="YYYY-MM-DD", max_length=DATE_MAX)


@router.get(
    "/overview",
    summary="指挥中心总览 Overview of a court's district: indicators, monthly trend, court tree, overdue nodes",
)
def get_overview(request: HttpRequest, q: Query[OverviewQuery]) -> dict[str, Any]:
    authorize(request.user, "command:view", request)
    court = overview.court_for(request.user, q.court, request)
    start, end = overview.period(court, q.date_from or None, q.date_to or None)
    return overview.overview(court, start, end)


def _mount() -> None:
    """The campaigns' and reports' routers under ``/api/command``."""
    from zhiyuan.command.campaigns.api import router as campaigns
    from zhiyuan.command.reports.api import router as reports

    router.add_router("/campaigns", campaigns)
    router.add_router("/reports", reports)


_mount()
