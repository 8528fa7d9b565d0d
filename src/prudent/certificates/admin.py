"""Django admin for certificates: the same validation as the services, and every write audited.

Django admin runs each change view in a transaction, so `audit_append` in `save_model` and
`delete_model` lands with the change or not at all.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from prudent.certificates.models import Certificate
from prudent.certificates.services import certificate_state, certificate_validate
from prudent.core.audit import audit_append
from prudent.core.errors import ValidationFailed
from prudent.organisations.choices import EnforcementField


class CertificateAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    fields = forms.MultipleChoiceField(
        label="执法领域", choices=EnforcementField.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Certificate
        fields = (
            "holder",
            "number",
            "issuer",
            "valid_from",
            "valid_to",
            "fields",
            "status",
            "revoked_on",
            "revocation_reason",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            values = certificate_validate(
                holder=data.get("holder"),
                number=data.get("number", ""),
                issuer=data.get("issuer", ""),
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                fields=data.get("fields"),
                exclude_pk=self.instance.pk,
            )
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
            return data
        data.update(values)
        if data.get("status") == Certificate.Status.REVOKED:
            if not data.get("revoked_on"):
                self.add_error("revoked_on", "吊销的执法证必须填写吊销日期。")
            if not (data.get("revocation_reason") or "").strip():
                self.add_error("revocation_reason", "吊销的执法证必须填写吊销原因。")
        elif data.get("revoked_on"):
            self.add_error("revoked_on", "有效的执法证不能有吊销日期。")
        return data


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CertificateAdminForm
    list_display = ("number", "holder", "issuer", "valid_from", "valid_to", "status")
    list_filter = ("status", "holder__department")
    search_fields = ("number", "holder__username", "holder__full_name")
    readonly_fields = ("created_at",)

    def save_model(self, request: HttpRequest, obj: Certificate, form: Any, change: bool) -> None:
        before = None
        if change:
            before = certificate_state(Certificate.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        audit_append(
            actor=request.user,
            action="certificate_change" if change else "certificate_issue",
            object_type="certificates.certificate",
            object_id=obj.pk,
            before=before,
            after=certificate_state(obj),
            summary=f"{'修改' if change else '登记'}执法证 {obj.number}（系统管理）",
        )

    def delete_model(self, request: HttpRequest, obj: Certificate) -> None:
        before = certificate_state(obj)
        pk, number = obj.pk, obj.number
        super().delete_model(request, obj)
        audit_append(
            actor=request.user,
            action="certificate_delete",
            object_type="certificates.certificate",
            object_id=pk,
            before=before,
            summary=f"删除执法证 {number}（系统管理）",
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        for obj in list(queryset):
            self.delete_model(request, obj)
