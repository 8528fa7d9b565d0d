"""The condition language, the fact space, and `diff_versions` (R-LIST-7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lawcore.rulebook.conditions import (
    All,
    AnyOf,
    Cmp,
    In,
    MissingFact,
    Not,
    Op,
    evaluate,
    fact_space,
)
from lawcore.rulebook.diff import diff_versions
from lawcore.rulebook.facts import CORE_FACTS
from lawcore.rulebook.loader import load_text
from lawcore.rulebook.model import Lookback

from .helpers import PARENT


def test_evaluate_is_exact_on_decimal_thresholds() -> None:
    c = Cmp("goods_value_yuan", Op.LT, Decimal("0.1"))
    assert evaluate(c, {"goods_value_yuan": 0.09})
    assert not evaluate(c, {"goods_value_yuan": 0.1})


def test_a_missing_fact_is_named() -> None:
    with pytest.raises(MissingFact) as exc:
        evaluate(All((Cmp("minor", Op.EQ, True),)), {})
    assert exc.value.fact == "minor"


def test_booleans_are_not_numbers() -> None:
    assert not evaluate(Cmp("duration_days", Op.EQ, Decimal(1)), {"duration_days": True})
    assert evaluate(Not(In("harm", ("none",))), {"harm": "slight"})
    assert not evaluate(AnyOf(()), {})
    assert evaluate(All(()), {})


def test_the_fact_space_has_one_sample_per_region() -> None:
    c = All((Cmp("goods_value_yuan", Op.LE, Decimal(500)), Cmp("first_violation", Op.EQ, True)))
    names, combos = fact_space([c], CORE_FACTS)
    assert names == ("first_violation", "goods_value_yuan")
    values = sorted({combo[1].value for combo in combos})
    assert values == [Decimal(499), Decimal(500), Decimal(501)]  # below, at and above the threshold
    assert len(combos) == 6


def test_lookback_windows() -> None:
    import datetime as dt

    assert Lookback.parse("P2Y").window_start(dt.date(2024, 2, 29)) == dt.date(2022, 2, 28)
    assert Lookback.parse("calendar_year").window_start(dt.date(2024, 7, 1)) == dt.date(2024, 1, 1)
    assert Lookback.parse("P2Y").covers(Lookback.parse("P1Y"))
    assert not Lookback.parse("P6M").covers(Lookback.parse("P1Y"))
    with pytest.raises(ValueError):
        Lookback.parse("two years")


def test_diff_reports_changed_thresholds_added_rows_and_items_R_LIST_7() -> None:
    a = load_text(PARENT, "a").versions[0]
    changed = PARENT.replace("le: 500", "le: 300").replace("max: 100000}", "max: 90000}")
    changed += """      - code: P-NEW
        name: 新事项
        violated: [{law: 广告法, article: 9}]
"""
    b = load_text(changed, "b").versions[0]
    lines = [str(c) for c in diff_versions(a, b)]
    assert any(line.startswith("+ item P-NEW") for line in lines)
    assert any(
        "row R-1 conditions" in line and "≤ 500" in line and "≤ 300" in line for line in lines
    )
    assert any("item P-124 fine" in line and "90000" in line for line in lines)
    assert diff_versions(a, a) == []
