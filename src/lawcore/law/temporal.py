"""APL 37: 从旧兼从轻 — the rules in force at the violation, unless the rules in force at the decision
are lighter (or no longer treat the act as a violation).

`lighter_of_old_and_new` is generic: `evaluate_at(d)` evaluates the case under the rules in force on
date `d` and returns a result, or None when no rule was in force then. `severity_key(result)` orders
results: a smaller key is lighter. A repeal that makes the act lawful should be returned by
`evaluate_at` as an explicit lightest result (e.g. "not a violation"), not as None.

The old rules apply unless the new result is strictly lighter; on a tie the old rules are used.
When only one date has rules in force, that one is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from lawcore.law.citations import Citation, apl
from lawcore.law.errors import LawError

T = TypeVar("T")


class Applied(StrEnum):
    OLD = "old"  # rules in force when the violation occurred
    NEW = "new"  # rules in force when the decision is made


@dataclass(frozen=True, slots=True)
class TemporalChoice(Generic[T]):
    result: T
    applied: Applied
    applied_date: date
    old: T | None
    new: T | None
    reason: str
    citation: Citation


def lighter_of_old_and_new(
    evaluate_at: Callable[[date], T | None],
    violation_date: date,
    decision_date: date,
    severity_key: Callable[[T], tuple[Any, ...]],
) -> TemporalChoice[T]:
    """Evaluate under the rules at both dates and return the one APL 37 applies."""
    if decision_date < violation_date:
        raise LawError(f"decision_date {decision_date} is before violation_date {violation_date}")
    citation = apl(37, 1)
    old = evaluate_at(violation_date)
    new = old if decision_date == violation_date else evaluate_at(decision_date)
    if old is None and new is None:
        raise LawError(
            f"no rule in force on the violation date {violation_date} "
            f"nor on the decision date {decision_date}"
        )
    if new is None:
        assert old is not None
        return TemporalChoice(
            old,
            Applied.OLD,
            violation_date,
            old,
            new,
            "作出处罚决定时无相应规定，适用违法行为发生时的规定。",
            citation,
        )
    if old is None:
        return TemporalChoice(
            new,
            Applied.NEW,
            decision_date,
            old,
            new,
            "违法行为发生时无相应规定，适用作出处罚决定时的规定。",
            citation,
        )
    if severity_key(new) < severity_key(old):
        return TemporalChoice(
            new,
            Applied.NEW,
            decision_date,
            old,
            new,
            "作出处罚决定时规定已被修改或者废止，且新的规定处罚较轻，依照从旧兼从轻原则适用新的规定。",
            citation,
        )
    return TemporalChoice(
        old,
        Applied.OLD,
        violation_date,
        old,
        new,
        "适用违法行为发生时的规定；作出处罚决定时的规定处罚不轻于原规定。",
        citation,
    )
