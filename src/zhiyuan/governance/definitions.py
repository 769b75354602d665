"""Indicators version 1 (../shared/formats/indicators.md): the registry, and each indicator as a PURE
function of plain case records — the columns of ``zhiyuan cases export`` — so that an export and the
database path (:mod:`zhiyuan.governance.selectors`) can be checked against each other.

Conventions: a scope is a set of court codes and a period ``[date_from, date_to]`` (both inclusive).
Rates are fractions rounded half-up to 4 places and ``None`` when the denominator is empty (never 0);
amounts are strings in yuan with 2 places; mean days have 1 decimal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from zhiyuan.law.derivation import KINDS, MEDIATION, NOT_LITIGATION

#: enforcement-action cases ("E"): 执 and 执恢 (执保 and the review cases are excluded)
E_TYPES = frozenset({"执", "执恢"})
FIRST_ENFORCEMENT = "执"
PERFORMED = frozenset({"fully_performed", "settlement_performed"})
TCP = "tcp"
#: closing methods by which a civil decision (judgment or mediation document) becomes enforceable
DECISION_METHODS = frozenset({"judgment", "mediation"})
FIRST_INSTANCE_CIVIL = "民初"
APPEAL_CIVIL = "民终"
#: pre-litigation mediation case types (民诉前调; 诉前调 is the older spelling of the same code)
MEDIATION_TYPES = MEDIATION
MEDIATION_SUCCESS = frozenset({"mediation", "confirmed"})
ENFORCEMENT_KIND = "enforcement"

RATE_PLACES = Decimal("0.0001")
CENT = Decimal("0.01")
DAY_PLACES = Decimal("0.1")
FORMATS = "../shared/formats/indicators.md"


# ------------------------------------------------------------------------------------------ formatting
def rate(numerator: int | Decimal, denominator: int | Decimal) -> float | None:
    """A fraction rounded half-up to 4 places; ``None`` for an empty denominator."""
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def amount(value: Decimal | int | None) -> str:
    """Yuan with 2 places ("0.00" for nothing)."""
    return f"{Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def mean_days(total_days: int, count: int) -> float | None:
    """Mean of day counts with 1 decimal; ``None`` when there is nothing to average."""
    if not count:
        return None
    return float((Decimal(total_days) / Decimal(count)).quantize(DAY_PLACES, rounding=ROUND_HALF_UP))


# -------------------------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One case as the export gives it, with what follows from the number and the origin chain."""

    case_number: str
    court_code: str
    type_code: str
    filed_on: dt.date
    closed_on: dt.date | None = None
    closing_method: str = ""
    claim_amount: Decimal | None = None
    recovered_amount: Decimal | None = None
    origin: str = ""  # the origin's case number, "" when none or not resolved
    derivative_kind: str = ""
    cause: str = ""
    dispute: str = ""  # the case number of the dispute's first case (its root)

    def closed_within(self, date_from: dt.date, date_to: dt.date) -> bool:
        """Closed in the period."""
        return self.closed_on is not None and date_from <= self.closed_on <= date_to

    def filed_within(self, date_from: dt.date, date_to: dt.date) -> bool:
        """Filed in the period."""
        return date_from <= self.filed_on <= date_to

    @property
    def enforcement(self) -> bool:
        """An enforcement-action case (执 or 执恢)."""
        return self.type_code in E_TYPES


class CaseSet:
    """The records of an export with the links the definitions follow (derived cases, disputes)."""

    def __init__(self, records: Iterable[CaseRecord]) -> None:
        self.records = list(records)
        self.by_number = {r.case_number: r for r in self.records}

    @cached_property
    def derived(self) -> dict[str, list[CaseRecord]]:
        """Origin case number → the cases derived from it."""
        out: dict[str, list[CaseRecord]] = defaultdict(list)
        for r in self.records:
            if r.origin:
                out[r.origin].append(r)
        return out

    @cached_property
    def disputes(self) -> dict[str, list[CaseRecord]]:
        """Dispute key → its cases."""
        out: dict[str, list[CaseRecord]] = defaultdict(list)
        for r in self.records:
            out[r.dispute].append(r)
        return out

    def in_scope(self, courts: Collection[str]) -> list[CaseRecord]:
        """The records of the scope's courts."""
        return [r for r in self.records if r.court_code in courts]

    def root_of(self, record: CaseRecord) -> CaseRecord | None:
        """The dispute's first case."""
        return self.by_number.get(record.dispute)


@dataclass(frozen=True)
class Window:
    """What an indicator is computed over: the data, the scope's court codes and the period."""

    cases: CaseSet
    courts: frozenset[str]
    date_from: dt.date
    date_to: dt.date

    @cached_property
    def scoped(self) -> list[CaseRecord]:
        """The scope's records."""
        return self.cases.in_scope(self.courts)

    @cached_property
    def closed_e(self) -> list[CaseRecord]:
        """E cases of the scope closed in the period."""
        return [r for r in self.scoped if r.enforcement and r.closed_within(self.date_from, self.date_to)]


# ---------------------------------------------------------------------------------------- definitions
def intake(w: Window) -> int:
    return sum(1 for r in w.scoped if r.enforcement and r.filed_within(w.date_from, w.date_to))


def closed(w: Window) -> int:
    return len(w.closed_e)


def pending(w: Window) -> int:
    return sum(
        1
        for r in w.scoped
        if r.enforcement and r.filed_on <= w.date_to and (r.closed_on is None or r.closed_on > w.date_to)
    )


def full_performance_rate(w: Window) -> float | None:
    return rate(sum(1 for r in w.closed_e if r.closing_method in PERFORMED), len(w.closed_e))


def tcp_rate(w: Window) -> float | None:
    return rate(sum(1 for r in w.closed_e if r.closing_method == TCP), len(w.closed_e))


def first_enforcement_tcp_rate(w: Window) -> float | None:
    first = [r for r in w.closed_e if r.type_code == FIRST_ENFORCEMENT]
    return rate(sum(1 for r in first if r.closing_method == TCP), len(first))


def recovered_within_claim(claim: Decimal, recovered: Decimal | None) -> Decimal:
    """What a case adds to the recovery rate's numerator: its recovered amount, at most its claim."""
    return min(recovered or Decimal(0), claim)


def recovery_rate(w: Window) -> float | None:
    with_claim = [r for r in w.closed_e if r.claim_amount is not None and r.claim_amount > 0]
    claimed = sum((r.claim_amount or Decimal(0) for r in with_claim), Decimal(0))
    recovered = sum(
        (recovered_within_claim(r.claim_amount or Decimal(0), r.recovered_amount) for r in with_claim),
        Decimal(0),
    )
    return rate(recovered, claimed)


def recovered_amount(w: Window) -> str:
    return amount(sum((r.recovered_amount or Decimal(0) for r in w.closed_e), Decimal(0)))


def mean_enforcement_days(w: Window) -> float | None:
    days = [(r.closed_on - r.filed_on).days for r in w.closed_e if r.closed_on is not None]
    return mean_days(sum(days), len(days))


def judgment_to_enforcement_rate(w: Window) -> float | None:
    def derived(r: CaseRecord, test: Callable[[CaseRecord], bool]) -> bool:
        return any(d.filed_on <= w.date_to and test(d) for d in w.cases.derived.get(r.case_number, ()))

    final = [
        r
        for r in w.scoped
        if r.closing_method in DECISION_METHODS
        and r.closed_within(w.date_from, w.date_to)
        and (
            r.type_code == APPEAL_CIVIL
            or (r.type_code == FIRST_INSTANCE_CIVIL and not derived(r, lambda d: d.type_code == APPEAL_CIVIL))
        )
    ]
    enforced = sum(1 for r in final if derived(r, lambda d: d.derivative_kind == ENFORCEMENT_KIND))
    return rate(enforced, len(final))


def _mediations(w: Window) -> tuple[list[CaseRecord], list[CaseRecord]]:
    closed_ = [
        r for r in w.scoped if r.type_code in MEDIATION_TYPES and r.closed_within(w.date_from, w.date_to)
    ]
    return closed_, [r for r in closed_ if r.closing_method in MEDIATION_SUCCESS]


def mediation_success_rate(w: Window) -> float | None:
    closed_, success = _mediations(w)
    return rate(len(success), len(closed_))


def mediation_enforcement_rate(w: Window) -> float | None:
    _, success = _mediations(w)
    enforced = sum(
        1
        for r in success
        if any(
            c.derivative_kind == ENFORCEMENT_KIND and c.filed_on <= w.date_to
            for c in w.cases.disputes[r.dispute]
        )
    )
    return rate(enforced, len(success))


def case_per_dispute(w: Window) -> float | None:
    disputes = {
        r.dispute
        for r in w.scoped
        if not r.origin and r.filed_within(w.date_from, w.date_to)  # the dispute's first case
    }
    cases = [c for d in disputes for c in w.cases.disputes[d] if c.type_code not in NOT_LITIGATION]
    return rate(len(cases), len({c.dispute for c in cases}))


def derivative(w: Window) -> dict[str, int]:
    counts = Counter(
        r.derivative_kind for r in w.scoped if r.derivative_kind and r.filed_within(w.date_from, w.date_to)
    )
    return {kind: counts.get(kind, 0) for kind in KINDS}


# ------------------------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class Indicator:
    """One indicator: identifier, names, definition, source, unit and its pure function."""

    id: str
    name_zh: str
    name_en: str
    definition: str
    source: str
    unit: str  # count | rate | yuan | days | ratio | counts
    compute: Callable[[Window], Any]


def _i(
    id_: str, zh: str, en: str, unit: str, definition: str, source: str, fn: Callable[[Window], Any]
) -> Indicator:
    return Indicator(id_, zh, en, definition, source, unit, fn)


_F = f"{FORMATS} (indicators v1)"
_LAW = "../shared/reference/law.md §11.2"
INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        _i("intake", "收案", "Intake", "count", "E cases filed in the period.", _F, intake),
        _i("closed", "结案", "Closed", "count", "E cases closed in the period.", _F, closed),
        _i(
            "pending",
            "存案",
            "Pending",
            "count",
            "E cases filed on or before `to` and not closed on or before `to`.",
            _F,
            pending,
        ),
        _i(
            "full_performance_rate",
            "执行完毕率",
            "Full performance rate",
            "rate",
            "Closed E cases with closing method `fully_performed` or `settlement_performed` ÷ `closed`.",
            f"{_F}; {_LAW}",
            full_performance_rate,
        ),
        _i(
            "tcp_rate",
            "终本率",
            "TCP rate",
            "rate",
            "Closed E cases with closing method `tcp` ÷ `closed`.",
            _F,
            tcp_rate,
        ),
        _i(
            "first_enforcement_tcp_rate",
            "首执终本率",
            "First-enforcement TCP rate",
            "rate",
            "Closed 执 cases (not 执恢) with closing method `tcp` ÷ closed 执 cases.",
            f"{_F}; law.md §12 (Guizhou 2024)",
            first_enforcement_tcp_rate,
        ),
        _i(
            "recovery_rate",
            "执行到位率",
            "Recovery rate",
            "rate",
            "Σ min(`recovered_amount`, `claim_amount`) ÷ Σ `claim_amount` over closed E cases whose claim "
            "amount is > 0 (a missing recovered amount counts as 0). Each case counts at most its claim, so "
            "the rate never exceeds 100 %: what is recovered beyond the claim (interest, costs) or a "
            "mistyped figure cannot inflate it; `recovered_amount` below shows the full sum.",
            f"{_F}; {_LAW}",
            recovery_rate,
        ),
        _i(
            "recovered_amount",
            "执行到位金额",
            "Amount recovered",
            "yuan",
            "Σ `recovered_amount` over closed E cases.",
            _F,
            recovered_amount,
        ),
        _i(
            "mean_enforcement_days",
            "平均执行用时",
            "Mean enforcement days",
            "days",
            "Mean of (`closed_on` − `filed_on`) in days over closed E cases, 1 decimal.",
            _F,
            mean_enforcement_days,
        ),
        _i(
            "judgment_to_enforcement_rate",
            "民事裁判申请执行率",
            "Judgment-to-enforcement rate",
            "rate",
            "Civil decisions that became final in the period — 民终 cases closed by `judgment` or "
            "`mediation` in the period, and 民初 cases so closed with no 民终 derived from them filed on or "
            "before `to` — the share with a case of derivative kind `enforcement` derived from them and "
            "filed on or before `to`.",
            f"{_F}; {_LAW}",
            judgment_to_enforcement_rate,
        ),
        _i(
            "mediation_success_rate",
            "诉前调解成功率",
            "Pre-litigation mediation success rate",
            "rate",
            "Pre-litigation mediation cases (民诉前调) closed in the period with closing method "
            "`mediation` or `confirmed` ÷ those closed in the period.",
            f"{_F}; {_LAW}",
            mediation_success_rate,
        ),
        _i(
            "mediation_enforcement_rate",
            "诉前调解案件申请执行率",
            "Mediation-to-enforcement rate",
            "rate",
            "Among successful pre-litigation mediation cases closed in the period, the share whose "
            "dispute has a case of derivative kind `enforcement` filed on or before `to`.",
            f"{_F}; law.md §12 (Guizhou 2024)",
            mediation_enforcement_rate,
        ),
        _i(
            "case_per_dispute",
            "案-件比",
            "Cases per dispute",
            "ratio",
            "Litigation and enforcement cases ÷ disputes (pre-litigation mediation and preservation "
            "excluded), over the disputes whose first case (the one without an origin) was filed in "
            "the scope in the period; every recorded case of those disputes counts, wherever filed. "
            "Same figure as `zhiyuan cases stats`.",
            "../shared/formats/cases-import.md (Ratios)",
            case_per_dispute,
        ),
        _i(
            "derivative",
            "衍生案件",
            "Derivative cases",
            "counts",
            "Cases of the scope filed in the period, counted by derivative kind (every kind listed).",
            "../shared/formats/cases-import.md (Derivative kinds)",
            derivative,
        ),
    )
}


def compute_all(
    cases: CaseSet, courts: Collection[str], date_from: dt.date, date_to: dt.date
) -> dict[str, Any]:
    """Every indicator over the scope ``courts`` and the period, in registry order."""
    w = Window(cases, frozenset(courts), date_from, date_to)
    return {i.id: i.compute(w) for i in INDICATORS.values()}
