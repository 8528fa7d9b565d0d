from __future__ import annotations

from django import forms


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label="起算日（不计入）", widget=forms.DateInput(attrs={"type": "date"})
    )
    working_days = forms.IntegerField(label="工作日数", min_value=0, max_value=3650)


class LoadForm(forms.Form):
    file = forms.FileField(label="上传JSON文件", required=False)
    text = forms.CharField(
        label="或粘贴JSON内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not str(data.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴JSON内容。")
        return data

    def document(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            raw: bytes = upload.read()
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError("文件应为UTF-8编码的JSON。") from exc
        return str(self.cleaned_data.get("text") or "")
