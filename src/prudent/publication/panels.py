"""The publication panel on the case page (R-CASE-12): status, the last day to publish, why a
decision is not published, and for heads the publish / withdraw forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lawcore.workflow import State
from prudent.cases.models import Case
from prudent.cases.panels import Panel, register
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.publication import selectors


def context(request: HttpRequest, case: Any) -> Mapping[str, Any] | None:
    from prudent.publication.services import DECIDED_STATES, due_date, verdict

    user = request.user
    if user_role(user) is None:
        return None
    decided = State(case.state) in DECIDED_STATES and case.decided_on is not None
    pubs = selectors.case_publications(user=user, case=case)
    active = next((p for p in pubs if p.withdrawn_on is None), None)
    refused = verdict(case) if decided else None
    is_head = user_role(user) is Role.HEAD and (
        Case.objects.restrict(user, Action.CHANGE).filter(pk=case.pk).exists()
    )
    today = timezone.localdate()
    due = due_date(case) if decided else None
    return {
        "case": case,
        "decided": decided,
        "active": active,
        "history": [p for p in pubs if p.withdrawn_on is not None],
        "refused": refused,
        "due": due,
        "overdue": bool(due and active is None and refused is None and due < today),
        "can_publish": is_head and decided and refused is None and active is None,
        "can_withdraw": is_head and active is not None,
        "today": today,
        "withdraw_kinds": [
            ("decision_changed", "决定被变更、撤销或确认违法、无效"),
            ("other", "其他原因"),
        ],
    }


register(
    Panel(
        name="publication",
        title="行政处罚决定公开",
        template="publication/panel.html",
        context=context,
        order=90,
    )
)
