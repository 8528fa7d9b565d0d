"""APL 36: limitation — 2 years, 5 years with life/health or financial safety and harm — R-DEC-7."""

from __future__ import annotations

from datetime import date

import pytest

from lawcore.law import LawError, limitation


def test_discovered_on_the_last_day_of_two_years_is_in_time_APL_36_R_DEC_7() -> None:
    result = limitation(date(2022, 3, 10), date(2024, 3, 10))
    assert not result.expired
    assert result.deadline == date(2024, 3, 10)
    assert result.years == 2
    assert [(c.article, c.paragraph) for c in result.citations] == [(36, 1), (36, 2)]


def test_discovered_the_day_after_two_years_is_expired_APL_36_R_DEC_7() -> None:
    result = limitation(date(2022, 3, 10), date(2024, 3, 11))
    assert result.expired
    assert "不再给予行政处罚" in result.reason


def test_life_health_safety_with_harm_extends_to_five_years_APL_36_R_DEC_7() -> None:
    result = limitation(
        date(2020, 5, 1),
        date(2024, 5, 1),
        life_health_or_financial_safety=True,
        harmful_consequences=True,
    )
    assert (result.expired, result.years, result.deadline) == (False, 5, date(2025, 5, 1))
    assert limitation(
        date(2020, 5, 1),
        date(2025, 5, 2),
        life_health_or_financial_safety=True,
        harmful_consequences=True,
    ).expired


def test_safety_involved_without_harm_keeps_two_years_APL_36_R_DEC_7() -> None:
    result = limitation(date(2020, 5, 1), date(2023, 1, 1), life_health_or_financial_safety=True)
    assert (result.expired, result.years) == (True, 2)


def test_harm_without_safety_interest_keeps_two_years_APL_36() -> None:
    assert limitation(date(2020, 5, 1), date(2023, 1, 1), harmful_consequences=True).years == 2


def test_continuing_act_runs_from_its_end_APL_36_para_2_R_DEC_7() -> None:
    result = limitation(date(2019, 1, 1), date(2023, 6, 30), act_ended=date(2021, 6, 30))
    assert not result.expired
    assert result.runs_from == date(2021, 6, 30)
    assert "行为终了之日" in result.reason


def test_29_february_start_ends_on_28_february_APL_36() -> None:
    result = limitation(date(2024, 2, 29), date(2026, 2, 28))
    assert (result.deadline, result.expired) == (date(2026, 2, 28), False)
    assert limitation(date(2024, 2, 29), date(2026, 3, 1)).expired


def test_other_law_period_replaces_the_apl_period_APL_36() -> None:
    assert limitation(date(2018, 1, 1), date(2022, 6, 1), years_by_other_law=5).expired is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"act_date": date(2022, 1, 2), "discovery_date": date(2022, 1, 1)}, "discovery_date"),
        (
            {
                "act_date": date(2022, 1, 2),
                "discovery_date": date(2023, 1, 1),
                "act_ended": date(2022, 1, 1),
            },
            "act_ended",
        ),
        (
            {
                "act_date": date(2022, 1, 2),
                "discovery_date": date(2023, 1, 1),
                "years_by_other_law": 0,
            },
            "years_by_other_law",
        ),
    ],
)
def test_dates_out_of_order_are_errors_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(LawError, match=field):
        limitation(**kwargs)  # type: ignore[arg-type]
