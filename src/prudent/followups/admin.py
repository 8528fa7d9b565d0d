from django.contrib import admin

from prudent.followups.models import (
    Commitment,
    EducationRecord,
    FlexibleChoice,
    ReturnVisit,
    Statement,
)


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Written by the follow-up services only (with the case step and the audit event)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(FlexibleChoice)
class FlexibleChoiceAdmin(_ReadOnly):
    list_display = ("case", "offered_on", "chosen", "chosen_on")


@admin.register(Commitment)
class CommitmentAdmin(_ReadOnly):
    list_display = ("case", "channel", "signed_on", "deadline", "signer_name")


@admin.register(Statement)
class StatementAdmin(_ReadOnly):
    list_display = ("case", "kind", "submitted_on")


@admin.register(ReturnVisit)
class ReturnVisitAdmin(_ReadOnly):
    list_display = ("case", "visited_on", "source", "score")


@admin.register(EducationRecord)
class EducationRecordAdmin(_ReadOnly):
    list_display = ("case", "on", "method")
