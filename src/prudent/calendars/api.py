"""Calendar API: the n-th working day after a date, with the provisional flag."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from prudent.calendars.services import current_calendar
from prudent.core.errors import ValidationFailed

router = Router(tags=["calendar"])
MAX_WORKING_DAYS = 3650


class DeadlineOut(Schema):
    date: date
    provisional: bool
    years_provisional: list[int]


@router.get(
    "/calendar/deadline", response=DeadlineOut, summary="起算日后第N个工作日（起算日不计入）"
)
def deadline(request: HttpRequest, start: date, working_days: int) -> DeadlineOut:
    if not 0 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationFailed.field("working_days", f"工作日数应在0至{MAX_WORKING_DAYS}之间。")
    result = current_calendar().add_working_days(start, working_days)
    return DeadlineOut(
        date=result.date,
        provisional=result.provisional,
        years_provisional=list(result.years_provisional),
    )
