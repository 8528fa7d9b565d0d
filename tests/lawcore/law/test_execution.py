"""Execution: APL 66, 67, 72 (late-payment fine, court enforcement after deferral) — R-CASE-9."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.law import (
    LawError,
    court_enforcement_period_start,
    late_payment_days,
    late_payment_fine,
    payment_due_date,
)

DUE = date(2025, 3, 16)


def test_payment_is_due_15_days_after_receipt_APL_67_R_CASE_9() -> None:
    assert payment_due_date(date(2025, 3, 1)) == DUE


def test_payment_due_date_can_be_rolled_over_a_holiday_by_the_caller_APL_67() -> None:
    assert payment_due_date(date(2025, 3, 1), roll_forward=lambda d: d + timedelta(days=1)) == date(
        2025, 3, 17
    )


def test_paying_on_the_due_date_costs_nothing_APL_72_R_CASE_9() -> None:
    assert late_payment_fine(Decimal(1000), DUE, DUE) == Decimal("0.00")


def test_one_day_late_costs_3_percent_APL_72_R_CASE_9() -> None:
    assert late_payment_fine(Decimal(1000), DUE, DUE + timedelta(days=1)) == Decimal("30.00")


def test_day_33_is_99_percent_and_day_34_is_capped_at_the_fine_APL_72_R_CASE_9() -> None:
    assert late_payment_fine(Decimal(1000), DUE, DUE + timedelta(days=33)) == Decimal("990.00")
    assert late_payment_fine(Decimal(1000), DUE, DUE + timedelta(days=34)) == Decimal("1000.00")
    assert late_payment_fine(Decimal(1000), DUE, DUE + timedelta(days=400)) == Decimal("1000.00")


def test_late_fine_is_rounded_to_fen_APL_72() -> None:
    assert late_payment_fine(Decimal("33.33"), DUE, DUE + timedelta(days=1)) == Decimal(
        "1.00"
    )  # 0.9999
    assert late_payment_fine(Decimal("0.50"), DUE, DUE + timedelta(days=1)) == Decimal(
        "0.02"
    )  # 0.015 half up


def test_days_of_review_or_litigation_are_not_counted_APL_73_R_CASE_9() -> None:
    assert late_payment_days(DUE, DUE + timedelta(days=40), suspended_days=30) == 10
    assert late_payment_fine(
        Decimal(1000), DUE, DUE + timedelta(days=40), suspended_days=30
    ) == Decimal("300.00")
    assert late_payment_days(DUE, DUE + timedelta(days=5), suspended_days=30) == 0


def test_negative_fine_or_suspension_is_an_error() -> None:
    with pytest.raises(LawError, match="fine"):
        late_payment_fine(Decimal(-1), DUE, DUE)
    with pytest.raises(LawError, match="suspended_days"):
        late_payment_fine(Decimal(1), DUE, DUE, suspended_days=-1)


def test_court_enforcement_period_runs_from_the_end_of_a_deferral_APL_66_APL_72_R_CASE_9() -> None:
    start = court_enforcement_period_start(DUE, deferral_end=date(2025, 9, 30))
    assert (start.starts_on, start.deferred) == (date(2025, 9, 30), True)
    assert [(c.article, c.paragraph) for c in start.citations] == [(66, 2), (72, 2)]
    assert "暂缓或者分期缴纳罚款期限结束之日" in start.reason


def test_without_deferral_enforcement_runs_from_the_payment_due_date_R_CASE_9() -> None:
    start = court_enforcement_period_start(DUE)
    assert (start.starts_on, start.deferred) == (DUE, False)


def test_deferral_ending_before_the_due_date_is_an_error_R_CASE_9() -> None:
    with pytest.raises(LawError, match="deferral_end"):
        court_enforcement_period_start(DUE, deferral_end=DUE - timedelta(days=1))


amounts = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False)


@given(
    fine=amounts, days=st.integers(0, 1000), more=st.integers(0, 100), suspended=st.integers(0, 200)
)
def test_late_fine_never_exceeds_the_fine_and_never_decreases_with_days_APL_72(
    fine: Decimal, days: int, more: int, suspended: int
) -> None:
    earlier = late_payment_fine(fine, DUE, DUE + timedelta(days=days), suspended)
    later = late_payment_fine(fine, DUE, DUE + timedelta(days=days + more), suspended)
    assert Decimal(0) <= earlier <= later <= fine.quantize(Decimal("0.01"))
