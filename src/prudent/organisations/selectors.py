from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from prudent.core.permissions import Action
from prudent.organisations.models import Department, Unit


def department_list(*, user: Any) -> QuerySet[Department]:
    return (
        Department.objects.restrict(user, Action.VIEW)
        .select_related("government")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
    )
