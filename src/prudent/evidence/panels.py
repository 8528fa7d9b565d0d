"""The 证据（案卷） panel on the case page (R-CASE-7): every item with its hash, size, type, uploader
and time, and the upload form for officers and heads of the case's department."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from prudent.cases.panels import Panel, register
from prudent.evidence import selectors
from prudent.evidence.forms import EvidenceForm
from prudent.evidence.services import human_size, max_bytes


def panel_context(request: HttpRequest, case: Any) -> Mapping[str, Any] | None:
    user = request.user
    if not selectors.can_view_evidence(user):
        return None  # the enterprise does not see the case file
    can_add = selectors.can_add(user, case)
    return {
        "case": case,
        "items": list(selectors.case_evidence(user=user, case=case)),
        "can_add": can_add,
        "form": EvidenceForm() if can_add else None,
        "limit": human_size(max_bytes()),
    }


PANEL = register(
    Panel(
        name="evidence",
        title="证据（案卷）",
        template="evidence/panel.html",
        context=panel_context,
        order=20,
    )
)
