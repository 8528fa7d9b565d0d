"""Forms of the inspection task pages (Chinese labels; the services do the real validation)."""

from __future__ import annotations

from typing import Any

from django import forms

from prudent.accounts.models import User
from prudent.core.roles import DEPARTMENT_ROLES
from prudent.entities.models import Entity
from prudent.inspections.models import (
    InspectionItem,
    InspectionOrigin,
    InspectionOutcome,
    InspectionTrigger,
)
from prudent.organisations.models import Department

DATE = forms.DateInput(attrs={"type": "date"})

#: Origins a user registers by hand: drawn and joint inspections come from their own flows.
OPEN_ORIGINS = [
    (InspectionOrigin.TRIGGERED.value, InspectionOrigin.TRIGGERED.label),
    (InspectionOrigin.KEY_SUPERVISION.value, InspectionOrigin.KEY_SUPERVISION.label),
]


class _ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}（{obj.item_list.department.name}）"


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（{obj.department.name if obj.department else ''}）"


class TaskOpenForm(forms.Form):
    entity_code = forms.CharField(label="检查对象代码（统一社会信用代码）", max_length=18)
    origin = forms.ChoiceField(label="检查来源", choices=OPEN_ORIGINS)
    trigger = forms.ChoiceField(label="检查事由", choices=InspectionTrigger.choices, required=False)
    trigger_note = forms.CharField(
        label="事由说明（投诉举报编号、交办文件等）", max_length=300, required=False
    )
    planned_on = forms.DateField(label="计划检查日期", widget=DATE)
    departments = forms.ModelMultipleChoiceField(
        label="其他参加部门（联合检查时选择）",
        queryset=Department.objects.none(),
        required=False,
    )
    items = _ItemChoice(label="抽查事项", queryset=InspectionItem.objects.none())
    inspectors = _PersonChoice(label="检查人员（至少2人）", queryset=User.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Department.objects.filter(active=True, kind__in=["enforcement", "township"])
        self.fields["departments"].queryset = others.exclude(  # type: ignore[attr-defined]
            pk=user.department_id
        ).order_by("name")
        self.fields["items"].queryset = (  # type: ignore[attr-defined]
            InspectionItem.objects.filter(item_list__status="published")
            .select_related("item_list__department")
            .order_by("item_list__department__name", "code", "-item_list__version")
        )
        self.fields["inspectors"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                role__in=[str(r) for r in DEPARTMENT_ROLES],
                is_active=True,
                department__isnull=False,
            )
            .select_related("department")
            .order_by("department__name", "username")
        )

    def clean_entity_code(self) -> Entity:
        code = self.cleaned_data["entity_code"].strip().upper()
        entity = Entity.objects.filter(code=code).first()
        if entity is None:
            raise forms.ValidationError(f"名录库中没有代码为{code}的市场主体。")
        return entity


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=300)


class ResultForm(forms.Form):
    inspected_on = forms.DateField(label="检查完成日期", widget=DATE)
    outcome = forms.ChoiceField(
        label="检查结果", choices=[c for c in InspectionOutcome.choices if c[0]]
    )
    outcome_note = forms.CharField(
        label="检查情况（内部记录，不公示）", widget=forms.Textarea(attrs={"rows": 3})
    )
    correction_due = forms.DateField(label="整改期限（责令整改时）", widget=DATE, required=False)
    case_item_code = forms.CharField(
        label="行政处罚事项编码（立案查处时）", max_length=60, required=False
    )
    case_title = forms.CharField(label="案由（立案查处时）", max_length=200, required=False)


class ReinspectForm(forms.Form):
    reinspected_on = forms.DateField(label="复查日期", widget=DATE)
    corrected = forms.ChoiceField(
        label="复查结果",
        choices=[("yes", "已整改"), ("no", "未整改（立案查处）")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="复查情况（内部记录）", widget=forms.Textarea(attrs={"rows": 3}))
    case_item_code = forms.CharField(
        label="行政处罚事项编码（未整改时）", max_length=60, required=False
    )
    case_title = forms.CharField(label="案由（未整改时）", max_length=200, required=False)


class PublishResultForm(forms.Form):
    summary = forms.CharField(
        label="补充说明（可空；将公开，请勿填写个人信息）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
