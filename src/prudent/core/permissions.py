"""Row-level scope: `restrict(user, action)` on every selector (DESIGN.md 'Permissions').

A model says how its rows relate to a department, a jurisdiction or an entity by setting
`scope_department`, `scope_entity` (ORM paths) or by defining `scope_q(user, action)`. The rule is
the same everywhere: admins see and change all; the judicial bureau sees every department and
changes nothing; department roles see and act in their own department; an enterprise user sees only
rows of its own entity; anyone else sees nothing. Anything not allowed is an empty queryset, never
an exception, so a forgotten check cannot leak rows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from prudent.core.roles import DEPARTMENT_ROLES, Capability, Role, role_can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


def user_role(user: Any) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    raw = getattr(user, "role", "")
    try:
        return Role(raw)
    except ValueError:
        return None


def scope_q(model: type[models.Model], user: Any, action: Action | str) -> Q | None:
    """The filter for `user` doing `action` on `model`; None means 'no rows at all'."""
    action = Action(action)
    role = user_role(user)
    if role is None:
        return None
    if role is Role.ADMIN:
        return Q()
    custom = getattr(model, "scope_q", None)
    if custom is not None:
        result: Q | None = custom(user, role, action)
        return result
    if role is Role.SUPERVISOR:
        return Q() if action is Action.VIEW else None
    if role in DEPARTMENT_ROLES:
        path = getattr(model, "scope_department", None)
        if path is None or user.department_id is None:
            return None
        return Q(**{path: user.department_id})
    if role is Role.ENTERPRISE:
        path = getattr(model, "scope_entity", None)
        if path is None or user.entity_id is None or action is not Action.VIEW:
            return None
        return Q(**{path: user.entity_id})
    return None


class RestrictedQuerySet(models.QuerySet[M]):
    def restrict(self, user: Any, action: Action | str = Action.VIEW) -> models.QuerySet[M]:
        q = scope_q(self.model, user, action)
        if q is None:
            return self.none()
        return self.filter(q)


def restrict(
    queryset: models.QuerySet[M], user: Any, action: Action | str = Action.VIEW
) -> models.QuerySet[M]:
    """Functional form for querysets of models that do not use `RestrictedQuerySet`."""
    q = scope_q(queryset.model, user, action)
    return queryset.none() if q is None else queryset.filter(q)


def require_capability(user: AnonymousUser | Any, capability: Capability) -> None:
    if not role_can(user_role(user), capability):
        raise PermissionDenied("您没有执行此操作的权限")


def has_capability(user: Any, capability: Capability) -> bool:
    return role_can(user_role(user), capability)
