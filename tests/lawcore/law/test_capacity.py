"""APL 30 (age) and 31 (mental capacity) — R-DEC-1."""

from __future__ import annotations

from datetime import date

import pytest

from lawcore.law import (
    Effect,
    LawError,
    MentalState,
    Modality,
    age_at,
    age_capacity,
    mental_capacity,
)

BORN = date(2010, 6, 15)


def test_person_aged_13_at_violation_is_not_punishable_APL_30_R_DEC_1() -> None:
    finding = age_capacity(BORN, date(2024, 3, 1))
    assert finding.effect is Effect.NOT_PUNISHABLE
    assert finding.effect.value == "not_punishable"
    assert finding.modality is Modality.SHALL
    assert finding.follow_up == "责令监护人加以管教"
    assert finding.citation.article == 30
    assert "不满十四周岁" in finding.citation.text


def test_person_on_14th_birthday_is_still_under_14_by_default_APL_30_R_DEC_1() -> None:
    # 已满十四周岁 is reached the day after the birthday (法释〔2006〕1号 第二条 by analogy).
    assert age_capacity(BORN, date(2024, 6, 15)).effect is Effect.NOT_PUNISHABLE
    assert age_capacity(BORN, date(2024, 6, 16)).effect is Effect.LIGHTER_OR_MITIGATED


def test_14th_birthday_counts_when_reached_on_birthday_is_chosen_APL_30() -> None:
    assert (
        age_capacity(BORN, date(2024, 6, 14), reached_on_birthday=True).effect
        is Effect.NOT_PUNISHABLE
    )
    finding = age_capacity(BORN, date(2024, 6, 15), reached_on_birthday=True)
    assert finding.effect is Effect.LIGHTER_OR_MITIGATED


def test_person_aged_16_shall_get_lighter_or_mitigated_APL_30_R_DEC_1() -> None:
    finding = age_capacity(BORN, date(2026, 7, 1))
    assert (finding.effect, finding.modality) == (Effect.LIGHTER_OR_MITIGATED, Modality.SHALL)
    assert "16周岁" in finding.reason


def test_person_on_18th_birthday_is_still_a_minor_and_adult_the_day_after_APL_30() -> None:
    assert age_capacity(BORN, date(2028, 6, 15)).effect is Effect.LIGHTER_OR_MITIGATED
    assert age_capacity(BORN, date(2028, 6, 16)).effect is Effect.NONE


def test_29_february_birthday_falls_on_28_february_in_common_years_APL_30() -> None:
    leap = date(2012, 2, 29)
    assert age_at(leap, date(2026, 2, 28)) == 13
    assert age_at(leap, date(2026, 3, 1)) == 14
    assert age_at(leap, date(2026, 2, 28), reached_on_birthday=True) == 14


def test_violation_before_birth_is_an_error() -> None:
    with pytest.raises(LawError, match="before the birth date"):
        age_at(BORN, date(2009, 1, 1))


def test_mental_state_unable_to_recognise_or_control_is_not_punishable_APL_31_R_DEC_1() -> None:
    finding = mental_capacity("cannot_recognise_or_control")
    assert finding.effect is Effect.NOT_PUNISHABLE
    assert finding.follow_up == "责令其监护人严加看管和治疗"
    assert finding.citation.article == 31


def test_limited_capacity_may_get_lighter_or_mitigated_APL_31_R_DEC_1() -> None:
    finding = mental_capacity(MentalState.LIMITED)
    assert (finding.effect, finding.modality) == (Effect.LIGHTER_OR_MITIGATED, Modality.MAY)


def test_intermittent_illness_while_normal_is_punished_normally_APL_31() -> None:
    finding = mental_capacity(MentalState.INTERMITTENT_WHILE_NORMAL)
    assert finding.effect is Effect.NONE
    assert finding.modality is Modality.SHALL


def test_unknown_mental_state_is_named_in_the_error() -> None:
    with pytest.raises(LawError, match="mental_state"):
        mental_capacity("confused")
