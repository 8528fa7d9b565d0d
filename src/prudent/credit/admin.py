"""Read-only: credit rows are written by the services (audited), never by hand."""

from django.contrib import admin

from prudent.credit.models import CreditRecord, Objection, RepairApplication


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("entity", "severity", "decided_on", "max_end", "published", "withdrawn_on")
    list_filter = ("severity", "published")
    search_fields = ("entity__name", "entity__code", "document_number")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(RepairApplication)
class RepairApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("record", "applied_on", "fast_lane", "due_on", "status")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("record", "submitted_on", "due_on", "status")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
