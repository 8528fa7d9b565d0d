"""The execution panel on the case page (R-CASE-9, R-CASE-10, R-CASE-11): shown once a decision
exists; the forms only to officers and the head of the case's department."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lawcore.decision.engine import TIER_ZH
from lawcore.rulebook.model import Tier
from prudent.cases.panels import Panel, register
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.execution.models import (
    ConfiscatedItem,
    DecisionCorrection,
    Payment,
    PaymentArrangement,
    ReviewPeriod,
)
from prudent.execution.selectors import execution_summary
from prudent.execution.services import APPROVERS, RECORDERS


def _context(request: HttpRequest, case: Any) -> Mapping[str, Any] | None:
    if case.decision is None:
        return None
    role = user_role(request.user)
    can_change = (
        type(case).objects.restrict(request.user, Action.CHANGE).filter(pk=case.pk).exists()
    )
    summary = execution_summary(case, timezone.localdate())
    return {
        "case": case,
        "x": summary,
        "can_record": can_change and role in RECORDERS,
        "can_approve": can_change and role in APPROVERS,
        "payment_kinds": Payment.Kind.choices,
        "arrangement_kinds": PaymentArrangement.Kind.choices,
        "review_kinds": ReviewPeriod.Kind.choices,
        "correction_kinds": DecisionCorrection.Kind.choices,
        "disposals": ConfiscatedItem.Disposal.choices,
        "tiers": [
            (t.value, z)
            for t, z in TIER_ZH.items()
            if t not in (Tier.NO_PENALTY, Tier.NOT_PUNISHABLE)
        ],
        "today": timezone.localdate(),
        "is_enterprise": role is Role.ENTERPRISE,
    }


register(
    Panel(
        name="execution",
        title="执行与决定的纠正",
        template="execution/panel.html",
        context=_context,
        order=60,
    )
)
