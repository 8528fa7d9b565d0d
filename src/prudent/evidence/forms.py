from __future__ import annotations

from django import forms


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="文件", required=False, help_text="类型按文件内容检测，与文件名无关"
    )
    title = forms.CharField(label="证据名称", max_length=200, required=False)
    description = forms.CharField(
        label="证明内容/说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    collected_at = forms.CharField(
        label="取证时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    collected_place = forms.CharField(label="取证地点", max_length=200, required=False)
