"""Reads of the saved campaigns: the definitions as the governance indicators match them (the registered
source of :func:`zhiyuan.governance.selectors.campaigns`), a campaign's cases with the money the funds
ledger recorded for each, its figures by court and by month, and its one-line summary ("执结 9,436 件，
执行到位 2.04 亿元") for any court and period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import TruncMonth

from zhiyuan.accounts.scoping import district
from zhiyuan.cases.models import Case
from zhiyuan.command import selectors as command
from zhiyuan.command.campaigns.models import CampaignDefinition
from zhiyuan.courts.models import Court
from zhiyuan.funds import selectors as funds
from zhiyuan.governance.selectors import Campaign, campaign_cases, court_codes, parse
from zhiyuan.law.errors import LawError

ZERO = Decimal("0.00")


def saved() -> QuerySet[CampaignDefinition]:
    """Every saved campaign, open ones first, then by start."""
    return CampaignDefinition.objects.order_by("-status", "starts_on", "code")


def stamp() -> str:
    """Changes whenever a campaign is created, edited or closed (one aggregate)."""
    row = CampaignDefinition.objects.aggregate(n=Count("pk"), v=Sum("version"), at=Max("updated_at"))
    return f"{row['n']}.{row['v'] or 0}.{row['at'].timestamp() if row['at'] else 0}"


def by_code(code: str) -> CampaignDefinition:
    """The campaign of ``code``; an unknown one is ``campaign_not_found``."""
    found = CampaignDefinition.objects.filter(code=code).first()
    if found is None:
        raise LawError(
            "campaign_not_found",
            f"专项行动“{code}”不存在。",
            f"There is no campaign '{code}'.",
        )
    return found


def _district_codes(codes: Collection[str]) -> frozenset[str]:
    """Every code (and alias) of the named courts and the courts below them."""
    ids: set[int] = set()
    for court in Court.objects.filter(code__in=list(codes)):
        _, children = command.subtree(court)
        ids.update(command.within(court.pk, children))
    return court_codes(ids) if ids else frozenset(codes)


def as_campaign(d: CampaignDefinition) -> Campaign:
    """The definition as the governance indicators match it (its courts expanded to their districts)."""
    entry: dict[str, Any] = {
        "id": d.code,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "source": d.source,
        "causes": d.causes,
        "dispute_causes": d.dispute_causes,
        "claim_min": d.claim_min,
        "claim_max": d.claim_max,
        "origin_types": d.origin_types,
        "derived_kinds": d.derived_kinds,
        "type_codes": d.type_codes,
        "courts": sorted(_district_codes(d.courts)) if d.courts else [],
    }
    return parse([entry])[0]


def source() -> tuple[Campaign, ...]:
    """Every saved campaign as the governance indicators read them (registered in ``apps.ready``)."""
    return tuple(as_campaign(d) for d in CampaignDefinition.objects.order_by("code"))


def default_period(d: CampaignDefinition, today: dt.date) -> tuple[dt.date, dt.date]:
    """The campaign's own period up to today (or its end): from its start, at most five years back."""
    end = min(d.ends_on or today, today) if d.starts_on <= today else d.ends_on or d.starts_on
    start = max(d.starts_on, dt.date(end.year - 5, end.month, min(end.day, 28)) + dt.timedelta(days=1))
    return min(start, end), end


def cases(d: CampaignDefinition, court_ids: Collection[int], start: dt.date, end: dt.date) -> QuerySet[Case]:
    """The closed E cases of the district and period the campaign counts, latest closing first."""
    return (
        campaign_cases(as_campaign(d), court_ids, start, end)
        .select_related("court")
        .order_by("-closed_on", "-pk")
    )


def money(case_ids: Collection[int]) -> dict[int, dict[str, Decimal]]:
    """Per case: ``received`` and ``disbursed`` in the funds ledger (zero when it has no account)."""
    found = funds.money_by_case(case_ids)
    empty = {"received": ZERO, "disbursed": ZERO}
    return {pk: found.get(pk, empty) for pk in case_ids}


def _totals(qs: QuerySet[Case]) -> dict[str, Any]:
    row = qs.order_by().aggregate(n=Count("pk"), a=Sum("recovered_amount"))
    ids = qs.order_by().values("pk")
    cash = funds.money_by_case(ids)
    return {
        "cases_closed": int(row["n"] or 0),
        "amount_recovered": Decimal(row["a"] or 0).quantize(ZERO),
        "funds_received": sum((m["received"] for m in cash.values()), ZERO),
        "funds_disbursed": sum((m["disbursed"] for m in cash.values()), ZERO),
    }


def by_court(d: CampaignDefinition, court: Court, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """The district of ``court`` and each court directly below it (rolled up): cases closed and amount
    recovered — one GROUP BY over the district."""
    courts, children = command.subtree(court)
    rows = (
        cases(d, list(courts), start, end)
        .order_by()
        .values("court_id")
        .annotate(n=Count("pk"), a=Sum("recovered_amount"))
    )
    per = {r["court_id"]: (int(r["n"]), Decimal(r["a"] or 0)) for r in rows}

    def rolled(pk: int) -> dict[str, Any]:
        ids = command.within(pk, children)
        n = sum(per.get(i, (0, ZERO))[0] for i in ids)
        a = sum((per.get(i, (0, ZERO))[1] for i in ids), ZERO)
        c = courts[pk]
        return {"code": c.code, "name": c.name, "cases_closed": n, "amount_recovered": a.quantize(ZERO)}

    return [rolled(court.pk), *(rolled(k) for k in children.get(court.pk, ()))]


def by_month(
    d: CampaignDefinition, court_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Cases closed and amount recovered per month of the period (every month, zero ones too)."""
    rows = (
        cases(d, court_ids, start, end)
        .order_by()
        .annotate(m=TruncMonth("closed_on"))
        .values("m")
        .annotate(n=Count("pk"), a=Sum("recovered_amount"))
    )
    per = {f"{r['m']:%Y-%m}": (int(r["n"]), Decimal(r["a"] or 0)) for r in rows}
    out, month = [], start.replace(day=1)
    while month <= end:
        key = f"{month:%Y-%m}"
        n, a = per.get(key, (0, ZERO))
        out.append({"month": key, "cases_closed": n, "amount_recovered": a.quantize(ZERO)})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def yuan_zh(value: Decimal) -> str:
    """An amount as a Chinese report writes it: 2.04亿元, 356.20万元, 980.00元."""
    if value >= Decimal("1e8"):
        return f"{(value / Decimal('1e8')).quantize(ZERO)}亿元"
    if value >= Decimal("1e4"):
        return f"{(value / Decimal('1e4')).quantize(ZERO)}万元"
    return f"{value.quantize(ZERO)}元"


def yuan_en(value: Decimal) -> str:
    """An amount in English: 204.00 million yuan, 3,562.00 yuan."""
    if value >= Decimal("1e6"):
        return f"{(value / Decimal('1e6')).quantize(ZERO):,} million yuan"
    return f"{value.quantize(ZERO):,} yuan"


def summary(d: CampaignDefinition, court: Court, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The campaign's figures over ``court``'s district and the period, and the line a report writes."""
    ids = sorted(district(court.pk))
    t = _totals(campaign_cases(as_campaign(d), ids, start, end))
    n, a = t["cases_closed"], t["amount_recovered"]
    return {
        "campaign": d.code,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "court": court.code,
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        **t,
        "line_zh": f"{court.name}{start:%Y年%m月%d日}至{end:%Y年%m月%d日}{d.name_zh}：执结{n:,}件，"
        f"执行到位{yuan_zh(a)}（经案款账户到账{yuan_zh(t['funds_received'])}，"
        f"已发放{yuan_zh(t['funds_disbursed'])}）。",
        "line_en": f"{court.name}, {start} to {end}, {d.name_en}: {n:,} cases closed, {yuan_en(a)} "
        f"recovered ({yuan_en(t['funds_received'])} received in the court's account, "
        f"{yuan_en(t['funds_disbursed'])} paid out).",
    }
