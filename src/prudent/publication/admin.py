from django.contrib import admin

from prudent.publication.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: publications are written by the services (audited), never by hand."""

    list_display = (
        "number",
        "party_name",
        "authority",
        "published_on",
        "withdraw_on",
        "withdrawn_on",
    )
    search_fields = ("number", "party_name", "violation_type")
    list_filter = ("severity", "withdraw_kind")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
