"""The overview of one court's district for one period: the governance indicators and their monthly trend,
the court tree, overdue nodes and campaigns, as one JSON-able dict the page and the API both render.

Computing it reads a province-year of cases, so the result is cached per (court, period, day) with the
data version it was computed from (the newest case and the newest node-log entry). A request recomputes
when the version has changed and the figures are older than ``FRESH_SECONDS``: in a quiet hour a new case
shows at once, under a steady stream of moves the overview is recomputed at most every ``FRESH_SECONDS``,
and ``CACHE_SECONDS`` bounds what the version does not see (edits without a move)."""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.accounts.policy import refuse
from zhiyuan.accounts.scoping import district
from zhiyuan.command import selectors, situation
from zhiyuan.command.campaigns.selectors import stamp as campaign_stamp
from zhiyuan.courts.models import Court
from zhiyuan.governance.selectors import monthly, report
from zhiyuan.law.errors import LawError

CACHE_SECONDS = 300
#: figures younger than this are served even if the data changed since (at most one recompute per window)
FRESH_SECONDS = 30
#: longest period the overview accepts (its monthly trend has one point per month)
MAX_PERIOD_DAYS = 366 * 5
#: optional figures of other apps, shown when they are installed: (key, module, function); the function
#: takes (court ids, first day, last day) and answers {figure key: value}
OPTIONAL_FIGURES = (
    ("mediation", "zhiyuan.mediation.selectors", "figures"),
    ("performance", "zhiyuan.performance.selectors", "figures"),
    ("enforcement", "zhiyuan.enforcement.selectors", "figures"),
    ("hearings", "zhiyuan.enforcement.hearings.selectors", "overview_figures"),
    ("credit", "zhiyuan.credit.selectors", "figures"),
    ("refusal", "zhiyuan.enforcement.refusal.selectors", "overview_figures"),
    ("criminal", "zhiyuan.funds.criminal", "figures"),
)


def court_for(user: Any, code: str = "", request: HttpRequest | None = None) -> Court:
    """The court whose overview ``user`` asks for: their own by default, or one in their district; a court
    outside it (or unknown) is an audited refusal."""
    home = selectors.home_court(user)
    if not code or code == home.code:
        return home
    found = selectors.court_in_scope(user, code)
    if found is None:
        raise refuse(
            user,
            "court_out_of_scope",
            f"法院“{code}”不在您的辖区范围内。",
            f"Court '{code}' is outside your district.",
            request,
        )
    return found


def _parse(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LawError(
            "invalid_period",
            f"期间的“{name}”日期“{value}”无效，应为 YYYY-MM-DD。",
            f"The period's '{name}' date '{value}' is not valid; use YYYY-MM-DD.",
        ) from None


def period(court: Court, date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date]:
    """The period asked for, or by default the calendar year of the district's latest filing (this year
    when it has none). A missing end is filled from the same year; a period is at most five years."""
    start, end = _parse(date_from, "from"), _parse(date_to, "to")
    if start is None or end is None:
        anchor = end or start
        if anchor is not None:
            year = anchor.year
        else:
            year = selectors.latest_year(district_ids(court)) or timezone.localdate().year
        start = start or dt.date(year, 1, 1)
        end = end or dt.date(year, 12, 31)
    if start > end:
        raise LawError(
            "invalid_period",
            f"期间起日 {start} 晚于止日 {end}。",
            f"The period starts ({start}) after it ends ({end}).",
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise LawError(
            "invalid_period",
            "期间不得超过五年。",
            "The period may not be longer than five years.",
        )
    return start, end


def district_ids(court: Court) -> list[int]:
    """Ids of the court and every court below it (the scope of a user of that court)."""
    return sorted(district(court.pk))


def _optional_figures(court_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """The figures of other apps (:data:`OPTIONAL_FIGURES`), when they are installed."""
    out: dict[str, Any] = {}
    for key, module, function in OPTIONAL_FIGURES:
        try:
            figures = getattr(import_module(module), function, None)
        except ImportError:
            continue
        if callable(figures):
            out[key] = figures(court_ids, start, end)
    return out


def compute(court: Court, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """The overview of ``court``'s district for ``[start, end]`` (uncached)."""
    ids = district_ids(court)
    # the rollups as of their last refresh (rebuilt after writes by a debounced job; live before the first)
    figures = report(court_code=court.code, subtree=True, date_from=start, date_to=end, path="rollup")
    tree = selectors.court_tree(court, start, end, today)
    return {
        "court": {"code": court.code, "name": court.name, "level": court.level},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "today": today.isoformat(),
        "indicators": figures["indicators"],
        "campaigns": figures["campaigns"],
        "monthly": monthly(ids, start, end, path="rollup"),
        "tree": tree.as_dict(),
        "overdue": selectors.overdue_nodes(ids, today),
        "situation": situation.counts(court, today),
        "figures": _optional_figures(ids, start, end),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }


def overview(court: Court, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The overview, from the cache when nothing has changed since it was computed or it is fresh enough."""
    today = timezone.localdate()
    version = selectors.data_version()
    # an edited campaign is another overview at once (its definition is part of the key)
    key = f"command:overview:{court.pk}:{start}:{end}:{today}:{campaign_stamp()}"
    hit: tuple[tuple[int, int], float, dict[str, Any]] | None = cache.get(key)
    if hit is not None:
        cached_version, computed, data = hit
        if cached_version == version or time.time() - computed < FRESH_SECONDS:
            return data
    data = compute(court, start, end, today)
    cache.set(key, (version, time.time(), data), CACHE_SECONDS)
    return data
