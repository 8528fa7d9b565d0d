"""The counting rule of the visit thresholds (R-INSP-6), pure Python."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prudent.visits.limits import DEFAULT_LIMITS, Limits, load_with, window_peak, year_count

T0 = dt.datetime(2026, 3, 1, 9, 0)
LIM = Limits.from_mapping(None)


def days(*offsets: float) -> list[dt.datetime]:
    return [T0 + dt.timedelta(days=d) for d in offsets]


def brute_peak(times: list[dt.datetime], n_days: int) -> int:
    span = dt.timedelta(days=n_days)
    return max((sum(1 for t in times if s <= t < s + span) for s in times), default=0)


def test_defaults_are_two_in_thirty_days_four_a_year_24_hours_R_INSP_6() -> None:
    assert DEFAULT_LIMITS == {
        "window_days": 30,
        "window_max": 2,
        "yearly_cap": 4,
        "emergency_approval_hours": 24,
    }


def test_window_is_half_open_thirty_days_R_INSP_6() -> None:
    assert window_peak(days(0, 10, 29.99), 30).count == 3
    assert window_peak(days(0, 10, 30), 30).count == 2  # day 30 starts a new window
    peak = window_peak(days(0, 40, 45, 50, 100), 30)
    assert (peak.count, peak.start) == (3, T0 + dt.timedelta(days=40))


@given(st.lists(st.integers(min_value=0, max_value=400 * 24), max_size=25))
def test_window_peak_equals_brute_force_R_INSP_6(hours: list[int]) -> None:
    times = [T0 + dt.timedelta(hours=h) for h in hours]
    assert window_peak(times, 30).count == brute_peak(times, 30)


def test_load_counts_only_windows_containing_the_new_visit_R_INSP_6() -> None:
    old_cluster = days(0, 1, 2)  # three in March: over the line, but long ago
    load = load_with(old_cluster, T0 + dt.timedelta(days=90), LIM)
    assert load.window.count == 1
    assert not load.window_exceeded
    load = load_with(days(0, 20), T0 + dt.timedelta(days=25), LIM)
    assert (load.window.count, load.window_exceeded) == (3, True)
    # a later visit within 30 days also makes a window with the new one
    load = load_with(days(40, 50), T0 + dt.timedelta(days=25), LIM)
    assert (load.window.count, load.window_exceeded) == (3, True)


def test_yearly_cap_counts_the_calendar_year_R_INSP_6() -> None:
    four = [dt.datetime(2026, m, 5, 10) for m in (2, 4, 6, 8)]
    assert year_count([*four, dt.datetime(2025, 12, 31, 23)], 2026) == 4
    assert not load_with(four[:3], four[3], LIM).cap_exceeded
    load = load_with(four, dt.datetime(2026, 10, 5, 10), LIM)
    assert (load.year_total, load.cap_exceeded) == (5, True)
    assert not load_with(four, dt.datetime(2027, 1, 5, 10), LIM).cap_exceeded


@pytest.mark.parametrize(
    "bad",
    [{"window_max": 0}, {"yearly_cap": -1}, {"window_days": "30"}, {"yearly_cap": True}, {"x": 1}],
)
def test_bad_threshold_setting_is_refused_R_INSP_6(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="PRUDENT_VISIT_LIMITS"):
        Limits.from_mapping(bad)


def test_window_peak_is_order_independent_R_INSP_6() -> None:
    times = days(0, 3, 31, 33, 35, 90)
    peaks = {window_peak(list(p), 30).count for p in itertools.permutations(times)}
    assert peaks == {3}
