"""Forms of the draw pages: they only collect input; every rule is checked by the services, whose
field errors are shown beside the fields (quota_A … per the service's keys)."""

from __future__ import annotations

from typing import Any

from django import forms

from prudent.draws.services import DEFAULT_QUOTAS, MIN_PER_ENTITY
from prudent.entities.choices import EntityKind
from prudent.inspections.models import InspectionItem
from prudent.organisations.models import Department

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        lst = obj.item_list
        return f"{obj.code} {obj.name}（{lst.department.name} 第{lst.version}版）"


class PlanForm(forms.Form):
    department = forms.ModelChoiceField(
        label="牵头部门", queryset=Department.objects.none(), required=False
    )
    task = forms.CharField(label="抽查任务编号", max_length=100)
    name = forms.CharField(label="抽查任务名称", max_length=200)
    departments = forms.ModelMultipleChoiceField(
        label="其他参加部门（联合抽查时选择）",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = ItemChoice(
        label="抽查事项（参加部门已发布的随机抽查事项清单）",
        queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kinds = forms.MultipleChoiceField(
        label="主体类型（不选则为全部）",
        choices=EntityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    division_prefix = forms.CharField(
        label="行政区划代码（前缀，可空）", max_length=6, required=False
    )
    industry = forms.CharField(label="行业（包含，可空）", max_length=100, required=False)
    exclude_observation = forms.BooleanField(
        label="观察期内的主体不纳入本次抽取", required=False, initial=True
    )
    quota_A = forms.CharField(label="A类抽查比例", initial=DEFAULT_QUOTAS["A"], max_length=20)  # noqa: N815
    quota_B = forms.CharField(label="B类抽查比例", initial=DEFAULT_QUOTAS["B"], max_length=20)  # noqa: N815
    quota_C = forms.CharField(label="C类抽查比例", initial=DEFAULT_QUOTAS["C"], max_length=20)  # noqa: N815
    quota_D = forms.CharField(label="D类抽查比例", initial=DEFAULT_QUOTAS["D"], max_length=20)  # noqa: N815
    per_entity = forms.IntegerField(label="每户检查人员数", initial=MIN_PER_ENTITY)
    planned_on = forms.DateField(label="计划检查日期", widget=DATE)
    planned_until = forms.DateField(label="检查截止日期（可空）", widget=DATE, required=False)

    def __init__(self, *args: Any, user: Any, admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enforcement = Department.objects.exclude(kind="judicial_bureau").order_by("name")
        if admin:
            self.fields["department"].queryset = enforcement
            self.fields["department"].required = True
        else:
            del self.fields["department"]
        others = enforcement.exclude(pk=getattr(user, "department_id", None))
        self.fields["departments"].queryset = others
        self.fields["items"].queryset = (
            InspectionItem.objects.filter(item_list__status="published")
            .select_related("item_list__department")
            .order_by("item_list__department__name", "-item_list__version", "code")
        )
        for name in ("quota_A", "quota_B", "quota_C", "quota_D"):
            self.fields[name].help_text = "0到1之间的小数，如0.03表示3%"


class SeedForm(forms.Form):
    seed = forms.CharField(
        label="随机种子（公开摇号产生，至少20位数字）",
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    seed_confirm = forms.CharField(
        label="再次输入随机种子",
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("seed") and data.get("seed_confirm") and data["seed"] != data["seed_confirm"]:
            self.add_error("seed_confirm", "两次输入的随机种子不一致，请核对摇号结果。")
        return data


class RedoForm(forms.Form):
    reason = forms.CharField(label="重新抽取的原因", max_length=300)
