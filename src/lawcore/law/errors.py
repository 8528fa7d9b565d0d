"""Errors raised by `lawcore.law`. All are `ValueError`s so callers can map them to HTTP 422 / exit 2."""

from __future__ import annotations

from collections.abc import Iterable


class LawError(ValueError):
    """Bad input to a rule of the law (a date out of order, a negative amount, an unknown value)."""


class MissingFactError(LawError):
    """A fact the rule needs was not given. `facts` names the missing facts, sorted."""

    def __init__(self, facts: Iterable[str], rule: str) -> None:
        self.facts: tuple[str, ...] = tuple(sorted(set(facts)))
        self.rule = rule
        super().__init__(f"missing fact(s) {', '.join(self.facts)} needed by {rule}")


class InvalidFactError(LawError):
    """A fact was given with a value of the wrong type or outside its allowed values."""

    def __init__(self, fact: str, value: object, expected: str) -> None:
        self.fact = fact
        self.value = value
        super().__init__(f"fact {fact!r} must be {expected}, got {value!r}")


class ThresholdError(LawError):
    """No (or more than one) parameter row applies, or a parameter row is malformed."""
