from django.contrib import admin

from prudent.execution.models import (
    ConfiscatedItem,
    DecisionCorrection,
    Payment,
    PaymentArrangement,
    ReviewPeriod,
    SettlementAgreement,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Execution records are written only by the services (audit chain); the admin reads them."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


for model in (
    Payment,
    PaymentArrangement,
    SettlementAgreement,
    ReviewPeriod,
    ConfiscatedItem,
    DecisionCorrection,
):
    admin.site.register(model, ReadOnly)
