"""Loading a year's holiday schedule (issue #2 part 10) and the calendar every deadline uses.

`schedule_load` validates the whole schedule first and writes nothing when anything is wrong; the
schedule row, its audit event and the recomputation of that year's provisional deadlines happen in
one transaction. Apps that store provisional deadlines (cases, …) append a function to
`PROVISIONAL_RECOMPUTERS`: it receives the year just loaded, recomputes every stored deadline that
was provisional for that year against `current_calendar()`, and returns how many it changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawcore.calendar import BUILTIN, Calendar, is_weekend
from prudent.calendars.models import HolidaySchedule
from prudent.core.audit import audit_append
from prudent.core.errors import ValidationFailed

MIN_YEAR, MAX_YEAR = 2000, 2100
SOURCE_MAX_LENGTH = 300  # HolidaySchedule.source
#: Each takes a year whose schedule was just loaded and returns the number of deadlines recomputed.
PROVISIONAL_RECOMPUTERS: list[Callable[[int], int]] = []

_DATE_HINT = "应为YYYY-MM-DD，或区间YYYY-MM-DD..YYYY-MM-DD"


def register_recomputer(func: Callable[[int], int]) -> Callable[[int], int]:
    """Decorator form of `PROVISIONAL_RECOMPUTERS.append`; registering twice is harmless."""
    if func not in PROVISIONAL_RECOMPUTERS:
        PROVISIONAL_RECOMPUTERS.append(func)
    return func


def current_calendar() -> Calendar:
    """The built-in schedules, with every administrator-loaded year replacing or adding its year."""
    rows = HolidaySchedule.objects.all()
    return BUILTIN.with_schedules(row.as_year_schedule() for row in rows)


@dataclass(frozen=True)
class LoadResult:
    schedule: HolidaySchedule
    created: bool
    recomputed: int


def _parse_dates(values: object, label: str) -> tuple[set[date], list[str]]:
    """Dates and ranges `A..B` (both ends included) → the set of dates, and messages for bad items."""
    if not isinstance(values, list | tuple | set | frozenset):
        return set(), [f"{label}应为日期列表。"]
    days: set[date] = set()
    errors: list[str] = []
    for index, item in enumerate(values, start=1):
        if isinstance(item, date):
            days.add(item)
            continue
        text = str(item).strip()
        first_text, sep, last_text = text.partition("..")
        try:
            first = date.fromisoformat(first_text.strip())
            last = date.fromisoformat(last_text.strip()) if sep else first
        except ValueError:
            errors.append(f"{label}第{index}项“{text}”不是有效日期（{_DATE_HINT}）。")
            continue
        if last < first:
            errors.append(f"{label}第{index}项“{text}”的结束日期早于开始日期。")
            continue
        if (last - first).days > 366:
            errors.append(f"{label}第{index}项“{text}”跨度超过一年。")
            continue
        d = first
        while d <= last:
            days.add(d)
            d += timedelta(days=1)
    return days, errors


def _listed(days: Iterable[date]) -> str:
    return "、".join(d.isoformat() for d in sorted(days))


def _validate(  # noqa: C901 - one check per rule, kept together so every error is reported at once
    year: object, holidays: object, makeup_workdays: object, source: object, published_on: object
) -> tuple[int, set[date], set[date], str, date | None, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    year_int = 0
    try:
        year_int = int(str(year).strip())
    except ValueError:
        errors["year"] = ["年份应为整数。"]
    else:
        if not MIN_YEAR <= year_int <= MAX_YEAR:
            errors["year"] = [f"年份应在{MIN_YEAR}至{MAX_YEAR}之间。"]
    hol, hol_errors = _parse_dates(holidays, "放假日期")
    work, work_errors = _parse_dates(makeup_workdays, "调休上班日期")
    if hol_errors:
        errors["holidays"] = hol_errors
    if work_errors:
        errors["makeup_workdays"] = work_errors
    if not hol and not hol_errors:
        errors.setdefault("holidays", []).append("放假日期不能为空。")
    if "year" not in errors:
        for name, days, label in (
            ("holidays", hol, "放假日期"),
            ("makeup_workdays", work, "调休上班日期"),
        ):
            outside = {d for d in days if d.year != year_int}
            if outside:
                errors.setdefault(name, []).append(
                    f"{label}应在{year_int}年内，以下日期不是：{_listed(outside)}。"
                )
    both = hol & work
    if both:
        errors.setdefault("makeup_workdays", []).append(
            f"以下日期既是放假日期又是调休上班日期：{_listed(both)}。"
        )
    weekdays = {d for d in work if not is_weekend(d)}
    if weekdays:
        errors.setdefault("makeup_workdays", []).append(
            f"调休上班日应为周六或周日，以下日期不是：{_listed(weekdays)}。"
        )
    source_text = str(source or "").strip()
    if not source_text:
        errors["source"] = ["请填写依据，如国务院办公厅通知的文号。"]
    elif len(source_text) > SOURCE_MAX_LENGTH:
        errors["source"] = ["依据过长（不超过300字）。"]
    published: date | None = None
    if isinstance(published_on, date):
        published = published_on
    elif published_on not in (None, ""):
        try:
            published = date.fromisoformat(str(published_on).strip())
        except ValueError:
            errors["published_on"] = ["发布日期应为YYYY-MM-DD。"]
    return year_int, hol, work, source_text, published, errors


def _state(row: HolidaySchedule) -> dict[str, object]:
    return {
        "year": row.year,
        "holidays": list(row.holidays),
        "makeup_workdays": list(row.makeup_workdays),
        "source": row.source,
        "published_on": row.published_on,
    }


def schedule_load(
    *,
    actor: Any,
    year: object,
    holidays: object,
    makeup_workdays: object,
    source: object,
    published_on: object = None,
) -> LoadResult:
    """Load (or replace) one year's schedule; then recompute that year's provisional deadlines.

    `holidays` and `makeup_workdays` are lists of dates, ISO strings or ranges "A..B". Everything
    is validated before anything is written; a `ValidationFailed` names each bad field.
    """
    year_int, hol, work, source_text, published, errors = _validate(
        year, holidays, makeup_workdays, source, published_on
    )
    if errors:
        raise ValidationFailed("节假日安排有误，未载入。", errors=errors)
    loaded_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = HolidaySchedule.objects.select_for_update().filter(year=year_int).first()
        before = _state(existing) if existing else None
        row = existing or HolidaySchedule(year=year_int)
        row.holidays = [d.isoformat() for d in sorted(hol)]
        row.makeup_workdays = [d.isoformat() for d in sorted(work)]
        row.source = source_text
        row.published_on = published
        row.loaded_by = loaded_by
        row.loaded_at = timezone.now()
        row.save()
        row.as_year_schedule()  # the lawcore checks agree with the ones above; raises if not
        audit_append(
            actor=actor,
            action="calendar_schedule_load",
            object_type="calendars.holidayschedule",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=(
                f"载入{year_int}年节假日安排（放假{len(hol)}天、调休上班{len(work)}天），"
                f"依据：{source_text}"
            ),
        )
        recomputed = sum(recompute(year_int) for recompute in list(PROVISIONAL_RECOMPUTERS))
    return LoadResult(schedule=row, created=existing is None, recomputed=recomputed)


def parse_schedule_document(text: str) -> Mapping[str, object]:
    """The JSON file format of docs/calendar.md → keyword arguments for `schedule_load`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"文件不是有效的JSON（第{exc.lineno}行第{exc.colno}列）：{exc.msg}"
        raise ValidationFailed.field("file", message) from exc
    if not isinstance(data, dict):
        raise ValidationFailed.field("file", "文件内容应为一个JSON对象。")
    known = {"year", "holidays", "makeup_workdays", "source", "published_on"}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - known)
    if unknown:
        errors["file"] = [f"未知字段：{'、'.join(unknown)}。"]
    for name in ("year", "holidays", "source"):
        if name not in data:
            errors[name] = [f"缺少字段“{name}”。"]
    if errors:
        raise ValidationFailed("节假日安排有误，未载入。", errors=errors)
    return {
        "year": data["year"],
        "holidays": data["holidays"],
        "makeup_workdays": data.get("makeup_workdays", []),
        "source": data["source"],
        "published_on": data.get("published_on"),
    }


def schedule_load_document(*, actor: Any, text: str) -> LoadResult:
    return schedule_load(actor=actor, **parse_schedule_document(text))
