"""APL 33: 轻微不罚, 首违不罚, 无过错不罚 and education — R-DEC-2."""

from __future__ import annotations

import pytest

from lawcore.law import (
    InvalidFactError,
    MissingFactError,
    Modality,
    NoPenaltyPart,
    assess_no_penalty,
)

BASE = {
    "minor": False,
    "harm": "general",
    "corrected_in_time": True,
    "first_violation": False,
    "no_fault_proven": False,
}


def facts(**changes: object) -> dict[str, object]:
    return {**BASE, **changes}


def test_minor_corrected_without_harm_shall_not_be_punished_APL_33_R_DEC_2() -> None:
    result = assess_no_penalty(facts(minor=True, harm="none"))
    verdict = result.strongest
    assert verdict is not None
    assert (verdict.part, verdict.modality) == (NoPenaltyPart.MINOR_CORRECTED, Modality.SHALL)
    assert (verdict.citation.article, verdict.citation.paragraph, verdict.citation.sentence) == (
        33,
        1,
        1,
    )
    assert result.shall_not_punish


def test_minor_and_corrected_but_with_slight_harm_is_not_minor_corrected_APL_33() -> None:
    result = assess_no_penalty(facts(minor=True, harm="slight"))
    assert result.verdicts == ()


def test_minor_without_harm_but_not_corrected_in_time_is_punished_APL_33_R_DEC_2() -> None:
    assert assess_no_penalty(facts(minor=True, harm="none", corrected_in_time=False)).verdicts == ()


def test_first_violation_slight_harm_corrected_may_not_be_punished_APL_33_R_DEC_2() -> None:
    result = assess_no_penalty(facts(first_violation=True, harm="slight"))
    verdict = result.strongest
    assert verdict is not None
    assert (verdict.part, verdict.modality) == (NoPenaltyPart.FIRST_VIOLATION, Modality.MAY)
    assert verdict.citation.sentence == 2
    assert result.may_not_punish
    assert not result.shall_not_punish


def test_first_violation_with_general_harm_gets_no_relief_APL_33_R_DEC_2() -> None:
    assert assess_no_penalty(facts(first_violation=True, harm="general")).verdicts == ()


def test_first_violation_without_any_harm_also_qualifies_APL_33() -> None:
    result = assess_no_penalty(facts(first_violation=True, harm="none"))
    assert [v.part for v in result.verdicts] == [NoPenaltyPart.FIRST_VIOLATION]


def test_proven_absence_of_fault_shall_not_be_punished_APL_33_para_2_R_DEC_2() -> None:
    result = assess_no_penalty(facts(no_fault_proven=True, harm="serious", corrected_in_time=False))
    verdict = result.strongest
    assert verdict is not None
    assert (verdict.part, verdict.modality) == (NoPenaltyPart.NO_FAULT, Modality.SHALL)
    assert verdict.citation.paragraph == 2


def test_no_fault_gives_no_relief_where_a_law_provides_otherwise_APL_33_para_2() -> None:
    result = assess_no_penalty(facts(no_fault_proven=True), no_fault_excluded_by_law=True)
    assert result.verdicts == ()


def test_every_no_penalty_verdict_carries_the_duty_to_educate_APL_33_para_3_R_DEC_4() -> None:
    result = assess_no_penalty(
        facts(minor=True, harm="none", first_violation=True, no_fault_proven=True)
    )
    assert [v.part.value for v in result.verdicts] == [
        "minor_corrected",
        "no_fault",
        "first_violation",
    ]
    for verdict in result.verdicts:
        assert (verdict.education.article, verdict.education.paragraph) == (33, 3)
        assert "教育" in verdict.reason


def test_missing_needed_fact_is_an_error_naming_it_APL_33_R_DEC_2() -> None:
    partial = facts()
    del partial["no_fault_proven"]
    with pytest.raises(MissingFactError) as info:
        assess_no_penalty(partial)
    assert info.value.facts == ("no_fault_proven",)
    assert "no_fault_proven" in str(info.value)


def test_missing_harm_names_harm_when_it_decides_the_outcome_APL_33() -> None:
    partial = facts(minor=True, first_violation=True)
    del partial["harm"]
    with pytest.raises(MissingFactError) as info:
        assess_no_penalty(partial)
    assert info.value.facts == ("harm",)


def test_fact_ruled_out_by_another_known_fact_is_not_needed_APL_33() -> None:
    # not corrected in time → neither paragraph 1 part can apply, whatever minor/harm/first are.
    result = assess_no_penalty({"corrected_in_time": False, "no_fault_proven": False})
    assert result.verdicts == ()


def test_shall_verdict_does_not_need_the_other_parts_facts_APL_33() -> None:
    result = assess_no_penalty({"no_fault_proven": True})
    assert [v.part for v in result.verdicts] == [NoPenaltyPart.NO_FAULT]


@pytest.mark.parametrize(
    ("name", "value"), [("harm", "tiny"), ("minor", "yes"), ("corrected_in_time", 1)]
)
def test_invalid_fact_value_is_an_error_naming_the_fact(name: str, value: object) -> None:
    with pytest.raises(InvalidFactError, match=name):
        assess_no_penalty(facts(**{name: value}))
