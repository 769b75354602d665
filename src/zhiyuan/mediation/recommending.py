"""Recommendation of a mediation organization and mediator for a dispute (诉调对接: 推荐调解组织).

Five factors, each in [0, 1] and each explained to the clerk by a :class:`Reason`: type fit of the
organization and of its best free mediator, region fit, current load against capacity, and past success
on the focus type (with a prior, so that new organizations are not starved). The score is their weighted
mean with the weights of ``recommending.yaml`` (documented defaults). Candidates are the active
organizations of the dispute's court and of the courts above it (the "总对总" partners sit at the high
court). Ordering is deterministic: full organizations last (or excluded), then score, then code.

The load and results statistics the register pages show are computed here too, from Mediation rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Q, QuerySet

from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.courts.organizations import LOCAL_KINDS, court_ids_above
from zhiyuan.mediation.models import Mediation, MediationStatus
from zhiyuan.mediation.suggesting import focus_types

PARAMS_FILE = Path(__file__).with_name("recommending.yaml")
CLOSED_WITH_RESULT = (MediationStatus.SUCCEEDED, MediationStatus.FAILED)


@dataclass(frozen=True)
class Reason:
    """One factor's explanation, shown to the clerk."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Recommendation:
    """An organization (and its best free mediator, if any) with its score and the reasons for it."""

    organization: PartnerOrganization
    mediator: Mediator | None
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Params:
    """The weights and settings of ``recommending.yaml``."""

    weights: Mapping[str, float]
    region_fit: Mapping[str, float]
    prior_rate: float
    prior_weight: float
    full: str


@cache
def params() -> Params:
    """The recommendation parameters of :data:`PARAMS_FILE` (read once per process)."""
    data: dict[str, Any] = yaml.safe_load(PARAMS_FILE.read_text(encoding="utf-8"))
    return Params(
        weights={k: float(v) for k, v in data["weights"].items()},
        region_fit={k: float(v) for k, v in data["region_fit"].items()},
        prior_rate=float(data["prior"]["rate"]),
        prior_weight=float(data["prior"]["weight"]),
        full=str(data.get("full", "last")),
    )


# ------------------------------------------------------------------------------------------------ statistics


def _open_on(on: dt.date | None) -> Q:
    if on is None:
        return Q(status=MediationStatus.MEDIATING)
    return Q(opened_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))


def open_counts(organization_ids: Iterable[int], on: dt.date | None = None) -> dict[int, int]:
    """Open mediations per organization (on ``on``, or now)."""
    rows = (
        Mediation.objects.filter(_open_on(on), organization_id__in=list(organization_ids))
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["organization_id"]: r["n"] for r in rows}


def mediator_open_counts(mediator_ids: Iterable[int], on: dt.date | None = None) -> dict[int, int]:
    """Open mediations per mediator (on ``on``, or now)."""
    rows = (
        Mediation.objects.filter(_open_on(on), mediator_id__in=list(mediator_ids))
        .values("mediator_id")
        .annotate(n=Count("pk"))
    )
    return {r["mediator_id"]: r["n"] for r in rows}


def _results(qs: QuerySet[Mediation]) -> QuerySet[Mediation]:
    return qs.filter(status__in=CLOSED_WITH_RESULT, closed_on__isnull=False)


def success_counts(
    organization_ids: Iterable[int], focus_type: str, on: dt.date
) -> dict[int, tuple[int, int]]:
    """(succeeded, closed with a result) per organization on ``focus_type`` up to ``on``."""
    rows = (
        _results(Mediation.objects.filter(organization_id__in=list(organization_ids), focus_type=focus_type))
        .filter(closed_on__lte=on)
        .values("organization_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(status=MediationStatus.SUCCEEDED)))
    )
    return {r["organization_id"]: (r["ok"], r["n"]) for r in rows}


@dataclass(frozen=True)
class FocusResult:
    """An organization's results on one focus type."""

    focus_type: str
    closed: int
    succeeded: int
    mean_days: float | None

    @property
    def success_rate(self) -> float | None:
        """Succeeded ÷ closed with a result (None with none closed)."""
        return round(self.succeeded / self.closed, 4) if self.closed else None


def results_by_focus(organization: PartnerOrganization) -> list[FocusResult]:
    """Success count and rate and mean days from delegation to closing, by focus type (withdrawn
    mediations have no result and do not count)."""
    closed = _results(Mediation.objects.filter(organization=organization)).values_list(
        "focus_type", "status", "opened_on", "closed_on"
    )
    table: dict[str, list[tuple[bool, int]]] = defaultdict(list)
    for focus, status, opened, ended in closed:
        if ended is None:
            continue
        table[focus].append((status == MediationStatus.SUCCEEDED, (ended - opened).days))
    return [
        FocusResult(
            focus,
            len(rows),
            sum(ok for ok, _ in rows),
            round(sum(d for _, d in rows) / len(rows), 1),
        )
        for focus, rows in sorted(table.items())
    ]


# -------------------------------------------------------------------------------------------- recommendation


def _type_fit(focus_types: list[str], focus_type: str) -> float:
    if not focus_types:
        return 0.5
    return 1.0 if focus_type in focus_types else 0.0


def _region(org: PartnerOrganization, region: str, p: Params) -> tuple[float, Reason]:
    own = [str(r) for r in org.regions]
    covering = [r for r in own if region.startswith(r)]
    if covering:
        local = org.kind in LOCAL_KINDS
        code = "region_local_unit" if local else "region_covered"
        return p.region_fit["local_unit" if local else "covered"], Reason(
            code,
            f"受理地域 {covering[0]} 覆盖纠纷发生地 {region}" + ("（本地单元）" if local else ""),
            f"its area {covering[0]} covers the dispute's division {region}"
            + (" (local unit)" if local else ""),
        )
    inside = [r for r in own if r.startswith(region)]
    if inside:
        return p.region_fit["partial"], Reason(
            "region_partial",
            f"受理地域 {inside[0]} 位于纠纷发生地 {region} 之内",
            f"its area {inside[0]} lies within the dispute's division {region}",
        )
    division = org.court.division_code
    if not own and division and region.startswith(division):
        return p.region_fit["court_division"], Reason(
            "region_court_division",
            f"对接法院辖区 {division} 覆盖纠纷发生地 {region}",
            f"its court's division {division} covers the dispute's division {region}",
        )
    return p.region_fit["outside"], Reason(
        "region_outside",
        f"纠纷发生地 {region} 不在其受理地域内",
        f"the dispute's division {region} is outside its area",
    )


def _label(focus_type: str) -> tuple[str, str]:
    """The focus type's Chinese and English labels (focus_types.yaml; the id when unknown)."""
    entry = focus_types().get(focus_type, {})
    return str(entry.get("zh", focus_type)), str(entry.get("en", focus_type)).lower()


def _type_reason(org: PartnerOrganization, focus_type: str, fit: float) -> Reason:
    zh, en = _label(focus_type)
    if fit == 1.0:
        return Reason("type_match", f"受理“{zh}”类纠纷", f"takes {en} disputes")
    if fit == 0.5:
        return Reason("type_any", "受理各类纠纷（未限定类型）", "takes disputes of any type")
    listed = "、".join(_label(f)[0] for f in org.focus_types)
    return Reason(
        "type_mismatch",
        f"不受理“{zh}”类纠纷（受理：{listed}）",
        f"does not take {en} disputes (takes: {', '.join(_label(f)[1] for f in org.focus_types)})",
    )


def _load(capacity: int, open_now: int) -> tuple[float, bool, Reason]:
    if capacity <= 0:
        return (
            0.5,
            False,
            Reason(
                "capacity_unstated",
                f"未设受理上限，在办 {open_now} 件",
                f"no stated capacity, {open_now} open",
            ),
        )
    full = open_now >= capacity
    if full:
        return (
            0.0,
            True,
            Reason(
                "load_full",
                f"已满负荷：在办 {open_now} / 上限 {capacity}",
                f"full: {open_now} open of {capacity}",
            ),
        )
    return (
        1 - open_now / capacity,
        False,
        Reason("load", f"在办 {open_now} / 上限 {capacity}", f"{open_now} open of {capacity}"),
    )


def _success(counts: tuple[int, int], focus_type: str, p: Params) -> tuple[float, Reason]:
    ok, n = counts
    zh, en = _label(focus_type)
    rate = (ok + p.prior_rate * p.prior_weight) / (n + p.prior_weight)
    if n == 0:
        return rate, Reason(
            "success_no_history",
            f"尚无“{zh}”类调解结果，按先验成功率 {p.prior_rate:.0%} 计",
            f"no {en} results yet: prior success rate {p.prior_rate:.0%}",
        )
    return rate, Reason(
        "success_history",
        f"“{zh}”类已结 {n} 件，成功 {ok} 件（含先验 {rate:.0%}）",
        f"{ok} of {n} {en} mediations succeeded ({rate:.0%} with the prior)",
    )


def _best_mediator(
    mediators: list[Mediator], focus_type: str, open_by_mediator: Mapping[int, int]
) -> tuple[Mediator | None, float, Reason]:
    free = [m for m in mediators if m.capacity == 0 or open_by_mediator.get(m.pk, 0) < m.capacity]
    if not free:
        return None, 0.0, Reason("no_mediator", "无可用调解员（均已满负荷或未登记）", "no free mediator")

    def load(m: Mediator) -> float:
        return open_by_mediator.get(m.pk, 0) / m.capacity if m.capacity else 0.5

    best = min(free, key=lambda m: (-_type_fit(m.focus_types, focus_type), load(m), m.code))
    fit = _type_fit(best.focus_types, focus_type)
    code = {1.0: "mediator_type_match", 0.5: "mediator_type_any", 0.0: "mediator_type_mismatch"}[fit]
    zh = {1.0: "擅长此类纠纷", 0.5: "未限定擅长类型", 0.0: "不擅长此类纠纷"}[fit]
    en = {
        1.0: "specialises in this type",
        0.5: "no stated speciality",
        0.0: "does not specialise in this type",
    }[fit]
    return (
        best,
        fit,
        Reason(
            code,
            f"调解员{best.name}{zh}，在办 {open_by_mediator.get(best.pk, 0)} 件",
            f"mediator {best.name}: {en}, {open_by_mediator.get(best.pk, 0)} open",
        ),
    )


def candidates(court: Court) -> QuerySet[PartnerOrganization]:
    """Active organizations of ``court`` and of the courts above it."""
    ids = {court.pk, *court_ids_above([court.pk])}
    return PartnerOrganization.objects.filter(active=True, court_id__in=ids).select_related("court")


def recommend(
    *, court: Court, focus_type: str, region: str = "", on: dt.date, limit: int = 5
) -> list[Recommendation]:
    """The best ``limit`` organizations (each with its best free mediator) for a dispute of
    ``focus_type`` at ``court`` from division ``region`` (default: the court's division), as of ``on``."""
    p = params()
    region = region or court.division_code
    orgs = list(candidates(court))
    ids = [o.pk for o in orgs]
    open_now = open_counts(ids, on)
    history = success_counts(ids, focus_type, on)
    mediators: dict[int, list[Mediator]] = defaultdict(list)
    for m in Mediator.objects.filter(organization_id__in=ids, active=True).order_by("code"):
        mediators[m.organization_id].append(m)
    open_by_mediator = mediator_open_counts([m.pk for ms in mediators.values() for m in ms], on)
    total = sum(p.weights.values())
    ranked: list[tuple[bool, float, str, Recommendation]] = []
    for org in orgs:
        type_fit = _type_fit(org.focus_types, focus_type)
        region_fit, region_reason = (
            _region(org, region, p)
            if region
            else (0.5, Reason("region_unknown", "纠纷发生地未知", "the dispute's division is unknown"))
        )
        load_fit, full, load_reason = _load(org.capacity, open_now.get(org.pk, 0))
        if full and p.full == "exclude":
            continue
        success_fit, success_reason = _success(history.get(org.pk, (0, 0)), focus_type, p)
        mediator, mediator_fit, mediator_reason = _best_mediator(
            mediators[org.pk], focus_type, open_by_mediator
        )
        factors = {
            "type": type_fit,
            "mediator_type": mediator_fit,
            "region": region_fit,
            "load": load_fit,
            "success": success_fit,
        }
        score = round(sum(p.weights[k] * v for k, v in factors.items()) / total, 4)
        reasons = (
            _type_reason(org, focus_type, type_fit),
            region_reason,
            load_reason,
            success_reason,
            mediator_reason,
        )
        ranked.append((full, -score, org.code, Recommendation(org, mediator, score, reasons)))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
