"""The lead form (登记线索, R-CASE-1)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from lawcore.workflow import LeadSource
from prudent.accounts.models import User
from prudent.core.roles import Role
from prudent.entities.models import Entity


class CaseCreateForm(forms.Form):
    source = forms.ChoiceField(label="线索来源", choices=[(s.value, s.label) for s in LeadSource])
    party_code = forms.CharField(
        label="当事人统一社会信用代码/身份证号码", max_length=18, help_text="须已在市场主体名录库中"
    )
    title = forms.CharField(label="案由", max_length=200)
    item_code = forms.CharField(
        label="行政处罚事项编码", max_length=60, help_text="如 HY-FSL-124-1-05"
    )
    lead_received_on = forms.DateField(
        label="发现线索日期", required=False, help_text="YYYY-MM-DD，默认今天"
    )
    violation_on = forms.DateField(label="违法行为发生日期", required=False)
    facts = forms.CharField(
        label="已知事实（JSON，可留空）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='如 {"goods_value_yuan": 200, "catering": false}',
    )
    officers = forms.ModelMultipleChoiceField(
        label="承办人员（第一位为主办）", queryset=User.objects.none(), required=False
    )
    note = forms.CharField(
        label="线索说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = User.objects.filter(
            department_id=user.department_id, role__in=[Role.OFFICER, Role.HEAD], is_active=True
        ).order_by("username")

    def clean_party_code(self) -> Entity:
        code = self.cleaned_data["party_code"].strip().upper()
        entity = Entity.objects.filter(code=code).first()
        if entity is None:
            raise forms.ValidationError("名录库中没有该主体，请先登记市场主体")
        return entity

    def clean_facts(self) -> dict[str, Any]:
        return parse_facts(self.cleaned_data.get("facts") or "")


def parse_facts(text: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise forms.ValidationError(f"不是有效的JSON（第{exc.lineno}行第{exc.colno}列）") from None
    if not isinstance(data, dict):
        raise forms.ValidationError('应为JSON对象：{"事实名": 值}')
    return data
