"""Reading facts from a fact mapping (the vocabulary of docs/facts.md) with clear errors."""

from __future__ import annotations

from collections.abc import Mapping

from lawcore.law.errors import InvalidFactError

HARM_LEVELS: tuple[str, ...] = ("none", "slight", "general", "serious")

Facts = Mapping[str, object]


def bool_fact(facts: Facts, name: str) -> bool | None:
    """The boolean fact `name`, or None when it is absent (None also counts as absent)."""
    value = facts.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidFactError(name, value, "true or false")
    return value


def harm_fact(facts: Facts, name: str = "harm") -> str | None:
    """The harm level, one of none / slight / general / serious, or None when absent."""
    value = facts.get(name)
    if value is None:
        return None
    if value not in HARM_LEVELS:
        raise InvalidFactError(name, value, "one of " + ", ".join(HARM_LEVELS))
    return str(value)
