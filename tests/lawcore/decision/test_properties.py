"""Hypothesis properties of the engine over the shipped rulebooks and the test fixtures (issue #3
part 9; R-DEC-1, APL 32, APL 33): adding a mitigating fact or a timely correction never gives a
heavier tier or a higher proposal; adding an aggravating fact never gives a lighter one."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lawcore.decision import Decision, DecisionInputError, DecisionRequest, decide
from lawcore.rulebook import RulebookSet
from lawcore.rulebook.conditions import Scalar
from tests.lawcore.decision.test_bulk import requests

MITIGATING = ("reduced_harm", "coerced", "confessed", "meritorious", "corrected_in_time")
"""APL 32 grounds (facts.md) and the timely correction (APL 33 ¶1)."""
AGGRAVATING = ("refused_to_correct", "serious", "food_safety_incident", "restricted_area")
"""The booleans the shipped benchmarks and fixtures use to raise the level or the bracket."""
COUNTS = ("repeat_count_2y",)
"""Counts of earlier violations (a higher count is heavier)."""


def _decided(rb: RulebookSet, request: DecisionRequest) -> Decision | None:
    try:
        return decide(rb, request)
    except DecisionInputError:
        return None


def _weight(d: Decision) -> tuple[int, Decimal]:
    """Tier severity, then the proposed fine (0 without a fine)."""
    return d.tier.severity, d.fine.proposed if d.fine is not None else Decimal(0)


def _pair(
    rb: RulebookSet, request: DecisionRequest, name: str, before: Scalar, after: Scalar
) -> tuple[Decision, Decision]:
    first = _decided(rb, request.with_facts(**{name: before}))
    second = _decided(rb, request.with_facts(**{name: after}))
    assume(first is not None and second is not None)
    assert first is not None
    assert second is not None
    return first, second


@settings(max_examples=300, deadline=None)
@given(base=requests(), pick=st.integers(0, 10))
def test_a_mitigating_fact_or_timely_correction_never_gives_a_heavier_outcome_APL_32_R_DEC_1(
    base: tuple[RulebookSet, DecisionRequest], pick: int
) -> None:
    rb, request = base
    names = [n for n in MITIGATING if n in request.facts]
    assume(names)
    name = names[pick % len(names)]
    without, with_ = _pair(rb, request, name, False, True)
    assert with_.tier.severity <= without.tier.severity, (name, without.tier, with_.tier)
    if with_.tier is without.tier:
        assert _weight(with_) <= _weight(without), (name, without.fine, with_.fine)


@settings(max_examples=300, deadline=None)
@given(base=requests(), pick=st.integers(0, 10))
def test_an_aggravating_fact_never_gives_a_lighter_outcome_R_DEC_1(
    base: tuple[RulebookSet, DecisionRequest], pick: int
) -> None:
    rb, request = base
    names = [n for n in AGGRAVATING if n in request.facts]
    assume(names)
    name = names[pick % len(names)]
    without, with_ = _pair(rb, request, name, False, True)
    assert with_.tier.severity >= without.tier.severity, (name, without.tier, with_.tier)
    if with_.tier is without.tier:
        assert _weight(with_) >= _weight(without), (name, without.fine, with_.fine)


@settings(max_examples=200, deadline=None)
@given(base=requests(), low=st.integers(0, 5), more=st.integers(1, 4))
def test_more_earlier_violations_never_give_a_lighter_outcome_R_DEC_1(
    base: tuple[RulebookSet, DecisionRequest], low: int, more: int
) -> None:
    rb, request = base
    names = [n for n in COUNTS if n in request.facts]
    assume(names)
    fewer, many = _pair(rb, request, names[0], Decimal(low), Decimal(low + more))
    assert many.tier.severity >= fewer.tier.severity, (fewer.tier, many.tier)
    if many.tier is fewer.tier:
        assert _weight(many) >= _weight(fewer), (fewer.fine, many.fine)
