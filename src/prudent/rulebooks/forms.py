from __future__ import annotations

from django import forms


class PublishForm(forms.Form):
    published_on = forms.DateField(label="发布日期", required=False)


class NewDraftForm(forms.Form):
    effective_from = forms.DateField(label="施行日期", required=False)


class CommentsForm(forms.Form):
    comments = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "退回时必须填写退回意见。"},
    )


class FlagForm(forms.Form):
    law = forms.CharField(
        label="法律名称", max_length=200, error_messages={"required": "请填写法律名称。"}
    )
    article = forms.IntegerField(label="条（可选）", required=False, min_value=1)
    reason = forms.CharField(
        label="变化说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请说明法律的变化（立改废释）。"},
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="处理说明",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写处理说明。"},
    )
