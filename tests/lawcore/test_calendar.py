"""The working-day calendar (issue #2 part 10; 行政处罚法 第八十五条; R-CASE deadlines)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.calendar import (
    BUILTIN,
    Calendar,
    Deadline,
    YearSchedule,
    add_days,
    add_working_days,
    is_working_day,
    working_days_between,
)
from lawcore.calendar.schedules_cn import SCHEDULES

D = date


# --- real schedules -------------------------------------------------------------------------


def test_2024_national_day_holiday_is_off_and_makeup_weekends_are_worked() -> None:
    for day in range(1, 8):
        assert not is_working_day(D(2024, 10, day)), day
    assert is_working_day(D(2024, 10, 8))
    assert D(2024, 9, 29).weekday() == 6
    assert is_working_day(D(2024, 9, 29))
    assert D(2024, 10, 12).weekday() == 5
    assert is_working_day(D(2024, 10, 12))
    assert not is_working_day(D(2024, 10, 13))  # an ordinary Sunday


def test_working_day_after_national_day_eve_is_october_8_2024() -> None:
    # 2024-09-30 (Mon) + 1 working day skips the whole 10-01..10-07 holiday.
    assert add_working_days(D(2024, 9, 30), 1) == Deadline(D(2024, 10, 8))
    # From Friday 2024-09-27: Sun 09-29 (调休) is 1, Mon 09-30 is 2, Tue 10-08 is 3.
    assert add_working_days(D(2024, 9, 27), 3).date == D(2024, 10, 8)
    assert working_days_between(D(2024, 9, 27), D(2024, 10, 8)).days == 3


def test_2024_spring_festival_with_makeup_days() -> None:
    # 春节 2024: 02-10..02-17 off; Sun 02-04 and Sun 02-18 worked.
    for day in range(10, 18):
        assert not is_working_day(D(2024, 2, day)), day
    assert is_working_day(D(2024, 2, 4))
    assert is_working_day(D(2024, 2, 18))
    # Friday 02-09 + 1 working day = Sunday 02-18, the make-up day.
    assert add_working_days(D(2024, 2, 9), 1).date == D(2024, 2, 18)


def test_start_day_is_not_counted_APL_85() -> None:
    # A 5-working-day period (e.g. hearing request, Art. 64) notified on Monday 2024-06-03:
    # Tue 06-04 .. Fri 06-07 are days 1-4, Mon 06-10 is 端午节, so Tue 06-11 is day 5.
    assert add_working_days(D(2024, 6, 3), 5).date == D(2024, 6, 11)
    assert add_working_days(D(2024, 6, 3), 0).date == D(2024, 6, 3)


def test_2026_is_shipped_and_not_provisional() -> None:
    assert 2026 in SCHEDULES
    assert BUILTIN.has_year(2026)
    assert not is_working_day(D(2026, 2, 17))  # 春节
    assert is_working_day(D(2026, 2, 28))  # Saturday, 调休
    result = add_working_days(D(2026, 9, 30), 1)
    assert result == Deadline(D(2026, 10, 8), False, ())


def test_2027_is_provisional_weekends_only() -> None:
    assert not BUILTIN.has_year(2027)
    # 2027-01-01 is a Friday: provisional counting knows no 元旦 and treats it as a working day.
    result = add_working_days(D(2026, 12, 31), 1)
    assert result == Deadline(D(2027, 1, 1), True, (2027,))
    count = working_days_between(D(2026, 12, 25), D(2027, 1, 8))
    assert count.provisional
    assert count.years_provisional == (2027,)


def test_provisional_depends_on_the_counted_days_only() -> None:
    assert not add_working_days(D(2026, 12, 1), 10).provisional
    # 2026-12-31 + 0 days counts no day at all, so nothing of 2027 was assumed.
    assert not add_working_days(D(2026, 12, 31), 0).provisional


def test_every_shipped_year_2004_to_2026_is_loaded() -> None:
    assert BUILTIN.years == tuple(range(2004, 2027))


def test_loaded_year_replaces_provisional_counting() -> None:
    y2027 = YearSchedule(
        2027,
        holidays=frozenset({D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)}),
        makeup_workdays=frozenset(),
        source="test",
    )
    cal = BUILTIN.with_schedules([y2027])
    assert add_working_days(D(2026, 12, 31), 1, cal) == Deadline(D(2027, 1, 4), False, ())
    assert BUILTIN.add_working_days(D(2026, 12, 31), 1).date == D(2027, 1, 1)  # unchanged


# --- edges and bad input --------------------------------------------------------------------


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2024, 1, 1), -1)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        working_days_between(D(2024, 1, 2), D(2024, 1, 1))


def test_add_days_counts_calendar_days_and_is_never_provisional() -> None:
    assert add_days(D(2024, 10, 1), 15) == Deadline(D(2024, 10, 16))
    assert add_days(D(2027, 1, 1), 90).provisional is False
    with pytest.raises(ValueError):
        add_days(D(2024, 1, 1), -1)


def test_next_working_day_rolls_past_a_holiday() -> None:
    assert BUILTIN.next_working_day(D(2024, 10, 3)).date == D(2024, 10, 8)
    assert BUILTIN.next_working_day(D(2024, 10, 8)).date == D(2024, 10, 8)


@pytest.mark.parametrize(
    ("holidays", "makeup", "message"),
    [
        (set(), set(), "at least one holiday"),
        ({D(2026, 1, 1)}, set(), "outside 2027"),
        ({D(2027, 1, 1)}, {D(2027, 1, 1)}, "both holiday and make-up"),
        ({D(2027, 1, 1)}, {D(2027, 1, 4)}, "must be weekend"),  # a Monday
    ],
)
def test_unsound_schedule_is_refused(holidays: set[date], makeup: set[date], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        YearSchedule(2027, frozenset(holidays), frozenset(makeup))


def test_schedule_filed_under_the_wrong_year_is_refused() -> None:
    with pytest.raises(ValueError, match="filed under"):
        Calendar({2026: YearSchedule(2027, frozenset({D(2027, 1, 1)}), frozenset())})


def test_shipped_data_is_sorted_within_year_and_disjoint() -> None:
    for year, (holidays, workdays) in SCHEDULES.items():
        assert list(holidays) == sorted(holidays)
        assert list(workdays) == sorted(workdays)
        assert not set(holidays) & set(workdays), year
        assert all(d.startswith(f"{year}-") for d in holidays + workdays), year


# --- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=D(2003, 6, 1), max_value=D(2028, 6, 30))
counts = st.integers(min_value=0, max_value=300)


@given(dates, st.integers(min_value=1, max_value=300))
def test_result_is_a_working_day(start: date, n: int) -> None:
    assert is_working_day(add_working_days(start, n).date)


@given(dates, counts)
def test_counting_back_gives_n(start: date, n: int) -> None:
    end = add_working_days(start, n)
    count = working_days_between(start, end.date)
    assert count.days == n
    assert count.years_provisional == end.years_provisional


@given(dates, counts, counts)
def test_more_working_days_never_end_earlier(start: date, n: int, m: int) -> None:
    lo, hi = sorted((n, m))
    assert add_working_days(start, lo).date <= add_working_days(start, hi).date
    if lo < hi:
        assert add_working_days(start, lo).date < add_working_days(start, hi).date


@given(dates, dates, counts)
def test_later_start_never_ends_earlier(a: date, b: date, n: int) -> None:
    first, second = sorted((a, b))
    assert add_working_days(first, n).date <= add_working_days(second, n).date


@given(dates, st.integers(min_value=0, max_value=400))
def test_between_is_additive(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    middle = start + timedelta(days=span // 2)
    whole = working_days_between(start, end).days
    halves = working_days_between(start, middle).days + working_days_between(middle, end).days
    assert whole == halves


@given(dates, counts)
def test_provisional_exactly_when_an_unloaded_year_is_counted(start: date, n: int) -> None:
    result = add_working_days(start, n)
    first_counted = start + timedelta(days=1)
    counted_years = set(range(first_counted.year, result.date.year + 1)) if n else set()
    expected = tuple(sorted(y for y in counted_years if not BUILTIN.has_year(y)))
    assert result.years_provisional == expected
    assert result.provisional == bool(expected)
