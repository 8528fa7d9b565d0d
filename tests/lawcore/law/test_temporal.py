"""APL 37 从旧兼从轻 — R-DEC-1; issue #3 part 9 property."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.law import Applied, LawError, lighter_of_old_and_new

CHANGE = date(2023, 1, 1)


def max_fine(old: int | None, new: int | None) -> Callable[[date], int | None]:
    def evaluate_at(d: date) -> int | None:
        return old if d < CHANGE else new

    return evaluate_at


def key(fine: int) -> tuple[int]:
    return (fine,)


def test_old_rule_applies_when_new_rule_is_heavier_APL_37_R_DEC_1() -> None:
    choice = lighter_of_old_and_new(max_fine(5000, 10000), date(2022, 6, 1), date(2023, 3, 1), key)
    assert (choice.result, choice.applied, choice.applied_date) == (
        5000,
        Applied.OLD,
        date(2022, 6, 1),
    )
    assert choice.citation.article == 37


def test_new_rule_applies_when_it_is_lighter_APL_37_R_DEC_1() -> None:
    choice = lighter_of_old_and_new(max_fine(10000, 5000), date(2022, 6, 1), date(2023, 3, 1), key)
    assert (choice.result, choice.applied) == (5000, Applied.NEW)
    assert "从旧兼从轻" in choice.reason
    assert (choice.old, choice.new) == (10000, 5000)


def test_equal_severity_keeps_the_old_rule_APL_37() -> None:
    choice = lighter_of_old_and_new(max_fine(5000, 5000), date(2022, 6, 1), date(2023, 3, 1), key)
    assert choice.applied is Applied.OLD


def test_only_rule_in_force_is_used_APL_37() -> None:
    assert (
        lighter_of_old_and_new(max_fine(None, 800), date(2022, 6, 1), date(2023, 3, 1), key).applied
        is Applied.NEW
    )
    assert (
        lighter_of_old_and_new(max_fine(800, None), date(2022, 6, 1), date(2023, 3, 1), key).applied
        is Applied.OLD
    )


def test_no_rule_at_either_date_is_an_error() -> None:
    with pytest.raises(LawError, match="no rule in force"):
        lighter_of_old_and_new(max_fine(None, None), date(2022, 6, 1), date(2023, 3, 1), key)


def test_decision_before_violation_is_an_error() -> None:
    with pytest.raises(LawError, match="decision_date"):
        lighter_of_old_and_new(max_fine(1, 2), date(2023, 6, 1), date(2023, 3, 1), key)


fines = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))


@given(old=fines, new=fines, days_before=st.integers(0, 2000), days_after=st.integers(0, 2000))
def test_lighter_of_old_and_new_is_never_heavier_than_either_APL_37(
    old: int | None, new: int | None, days_before: int, days_after: int
) -> None:
    violation = CHANGE - timedelta(days=days_before)
    decision = CHANGE + timedelta(days=days_after)
    evaluate = max_fine(old, new)
    at_violation, at_decision = evaluate(violation), evaluate(decision)
    if at_violation is None and at_decision is None:
        return
    choice = lighter_of_old_and_new(evaluate, violation, decision, key)
    for candidate in (at_violation, at_decision):
        if candidate is not None:
            assert choice.result <= candidate
