"""Working days over an explicit schedule of holidays and make-up working days (调休).

Pure functions: no I/O, no clock. Every answer is computed from the `Calendar` passed in.

Conventions (docs/calendar.md):

- A day is a **working day** if it is a make-up working day of its year's schedule, or else a
  Monday–Friday that is not a holiday of that schedule. A year without a schedule counts Saturdays
  and Sundays as its only days off; any answer that looked at such a year is **provisional** and
  names those years.
- Periods run **from the day after the start day** (民法典 第二百零一条: the start day is not
  counted; 行政处罚法 第八十五条: its "二日""三日""五日""七日" are working days).
  `add_working_days(d, n)` is the n-th working day after `d`; `working_days_between(a, b)` counts
  the working days in the half-open interval `(a, b]` — the start is excluded, the end included —
  so that `working_days_between(d, add_working_days(d, n).date).days == n`.
- Negative `n`, or `b` before `a`, raise `ValueError`: a deadline never runs backwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def is_weekend(d: date) -> bool:
    return d.weekday() >= _SATURDAY


@dataclass(frozen=True)
class YearSchedule:
    """One year's days off and make-up working days, as published by the State Council."""

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str = ""
    published_on: date | None = None

    def __post_init__(self) -> None:
        problems = schedule_problems(self.year, self.holidays, self.makeup_workdays)
        if problems:
            raise ValueError("; ".join(f"{name}: {message}" for name, message in problems))


def schedule_problems(
    year: int, holidays: Iterable[date], makeup_workdays: Iterable[date]
) -> list[tuple[str, str]]:
    """Everything wrong with a schedule, as (field, English message) pairs; empty when sound."""
    problems: list[tuple[str, str]] = []
    hol = frozenset(holidays)
    work = frozenset(makeup_workdays)
    if not hol:
        problems.append(("holidays", "a year's schedule lists at least one holiday"))
    for name, days in (("holidays", hol), ("makeup_workdays", work)):
        outside = sorted(d for d in days if d.year != year)
        if outside:
            listed = ", ".join(d.isoformat() for d in outside)
            problems.append((name, f"dates outside {year}: {listed}"))
    both = sorted(hol & work)
    if both:
        listed = ", ".join(d.isoformat() for d in both)
        problems.append(("makeup_workdays", f"dates both holiday and make-up workday: {listed}"))
    weekdays = sorted(d for d in work if not is_weekend(d))
    if weekdays:
        listed = ", ".join(d.isoformat() for d in weekdays)
        problems.append(("makeup_workdays", f"make-up workdays must be weekend days: {listed}"))
    return problems


@dataclass(frozen=True)
class Deadline:
    """A computed date. `provisional` when a year without a loaded schedule was counted."""

    date: date
    provisional: bool = False
    years_provisional: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "provisional": self.provisional,
            "years_provisional": list(self.years_provisional),
        }


@dataclass(frozen=True)
class Count:
    """A number of working days. `provisional` when a year without a loaded schedule was counted."""

    days: int
    provisional: bool = False
    years_provisional: tuple[int, ...] = ()


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += _ONE_DAY


@dataclass(frozen=True, eq=False)
class Calendar:
    """Working days for every year of `schedules`; other years are provisional (weekends only)."""

    schedules: Mapping[int, YearSchedule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for year, schedule in self.schedules.items():
            if schedule.year != year:
                raise ValueError(f"schedule for {schedule.year} filed under {year}")
        object.__setattr__(self, "schedules", MappingProxyType(dict(self.schedules)))

    @classmethod
    def of(cls, schedules: Iterable[YearSchedule]) -> Calendar:
        return cls({s.year: s for s in schedules})

    def with_schedules(self, schedules: Iterable[YearSchedule]) -> Calendar:
        """A new calendar where each given schedule replaces or adds its year."""
        merged = dict(self.schedules)
        merged.update({s.year: s for s in schedules})
        return Calendar(merged)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.schedules))

    def has_year(self, year: int) -> bool:
        return year in self.schedules

    def is_working_day(self, d: date) -> bool:
        schedule = self.schedules.get(d.year)
        if schedule is not None:
            if d in schedule.makeup_workdays:
                return True
            if d in schedule.holidays:
                return False
        return not is_weekend(d)

    def _provisional(self, first: date, last: date) -> tuple[int, ...]:
        if last < first:
            return ()
        return tuple(y for y in range(first.year, last.year + 1) if y not in self.schedules)

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start` (`start` itself is not counted); n=0 gives `start`."""
        if n < 0:
            raise ValueError(f"working days must not be negative, got {n}")
        d = start
        remaining = n
        while remaining:
            d += _ONE_DAY
            if self.is_working_day(d):
                remaining -= 1
        years = self._provisional(start + _ONE_DAY, d)
        return Deadline(d, bool(years), years)

    def working_days_between(self, a: date, b: date) -> Count:
        """Working days `d` with `a < d <= b`: the start day excluded, the end day included."""
        if b < a:
            raise ValueError(f"end {b.isoformat()} is before start {a.isoformat()}")
        days = sum(1 for d in _days(a + _ONE_DAY, b) if self.is_working_day(d))
        years = self._provisional(a + _ONE_DAY, b)
        return Count(days, bool(years), years)

    def next_working_day(self, d: date) -> Deadline:
        """`d` if it is a working day, else the first working day after it.

        For calendar-day periods whose last day is a statutory holiday (民法典 第二百零三条: the
        period then ends on the day after the holiday). Whether a given administrative period
        follows that rule is for the caller to decide.
        """
        end = d
        while not self.is_working_day(end):
            end += _ONE_DAY
        years = self._provisional(d, end)
        return Deadline(end, bool(years), years)


def add_days(start: date, n: int) -> Deadline:
    """`start` plus n calendar days (for periods such as 15 or 90 days); never provisional."""
    if n < 0:
        raise ValueError(f"days must not be negative, got {n}")
    return Deadline(start + timedelta(days=n))
