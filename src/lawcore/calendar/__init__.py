"""The working-day calendar: Chinese statutory holidays and make-up working days (调休).

`BUILTIN` holds every year shipped in `schedules_cn` (generated from the State Council notices);
years beyond it are provisional until an administrator loads their schedule (docs/calendar.md).
"""

from __future__ import annotations

from datetime import date

from lawcore.calendar.core import (
    Calendar,
    Count,
    Deadline,
    YearSchedule,
    add_days,
    is_weekend,
    schedule_problems,
)
from lawcore.calendar.schedules_cn import SCHEDULES, SOURCE


def builtin_schedules() -> tuple[YearSchedule, ...]:
    """The shipped schedules, one per year, oldest first."""
    return tuple(
        YearSchedule(
            year=year,
            holidays=frozenset(date.fromisoformat(d) for d in holidays),
            makeup_workdays=frozenset(date.fromisoformat(d) for d in workdays),
            source=SOURCE,
        )
        for year, (holidays, workdays) in sorted(SCHEDULES.items())
    )


BUILTIN = Calendar.of(builtin_schedules())


def add_working_days(start: date, n: int, calendar: Calendar = BUILTIN) -> Deadline:
    """The n-th working day after `start` (the start day is not counted)."""
    return calendar.add_working_days(start, n)


def working_days_between(a: date, b: date, calendar: Calendar = BUILTIN) -> Count:
    """Working days `d` with `a < d <= b` (start excluded, end included)."""
    return calendar.working_days_between(a, b)


def is_working_day(d: date, calendar: Calendar = BUILTIN) -> bool:
    return calendar.is_working_day(d)


__all__ = [
    "BUILTIN",
    "Calendar",
    "Count",
    "Deadline",
    "YearSchedule",
    "add_days",
    "add_working_days",
    "builtin_schedules",
    "is_weekend",
    "is_working_day",
    "schedule_problems",
    "working_days_between",
]
