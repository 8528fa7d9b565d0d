"""The pure rules: the March deadline and the joint share (R-INSP-3, CN 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from prudent.joint import rules
from prudent.joint.rules import Visit


def test_the_plan_is_due_by_31_march_R_INSP_3() -> None:
    assert rules.deadline_state(2026, dt.date(2026, 3, 31), dt.date(2026, 11, 1)).code == "on_time"
    late = rules.deadline_state(2026, dt.date(2026, 4, 2), dt.date(2026, 11, 1))
    assert (late.code, late.ok) == ("late", False)
    assert "逾期2日" in late.label
    assert rules.deadline_state(2026, None, dt.date(2026, 3, 31)).code == "pending"
    overdue = rules.deadline_state(2026, None, dt.date(2026, 4, 1))
    assert (overdue.code, overdue.ok) == ("overdue", False)


def test_the_same_sample_written_differently_is_the_same_key_R_INSP_3() -> None:
    assert rules.result_key("凉拌黄瓜 （HY-001）") == rules.result_key("凉拌黄瓜（hy－001）")


def test_items_map_to_food_drug_catering_by_their_words_CN_4() -> None:
    assert rules.item_sectors("餐饮服务提供者的监督检查") == {"catering", "food"}
    assert rules.item_sectors("食品销售者的监督检查") == {"food"}
    assert rules.item_sectors("药品零售企业的检查") == {"drug"}
    assert rules.item_sectors("企业公示信息情况的检查", "企业") == frozenset()


def test_joint_share_hand_checked_example_CN_4() -> None:
    """Five inspections:
    1. market alone, food                       → market 1/0, food 1/0
    2. market + urban (joint), catering(+food)  → market 2/1, urban 1/1, food 2/1, catering 1/1
    3. market alone, catering(+food)            → market 3/1, food 3/1, catering 2/1
    4. urban alone, no sector                   → urban 2/1
    5. market + health (joint), drug            → market 4/2, health 1/1, drug 1/1
    Combined food/drug/catering: inspections 1, 2, 3, 5 → 4, joint 2 (2, 5) → 50 %.
    Food 3 with 1 joint = 33.33 % ≥ 20 %; catering 1/2 = 50 %; drug 1/1 = 100 %."""
    visits = [
        Visit(frozenset({"market_regulation"}), False, frozenset({"food"})),
        Visit(
            frozenset({"market_regulation", "urban_management"}),
            True,
            frozenset({"catering", "food"}),
        ),
        Visit(frozenset({"market_regulation"}), False, frozenset({"catering", "food"})),
        Visit(frozenset({"urban_management"}), False),
        Visit(frozenset({"market_regulation", "health"}), True, frozenset({"drug"})),
    ]
    labels = {"market_regulation": "市场监管", "urban_management": "城市管理", "health": "卫生健康"}
    share = rules.joint_share(2026, visits, labels)
    got = {r.key: (r.inspections, r.joint, r.share) for r in share.fields}
    assert got == {
        "market_regulation": (4, 2, Decimal("0.5000")),
        "urban_management": (2, 1, Decimal("0.5000")),
        "health": (1, 1, Decimal("1.0000")),
    }
    sectors = {r.key: (r.inspections, r.joint, r.share, r.meets_target) for r in share.sectors}
    assert sectors == {
        "food": (3, 1, Decimal("0.3333"), True),
        "drug": (1, 1, Decimal("1.0000"), True),
        "catering": (2, 1, Decimal("0.5000"), True),
        "food_drug_catering": (4, 2, Decimal("0.5000"), True),
    }


def test_a_sector_under_20_percent_is_flagged_and_an_empty_one_is_not_CN_4() -> None:
    visits = [
        Visit(frozenset({"market_regulation"}), i == 0, frozenset({"food"})) for i in range(6)
    ]
    share = rules.joint_share(2026, visits, {})
    food = next(r for r in share.sectors if r.key == "food")
    assert (food.inspections, food.joint, food.share_percent) == (6, 1, "16.7%")
    assert food.meets_target is False
    assert food.flagged
    drug = next(r for r in share.sectors if r.key == "drug")
    assert drug.meets_target is None
    assert not drug.flagged
