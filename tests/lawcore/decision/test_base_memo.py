"""The situation memo and the base amounts of a fine in multiples (issue #3, Performance;
R-DEC-1). When one rulebook version decides, requests that differ only in such an amount share
one template, which keeps the fine unmultiplied. The one place where the amount could still
change more than the fine is the corrective path: when two changes of the same size reach the
same lighter tier, the lower proposal chooses, and one proposal may grow with the amount while
the other stays put. Such a situation is kept per amount. The shipped rulebooks have no such
item, so this one is made for the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import MappingProxyType

from lawcore.decision import DecisionRequest, decide, engine
from lawcore.decision.engine import decide_uncached
from lawcore.decision.index import index_of
from lawcore.rulebook import RulebookSet, load_text
from lawcore.rulebook.conditions import Scalar

CONTESTED = """
id: t-contested
name: 测试改正路径
authority: 测试市场监督管理局
level: province
division_code: "430000"
field: market_regulation
versions:
  - version: v1
    effective_from: "2024-01-01"
    published_on: "2023-12-01"
    status: published
    items:
      - code: C-1
        name: 测试事项（改正后按固定数额，否则按货值倍数）
        violated: [{law: 中华人民共和国食品安全法, article: 34}]
        penalty_provision: {law: 中华人民共和国食品安全法, article: 124, paragraph: 1}
        penalties: [{kind: fine}]
        fine:
          - {when: {corrected_in_time: true}, yuan: {min: 1000, max: 2000}}
          - {when: {corrected_in_time: false}, multiple: {base: goods_value_yuan, min: 1, max: 2}}
        rows:
          - {id: R-1, kind: lighter, text: 在责令改正期限内改正的, conditions: {corrected_in_time: true}}
"""


def _set() -> RulebookSet:
    return RulebookSet((load_text(CONTESTED, "t-contested.yaml"),))


def _request(goods: str) -> DecisionRequest:
    facts: dict[str, Scalar] = {
        "minor": False,
        "harm": "general",
        "corrected_in_time": False,
        "reduced_harm": False,
        "first_violation": False,
        "no_fault_proven": False,
        "goods_value_yuan": Decimal(goods),
    }
    return DecisionRequest(
        item="C-1",
        party_kind="organisation",
        facts=MappingProxyType(facts),
        violation_date=dt.date(2025, 3, 1),
        decision_date=dt.date(2025, 3, 20),
    )


def test_a_corrective_path_chosen_by_the_base_amount_is_kept_per_amount_R_DEC_1() -> None:
    # corrected in time: lighter, 1,000–1,300 yuan, proposal 1,150 whatever the goods' value;
    # harm reduced (APL 32): lighter, 1–1.3 times the goods' value. Which change the path names
    # depends on that value, so the template must not be shared across it
    rb = _set()
    cheap, dear = _request("500"), _request("5000")
    for request in (cheap, dear, cheap, dear):
        fast, reference = decide(rb, request), decide_uncached(rb, request)
        assert fast == reference
        assert fast.to_json() == reference.to_json()
    assert decide(rb, cheap).corrective_path is not None
    assert decide(rb, dear).corrective_path is not None
    assert decide(rb, cheap).corrective_path.changes == (("reduced_harm", True),)  # type: ignore[union-attr]
    assert decide(rb, dear).corrective_path.changes == (("corrected_in_time", True),)  # type: ignore[union-attr]
    entries = list(index_of(rb).memo.values())
    assert any(isinstance(e, engine._ByBase) for e in entries)


def test_a_fine_in_multiples_shares_one_template_across_amounts_R_DEC_1() -> None:
    # the same item once the path is settled (corrected in time: no change left but reducing
    # harm, one candidate): one template answers every goods' value, each with its own fine
    rb = _set()
    index_of(rb).memo.clear()
    requests = [
        _request(goods).with_facts(reduced_harm=True)
        for goods in ("500", "777.77", "5000", "90000")
    ]
    for request in requests:
        assert decide(rb, request) == decide_uncached(rb, request)
        assert decide(rb, request).to_json() == decide_uncached(rb, request).to_json()
    templates = [e for e in index_of(rb).memo.values() if isinstance(e, engine._Template)]
    assert len(templates) == 1
    assert templates[0].scale is not None
    fines = {decide(rb, r).fine for r in requests}
    assert len(fines) == 4
