"""One dispute's life, drawn at random from the rates: the cases it spawns with their dates and outcomes.

Pure (no database, no clock): a :class:`World` holds the courts, the rates and the lawful earliest 终本
date; :func:`dispute` returns the dispute's cases in order, each pointing at its origin by position.
Dates are drawn forwards only, so a derived case is never filed before its origin, and a 终本 is never
earlier than the lifecycle guard allows. Nothing here knows today's date: the caller truncates.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from zhiyuan.simulation.parameters import Rates
from zhiyuan.simulation.people import Party, company, person, pooled

DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")
OBJECTION_SUIT_CAUSE = "案外人执行异议之诉"
LENDING_CAUSES = frozenset({"金融借款合同纠纷", "信用卡纠纷", "小额借款合同纠纷"})
PERSONAL_CAUSES = frozenset({"离婚纠纷", "机动车交通事故责任纠纷"})
LENDERS = 30  # fictitious lenders in the province-wide lender pool


@dataclass(frozen=True, slots=True)
class SimCourt:
    """A court as the generator needs it."""

    code: str
    level: str
    parent: str  # the next-higher court's code ("" for the high court)
    division_code: str
    division_name: str


@dataclass(slots=True)
class Spec:
    """A case to be: the import format's columns, with the origin as a position in the dispute."""

    court: str
    type_code: str
    filed_on: dt.date
    cause: str = ""
    claim: Decimal | None = None
    closed_on: dt.date | None = None
    method: str = ""
    recovered: Decimal | None = None
    origin: int | None = None
    plaintiffs: tuple[Party, ...] = ()
    defendants: tuple[Party, ...] = ()
    third_parties: tuple[Party, ...] = ()
    number: str = field(default="", compare=False)
    #: set on the case whose decision became an enforceable title: its kind (``judgment`` or
    #: ``mediation_agreement``), the day it took effect and whether the creditor applied for enforcement
    title_kind: str = field(default="", compare=False)
    effective_on: dt.date | None = field(default=None, compare=False)
    enforcement_applied: bool = field(default=False, compare=False)


@dataclass
class World:
    """Everything a dispute is drawn from besides the random numbers."""

    seed: int
    rates: Rates
    courts: Mapping[str, SimCourt]
    tcp_earliest: Callable[[dt.date], dt.date]
    pool_size: int
    regions: Sequence[tuple[str, str]] = ()
    #: (in force from, cause names of that edition) ascending; causes outside an edition are not drawn
    editions: Sequence[tuple[dt.date, frozenset[str]]] = ()

    def __post_init__(self) -> None:
        if not self.regions:
            self.regions = sorted(
                {(c.division_code, c.division_name) for c in self.courts.values() if c.level == "basic"}
            )
        weights: Mapping[str, float] = self.rates["causes.weights"]
        mixes = [
            (start, {c: float(w) for c, w in weights.items() if c in names}) for start, names in self.editions
        ]
        self._mixes = [(start, list(mix), list(accumulate(mix.values()))) for start, mix in mixes if mix]
        if not self._mixes:  # no catalogue given: the names as the rates spell them
            self._mixes = [(dt.date.min, list(weights), list(accumulate(float(w) for w in weights.values())))]
        self._odds: dict[str, float] = {}  # rates as floats, looked up once
        self._draws: dict[str, tuple[list[str], list[float]]] = {}  # mixes with cumulative weights

    # -------------------------------------------------------------------------------- draws

    def cause(self, rng: random.Random, on: dt.date) -> str:
        """A cause of the edition in force on ``on`` (the earliest edition before any is in force)."""
        names, weights = self._mixes[0][1:]
        for start, edition_names, edition_weights in self._mixes:
            if start <= on:
                names, weights = edition_names, edition_weights
        return rng.choices(names, cum_weights=weights)[0]

    def claim(self, rng: random.Random, cause: str) -> Decimal:
        shapes: Mapping[str, Mapping[str, float]] = self.rates["claims.lognormal"]
        shape = shapes.get(cause, shapes["default"])
        amount = rng.lognormvariate(math.log(float(shape["median"])), float(shape["sigma"]))
        return Decimal(f"{max(amount, 100.0):.2f}")

    def days(self, rng: random.Random, median: float, sigma: float = 0.6) -> dt.timedelta:
        """A log-normal duration of at least one day."""
        return DAY * max(1, round(rng.lognormvariate(math.log(median), sigma)))

    def weighted(self, rng: random.Random, key: str) -> str:
        draw = self._draws.get(key)
        if draw is None:
            mix: Mapping[str, float] = self.rates[key]
            draw = self._draws[key] = (list(mix), list(accumulate(float(v) for v in mix.values())))
        return rng.choices(draw[0], cum_weights=draw[1])[0]

    def chance(self, rng: random.Random, key: str) -> bool:
        odds = self._odds.get(key)
        if odds is None:
            odds = self._odds[key] = float(self.rates[key])
        return rng.random() < odds

    def parent(self, code: str) -> str:
        return self.courts[code].parent or code

    # ------------------------------------------------------------------------------ parties

    def debtor(self, rng: random.Random, court: SimCourt, cause: str) -> Party:
        is_company = cause == self.rates["causes.migrant_wage_cause"] or (
            cause not in PERSONAL_CAUSES
            and cause not in LENDING_CAUSES - {"金融借款合同纠纷"}
            and self.chance(rng, "claims.company_debtor_share")
        )
        if self.chance(rng, "claims.repeat_debtor_share"):
            index = int(self.pool_size ** rng.random()) - 1  # log-uniform: a few debtors recur often
            return pooled(self.seed, "debtor", index, self.regions, is_company)
        if is_company:
            return company(rng, court.division_code, court.division_name)
        return person(rng, court.division_code)

    def creditors(self, rng: random.Random, court: SimCourt, cause: str) -> tuple[Party, ...]:
        if cause == self.rates["causes.migrant_wage_cause"]:
            low, high = self.rates["causes.migrant_wage_workers"]
            return tuple(person(rng, court.division_code) for _ in range(rng.randint(low, high)))
        if cause in LENDING_CAUSES:
            return (pooled(self.seed, "lender", rng.randrange(LENDERS), self.regions, True),)
        if cause not in PERSONAL_CAUSES and cause != "民间借贷纠纷" and rng.random() < 0.6:
            return (company(rng, court.division_code, court.division_name),)
        return (person(rng, court.division_code),)


def dispute(world: World, rng: random.Random, court: SimCourt, start: dt.date) -> list[Spec]:
    """The cases of one dispute that arises at ``court`` (a basic or special court) on ``start``."""
    cause = world.cause(rng, start)
    claim = world.claim(rng, cause)
    creditors = world.creditors(rng, court, cause)
    debtor = world.debtor(rng, court, cause)
    debtors = (debtor,)
    specs: list[Spec] = []
    first_court = court.code
    if claim >= Decimal(world.rates["claims.intermediate_first_instance_from"]) and court.parent:
        first_court = court.parent
    filing, origin = start, None
    if first_court == court.code and world.chance(rng, "mediation.pre_litigation_share"):
        length = world.days(rng, float(world.rates["mediation.duration_median"]))
        mediation = Spec(
            court.code, "民诉前调", start, cause, claim, plaintiffs=creditors, defendants=debtors
        )
        mediation.closed_on = start + min(length, DAY * int(world.rates["mediation.duration_max"]))
        specs.append(mediation)
        if world.chance(rng, "mediation.success_rate"):
            mediation.method = "mediation"
            if not world.chance(rng, "mediation.confirmation_share"):
                return specs  # an agreement without court force, performed privately
            document = world.chance(rng, "mediation.document_share")
            filed = mediation.closed_on + DAY * rng.randint(0, 5)
            title = Spec(
                court.code,
                "诉前调书" if document else "诉前调确",
                filed,
                cause,
                claim,
                origin=0,
                plaintiffs=creditors,
                defendants=debtors,
            )
            title.closed_on = filed + DAY * rng.randint(1, 15)
            title.method = "mediation" if document else "confirmed"
            specs.append(title)
            _perform(world, rng, specs, court.code, 1, title.closed_on, "confirmation", debtor)
            return specs
        mediation.method = "transfer"
        filing, origin = mediation.closed_on + DAY * rng.randint(0, 3), 0
    first = Spec(
        first_court, "民初", filing, cause, claim, origin=origin, plaintiffs=creditors, defendants=debtors
    )
    first.method = world.weighted(rng, "trial.outcomes")
    first.closed_on = filing + world.days(rng, float(world.rates["trial.duration_median"]))
    specs.append(first)
    if first.method in ("withdrawal", "dismissal"):
        return specs
    if first.method == "mediation":
        _perform(world, rng, specs, first_court, len(specs) - 1, first.closed_on, "mediation", debtor)
        return specs
    if not world.chance(rng, "trial.plaintiff_wins"):
        return specs
    title_at, effective = len(specs) - 1, first.closed_on + DAY * 15  # the appeal period passes
    if world.chance(rng, "trial.appeal_rate"):
        filed = first.closed_on + DAY * rng.randint(5, 15)
        appeal = Spec(
            world.parent(first_court),
            "民终",
            filed,
            cause,
            claim,
            origin=title_at,
            plaintiffs=creditors,
            defendants=debtors,
        )
        appeal.closed_on = filed + world.days(rng, float(world.rates["trial.appeal_duration_median"]))
        appeal.method = "judgment"
        specs.append(appeal)
        if world.chance(rng, "trial.appeal_reversed"):
            return specs
        title_at, effective = len(specs) - 1, appeal.closed_on
    _perform(world, rng, specs, first_court, title_at, effective, "judgment", debtor)
    return specs


def _perform(
    world: World,
    rng: random.Random,
    specs: list[Spec],
    court: str,
    title_at: int,
    effective: dt.date,
    title_kind: str,
    debtor: Party,
) -> None:
    """Voluntary performance (nothing more is filed) or an enforcement application."""
    rate = float(world.rates["performance.enforcement_application_rate"][title_kind])
    title = specs[title_at]
    title.title_kind = "judgment" if title_kind == "judgment" else "mediation_agreement"
    title.effective_on = effective
    if rng.random() >= rate:
        return
    title.enforcement_applied = True
    delay = world.days(rng, float(world.rates["performance.application_delay_median"]), 0.8)
    filed = effective + min(delay, DAY * 700)  # within the two-year application period
    assert title.claim is not None
    _enforce(world, rng, specs, court, title_at, filed, title.claim, title.plaintiffs, debtor, "执")


def _enforce(
    world: World,
    rng: random.Random,
    specs: list[Spec],
    court: str,
    origin: int,
    filed: dt.date,
    claim: Decimal,
    creditors: tuple[Party, ...],
    debtor: Party,
    type_code: str,
) -> None:
    """An enforcement case (执 or 执恢) and what may follow it."""
    r = world.rates
    cause = specs[origin].cause if specs[origin].cause != OBJECTION_SUIT_CAUSE else ""
    case = Spec(
        court, type_code, filed, cause, claim, origin=origin, plaintiffs=creditors, defendants=(debtor,)
    )
    at = len(specs)
    specs.append(case)
    outcome = world.weighted(rng, "enforcement.outcomes")
    median = float(r["enforcement.duration_median"][outcome])
    if outcome == "tcp":
        case.closed_on = world.tcp_earliest(filed) + world.days(rng, median) - DAY
    else:
        case.closed_on = filed + world.days(rng, median)
    case.method = outcome
    low, high = r["enforcement.recovered_share"][outcome]
    case.recovered = (claim * Decimal(f"{rng.uniform(float(low), float(high)):.4f}")).quantize(CENT)
    length = max((case.closed_on - filed).days, 1)
    if world.chance(rng, "enforcement.objection_rate"):
        objection = Spec(
            court,
            "执异",
            filed + DAY * rng.randint(1, length),
            cause,
            plaintiffs=(debtor,),
            defendants=creditors,
        )
        objection.origin = at
        objection.closed_on = objection.filed_on + DAY * rng.randint(5, 20)
        objection.method = rng.choices(("rejected", "other", "withdrawal"), (0.75, 0.15, 0.1))[0]
        specs.append(objection)
        if objection.method != "withdrawal" and world.chance(rng, "enforcement.reconsideration_rate"):
            filed_r = objection.closed_on + DAY * rng.randint(3, 10)
            review = Spec(
                world.parent(court), "执复", filed_r, cause, plaintiffs=(debtor,), defendants=creditors
            )
            review.origin = len(specs) - 1
            review.closed_on = filed_r + DAY * rng.randint(15, 60)
            review.method = "rejected"
            specs.append(review)
    if world.chance(rng, "enforcement.objection_suit_rate"):
        outsider = person(rng, world.courts[court].division_code or world.regions[0][0])
        suit = Spec(
            court,
            "民初",
            filed + DAY * rng.randint(1, length),
            OBJECTION_SUIT_CAUSE,
            claim,
            origin=at,
            plaintiffs=(outsider,),
            defendants=creditors,
            third_parties=(debtor,),
        )
        suit.closed_on = suit.filed_on + world.days(rng, 90)
        suit.method = rng.choices(("judgment", "withdrawal"), (0.8, 0.2))[0]
        specs.append(suit)
    if outcome != "tcp":
        return
    if debtor.company and world.chance(rng, "enforcement.bankruptcy_rate"):
        filed_b = case.closed_on + DAY * rng.randint(30, 200)
        level = world.courts[court].level
        bankruptcy = Spec(
            world.parent(court) if level == "basic" else court,
            "破申",
            filed_b,
            origin=at,
            plaintiffs=creditors,
            defendants=(debtor,),
        )
        bankruptcy.closed_on = filed_b + DAY * rng.randint(10, 60)
        bankruptcy.method = rng.choices(("confirmed", "rejected"), (0.7, 0.3))[0]
        specs.append(bankruptcy)
    if world.chance(rng, "enforcement.refusal_crime_rate"):
        filed_c = case.closed_on + DAY * rng.randint(30, 300)
        crime = Spec(court, "刑初", filed_c, origin=at, defendants=(debtor,))
        crime.closed_on = filed_c + world.days(rng, 90)
        crime.method = "judgment"
        specs.append(crime)
    if type_code == "执" and world.chance(rng, "enforcement.resumption_rate"):
        assert case.recovered is not None
        rest = max(claim - case.recovered, CENT)
        delay = world.days(rng, float(r["enforcement.resumption_delay_median"]), 0.7)
        _enforce(world, rng, specs, court, at, case.closed_on + delay, rest, creditors, debtor, "执恢")


def expected_enforcement_cases(rates: Rates) -> float:
    """Enforcement cases (执, 执恢, 执异, 执复) one dispute spawns on average: the volume's divisor."""
    apply = rates["performance.enforcement_application_rate"]
    pre = float(rates["mediation.pre_litigation_share"])
    success = float(rates["mediation.success_rate"])
    confirmed = pre * success * float(rates["mediation.confirmation_share"])
    litigated = 1 - pre * success
    trial = rates["trial.outcomes"]
    judged = (
        litigated
        * float(trial["judgment"])
        * float(rates["trial.plaintiff_wins"])
        * (1 - float(rates["trial.appeal_rate"]) * float(rates["trial.appeal_reversed"]))
    )
    mediated = litigated * float(trial["mediation"])
    applications = (
        confirmed * float(apply["confirmation"])
        + judged * float(apply["judgment"])
        + mediated * float(apply["mediation"])
    )
    objection = float(rates["enforcement.objection_rate"])
    per_case = 1 + objection * (1 + 0.9 * float(rates["enforcement.reconsideration_rate"]))
    tcp = float(rates["enforcement.outcomes"]["tcp"])
    resumed = tcp * float(rates["enforcement.resumption_rate"])
    return applications * per_case * (1 + resumed)
