"""Forms of 公务入企登记 (Chinese labels; the services do the real validation)."""

from __future__ import annotations

from typing import Any

from django import forms

from prudent.accounts.models import User
from prudent.core.roles import DEPARTMENT_ROLES
from prudent.entities.models import Entity
from prudent.organisations.models import Department
from prudent.visits.models import VisitPurpose

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _when(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=WHEN, input_formats=WHEN_FORMATS, required=required
    )


class RegisterForm(forms.Form):
    department = forms.ModelChoiceField(
        label="执法部门", queryset=Department.objects.none(), required=False
    )
    entity_code = forms.CharField(label="被检查主体（统一社会信用代码）", max_length=18)
    officers = forms.ModelMultipleChoiceField(
        label="执法人员（至少两人，持有效执法证）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    planned_start = _when("计划开始时间")
    planned_end = _when("计划结束时间")
    purpose_kind = forms.ChoiceField(label="入企事由", choices=VisitPurpose.choices)
    purpose = forms.CharField(label="入企目的（检查事项）", max_length=300)
    legal_basis = forms.CharField(
        label="法律依据", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    inspection_id = forms.IntegerField(
        label="关联检查任务编号（可空）", required=False, min_value=1
    )
    emergency = forms.BooleanField(label="紧急入企（先入企、后补批）", required=False)
    emergency_reason = forms.CharField(label="紧急事由", max_length=300, required=False)
    over_cap_reason = forms.CharField(
        label="超过年度上限的理由（超过上限时必填）", max_length=300, required=False
    )
    acknowledge_warnings = forms.BooleanField(
        label="我已阅读入企频次提示，确认登记", required=False
    )

    def __init__(self, *args: Any, department: Department | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(role__in=[r.value for r in DEPARTMENT_ROLES], is_active=True)
        if department is not None:
            del self.fields["department"]
            people = people.filter(department=department)
        else:
            self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
                kind__in=["enforcement", "township"]
            ).order_by("name")
        self.fields["officers"].queryset = people.select_related("department").order_by(  # type: ignore[attr-defined]
            "department__name", "username"
        )
        self.fields["officers"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: f"{u.display_name}（{u.department.name if u.department else ''}）"
        )

    def clean_entity_code(self) -> Entity:
        code = self.cleaned_data["entity_code"].strip().upper()
        entity = Entity.objects.filter(code=code).first()
        if entity is None:
            raise forms.ValidationError(f"名录库中没有代码为{code}的市场主体。")
        return entity


class ApproveForm(forms.Form):
    opinion = forms.CharField(label="审批意见", max_length=300)


class RecordForm(forms.Form):
    actual_start = _when("实际开始时间")
    actual_end = _when("实际结束时间（可稍后补记）", required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=300)


class ConfirmForm(forms.Form):
    accurate = forms.ChoiceField(
        label="入企情况是否与登记一致",
        choices=[("yes", "一致：人员、时间、事由与登记相符"), ("no", "不一致")],
        widget=forms.RadioSelect,
    )
    discrepancy = forms.CharField(
        label="不一致的情况（选择“不一致”时必填）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    score = forms.TypedChoiceField(
        label="评分",
        choices=[(str(n), f"{n}分") for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="评价（可空）", max_length=500, required=False)
