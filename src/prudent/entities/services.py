"""Writes to the entity directory; each in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from prudent.core.audit import audit_append
from prudent.core.errors import ValidationFailed
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity


def entity_clean(
    *,
    code: str,
    name: str,
    kind: str,
    division_code: str,
    address: str = "",
    industry: str = "",
    registered_on: dt.date | None = None,
) -> dict[str, Any]:
    """Validate one entity's fields; return them normalised or raise with every problem by field."""
    from lawcore.identifiers import (
        IdentifierError,
        validate_citizen_id,
        validate_division_code,
        validate_uscc,
    )

    errors: dict[str, list[str]] = {}
    code = (code or "").strip().upper()
    if kind not in EntityKind.values:
        errors["kind"] = [f"未知主体类型：{kind}"]
    try:
        if kind == EntityKind.NATURAL_PERSON:
            code = validate_citizen_id(code)
        else:
            code = validate_uscc(code)
    except IdentifierError as exc:
        errors["code"] = [str(exc)]
    if not (name or "").strip():
        errors["name"] = ["名称/姓名不能为空。"]
    try:
        validate_division_code(division_code or "")
    except IdentifierError as exc:
        errors["division_code"] = [str(exc)]
    if registered_on is not None and registered_on > timezone.localdate():
        errors["registered_on"] = ["登记日期不能晚于今天。"]
    if errors:
        raise ValidationFailed("市场主体信息有误，未保存。", errors=errors)
    return {
        "code": code,
        "name": name.strip(),
        "kind": kind,
        "division_code": division_code,
        "address": (address or "").strip(),
        "industry": (industry or "").strip(),
        "registered_on": registered_on,
    }


def entity_state(entity: Entity) -> dict[str, object]:
    state = model_to_dict(entity)
    state.pop("id", None)
    return state


def entity_create(*, actor: Any, **fields: Any) -> Entity:
    clean = entity_clean(**fields)
    if Entity.objects.filter(code=clean["code"]).exists():
        raise ValidationFailed.field("code", f"代码 {clean['code']} 已登记。")
    with transaction.atomic():
        entity = Entity.objects.create(**clean)
        audit_append(
            actor=actor,
            action="entity_create",
            object_type="entities.entity",
            object_id=entity.pk,
            after=entity_state(entity),
            summary=f"新增市场主体 {entity.name}",
        )
    return entity


PURPOSE_MAX = 200


def entity_identity_reveal(*, actor: Any, entity: Entity, purpose: str) -> str:
    """The full citizen ID of a natural person, for a staff member who states why.

    Staff pages show a natural person's ID masked (CONVENTIONS §6.2: masking server-side by role,
    and every view of the full value audited, 个人信息保护法 Arts. 28, 34). Someone who needs the
    full number — checking identity, a document — gets it here, and the view is an audit event
    with the purpose, which cannot be deleted or edited.
    """
    purpose = (purpose or "").strip()
    if entity.kind != EntityKind.NATURAL_PERSON:
        raise ValidationFailed.field("entity", "只有自然人的身份证号码需要单独查看。")
    if not purpose:
        raise ValidationFailed.field("purpose", "请填写查看完整身份证号码的用途。")
    if len(purpose) > PURPOSE_MAX:
        raise ValidationFailed.field("purpose", f"用途不能超过{PURPOSE_MAX}个字符。")
    with transaction.atomic():
        audit_append(
            actor=actor,
            action="entity_identity_view",
            object_type="entities.entity",
            object_id=entity.pk,
            after={"purpose": purpose},
            summary=f"查看自然人完整身份证号码：{entity.name}；用途：{purpose}",
        )
    return str(entity.code)
