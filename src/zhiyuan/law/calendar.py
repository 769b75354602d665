"""The legal calendar: statutory holidays, make-up working days, and which years are published.

Built by the loader from ``chinese-calendar`` plus the administrator-maintained table; a year with no
published arrangement falls back to weekends-only, and rules that depend on it say so in a warning.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class LegalCalendar:
    """Working-day arithmetic over a fixed set of holidays and make-up working days."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    published_years: frozenset[int] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        """True on a working day: a make-up working day, or a weekday that is not a holiday."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def unpublished_years(self, years: Iterable[int]) -> list[int]:
        """Those of ``years`` for which no official holiday arrangement is known."""
        return sorted({y for y in years if y not in self.published_years})


def add_months(start: dt.date, months: int) -> dt.date:
    """Corresponding day ``months`` later; the month's last day when there is none (民法典 Art 202)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdcal.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))
