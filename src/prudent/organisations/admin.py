from django.contrib import admin

from prudent.core.admin import AuditedModelAdmin
from prudent.organisations.models import Department, Government, Unit


@admin.register(Government)
class GovernmentAdmin(AuditedModelAdmin):
    list_display = ("name", "division_code")


class UnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Unit
    extra = 0
    can_delete = False
    max_num = 0
    fields = ("name",)
    readonly_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "kind", "field", "jurisdiction", "government", "active")
    list_filter = ("kind", "field", "government")
    search_fields = ("name", "short_name")
    inlines = (UnitInline,)


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("name", "department")
    list_filter = ("department",)
