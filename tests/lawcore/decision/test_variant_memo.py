"""The corrective path's variant memo (issue #3, Performance; R-DEC-1): a variant — the request
with a correction the party can still make — is kept under its request's situation without the
base amounts of a fine in multiples of a base, when one rulebook version decides. These tests
hold the two limits of that rule: with two versions APL 37 compares the amounts, so they stay
in the key; and whether the base is given at all stays in the key (a missing base is an error)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import MappingProxyType

from lawcore.decision import DecisionInputError, DecisionRequest, decide, engine
from lawcore.decision.engine import decide_uncached
from lawcore.decision.index import index_of
from lawcore.rulebook import RulebookSet, load_text
from lawcore.rulebook.conditions import Scalar

ITEM = """
      - code: S-1
        name: 测试事项（罚款以货值金额计）
        violated: [{law: 中华人民共和国食品安全法, article: 34}]
        penalty_provision: {law: 中华人民共和国食品安全法, article: 124, paragraph: 1}
        penalties: [{kind: fine}]
        fine:
          - %s
        rows:
          - {id: R-1, kind: lighter, text: 在责令改正期限内改正的, conditions: {corrected_in_time: true}}
"""
SCALE = (
    """
id: t-scale
name: 测试倍数罚款
authority: 测试市场监督管理局
level: province
division_code: "430000"
field: market_regulation
versions:
  - version: v1
    effective_from: "2024-01-01"
    effective_to: "2024-12-31"
    published_on: "2023-12-01"
    status: published
    items:"""
    + ITEM % "{yuan: {min: 5000, max: 10000}}"
    + """
  - version: v2
    effective_from: "2025-01-01"
    published_on: "2024-12-01"
    status: published
    items:"""
    + ITEM % "{multiple: {base: goods_value_yuan, min: 1, max: 2}}"
)


def _set() -> RulebookSet:
    return RulebookSet((load_text(SCALE, "t-scale.yaml"),))


def _request(violation: str, decision: str, goods: str | None) -> DecisionRequest:
    facts: dict[str, Scalar] = {
        "minor": False,
        "harm": "general",
        "corrected_in_time": False,
        "first_violation": False,
        "no_fault_proven": False,
    }
    if goods is not None:
        facts["goods_value_yuan"] = Decimal(goods)
    return DecisionRequest(
        item="S-1",
        party_kind="organisation",
        facts=MappingProxyType(facts),
        violation_date=dt.date.fromisoformat(violation),
        decision_date=dt.date.fromisoformat(decision),
    )


def _answer(rb: RulebookSet, request: DecisionRequest, *, fast: bool) -> object:
    try:
        decision = decide(rb, request) if fast else decide_uncached(rb, request)
    except DecisionInputError as exc:
        return exc.to_json()
    return decision.to_json()


def _variant_of(rb: RulebookSet, request: DecisionRequest) -> object:
    """The corrected variant (``corrected_in_time`` true) as the memo answers it."""
    index = index_of(rb)
    book = engine._resolve(rb, request)
    info = engine._item_info(index, book, request.item)
    facts, _, situation = engine._checked_situation(
        index, engine._route(index, rb, request), request
    )
    assert situation is not None
    changes = {"corrected_in_time": True}
    checked = engine._changed((book, info, facts), changes)
    assert checked is not None
    found = engine._variant_cached(rb, request.with_facts(**changes), checked, situation)
    return None if found is None else (found.tier, found.fine, found.clause, found.rows)


def _reference_variant(rb: RulebookSet, request: DecisionRequest) -> object:
    try:
        found = engine._variant(rb, request.with_facts(corrected_in_time=True))
    except DecisionInputError:
        return None
    return found.tier, found.fine, found.clause, found.rows


def test_with_two_versions_the_variant_memo_keeps_the_amounts_apart_APL_37_R_DEC_1() -> None:
    # violated under v1 (a fixed range), decided under v2 (once to twice the goods' value): which
    # version is lighter for the corrected variant depends on the goods' value (APL 37)
    rb = _set()
    small = _request("2024-06-01", "2025-02-01", "1000")
    large = _request("2024-06-01", "2025-02-01", "100000")
    small_variant, large_variant = _variant_of(rb, small), _variant_of(rb, large)
    assert small_variant == _reference_variant(rb, small)
    assert large_variant == _reference_variant(rb, large)
    assert small_variant != large_variant  # the new rule applies to one, the old to the other
    for request in (small, large):
        assert _answer(rb, request, fast=True) == _answer(rb, request, fast=False)


def test_with_one_version_the_variant_memo_scales_the_fine_and_knows_a_missing_base_R_DEC_1() -> (
    None
):
    rb = _set()
    given = [_request("2025-02-01", "2025-03-01", v) for v in ("1000", "2500.50", "100000")]
    missing = _request("2025-02-01", "2025-03-01", None)
    for request in (*given, missing):
        assert _variant_of(rb, request) == _reference_variant(rb, request)
        assert _answer(rb, request, fast=True) == _answer(rb, request, fast=False)
    assert _variant_of(rb, missing) is None  # the corrected request lacks the base: no path
    fines = {_variant_of(rb, request)[1] for request in given}  # type: ignore[index]
    assert len(fines) == 3  # one memo entry, each request's own fine
