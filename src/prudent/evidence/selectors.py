"""Reading evidence, always through `EvidenceItem.objects.restrict(user, action)`: department roles
their department's cases, the judicial bureau all (read-only), an enterprise none (docs/evidence.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from prudent.cases.models import Case
from prudent.core.errors import NotFound
from prudent.core.permissions import Action, scope_q, user_role
from prudent.evidence.models import EvidenceItem
from prudent.evidence.services import ADDERS


def can_view_evidence(user: Any) -> bool:
    return scope_q(EvidenceItem, user, Action.VIEW) is not None


def can_add(user: Any, case: Case) -> bool:
    """Whether `user` may add evidence to `case` (the form is shown only then)."""
    return (
        user_role(user) in ADDERS
        and getattr(user, "department_id", None) == case.department_id
        and case.state_enum.is_open
    )


def case_evidence(*, user: Any, case: Case) -> QuerySet[EvidenceItem]:
    return (
        EvidenceItem.objects.restrict(user, Action.VIEW)
        .filter(case=case)
        .select_related("uploaded_by")
        .order_by("seq")
    )


def evidence_detail(*, user: Any, pk: object) -> EvidenceItem:
    try:
        pk_int = int(str(pk))
    except ValueError:
        raise NotFound("证据不存在。") from None
    item = (
        EvidenceItem.objects.restrict(user, Action.VIEW)
        .select_related("case")
        .filter(pk=pk_int)
        .first()
    )
    if item is None:
        raise NotFound("证据不存在或不在您的查看范围内。")
    return item
