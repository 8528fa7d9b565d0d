"""The generated functions of ``lawcore.decision.compiled`` (issue #3, Performance; R-DEC-1):
the one-pass scan against the separate check and grid it stands for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lawcore.decision import DecisionInputError, engine
from lawcore.decision.compiled import Scan, compile_scan
from lawcore.decision.index import compile_condition
from lawcore.rulebook.conditions import All, Cmp, In, Op, Scalar
from lawcore.rulebook.facts import CORE_FACTS

SPECS = {name: CORE_FACTS[name] for name in ("party_kind", "age", "harm", "corrected_in_time")}
PLAIN = (
    In("party_kind", ("organisation",)),
    Cmp("age", Op.LT, Decimal(18)),
    All((Cmp("corrected_in_time", Op.EQ, True), In("harm", ("none", "slight")))),
)
DIRECT = ("corrected_in_time", "harm", "no_fault_proven")


def _age(birth: dt.date, violation: dt.date) -> Decimal:
    if violation < birth:
        raise ValueError("born after the violation")
    return Decimal(violation.year - birth.year)


def _scan() -> Scan:
    return compile_scan(PLAIN, (), SPECS, compile_condition, DIRECT, ("party_kind", "age", _age))


def test_the_scan_reads_the_facts_the_engine_sets_only_after_writing_them_R_DEC_1() -> None:
    # the request names a party kind of its own; the engine's (the request's party_kind
    # field) is what conditions see, and the age comes from the birth date
    facts: dict[str, Scalar] = {"party_kind": "citizen", "corrected_in_time": True, "harm": "none"}
    scanned = _scan()(facts, "organisation", dt.date(2010, 1, 1), dt.date(2025, 6, 1))
    assert scanned is not None
    grid, direct = scanned
    assert facts["party_kind"] == "organisation"
    assert facts["age"] == Decimal(15)
    assert grid == tuple({True: 2, None: 1, False: 0}[engine._tv(c, facts)] for c in PLAIN)
    assert grid == (2, 2, 2)
    assert direct == (True, "none", None)


def test_the_scan_refuses_what_the_check_refuses_and_writes_nothing_R_DEC_1() -> None:
    bad_facts: tuple[dict[str, Scalar], ...] = (
        {"harm": "catastrophic"},
        {"corrected_in_time": Decimal(1)},
        {"unknown": True},
    )
    for bad in bad_facts:
        ((name, value),) = bad.items()
        if name in SPECS:  # the engine's own check refuses it (an unknown name: no spec at all)
            with pytest.raises(DecisionInputError):
                engine._check_fact(name, value, SPECS[name])
        facts: dict[str, Scalar] = dict(bad)
        assert _scan()(facts, "citizen", None, dt.date(2025, 6, 1)) is None
        assert facts == bad


def test_the_scan_lets_the_age_error_reach_the_caller_R_DEC_1() -> None:
    # as the engine's own check does: the age is computed outside the "refuse on any error"
    with pytest.raises(ValueError, match="born after"):
        _scan()({}, "citizen", dt.date(2026, 1, 1), dt.date(2025, 6, 1))


def test_an_absent_fact_leaves_its_conditions_unknown_and_its_direct_value_none_R_DEC_1() -> None:
    scanned = _scan()({}, "citizen", None, dt.date(2025, 6, 1))
    assert scanned == ((0, 1, 1), (None, None, None))
