"""Forms of the joint-inspection pages; they only parse input, the services decide (R-INSP-3)."""

from __future__ import annotations

from typing import Any

from django import forms

from prudent.accounts.models import User
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import InspectionItem
from prudent.joint.models import FindingResult, JointTask, TestConclusion, TestResult
from prudent.organisations.choices import DepartmentKind
from prudent.organisations.models import Department

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=200)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_department = forms.ModelChoiceField(
        label="牵头部门", queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args: Any, lead_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lead_choices is None:
            del self.fields["lead_department"]
        else:
            self.fields["lead_department"].queryset = lead_choices
            self.fields["lead_department"].required = True


def _department_label(d: Department) -> str:
    return d.name


class ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: InspectionItem) -> str:
        return f"{obj.item_list.department.name}：{obj.code} {obj.name}"


class TaskForm(forms.Form):
    title = forms.CharField(label="任务名称", max_length=200)
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=Department.objects.none())
    departments = forms.ModelMultipleChoiceField(
        label="参加部门（含牵头部门）", queryset=Department.objects.none()
    )
    items = ItemChoice(
        label="各部门检查事项（来自已发布的随机抽查事项清单）",
        queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    month = forms.IntegerField(label="计划月份", min_value=1, max_value=12)
    planned_on = forms.DateField(label="计划日期（可选）", required=False, widget=DATE)
    entities = forms.ModelMultipleChoiceField(
        label="检查对象（选择）", queryset=Entity.objects.none(), required=False
    )
    filter_industry = forms.CharField(
        label="或按行业筛选（行业包含）", required=False, max_length=100
    )
    filter_kind = forms.ChoiceField(
        label="或按主体类型筛选",
        required=False,
        choices=[("", "—")] + [c for c in EntityKind.choices if c[0] != EntityKind.NATURAL_PERSON],
    )
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args: Any, government_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        depts = (
            Department.objects.filter(government_id=government_id, active=True)
            .exclude(kind=DepartmentKind.JUDICIAL_BUREAU)
            .order_by("name")
        )
        self.fields["lead_department"].queryset = depts
        self.fields["departments"].queryset = depts
        self.fields["items"].queryset = (
            InspectionItem.objects.filter(
                item_list__status="published", item_list__department__in=depts
            )
            .select_related("item_list__department")
            .order_by("item_list__department__name", "code", "-item_list__version")
        )
        self.fields["entities"].queryset = Entity.objects.exclude(
            kind=EntityKind.NATURAL_PERSON
        ).order_by("name")


class OpenForm(forms.Form):
    entity = forms.ModelChoiceField(label="检查对象", queryset=Entity.objects.none())
    planned_on = forms.DateField(label="检查日期", widget=DATE)
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员（各部门，至少两人）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, targets: Any, inspectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = targets
        self.fields["inspectors"].queryset = inspectors
        self.fields["inspectors"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name}（{u.department.name if u.department else ''}）"
        )


class FindingForm(forms.Form):
    result = forms.ChoiceField(label="检查结果", choices=[c for c in FindingResult.choices if c[0]])
    note = forms.CharField(
        label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    test_result = forms.ModelChoiceField(
        label="采用已登记的检验检测结果", queryset=TestResult.objects.none(), required=False
    )

    def __init__(self, *args: Any, results: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["test_result"].queryset = results


class ResultForm(forms.Form):
    sample = forms.CharField(label="样品（名称、编号）", max_length=200)
    test = forms.CharField(label="检验检测项目", max_length=200)
    value = forms.CharField(label="检测值", required=False, max_length=200)
    conclusion = forms.ChoiceField(label="结论", choices=TestConclusion.choices)
    lab = forms.CharField(label="检验检测机构", max_length=200)
    report_no = forms.CharField(label="报告编号", max_length=100)
    tested_on = forms.DateField(label="检测日期", widget=DATE)
    item = forms.ModelChoiceField(
        label="相关检查事项（可选）", queryset=InspectionItem.objects.none(), required=False
    )
    file = forms.FileField(label="报告文件（PDF/JPG/PNG，可选）", required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


def task_label(task: JointTask) -> str:
    return f"任务{task.number}：{task.title}"
