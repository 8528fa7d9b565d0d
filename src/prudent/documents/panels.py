"""The 文书 panel on the case page: the case's documents (number, kind, date, downloads, service
status), the kinds that may be generated now, and the service form (R-CASE-8)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from lawcore.workflow import ServiceMethod
from prudent.cases.panels import Panel, register
from prudent.cases.services import HANDLER_ROLES
from prudent.core.permissions import Action, user_role


def panel_context(request: HttpRequest, case: Any) -> Mapping[str, Any] | None:
    from prudent.cases.models import Case
    from prudent.documents import selectors, services

    user = request.user
    documents = list(selectors.case_documents(user=user, case=case))
    can_write = (
        user_role(user) in HANDLER_ROLES
        and Case.objects.restrict(user, Action.CHANGE).filter(pk=case.pk).exists()
    )
    if not documents and not can_write:
        return None
    return {
        "case": case,
        "documents": documents,
        "can_write": can_write,
        "available": list(services.kinds_available(case).items()) if can_write else [],
        "methods": [(m.value, m.label) for m in ServiceMethod],
    }


register(
    Panel(
        name="documents",
        title="文书",
        template="documents/panel.html",
        context=panel_context,
        order=20,
    )
)
