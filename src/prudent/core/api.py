"""Core API: who am I, and the audit chain's head."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from prudent.core import audit
from prudent.core.permissions import user_role

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str | None
    department_id: int | None
    entity_id: int | None


class AuditHeadOut(Schema):
    seq: int
    at: datetime | None
    hash: str


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    role = user_role(user)
    return MeOut(
        username=user.get_username(),
        full_name=getattr(user, "full_name", ""),
        role=role.value if role else None,
        department_id=getattr(user, "department_id", None),
        entity_id=getattr(user, "entity_id", None),
    )


@router.get("/audit/head", response=AuditHeadOut, auth=None, summary="审计链当前链头（可公开）")
def audit_head(request: HttpRequest) -> AuditHeadOut:
    head = audit.audit_head()
    if head is None:
        return AuditHeadOut(seq=0, at=None, hash=audit.GENESIS)
    return AuditHeadOut(seq=head.seq, at=head.at, hash=head.hash)
