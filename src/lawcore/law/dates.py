"""Calendar-year arithmetic for statutory periods expressed in years.

`add_years(d, n)` keeps month and day. A 29 February start has no counterpart in a common year; the
end is then **28 February** — the last day of the month — as 《民法典》第二百零三条 does for periods
counted in years and months (“没有对应日的，月末日为期间的最后一日”; recalled, not in shared/law).
The same function gives birthdays: someone born on 29 February 2012 reaches 14 on 28 February 2026
(or the day after, see `lawcore.law.capacity`).
"""

from __future__ import annotations

from datetime import date


def add_years(d: date, years: int) -> date:
    """Same month and day `years` later; 29 February → 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February into a common year
        return d.replace(year=d.year + years, day=28)


def full_years_between(start: date, end: date) -> int:
    """Whole calendar years from `start` to `end` (the anniversary day counts as a full year)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years
