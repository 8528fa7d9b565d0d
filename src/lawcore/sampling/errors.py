"""Errors of the draw protocol: bad input (refused before anything is drawn) and a failed draw."""

from __future__ import annotations


class DrawInputError(ValueError):
    """An input of the draw is malformed or inconsistent; the message names the line or value."""


class DrawFailure(DrawInputError):
    """The draw cannot complete (an entity has fewer eligible inspectors than `per_entity`)."""
