"""Who acts in a service call: a signed-in user, or the platform itself named by a string (the demo
loader, the CLI, a draw opening its tasks for an already-checked user). Services take either, so
permission checks apply to users only and records name both the same way."""

from __future__ import annotations

from typing import Any


def is_user(actor: Any) -> bool:
    """A signed-in user (permission checks apply), not a string naming the platform."""
    return (
        not isinstance(actor, str)
        and actor is not None
        and bool(getattr(actor, "is_authenticated", False))
    )


def actor_name(actor: Any) -> str:
    """The name stored in `…_by` fields: a user's username, the string itself, or "system"."""
    return str(getattr(actor, "username", actor) or "system")
