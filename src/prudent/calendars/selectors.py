"""Reads for the calendar pages: which years are built in, loaded or provisional.

Holiday schedules are public information and not scoped to a department: every signed-in staff
role reads them (the views check the capability).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lawcore.calendar import BUILTIN
from prudent.calendars.models import HolidaySchedule
from prudent.calendars.services import current_calendar


@dataclass(frozen=True)
class YearRow:
    year: int
    status: str  # "builtin", "loaded" or "provisional"
    holidays: int
    makeup_workdays: int
    source: str
    loaded: HolidaySchedule | None

    @property
    def status_label(self) -> str:
        return {"builtin": "内置", "loaded": "已载入", "provisional": "暂定"}[self.status]


def year_rows(*, today: date) -> list[YearRow]:
    """Every built-in or loaded year, plus the current and next year if they have no schedule."""
    loaded = {row.year: row for row in HolidaySchedule.objects.select_related("loaded_by")}
    calendar = current_calendar()
    years = set(calendar.years) | {today.year, today.year + 1}
    rows = []
    for year in sorted(years, reverse=True):
        schedule = calendar.schedules.get(year)
        if schedule is None:
            rows.append(YearRow(year, "provisional", 0, 0, "", None))
            continue
        status = "loaded" if year in loaded else "builtin"
        rows.append(
            YearRow(
                year,
                status,
                len(schedule.holidays),
                len(schedule.makeup_workdays),
                schedule.source,
                loaded.get(year),
            )
        )
    return rows


def builtin_years() -> tuple[int, ...]:
    return BUILTIN.years
