from django.contrib import admin

from prudent.core.admin import AuditedModelAdmin
from prudent.entities.models import Entity


@admin.register(Entity)
class EntityAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "division_code", "registered_on")
    list_filter = ("kind",)
    search_fields = ("code", "name")
