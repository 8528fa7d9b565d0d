"""Forms of the inspection directories (Chinese labels; services do the real validation)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from prudent.accounts.models import User
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.entities.models import Entity
from prudent.inspections.models import CreditClass, InspectionItem, SupervisionList
from prudent.organisations.models import Department

DATE = forms.DateInput(attrs={"type": "date"})


class CreditClassForm(forms.Form):
    credit_class = forms.ChoiceField(label="信用风险分类", choices=CreditClass.choices)
    since = forms.DateField(label="分类起始日期", widget=DATE)
    reason = forms.CharField(label="分类依据", max_length=300)


class MembershipForm(forms.Form):
    list_name = forms.ChoiceField(label="名单", choices=SupervisionList.choices)
    valid_from = forms.DateField(label="列入日期", widget=DATE)
    valid_to = forms.DateField(label="移出日期（可空）", widget=DATE, required=False)
    reason = forms.CharField(label="列入事由", max_length=300)


class EndMembershipForm(forms.Form):
    valid_to = forms.DateField(label="移出日期", widget=DATE)
    end_reason = forms.CharField(label="移出事由", max_length=300)


class ConflictForm(forms.Form):
    inspector = forms.ModelChoiceField(label="检查人员", queryset=User.objects.none())
    entity_code = forms.CharField(label="市场主体代码", max_length=18)
    reason = forms.CharField(label="回避事由", max_length=300)
    declared_on = forms.DateField(label="申报日期", widget=DATE)

    def __init__(self, *args: object, inspectors: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]

    def clean_entity_code(self) -> Entity:
        code = self.cleaned_data["entity_code"].strip().upper()
        entity = Entity.objects.filter(code=code).first()
        if entity is None:
            raise forms.ValidationError(f"名录库中没有代码为{code}的市场主体。")
        return entity


def inspector_choices(user: User) -> object:
    people = User.objects.filter(role__in=[str(r) for r in DEPARTMENT_ROLES], is_active=True)
    if user.role_enum is Role.ADMIN:
        return people.order_by("username")
    if user.role_enum is Role.HEAD:
        return people.filter(department_id=user.department_id).order_by("username")
    return people.filter(pk=user.pk)


class WithdrawForm(forms.Form):
    on = forms.DateField(label="撤回日期", widget=DATE)
    reason = forms.CharField(label="撤回原因", max_length=300)


class NewVersionForm(forms.Form):
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.none())
    effective_from = forms.DateField(label="施行日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(active=True).order_by("name")
        if user.role_enum is not Role.ADMIN:
            departments = departments.filter(pk=user.department_id)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class ItemForm(forms.ModelForm):
    class Meta:
        model = InspectionItem
        fields = ("code", "name", "basis", "subject", "content", "method", "kind", "note")
        widgets: ClassVar = {
            "basis": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 2}),
        }

    def validate_unique(self) -> None:  # the service checks the code within the version
        return


class PublishForm(forms.Form):
    on = forms.DateField(label="发布日期", widget=DATE)
