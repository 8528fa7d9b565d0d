"""APL 32: grounds that SHALL give a lighter or mitigated penalty — R-DEC-1."""

from __future__ import annotations

import pytest

from lawcore.law import Effect, InvalidFactError, MitigationGround, Modality, mitigation_grounds


def test_fact_names_of_the_five_grounds_APL_32() -> None:
    assert [g.value for g in MitigationGround] == [
        "eliminated_or_reduced_harm",
        "coerced_or_deceived",
        "confessed_unknown_violation",
        "meritorious_cooperation",
        "other_statutory_ground",
    ]


@pytest.mark.parametrize("ground", list(MitigationGround))
def test_each_ground_shall_give_lighter_or_mitigated_and_cites_its_item_APL_32_R_DEC_1(
    ground: MitigationGround,
) -> None:
    (finding,) = mitigation_grounds({ground.value: True})
    assert finding.ground is ground
    assert (finding.effect, finding.modality) == (Effect.LIGHTER_OR_MITIGATED, Modality.SHALL)
    assert (finding.citation.article, finding.citation.item) == (32, ground.item)
    assert finding.citation.text.startswith(f"（{'一二三四五'[ground.item - 1]}）")


def test_absent_or_false_grounds_give_nothing_APL_32() -> None:
    assert mitigation_grounds({}) == ()
    assert mitigation_grounds({"coerced_or_deceived": False}) == ()


def test_ground_given_as_text_is_an_error_naming_the_fact() -> None:
    with pytest.raises(InvalidFactError, match="coerced_or_deceived"):
        mitigation_grounds({"coerced_or_deceived": "yes"})
