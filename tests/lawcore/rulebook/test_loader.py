"""The strict loader: every rule broken is an error naming the file, the item and the rule (R-LIST-4,
R-LIST-5, DESIGN.md "Legal data"); all errors are reported, not just the first."""

from __future__ import annotations

import pytest

from lawcore.rulebook import errors as rules
from lawcore.rulebook.canonical import digest
from lawcore.rulebook.loader import load_text, parse_text
from lawcore.rulebook.model import ListKind, NoPenaltyPart, Status

from .helpers import PARENT


def _errors(text: str) -> list[rules.RulebookError]:
    _book, errs = parse_text(text, "x/rulebook.yaml")
    return list(errs)


def _rules(text: str) -> set[str]:
    return {e.rule for e in _errors(text)}


def test_a_valid_rulebook_loads_with_rows_and_digest_R_LIST_3() -> None:
    book = load_text(PARENT, "prov.yaml")
    version = book.versions[0]
    item = version.item("P-124")
    assert item is not None
    assert item.rows[0].kind is ListKind.NO_PENALTY
    assert item.rows[0].part is NoPenaltyPart.FIRST_VIOLATION
    assert version.status is Status.PUBLISHED
    assert len(version.digest) == 64
    assert version.digest == digest(version)


def test_the_digest_changes_when_a_threshold_changes_R_LIST_7() -> None:
    a = load_text(PARENT, "a").versions[0].digest
    b = load_text(PARENT.replace("le: 500", "le: 400"), "b").versions[0].digest
    assert a != b


def test_unknown_key_names_file_item_and_rule() -> None:
    errs = _errors(
        PARENT.replace(
            "        penalties: [fine]", "        penalties: [fine]\n        colour: red"
        )
    )
    assert [e.rule for e in errs] == [rules.UNKNOWN_KEY]
    assert errs[0].item == "P-124"
    assert errs[0].source == "x/rulebook.yaml"
    assert "colour" in str(errs[0])
    assert "x/rulebook.yaml" in str(errs[0])


def test_unknown_key_in_a_row_names_the_row() -> None:
    errs = _errors(
        PARENT.replace(
            "            kind: no_penalty", "            kind: no_penalty\n            colour: red"
        )
    )
    assert errs[0].rule == rules.UNKNOWN_KEY
    assert errs[0].row == "R-1"
    assert errs[0].item == "P-124"


@pytest.mark.parametrize("bad", ["2024-02-30", "2024/01/01", "next year"])
def test_bad_dates_are_rejected(bad: str) -> None:
    assert rules.BAD_DATE in _rules(
        PARENT.replace('effective_from: "2024-01-01"', f'effective_from: "{bad}"')
    )


def test_effective_to_before_effective_from_is_a_bad_date() -> None:
    text = PARENT.replace(
        'effective_from: "2024-01-01"',
        'effective_from: "2024-01-01"\n    effective_to: "2023-12-31"',
    )
    assert rules.BAD_DATE in _rules(text)


def test_overlapping_published_versions_are_rejected() -> None:
    second = (
        PARENT.split("versions:\n")[1]
        .replace("version: v1", "version: v2")
        .replace("2024-01-01", "2024-06-01")
    )
    text = PARENT + second
    errs = [e for e in _errors(text) if e.rule == rules.VERSION_OVERLAP]
    assert errs
    assert "v1" in errs[0].message
    assert "v2" in errs[0].message


def test_versions_that_follow_each_other_do_not_overlap() -> None:
    first = PARENT.replace(
        'effective_from: "2024-01-01"',
        'effective_from: "2024-01-01"\n    effective_to: "2024-05-31"',
    )
    second = (
        PARENT.split("versions:\n")[1]
        .replace("version: v1", "version: v2")
        .replace("2024-01-01", "2024-06-01")
    )
    assert _errors(first + second) == []


def test_a_range_outside_the_statute_is_rejected_R_LIST_6() -> None:
    text = PARENT.replace(
        "        rows:\n",
        "        benchmark:\n          tier_ranges: [{tier: lighter, min: 40000, max: 60000}]\n        rows:\n",
        1,
    )
    errs = [e for e in _errors(text) if e.rule == rules.RANGE_OUTSIDE_STATUTE]
    assert errs
    assert errs[0].item == "P-124"
    assert "[50000, 100000]" in errs[0].message


def test_an_emergency_price_item_on_a_lenient_list_is_rejected_R_LIST_5() -> None:
    text = PARENT.replace(
        "        penalties: [fine]", "        tags: [emergency_price]\n        penalties: [fine]"
    )
    errs = [e for e in _errors(text) if e.rule == rules.EXCLUDED_ON_LIST]
    assert len(errs) == 1
    assert errs[0].item == "P-124"
    assert "emergency_price" in errs[0].message
    assert "R-LIST-5" in str(errs[0])


def test_an_excluded_item_without_rows_is_accepted_R_LIST_5() -> None:
    text = PARENT.replace(
        "        penalties: [fine]", "        tags: [emergency_price]\n        penalties: [fine]"
    )
    text = text.split("        rows:")[0]
    assert _errors(text) == []


def test_every_error_is_reported_not_just_the_first() -> None:
    text = PARENT.replace('effective_from: "2024-01-01"', 'effective_from: "2024-13-01"').replace(
        "        penalties: [fine]",
        "        penalties: [fine]\n        colour: red\n        tags: [high_risk]",
    )
    assert {rules.BAD_DATE, rules.UNKNOWN_KEY} <= _rules(text)


def test_malformed_yaml_and_duplicate_keys_are_yaml_errors() -> None:
    assert _rules("id: [unclosed") == {rules.YAML}
    assert _rules(PARENT.replace("name: 省级测试规则", "name: a\nname: b")) == {rules.YAML}


def test_a_no_penalty_row_needs_its_part_R_LIST_2() -> None:
    assert rules.MISSING_KEY in _rules(PARENT.replace("            part: first_violation\n", ""))


def test_a_malformed_condition_is_rejected() -> None:
    assert rules.BAD_VALUE in _rules(
        PARENT.replace("{fact: goods_value_yuan, le: 500}", "{fact: goods_value_yuan, about: 500}")
    )


def test_based_on_builds_a_full_snapshot() -> None:
    second = """
  - version: v2
    based_on: v1
    effective_from: "2025-01-01"
    published_on: "2024-12-20"
    status: draft
    items:
      - code: P-NEW
        name: 新事项
        violated: [{law: 广告法, article: 9}]
"""
    book = load_text(
        PARENT.replace(
            'published_on: "2023-12-20"',
            'published_on: "2023-12-20"\n    effective_to: "2024-12-31"',
        )
        + second,
        "x",
    )
    v2 = book.version("v2")
    assert v2 is not None
    assert {i.code for i in v2.items} == {"P-124", "P-NEW"}
