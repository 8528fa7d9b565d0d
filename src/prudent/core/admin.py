"""Django admin, restricted to the admin role, with every write audited.

The admin edits organisations, people and certificates directly; each save or delete appends an
audit event in the same transaction (Django admin's change and delete views run atomically). The
audit log itself is visible read-only: no add, change or delete permission exists for it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest

from prudent.core.audit import audit_append
from prudent.core.models import AuditEvent


def _state(obj: models.Model) -> dict[str, object]:
    state = model_to_dict(obj)
    state.pop("password", None)
    return {
        k: v
        for k, v in state.items()
        if not isinstance(v, list) or all(isinstance(x, int | str) for x in v)
    }


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _state(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        label = obj._meta.label_lower
        audit_append(
            actor=request.user,
            action=f"admin_{'change' if change else 'create'}",
            object_type=label,
            object_id=obj.pk,
            before=before,
            after=_state(obj),
            summary=f"系统管理{'修改' if change else '新增'}{obj._meta.verbose_name}：{obj}",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, pk, label = _state(obj), obj.pk, obj._meta.label_lower
        super().delete_model(request, obj)
        audit_append(
            actor=request.user,
            action="admin_delete",
            object_type=label,
            object_id=pk,
            before=before,
            summary=f"系统管理删除{obj._meta.verbose_name}：{obj}",
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "at", "actor", "action", "object_type", "object_id", "client_address")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_id", "request_id", "hash")
    readonly_fields = tuple(f.name for f in AuditEvent._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
