from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from prudent.accounts.models import User
from prudent.core.permissions import Action
from prudent.core.roles import DEPARTMENT_ROLES
from prudent.organisations.choices import EnforcementField

REQUIRED = "此项为必填项。"


def holder_choices(user: Any) -> QuerySet[User]:
    """People whose certificates `user` may manage: admin everyone, head its own department."""
    return (
        User.objects.restrict(user, Action.VIEW)
        .filter(
            role__in=[r.value for r in DEPARTMENT_ROLES], department__isnull=False, is_active=True
        )
        .select_related("department")
        .order_by("department__name", "username")
    )


class HolderField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（{obj.username}）· {obj.department.name}"


class DateInput(forms.DateInput):
    input_type = "date"


class CertificateForm(forms.Form):
    holder = HolderField(
        label="持证人",
        queryset=User.objects.none(),
        error_messages={"required": REQUIRED, "invalid_choice": "请从列表中选择持证人。"},
    )
    number = forms.CharField(
        label="执法证号",
        max_length=40,
        error_messages={"required": REQUIRED, "max_length": "执法证号不能超过40个字符。"},
    )
    issuer = forms.CharField(
        label="发证机关",
        max_length=100,
        error_messages={"required": REQUIRED, "max_length": "发证机关不能超过100个字符。"},
    )
    valid_from = forms.DateField(
        label="有效期起",
        widget=DateInput,
        error_messages={"required": REQUIRED, "invalid": "请输入有效日期，如2026-11-23。"},
    )
    valid_to = forms.DateField(
        label="有效期至",
        widget=DateInput,
        error_messages={"required": REQUIRED, "invalid": "请输入有效日期，如2026-11-23。"},
    )
    fields = forms.MultipleChoiceField(
        label="执法领域",
        choices=EnforcementField.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "至少选择一个执法领域。",
            "invalid_choice": "未知执法领域：%(value)s",
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holder = self.fields["holder"]
        assert isinstance(holder, forms.ModelChoiceField)
        holder.queryset = holder_choices(user)
