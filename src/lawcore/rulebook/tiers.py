"""Tier ranges: how a statutory range [min, max] is cut into mitigated / lighter / ordinary / heavier.

Default split (``SplitMethod.PERCENT``, lighter = heavier = 30 %):

- lighter 从轻  = [min, min + 30 % × (max − min)], boundary included — 苏市监规〔2024〕7号 第三条
  ("罚款的数额应当在从最低限到最高限这一幅度中较低的30%部分（含本数）", benchmarks.md §1.1);
- heavier 从重  = [max − 30 % × (max − min), max] — the "upper 30 %" half is conventional
  (benchmarks.md §1.4 marks it UNVERIFIED), hence a setting;
- ordinary 一般 = the open interval between the two;
- mitigated 减轻 = [floor, min), with floor = ``mitigation_floor`` × min (0 by default: no floor is fixed
  by the texts in benchmarks.md §1.5). When min is 0 (“X元以下”) there is no mitigated range: a
  mitigated penalty is then a lighter kind of penalty (APL 第三十二条; 苏市监规 第三条).

``SplitMethod.MIDPOINT`` (粤环发〔2021〕7号 第十二条, benchmarks.md §2.2): lighter = [min, mean),
ordinary = [mean, mean], heavier = [mean, max]. With only a maximum (min = 0) that article fixes
lighter at 20 % and ordinary at 50 % of max; the split then gives lighter = [0, 20 % max],
ordinary = [50 % max, 50 % max], heavier = [50 % max, max]. The weight-sum mode of the same rule
(fine = Σ weights × max, 第六条) is per item (``Benchmark.weights``, :func:`weighted_total`).

Shares are fractions of the width, configurable per rulebook (``Settings.tier_split``). An explicit
``Benchmark.tier_ranges`` entry replaces the computed range of its tier.

Rounding: boundaries are computed exactly in ``Decimal`` and then put on the fen (0.01 yuan) so that
every tier stays inside its exact band: a lower bound is rounded up, an upper bound down
(``ROUND_CEILING`` / ``ROUND_FLOOR``). Multiples (unit ``multiple``) are not rounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from lawcore.rulebook.conditions import evaluate
from lawcore.rulebook.model import (
    Benchmark,
    FineUnit,
    Range,
    SplitMethod,
    Tier,
    TierSplit,
    WeightTable,
)

FEN = Decimal("0.01")
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class TierRanges:
    """The ranges of the four fine tiers for one statutory range; ``mitigated`` is None when the
    statutory minimum is 0 (no room below it)."""

    statutory: Range
    mitigated: Range | None
    lighter: Range
    ordinary: Range
    heavier: Range

    def for_tier(self, tier: Tier) -> Range | None:
        return {
            Tier.MITIGATED: self.mitigated,
            Tier.LIGHTER: self.lighter,
            Tier.ORDINARY: self.ordinary,
            Tier.HEAVIER: self.heavier,
        }.get(tier)


def _up(value: Decimal, unit: FineUnit) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_CEILING) if unit is FineUnit.YUAN else value


def _down(value: Decimal, unit: FineUnit) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_FLOOR) if unit is FineUnit.YUAN else value


def split(
    statutory: Range,
    settings: TierSplit,
    *,
    mitigation_floor: Decimal = Decimal(0),
    unit: FineUnit = FineUnit.YUAN,
) -> TierRanges:
    """The default tier ranges of ``statutory`` under ``settings`` (see the module docstring)."""
    low, high = statutory.low, statutory.high
    width = high - low
    mitigated = None
    if low > 0:
        floor = _up(low * mitigation_floor, unit)
        mitigated = Range(floor, low, high_open=True)
    if settings.method is SplitMethod.MIDPOINT:
        return _midpoint(statutory, mitigated, unit)
    lighter_top = _down(low + settings.lighter * width, unit)
    heavier_bottom = _up(high - settings.heavier * width, unit)
    return TierRanges(
        statutory=statutory,
        mitigated=mitigated,
        lighter=Range(low, lighter_top),
        ordinary=Range(lighter_top, heavier_bottom, low_open=True, high_open=True),
        heavier=Range(heavier_bottom, high),
    )


def _midpoint(statutory: Range, mitigated: Range | None, unit: FineUnit) -> TierRanges:
    low, high = statutory.low, statutory.high
    if low == 0:
        lighter_top = _down(high * Decimal("0.2"), unit)
        ordinary_at = _down(high * Decimal("0.5"), unit)
        return TierRanges(
            statutory=statutory,
            mitigated=None,
            lighter=Range(low, lighter_top),
            ordinary=Range(ordinary_at, ordinary_at),
            heavier=Range(ordinary_at, high),
        )
    mean = _down((low + high) / 2, unit)
    return TierRanges(
        statutory=statutory,
        mitigated=mitigated,
        lighter=Range(low, mean, high_open=True),
        ordinary=Range(mean, mean),
        heavier=Range(mean, high),
    )


def tier_ranges(
    statutory: Range,
    settings: TierSplit,
    benchmark: Benchmark | None = None,
    *,
    bracket: int = 0,
    mitigation_floor: Decimal = Decimal(0),
    unit: FineUnit = FineUnit.YUAN,
) -> TierRanges:
    """The default split with the benchmark's explicit tier ranges for ``bracket`` applied."""
    ranges = split(statutory, settings, mitigation_floor=mitigation_floor, unit=unit)
    if benchmark is None:
        return ranges
    return TierRanges(
        statutory=statutory,
        mitigated=benchmark.tier_range(Tier.MITIGATED, bracket) or ranges.mitigated,
        lighter=benchmark.tier_range(Tier.LIGHTER, bracket) or ranges.lighter,
        ordinary=benchmark.tier_range(Tier.ORDINARY, bracket) or ranges.ordinary,
        heavier=benchmark.tier_range(Tier.HEAVIER, bracket) or ranges.heavier,
    )


def weighted_total(table: WeightTable, facts: Mapping[str, object]) -> Decimal:
    """Σ weights of the options whose conditions hold (first matching option per factor), plus the
    start weight, at least ``minimum_total`` and at most 100 % (粤环发〔2021〕7号 第六条). Multiply
    by the bracket's maximum to get the fine. An option without conditions never matches by itself
    (it documents the table); factors with no matching option add 0 (第五条: the lowest level when
    a factor cannot be established)."""
    total = table.start
    for factor in table.factors:
        for option in factor.options:
            if option.conditions is not None and evaluate(option.conditions, facts):
                total += option.weight
                break
    return min(ONE, max(total, table.minimum_total))
