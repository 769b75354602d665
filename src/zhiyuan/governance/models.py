"""Rollup tables of the indicators: derived facts of the case tables, rebuilt by set-based SQL
(:mod:`zhiyuan.governance.refresh`) and read by :mod:`zhiyuan.governance.rolled`. Nothing here is entered
by hand; a refresh deletes and rewrites every row in one transaction.

Why these tables: every indicator is a sum over cases, and most are sums over one date of the case (filed
or closed) — those roll up per court and day (``DayRollup``, ``DerivativeDay``, ``RootDay``), so a
province-year is a sum over ~40,000 small rows whatever the number of cases. The few that compare a
*second* date with the period's end ("an enforcement case derived from it was filed by ``to``") keep one
row per case with that second date precomputed (``DecisionFact``, ``CampaignFact``), which turns each
per-row EXISTS subquery of the live path into a date comparison."""

from __future__ import annotations

from django.db import models


def _amount() -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=20, decimal_places=2, default=0)


class DayRollup(models.Model):
    """E cases (执, 执恢) and pre-litigation mediations (民诉前调, 诉前调) per court, day and type: the cases
    filed that day, and the figures of the cases closed that day."""

    court_id = models.BigIntegerField()
    day = models.DateField()
    type_code = models.CharField(max_length=8)
    filed = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    performed = models.IntegerField(default=0)
    tcp = models.IntegerField(default=0)
    success = models.IntegerField(default=0)  # closed by a successful mediation
    recovered = _amount()
    claimed = _amount()  # Σ claim over claim > 0
    claimed_recovered = _amount()
    days = models.BigIntegerField(default=0)  # Σ (closed_on − filed_on)

    class Meta:
        indexes = [models.Index(fields=["court_id", "day"])]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day} {self.type_code}"


class DerivativeDay(models.Model):
    """Cases with a derivative kind per court, filing day and kind."""

    court_id = models.BigIntegerField()
    day = models.DateField()
    kind = models.CharField(max_length=24)
    cases = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["court_id", "day"])]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day} {self.kind}"


class RootDay(models.Model):
    """Disputes per court and filing day of their first case (the root, with no origin): how many, how many
    with a litigation case, and their litigation cases (wherever filed)."""

    court_id = models.BigIntegerField()
    day = models.DateField()
    disputes = models.IntegerField()
    litigation_disputes = models.IntegerField()
    litigation_cases = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["court_id", "day"])]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day}"


class DecisionFact(models.Model):
    """A civil decision closed by judgment or mediation (``final``: 民初, 民终) or a successful
    pre-litigation mediation (``mediation``), with the first filing dates of what followed it."""

    case_id = models.BigIntegerField(primary_key=True)
    role = models.CharField(max_length=12)  # "final" | "mediation"
    court_id = models.BigIntegerField()
    type_code = models.CharField(max_length=8)
    closed_on = models.DateField()
    appealed_on = models.DateField(null=True)  # first 民终 derived from it
    enforced_on = models.DateField(null=True)  # final: first derived enforcement; mediation: in its dispute

    class Meta:
        indexes = [
            models.Index(fields=["court_id", "closed_on"]),
            models.Index(fields=["appealed_on"]),
            models.Index(fields=["enforced_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.case_id}"


class DecisionDay(models.Model):
    """The decision facts per court, closing day, role and type: how many, how many never appealed, how many
    ever enforced, and both. With the facts whose appeal or enforcement came after a period's end, these
    give the decision figures of any period (see :func:`zhiyuan.governance.rolled.decision_figures`)."""

    court_id = models.BigIntegerField()
    day = models.DateField()
    role = models.CharField(max_length=12)
    type_code = models.CharField(max_length=8)
    decisions = models.IntegerField()
    unappealed = models.IntegerField()
    enforced = models.IntegerField()
    unappealed_enforced = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["court_id", "day"])]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day} {self.role} {self.type_code}"


class CampaignFact(models.Model):
    """A closed E case that a campaign counts, from ``since`` on (the first filing of a derived case of the
    campaign's kinds; null when the campaign names no derived kinds)."""

    campaign = models.CharField(max_length=40)
    case_id = models.BigIntegerField()
    court_id = models.BigIntegerField()
    closed_on = models.DateField()
    recovered = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    since = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["court_id", "closed_on"]), models.Index(fields=["since"])]
        constraints = [models.UniqueConstraint(fields=["campaign", "case_id"], name="campaign_fact_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} {self.case_id}"


class CampaignDay(models.Model):
    """The campaign facts per court, closing day and campaign (all of them, whatever ``since``)."""

    court_id = models.BigIntegerField()
    day = models.DateField()
    campaign = models.CharField(max_length=40)
    cases = models.IntegerField()
    recovered = models.DecimalField(max_digits=20, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["court_id", "day"])]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day} {self.campaign}"


class DirtyCase(models.Model):
    """A case row as it was before or after a write (insert, update, delete), logged by database triggers
    on the case table in the writing transaction — whoever writes, the ORM or a bulk import — so that a
    refresh rebuilds only the court-days and disputes touched since the last one
    (:mod:`zhiyuan.governance.increment`). Rows a refresh consumed are deleted by it."""

    case_id = models.BigIntegerField()
    dispute_id = models.BigIntegerField(null=True)
    court_id = models.BigIntegerField()
    filed_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"dirty {self.case_id}"


class RollupState(models.Model):
    """The one row saying what the rollups were built from: the case tables' stamp, the campaign
    configuration, and whether every dispute has a single root (else 案-件比 is read live)."""

    stamp = models.CharField(max_length=100, blank=True)
    campaigns_key = models.CharField(max_length=64, blank=True)
    single_roots = models.BooleanField(default=True)
    cases = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"rollups {self.stamp}"
