"""Tier split boundaries (苏市监规〔2024〕7号 第三条: lower 30 % inclusive; 粤环发〔2021〕7号 第十二条)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lawcore.rulebook.conditions import Cmp, Op
from lawcore.rulebook.model import (
    FineUnit,
    Range,
    SplitMethod,
    TierSplit,
    WeightFactor,
    WeightOption,
    WeightTable,
)
from lawcore.rulebook.tiers import split, weighted_total

D = Decimal


def test_lighter_is_the_lowest_30_percent_inclusive_example_of_benchmarks_1_5() -> None:
    tiers = split(Range(D(50000), D(100000)), TierSplit())
    assert tiers.lighter == Range(D(50000), D(65000))
    assert tiers.lighter.contains(D(65000))  # 含本数
    assert not tiers.ordinary.contains(D(65000))
    assert tiers.ordinary.contains(D("65000.01"))
    assert tiers.heavier == Range(D(85000), D(100000))
    assert tiers.mitigated == Range(D(0), D(50000), high_open=True)
    assert not tiers.mitigated.contains(D(50000))
    assert tiers.mitigated.contains(D(49999))


def test_only_a_maximum_leaves_no_mitigated_range() -> None:
    tiers = split(Range(D(0), D(2000)), TierSplit())
    assert tiers.mitigated is None
    assert tiers.lighter == Range(D(0), D(600))


def test_a_mitigation_floor_is_a_fraction_of_the_minimum() -> None:
    tiers = split(Range(D(50000), D(100000)), TierSplit(), mitigation_floor=D("0.1"))
    assert tiers.mitigated == Range(D(5000), D(50000), high_open=True)


def test_boundaries_are_rounded_inward_to_the_fen() -> None:
    tiers = split(Range(D(0), D("1000.03")), TierSplit())
    assert tiers.lighter.high == D("300.00")  # 300.009 rounded down
    assert tiers.heavier.low == D("700.03")  # 700.021 rounded up


def test_multiples_are_not_rounded() -> None:
    tiers = split(Range(D(10), D(20)), TierSplit(), unit=FineUnit.MULTIPLE)
    assert tiers.lighter == Range(D(10), D(13))
    assert tiers.heavier == Range(D(17), D(20))


def test_guangdong_midpoint_split_article_12() -> None:
    tiers = split(Range(D(10000), D(100000)), TierSplit(method=SplitMethod.MIDPOINT))
    assert tiers.lighter == Range(D(10000), D(55000), high_open=True)
    assert tiers.ordinary == Range(D(55000), D(55000))
    assert tiers.heavier == Range(D(55000), D(100000))
    only_max = split(Range(D(0), D(50000)), TierSplit(method=SplitMethod.MIDPOINT))
    assert only_max.lighter.high == D(10000)
    assert only_max.ordinary.low == D(25000)


def test_the_split_is_a_setting() -> None:
    tiers = split(Range(D(0), D(1000)), TierSplit(lighter=D("0.2"), heavier=D("0.4")))
    assert tiers.lighter.high == D(200)
    assert tiers.heavier.low == D(600)


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_tiers_cover_the_statutory_range_in_order(a: int, b: int) -> None:
    low, high = D(min(a, b)), D(max(a, b))
    tiers = split(Range(low, high), TierSplit())
    assert tiers.lighter.low == low
    assert tiers.heavier.high == high
    assert tiers.lighter.high <= tiers.heavier.low
    assert tiers.lighter.within(Range(low, high))
    assert tiers.heavier.within(Range(low, high))


def test_weighted_total_sums_start_and_matching_weights_capped_at_100_percent() -> None:
    table = WeightTable(
        start=D("0.07"),
        factors=(
            WeightFactor(
                "repeats", (WeightOption("2次", D("0.03"), Cmp("repeat_count_2y", Op.EQ, D(2))),)
            ),
            WeightFactor("huge", (WeightOption("all", D(1), Cmp("repeat_count_2y", Op.GE, D(9))),)),
        ),
        minimum_total=D("0.2"),
    )
    assert weighted_total(table, {"repeat_count_2y": 1}) == D("0.2")
    assert weighted_total(table, {"repeat_count_2y": 9}) == D(1)
