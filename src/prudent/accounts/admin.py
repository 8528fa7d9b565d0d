from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from prudent.accounts.models import LoginThrottle, User
from prudent.core.admin import AuditedModelAdmin


@admin.register(User)
class PersonAdmin(AuditedModelAdmin, UserAdmin):  # type: ignore[misc]
    list_display = ("username", "full_name", "role", "department", "entity", "is_active")
    list_filter = ("role", "department", "is_active")
    search_fields = ("username", "full_name")
    fieldsets: ClassVar = [
        (None, {"fields": ("username", "password")}),
        ("人员信息", {"fields": ("full_name", "role", "department", "unit", "entity")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    ]
    add_fieldsets: ClassVar = [
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        ("人员信息", {"fields": ("full_name", "role", "department", "unit", "entity")}),
    ]
    readonly_fields = ("last_login", "date_joined")


@admin.register(LoginThrottle)
class LoginThrottleAdmin(AuditedModelAdmin):
    """Admins may lift a lock early; that is a change and it is audited."""

    list_display = ("kind", "key", "failures", "locked_until")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
