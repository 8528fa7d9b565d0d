from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prudent.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: evidence is added through the service (hash, audit, timeline) and never changed."""

    list_display = ("case", "seq", "title", "kind", "content_type", "size", "sha256", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("title", "sha256", "case__number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
