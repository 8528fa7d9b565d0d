"""Reads of the entity directory, always scoped by `restrict` (R-INSP-1).

Staff of every department read the whole directory; an enterprise user reads only its own entity.
A natural person's citizen ID is shown masked (first 6 + last 4) to everyone but the administrator
(个人信息保护法 Art. 28, CONVENTIONS §6.2).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lawcore.masking import mask_citizen_id
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity


def entity_list(*, user: Any, q: str = "", kind: str = "") -> QuerySet[Entity]:
    """The entities `user` may see, searched by name (contains) or code (prefix), by kind."""
    entities = Entity.objects.restrict(user, Action.VIEW)
    q = (q or "").strip()
    if q:
        entities = entities.filter(Q(name__icontains=q) | Q(code__startswith=q.upper()))
    if kind:
        entities = entities.filter(kind=kind)
    return entities.order_by("code")


def entity_get(*, user: Any, pk: int) -> Entity | None:
    return Entity.objects.restrict(user, Action.VIEW).filter(pk=pk).first()


def entity_by_code(*, user: Any, code: str) -> Entity | None:
    return Entity.objects.restrict(user, Action.VIEW).filter(code=code.strip().upper()).first()


def shows_full_codes(user: Any) -> bool:
    return user_role(user) is Role.ADMIN


def entity_code_for(*, user: Any, entity: Entity) -> str:
    """The code as `user` may see it: a natural person's citizen ID masked unless admin."""
    if entity.kind == EntityKind.NATURAL_PERSON and not shows_full_codes(user):
        return mask_citizen_id(entity.code)
    return str(entity.code)
