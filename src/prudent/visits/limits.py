"""How many visits an entity had: the 30-day window and the yearly cap (R-INSP-6).

Pure Python (no Django, no clock) so the counting rule can be read and tested on its own. The
numbers themselves are settings (`settings.PRUDENT_VISIT_LIMITS`); the defaults below are local
defaults — no source in ../shared gives a figure for 公务入企 frequency — and are marked UNVERIFIED
in docs/visits.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: UNVERIFIED local defaults (no figure in ../shared/data or ../shared/policy): an alert when an
#: entity has more than 2 visits in any 30-day window or more than 4 in a calendar year; an
#: emergency visit must be approved within 24 hours after it began.
DEFAULT_LIMITS: dict[str, int] = {
    "window_days": 30,
    "window_max": 2,
    "yearly_cap": 4,
    "emergency_approval_hours": 24,
}


@dataclass(frozen=True)
class Limits:
    window_days: int
    window_max: int
    yearly_cap: int
    emergency_approval_hours: int

    @classmethod
    def from_mapping(cls, values: Mapping[str, object] | None) -> Limits:
        """The defaults overridden by `values`; a non-positive or non-integer value is an error
        at start-up rather than a silently disabled alert."""
        merged = {**DEFAULT_LIMITS, **(values or {})}
        unknown = set(merged) - set(DEFAULT_LIMITS)
        if unknown:
            raise ValueError(f"PRUDENT_VISIT_LIMITS: unknown keys {sorted(unknown)}")
        for key, value in merged.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"PRUDENT_VISIT_LIMITS[{key!r}] must be a positive integer")
        return cls(**merged)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Peak:
    """The busiest window: `count` visits starting at `start` (window [start, start + days))."""

    count: int
    start: dt.datetime | None
    end: dt.datetime | None


def window_peak(times: Iterable[dt.datetime], days: int) -> Peak:
    """The largest number of visits inside any window of `days` days.

    A window is the half-open interval [t, t + days); it is enough to try windows that begin at a
    visit, since sliding a window's start forward to its first visit never loses one.
    """
    ordered = sorted(times)
    span = dt.timedelta(days=days)
    best = Peak(0, None, None)
    j = 0
    for i, start in enumerate(ordered):
        j = max(j, i)
        while j < len(ordered) and ordered[j] < start + span:
            j += 1
        if j - i > best.count:
            best = Peak(j - i, start, start + span)
    return best


def year_count(times: Iterable[dt.datetime], year: int) -> int:
    """Visits in the calendar year (年度 = 1 January to 31 December, CONVENTIONS)."""
    return sum(1 for t in times if t.year == year)


@dataclass(frozen=True)
class Load:
    """An entity's visit load around one moment, with the new visit counted."""

    window: Peak
    year: int
    year_total: int
    limits: Limits

    @property
    def window_exceeded(self) -> bool:
        return self.window.count > self.limits.window_max

    @property
    def cap_exceeded(self) -> bool:
        return self.year_total > self.limits.yearly_cap


def load_with(existing: Iterable[dt.datetime], new: dt.datetime, limits: Limits) -> Load:
    """The load if a visit at `new` is added to `existing` (times in local time).

    The window counts only windows that contain the new visit, so an old cluster does not warn
    about an unrelated new visit; the yearly total is the new visit's calendar year.
    """
    span = dt.timedelta(days=limits.window_days)
    near = [t for t in existing if new - span < t < new + span]
    peak = Peak(0, None, None)
    for start in sorted([*near, new]):
        if start <= new < start + span:
            count = sum(1 for t in [*near, new] if start <= t < start + span)
            if count > peak.count:
                peak = Peak(count, start, start + span)
    total = year_count([*existing, new], new.year)
    return Load(window=peak, year=new.year, year_total=total, limits=limits)
