"""Loading a year's holiday schedule (issue #2 part 10): validated, atomic, audited, recomputes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from prudent.calendars import services
from prudent.calendars.models import HolidaySchedule
from prudent.calendars.services import (
    current_calendar,
    parse_schedule_document,
    schedule_load,
    schedule_load_document,
)
from prudent.calendars.tests.conftest import schedule_2027
from prudent.core.errors import ValidationFailed
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_loading_2027_makes_it_non_provisional_and_audits_R_CASE_7(
    demo_user: Any, recomputed_years: list[int]
) -> None:
    admin = demo_user("admin")
    before = current_calendar().add_working_days(date(2026, 12, 31), 1)
    assert before.provisional
    assert before.date == date(2027, 1, 1)
    events = AuditEvent.objects.count()

    result = schedule_load(actor=admin, **schedule_2027())

    assert result.created
    assert result.recomputed == 7
    assert recomputed_years == [2027]
    row = HolidaySchedule.objects.get(year=2027)
    assert row.holidays[:3] == ["2027-01-01", "2027-01-02", "2027-01-03"]
    assert len(row.holidays) == 10
    assert row.makeup_workdays == ["2027-02-14"]
    assert row.loaded_by == admin
    assert row.published_on == date(2026, 11, 20)
    after = current_calendar().add_working_days(date(2026, 12, 31), 1)
    assert after.date == date(2027, 1, 4)
    assert not after.provisional
    assert current_calendar().is_working_day(date(2027, 2, 14))  # Sunday, 调休
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "calendar_schedule_load"
    assert event.actor == admin.username


def test_reloading_a_year_replaces_it(demo_user: Any) -> None:
    schedule_load(actor=demo_user("admin"), **schedule_2027())
    result = schedule_load(
        actor="cli", **schedule_2027(holidays=["2027-01-01"], makeup_workdays=[])
    )
    assert not result.created
    assert HolidaySchedule.objects.get(year=2027).holidays == ["2027-01-01"]
    assert HolidaySchedule.objects.get(year=2027).loaded_by is None


def test_loaded_year_overrides_builtin_year(demo_user: Any) -> None:
    # A corrected 2026 with 2026-10-08 (Thu) added as a holiday.
    assert current_calendar().is_working_day(date(2026, 10, 8))
    builtin = current_calendar().schedules[2026]
    days = [*sorted(d.isoformat() for d in builtin.holidays), "2026-10-08"]
    makeup = sorted(d.isoformat() for d in builtin.makeup_workdays)
    schedule_load(actor="cli", year=2026, holidays=days, makeup_workdays=makeup, source="更正")
    assert not current_calendar().is_working_day(date(2026, 10, 8))


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"year": "二〇二七"}, "year", "整数"),
        ({"year": 1999}, "year", "2000"),
        ({"holidays": []}, "holidays", "不能为空"),
        ({"holidays": ["2027-02-30"]}, "holidays", "不是有效日期"),
        ({"holidays": ["2027-02-12..2027-02-06"]}, "holidays", "早于"),
        ({"holidays": ["2026-12-31", "2027-01-01"]}, "holidays", "2026-12-31"),
        ({"makeup_workdays": ["2027-01-01"]}, "makeup_workdays", "既是放假日期"),
        ({"makeup_workdays": ["2027-02-15"]}, "makeup_workdays", "周六或周日"),  # a Monday
        ({"source": "  "}, "source", "依据"),
        ({"published_on": "2026/11/20"}, "published_on", "YYYY-MM-DD"),
        ({"holidays": "2027-01-01"}, "holidays", "列表"),
    ],
)
def test_bad_schedule_names_the_field_and_writes_nothing(
    overrides: dict[str, object], field: str, fragment: str, recomputed_years: list[int]
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as info:
        schedule_load(actor="cli", **schedule_2027(**overrides))
    assert field in info.value.errors
    assert any(fragment in m for m in info.value.errors[field]), info.value.errors
    assert not HolidaySchedule.objects.exists()
    assert AuditEvent.objects.count() == events
    assert recomputed_years == []


def test_all_errors_are_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as info:
        schedule_load(
            actor="cli", **schedule_2027(source="", makeup_workdays=["2027-03-01"], holidays=[])
        )
    assert set(info.value.errors) == {"source", "makeup_workdays", "holidays"}


def test_failing_recomputer_rolls_back_the_load() -> None:
    def broken(year: int) -> int:
        raise RuntimeError("boom")

    services.PROVISIONAL_RECOMPUTERS.append(broken)
    events = AuditEvent.objects.count()
    try:
        with pytest.raises(RuntimeError):
            schedule_load(actor="cli", **schedule_2027())
    finally:
        services.PROVISIONAL_RECOMPUTERS.remove(broken)
    assert not HolidaySchedule.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{not json", "file"),
        ("[1, 2]", "file"),
        ('{"year": 2027, "source": "x"}', "holidays"),
        ('{"year": 2027, "source": "x", "holidays": ["2027-01-01"], "extra": 1}', "file"),
    ],
)
def test_malformed_document_is_refused(text: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_schedule_document(text)
    assert field in info.value.errors


def test_document_round_trip_with_ranges() -> None:
    import json

    result = schedule_load_document(
        actor="cli", text=json.dumps(schedule_2027(), ensure_ascii=False)
    )
    assert result.schedule.year == 2027
    assert "2027-02-09" in result.schedule.holidays
