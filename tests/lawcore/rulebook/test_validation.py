"""Set-level checks: hierarchy (R-LIST-4), overlaps, gaps and APL 33 contradictions, with Hypothesis
for "every accepted refinement lies inside its parent"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.rulebook import errors as rules
from lawcore.rulebook.loader import load_text, parse_text
from lawcore.rulebook.model import RulebookSet, Tier
from lawcore.rulebook.validation import check, effective_tiers

from .helpers import PARENT, child


def _check(child_text: str) -> tuple[set[str], list[str]]:
    parent = load_text(PARENT, "prov.yaml")
    book, errs = parse_text(child_text, "county.yaml")
    assert not errs
    assert book is not None
    report = check([parent, book])
    return {e.rule for e in report.errors}, [str(e) for e in report.errors]


def test_a_county_range_outside_its_parent_is_rejected_R_LIST_4() -> None:
    found, messages = _check(child(lighter_min=50000, lighter_max=70000))
    assert rules.RANGE_OUTSIDE_PARENT in found
    assert any("C-124" in m and "lighter" in m and "65000" in m for m in messages)


def test_a_county_range_inside_its_parent_is_accepted_R_LIST_4() -> None:
    assert _check(child(50000, 60000)) == (set(), [])


def test_a_refined_row_must_imply_the_parent_row_R_LIST_4() -> None:
    found, messages = _check(child(cap=800))
    assert found == {rules.CONDITION_WIDER}
    assert any("Y-1" in m and "500 < goods_value_yuan < 800" in m for m in messages)


def test_a_child_of_a_higher_or_equal_level_is_rejected_R_LIST_4() -> None:
    found, _ = _check(child().replace("level: county", "level: province"))
    assert rules.PARENT_LEVEL in found


def test_a_row_refining_a_missing_parent_row_is_rejected_R_LIST_4() -> None:
    found, _ = _check(child().replace("refines: prov:R-1", "refines: prov:R-9"))
    assert rules.UNKNOWN_REFINED in found


def test_an_unknown_fact_is_rejected() -> None:
    found, _ = _check(
        child().replace("first_violation: true, corrected", "first_time: true, corrected")
    )
    assert rules.UNKNOWN_FACT in found


OVERLAP = PARENT.replace(
    "            conditions: [{first_violation: true, corrected_in_time: true}, {fact: goods_value_yuan, le: 500}]\n",
    "            conditions: [{first_violation: true, corrected_in_time: true}, {fact: goods_value_yuan, le: 500}]\n"
    "          - id: R-2\n"
    "            kind: lighter\n"
    "            text: 主动消除危害后果\n"
    "            conditions: {reduced_harm: true}\n",
)


def test_a_deliberately_overlapping_row_is_reported() -> None:
    report = check([load_text(OVERLAP, "prov.yaml")])
    overlaps = [f for f in report.findings if f.kind == "overlap"]
    assert len(overlaps) == 1
    assert overlaps[0].rows == ("R-1", "R-2")
    assert "reduced_harm = true" in overlaps[0].example
    assert "goods_value_yuan" in overlaps[0].example
    assert not report.ok


def test_disjoint_rows_are_not_an_overlap() -> None:
    text = OVERLAP.replace(
        "conditions: {reduced_harm: true}",
        "conditions: [{reduced_harm: true}, {fact: goods_value_yuan, gt: 500}]",
    )
    assert check([load_text(text, "prov.yaml")]).findings == ()


def test_a_lighter_row_where_apl_33_forbids_a_penalty_is_reported() -> None:
    text = OVERLAP.replace(
        "conditions: {reduced_harm: true}",
        "conditions: {minor: true, corrected_in_time: true, harm: [none, slight]}",
    )
    findings = [f for f in check([load_text(text, "prov.yaml")]).findings if f.kind == "apl33"]
    assert findings
    assert "第三十三条" in findings[0].message
    assert "harm = none" in findings[0].example


def test_fine_brackets_that_leave_a_gap_are_rejected() -> None:
    text = PARENT.replace(
        "{fact: goods_value_yuan, ge: 10000}", "{fact: goods_value_yuan, gt: 10000}"
    )
    report = check([load_text(text, "prov.yaml")])
    assert [e.rule for e in report.errors] == [rules.FINE_BRACKETS]
    assert "goods_value_yuan = 10000" in report.errors[0].message


@settings(max_examples=40, deadline=None)
@given(
    low=st.integers(min_value=40000, max_value=70000),
    width=st.integers(min_value=0, max_value=30000),
    cap=st.integers(min_value=0, max_value=1000),
)
def test_every_accepted_refinement_lies_inside_its_parent_R_LIST_4(
    low: int, width: int, cap: int
) -> None:
    parent = load_text(PARENT, "prov.yaml")
    book, errs = parse_text(child(low, low + width, cap), "county.yaml")
    if errs or book is None:
        return  # outside the statute: rejected by the loader
    report = check([parent, book])
    if report.errors:
        return
    books = RulebookSet((parent, book))
    item = books.resolve_item(book, book.versions[0].items[0])
    parent_item = parent.versions[0].items[0]
    mine = effective_tiers(book, item, 0)
    theirs = effective_tiers(parent, parent_item, 0)
    assert mine is not None
    assert theirs is not None
    for tier in (Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER, Tier.MITIGATED):
        a, b = mine.for_tier(tier), theirs.for_tier(tier)
        assert a is None or (b is not None and a.within(b))
    assert cap <= 500
