"""Panels on the case page contributed by other apps (evidence, documents, execution, publication,
follow-ups), so that each app owns its part of the page and the cases app stays small.

An app registers a `Panel` in its `AppConfig.ready()` (or at import of its `panels.py` module,
imported from `ready()`); the case page renders every registered panel whose `context` returns
a mapping (None hides the panel, e.g. for a role that may not see it). Panels render in `order`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    template: str
    #: (request, case) → the template's context, or None to hide the panel for this request.
    context: Callable[[HttpRequest, Any], Mapping[str, Any] | None]
    order: int = 100


PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if any(p.name == panel.name for p in PANELS):
        return panel  # ready() may run twice in tests; keep the first registration
    PANELS.append(panel)
    PANELS.sort(key=lambda p: (p.order, p.name))
    return panel


def rendered_panels(request: HttpRequest, case: Any) -> list[dict[str, Any]]:
    out = []
    for panel in PANELS:
        ctx = panel.context(request, case)
        if ctx is not None:
            out.append(
                {
                    "name": panel.name,
                    "title": panel.title,
                    "template": panel.template,
                    "context": ctx,
                }
            )
    return out
