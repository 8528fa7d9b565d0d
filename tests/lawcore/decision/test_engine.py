"""The decision engine (issue #3 part 5, R-DEC-1…5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.decision import (
    DecisionInputError,
    HistoryEntry,
    decide,
    decide_many,
    parse_request,
)
from lawcore.decision.engine import decide_uncached
from lawcore.rulebook import RulebookSet, Tier
from tests.lawcore.decision.fixtures import rulebooks

RB = rulebooks()

TAX_FACTS = {
    "minor": True,
    "harm": "slight",
    "corrected_in_time": True,
    "no_fault_proven": False,
    "serious": False,
}


def tax(**over: Any) -> dict[str, Any]:
    req: dict[str, Any] = {
        "item": "T-01",
        "party_kind": "organisation",
        "violation_date": "2024-03-01",
        "decision_date": "2024-04-01",
        "facts": dict(TAX_FACTS),
        "history": [],
    }
    req.update(over)
    return req


def food(goods: int | str, **facts: Any) -> dict[str, Any]:
    return {
        "item": "F-124",
        "party_kind": "organisation",
        "violation_date": "2024-03-01",
        "decision_date": "2024-04-01",
        "facts": {
            "minor": False,
            "harm": "general",
            "corrected_in_time": False,
            "first_violation": False,
            "no_fault_proven": False,
            "serious": False,
            "food_safety_incident": False,
            "truthful_source": False,
            "goods_value_yuan": goods,
            **facts,
        },
    }


def run(obj: dict[str, Any], books: RulebookSet = RB) -> Any:
    return decide(books, parse_request(obj))


def test_tax_first_violation_corrected_in_time_is_no_penalty_with_reasons_and_follow_ups_R_DEC_2_R_DEC_4() -> (
    None
):
    d = run(tax())
    assert d.tier is Tier.NO_PENALTY
    assert d.fine is None
    assert d.penalty_kinds == ()
    assert d.rows == ("A-01",)
    assert any("初次违法" in r for r in d.reasons)
    kinds = [f.kind for f in d.follow_ups]
    assert {"education", "correction_order", "re_inspection", "return_visit"} <= set(kinds)
    assert any(f.text == "加强税法宣传和辅导" for f in d.follow_ups)
    assert d.follow_ups[kinds.index("re_inspection")].due == dt.date(2024, 5, 1)
    labels = [c.label for c in d.citations]
    assert "《中华人民共和国行政处罚法》第三十三条第三款" in labels
    assert any(c.kind == "row" and "A-01" in c.label for c in d.citations)
    assert d.procedure.legal_review_required  # list-based outcome
    js = d.to_json()
    assert js["tier"] == "no_penalty"
    assert js["fine"] is None
    assert js["versions"][0]["digest"]
    assert js["versions"][0]["version"] == "v2"


def test_previous_violation_inside_lookback_gives_a_fine_and_says_so_R_DEC_3() -> None:
    d = run(tax(history=[{"item": "T-01", "date": "2023-06-01", "tier": "ordinary"}]))
    assert d.tier is not Tier.NO_PENALTY
    assert d.fine is not None
    assert d.fine.proposed > 0
    assert any("不属于初次违法" in r and "2023-06-01" in r for r in d.reasons)


def test_previous_violation_outside_lookback_still_first_violation_R_DEC_3() -> None:
    d = run(tax(history=[{"item": "T-01", "date": "2021-06-01", "tier": "ordinary"}]))
    assert d.tier is Tier.NO_PENALTY


def test_repeat_after_a_no_penalty_decision_follows_the_stricter_standard_R_DEC_3() -> None:
    # outside the two-year lookback, so an ordinary earlier violation would not count …
    d = run(tax(history=[{"item": "T-01", "date": "2021-06-01", "tier": "no_penalty"}]))
    # … but after a no-penalty decision no first-violation row applies
    assert d.tier is not Tier.NO_PENALTY
    assert d.rows == ()
    assert any("不予行政处罚" in r and "更严格" in r for r in d.reasons)


def test_statutory_minor_corrected_no_harm_applies_without_a_list_row_R_DEC_2() -> None:
    d = run(food(5000, minor=True, harm="none", corrected_in_time=True))
    assert d.tier is Tier.NO_PENALTY
    assert d.clause == "APL 33 minor_corrected"
    assert any(c.label.endswith("第三十三条第一款") for c in d.citations)


def test_food_124_goods_value_below_10000_is_50000_to_100000_yuan() -> None:
    d = run(food(9999))
    assert d.tier is Tier.ORDINARY
    assert d.fine is not None
    # ordinary = between the lowest and the highest 30 % of [50000, 100000]
    assert (d.fine.min, d.fine.max) == (Decimal(65000), Decimal(85000))
    assert d.fine.proposed == Decimal(75000)
    assert d.to_json()["fine"] == {
        "min": "65000",
        "max": "85000",
        "proposed": "75000",
        "rule": d.fine.rule,
    }


def test_food_124_goods_value_from_10000_is_10_to_20_times_goods_value() -> None:
    d = run(food(10000))
    assert d.fine is not None
    # multiples 10–20; ordinary (13, 17) × 10000
    assert (d.fine.min, d.fine.max) == (Decimal(130000), Decimal(170000))
    heavy = run(food(20000, food_safety_incident=True))
    assert heavy.tier is Tier.HEAVIER
    assert heavy.fine is not None
    assert heavy.fine.max == Decimal(400000)
    assert heavy.fine.min == Decimal(340000)


def test_conflicting_rows_report_the_conflict_and_take_the_most_lenient() -> None:
    d = run(food(400, truthful_source=True))
    assert d.tier is Tier.MITIGATED
    assert d.conflicts
    assert set(d.conflicts[0].rows) == {"L-1", "M-1"}
    assert {c.label.split("〔")[-1] for c in d.citations if c.kind == "row"} >= {"L-1〕", "M-1〕"}
    assert d.fine is not None
    assert d.fine.proposed < Decimal(50000) <= d.fine.max


def test_age_13_is_not_punishable_APL_30() -> None:
    d = run({**tax(), "party_kind": "citizen", "birth_date": "2011-03-02"})
    assert d.tier is Tier.NOT_PUNISHABLE
    assert any("不满十四周岁" in r for r in d.reasons)
    assert any(f.kind == "guardian" for f in d.follow_ups)


def test_age_16_is_at_most_lighter_APL_30() -> None:
    d = run({**food(9999), "party_kind": "citizen", "birth_date": "2008-01-01"})
    assert d.tier is Tier.LIGHTER
    assert d.fine is not None
    assert d.fine.max == Decimal(65000)


def test_limitation_expired_is_not_punishable_APL_36() -> None:
    d = run(
        tax(violation_date="2021-05-01", discovered_date="2023-05-02", decision_date="2024-04-01")
    )
    assert d.tier is Tier.NOT_PUNISHABLE
    assert d.clause == "APL 36"
    assert any("已超过追责期限" in r for r in d.reasons)
    inside = run(
        tax(violation_date="2021-05-01", discovered_date="2023-05-01", decision_date="2024-04-01")
    )
    assert inside.tier is not Tier.NOT_PUNISHABLE


def test_missing_fact_error_names_the_fact_and_the_rows() -> None:
    req = food(400, truthful_source=True)
    del req["facts"]["truthful_source"]
    with pytest.raises(DecisionInputError) as err:
        run(req)
    assert err.value.facts == ("truthful_source",)
    assert set(err.value.rows) == {"L-1", "M-1"}
    assert "truthful_source" in err.value.en
    assert "L-1" in err.value.en
    assert "L-1" in err.value.zh


def test_drafts_never_decide() -> None:
    # in 2025 only the draft v3 is newer; the published v2 (open-ended) still decides
    d = run(
        tax(
            violation_date="2025-02-01",
            decision_date="2025-03-01",
            history=[{"item": "T-01", "date": "2024-06-01"}],
        )
    )
    assert d.fine is not None
    assert d.fine.max > Decimal(10)
    assert all(v.version != "v3-draft" for v in d.versions)
    with pytest.raises(DecisionInputError, match="draft"):
        run({**tax(), "item": "T-DRAFT"})


def test_old_and_new_rules_the_lighter_applies_APL_37() -> None:
    old_only = run(
        tax(
            violation_date="2023-06-01",
            decision_date="2023-07-01",
            history=[{"item": "T-01", "date": "2023-01-01"}],
        )
    )
    both = run(
        tax(
            violation_date="2023-06-01",
            decision_date="2024-02-01",
            history=[{"item": "T-01", "date": "2023-01-01"}],
        )
    )
    assert old_only.fine is not None
    assert both.fine is not None
    assert both.fine.max < old_only.fine.max
    applied = [v for v in both.versions if v.applied]
    assert [v.version for v in applied] == ["v2"]
    assert any("从旧兼从轻" in r for r in both.reasons)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"item": "NOPE"}, "item"),
        ({"violation_date": "2024-05-01"}, "violation_date"),
        ({"facts": {**TAX_FACTS, "serious": "yes"}}, "facts.serious"),
        ({"facts": {**TAX_FACTS, "illegal_income_yuan": -1}}, "facts.illegal_income_yuan"),
        ({"facts": {**TAX_FACTS, "bogus": True}}, "facts.bogus"),
        ({"party_kind": "robot"}, "party_kind"),
        ({"decision_date": "2024-02-30"}, "decision_date"),
        ({"history": [{"item": "T-01", "date": "2024-06-01"}]}, "history[0].date"),
    ],
)
def test_bad_input_names_the_field(change: dict[str, Any], path: str) -> None:
    with pytest.raises(DecisionInputError) as err:
        run(tax(**change))
    assert err.value.path == path
    assert err.value.zh


# a request whose fields each pass, but not together (or are not of their kind), as a Python
# caller can build it without parse_request: (the JSON change parse_request refuses, or None
# when JSON cannot say it; the fields of the request built in Python; the path named)
BUILT = [
    ({"decision_date": "2024-02-01"}, {"decision_date": dt.date(2024, 2, 1)}, "violation_date"),
    (
        {"discovered_date": "2024-02-01"},
        {"discovered_date": dt.date(2024, 2, 1)},
        "discovered_date",
    ),
    (
        {"discovered_date": "2024-05-01"},
        {"discovered_date": dt.date(2024, 5, 1)},
        "discovered_date",
    ),
    ({"birth_date": "2000-01-01"}, {"birth_date": dt.date(2000, 1, 1)}, "birth_date"),
    ({"party_kind": "robot"}, {"party_kind": "robot"}, "party_kind"),
    (
        {"history": [{"item": "T-01", "date": "2024-06-01"}]},
        {"history": (HistoryEntry("T-01", dt.date(2024, 6, 1), Tier.ORDINARY),)},
        "history[0].date",
    ),
    (None, {"violation_date": dt.datetime(2024, 3, 1, 9, 30)}, "violation_date"),
    (None, {"decision_date": "2024-04-01"}, "decision_date"),
    ({"item": ["T-01"]}, {"item": ["T-01"]}, "item"),
    ({"rulebook": 3}, {"rulebook": 3}, "rulebook"),
    (None, {"facts": None}, "facts"),
    (None, {"facts": {**TAX_FACTS, 1: True}}, "facts"),
    (None, {"facts": {**TAX_FACTS, None: True}}, "facts"),
    ({"history": "T-01"}, {"history": "T-01"}, "history"),
    (None, {"history": (("T-01", dt.date(2024, 1, 1)),)}, "history[0]"),
]


@pytest.mark.parametrize(("json_change", "built", "path"), BUILT)
def test_a_request_built_in_python_is_refused_as_parse_request_refuses_it_R_DEC_1(
    json_change: dict[str, Any] | None, built: dict[str, Any], path: str
) -> None:
    """``decide``, ``decide_uncached`` and ``decide_many`` refuse such a request with the error
    ``parse_request`` gives for it, also after the valid request it was made from has been
    decided (its template must not answer it: issue #3, Bad input)."""
    valid = parse_request(tax())
    request = dataclasses.replace(valid, **built)
    expected = None
    if json_change is not None:
        with pytest.raises(DecisionInputError) as parsed:
            parse_request(tax(**json_change))
        expected = parsed.value.to_json()
    for _ in range(2):  # the second time after the valid request's template is kept
        run(tax())
        for answer in (decide, decide_uncached):
            with pytest.raises(DecisionInputError) as err:
                answer(RB, request)
            assert err.value.path == path
            assert err.value.zh
            if expected is not None:
                assert err.value.to_json() == expected
        out = list(decide_many(RB, [valid, request, valid]))
        assert isinstance(out[1], DecisionInputError)
        assert out[1].path == path
        assert [getattr(o, "tier", None) for o in out] == [Tier.NO_PENALTY, None, Tier.NO_PENALTY]


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_number_that_is_not_finite_is_refused_whoever_built_the_request_R_DEC_1(
    value: str,
) -> None:
    """``parse_fact`` refuses such a number; a request built in Python with one is refused
    too, by the generated scan and the engine's own check alike (before, a signalling NaN
    raised ``InvalidOperation`` and an infinity was decided)."""
    valid = parse_request(tax())
    facts = {**valid.facts, "illegal_income_yuan": Decimal(value)}
    request = dataclasses.replace(valid, facts=facts)
    for _ in range(2):  # the second time after the valid request's template is kept
        run(tax())
        for answer in (decide, decide_uncached):
            with pytest.raises(DecisionInputError) as err:
                answer(RB, request)
            assert err.value.path == "facts.illegal_income_yuan"
            assert "有限数值" in err.value.zh
        out = list(decide_many(RB, [valid, request]))
        assert isinstance(out[1], DecisionInputError)


def test_corrective_path_names_the_timely_correction_R_DEC_5() -> None:
    d = run(tax(facts={**TAX_FACTS, "corrected_in_time": False}))
    assert d.tier is not Tier.NO_PENALTY
    assert d.corrective_path is not None
    assert d.corrective_path.changes == (("corrected_in_time", True),)
    assert d.corrective_path.text == "在责令改正期限内改正 → 首违不罚（不予处罚）"


def test_decide_many_yields_errors_in_place() -> None:
    reqs = [
        parse_request(tax()),
        parse_request({**tax(), "item": "NOPE"}),
        parse_request(food(9999)),
    ]
    out = list(decide_many(RB, reqs))
    assert isinstance(out[1], DecisionInputError)
    assert [getattr(o, "tier", None) for o in out] == [Tier.NO_PENALTY, None, Tier.ORDINARY]


# ---------------------------------------------------------------- properties

facts_st = st.fixed_dictionaries(
    {
        "minor": st.booleans(),
        "harm": st.sampled_from(["none", "slight", "general", "serious"]),
        "corrected_in_time": st.booleans(),
        "first_violation": st.booleans(),
        "no_fault_proven": st.booleans(),
        "serious": st.booleans(),
        "food_safety_incident": st.booleans(),
        "truthful_source": st.booleans(),
        "goods_value_yuan": st.integers(0, 100_000),
        "reduced_harm": st.booleans(),
    }
)
day_st = st.dates(dt.date(2022, 1, 1), dt.date(2025, 12, 31))


def _key(d: Any) -> tuple[int, Decimal]:
    return (d.tier.severity, d.fine.proposed if d.fine else Decimal(0))


@settings(max_examples=60, deadline=None)
@given(facts=facts_st, item=st.sampled_from(["F-124", "T-01"]))
def test_adding_a_timely_correction_never_gives_a_heavier_tier_or_higher_proposal(
    facts: dict[str, Any], item: str
) -> None:
    base = {**food(0), "item": item, "facts": {**facts, "corrected_in_time": False}}
    fixed = {**base, "facts": {**facts, "corrected_in_time": True}}
    before, after = run(base), run(fixed)
    assert after.tier.severity <= before.tier.severity
    if after.tier is before.tier and after.fine and before.fine:
        assert after.fine.proposed <= before.fine.proposed


@settings(max_examples=40, deadline=None)
@given(facts=facts_st)
def test_same_input_same_output(facts: dict[str, Any]) -> None:
    req = {**food(0), "facts": facts}
    assert run(req).to_json() == run(dict(req)).to_json()


@settings(max_examples=60, deadline=None)
@given(facts=facts_st, violation=day_st, days=st.integers(0, 900))
def test_old_and_new_result_never_heavier_than_either_version_alone_APL_37(
    facts: dict[str, Any], violation: dt.date, days: int
) -> None:
    decision = violation + dt.timedelta(days=days)
    hist = [{"item": "T-01", "date": (violation - dt.timedelta(days=30)).isoformat()}]
    req = {
        **tax(history=hist),
        "facts": facts,
        "violation_date": violation.isoformat(),
        "decision_date": decision.isoformat(),
    }
    both = run(req)
    at_violation = run({**req, "decision_date": violation.isoformat()})
    # "the decision-date version alone": the same case with the violation moved to the decision date
    at_decision = run(
        {
            **req,
            "violation_date": decision.isoformat(),
            "history": [{"item": "T-01", "date": (decision - dt.timedelta(days=30)).isoformat()}],
        }
    )
    assert _key(both) <= _key(at_violation)
    assert _key(both) <= _key(at_decision)


def test_county_item_inherits_the_statutory_fine_and_counts_the_parent_items_history_R_DEC_3() -> (
    None
):
    req = {**food(200, reduced_harm=True), "item": "C-124", "history": []}
    first = run({**req, "facts": {**req["facts"], "corrected_in_time": True}})
    assert first.tier is Tier.NO_PENALTY
    assert first.rows == ("C-FV",)
    lighter = run(req)
    assert lighter.tier is Tier.LIGHTER  # APL 32 (reduced_harm)
    assert lighter.fine is not None
    assert (lighter.fine.min, lighter.fine.max) == (
        Decimal(50000),
        Decimal(60000),
    )  # county's range
    repeat = run(
        {
            **req,
            "facts": {**req["facts"], "corrected_in_time": True},
            "history": [{"item": "F-124", "date": "2023-09-01", "tier": "lighter"}],
        }
    )
    assert repeat.tier is not Tier.NO_PENALTY


def test_first_violation_may_applies_through_the_items_first_violation_row_only_R_DEC_2() -> None:
    # first violation, slight harm, corrected in time: APL 33 ¶1 sentence 2 ("may not punish")
    facts = {"first_violation": True, "harm": "slight", "corrected_in_time": True}
    # F-124 has no first-violation row: the statutory ground applies even without a list (R-DEC-2)
    national = run({**food(400, **facts), "history": []})
    assert national.tier is Tier.NO_PENALTY
    assert national.clause == "APL 33 first_violation"
    # C-124's row C-FV states the first-violation conditions (goods ≤ 300): at 400 yuan the party
    # falls outside it, so the list (APL 34) and not the bare "may" decides, and C-FV is cited
    county = run({**food(400, **facts), "item": "C-124", "history": []})
    assert county.tier is not Tier.NO_PENALTY
    assert county.rows == ()
    assert county.fine is not None
    assert any("C-FV" in r and "第三十四条" in r for r in county.reasons)
    assert any(c.kind == "row" and "C-FV" in c.label for c in county.citations)
    inside = run({**food(300, **facts), "item": "C-124", "history": []})
    assert inside.tier is Tier.NO_PENALTY
    assert inside.rows == ("C-FV",)
