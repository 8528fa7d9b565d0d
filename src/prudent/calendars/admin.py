"""Holiday schedules are read-only in the admin: loading goes through the audited service page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prudent.calendars.models import HolidaySchedule


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("year", "source", "published_on", "loaded_by", "loaded_at")
    readonly_fields = (
        "year",
        "holidays",
        "makeup_workdays",
        "source",
        "published_on",
        "loaded_by",
        "loaded_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
