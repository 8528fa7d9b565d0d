from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from prudent.accounts.models import User
from prudent.core.permissions import Action


def people_list(*, user: Any) -> QuerySet[User]:
    return (
        User.objects.restrict(user, Action.VIEW)
        .select_related("department", "unit", "entity")
        .order_by("department__name", "username")
    )
