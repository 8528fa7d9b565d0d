"""The 裁量辅助 form: the item's facts as plain Chinese questions, the party, the dates and the
party's earlier violations of the same item (R-DEC-1, R-DEC-3). It only gathers answers; the
engine validates them, and its errors are put back beside the field they name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from lawcore.decision import DecisionInputError
from lawcore.rulebook.facts import FactSpec
from prudent.discretion.catalogue import (
    PARTY_KIND_LABELS,
    TIER_LABELS,
    Question,
    missing_rows,
    question_for,
)

HISTORY_ROWS = 3
YES_NO = (("yes", "是"), ("no", "否"))
FIRST_BASIS = (
    (
        "records",
        "按违法记录认定：在下方填写当事人同一事项的在先违法记录（未填写即无记录，系初次违法）",
    ),
    ("answer", "直接认定：回答“是否初次违法”"),
)


def _date_input() -> forms.DateInput:
    """An ISO date for the browser's date picker (the zh-hans locale would write 2024/03/01)."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def fact_field(name: str) -> str:
    return f"f_{name}"


class DecisionForm(forms.Form):
    party_kind = forms.ChoiceField(
        label="当事人类型",
        choices=list(PARTY_KIND_LABELS.items()),
        widget=forms.RadioSelect,
    )
    violation_date = forms.DateField(label="违法行为发生日期", widget=_date_input())
    decision_date = forms.DateField(label="处罚决定日期", widget=_date_input())
    birth_date = forms.DateField(
        label="出生日期（当事人为公民时填写，用于行政处罚法第三十条）",
        required=False,
        widget=_date_input(),
    )
    discovered_date = forms.DateField(
        label="违法行为被发现日期（选填，用于行政处罚法第三十六条追责时效）",
        required=False,
        widget=_date_input(),
    )
    first_basis = forms.ChoiceField(
        label="初次违法的认定",
        choices=FIRST_BASIS,
        initial="records",
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        item_code: str,
        questions: Sequence[Question],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item_code = item_code
        self.questions = list(questions)
        self.fields["violation_date"].initial = today
        self.fields["decision_date"].initial = today
        for q in self.questions:
            self.fields[fact_field(q.name)] = _question_field(q)
        tiers = [("", "（请选择）"), *TIER_LABELS.items()]
        for i in range(HISTORY_ROWS):
            self.fields[f"h{i}_date"] = forms.DateField(
                label=f"在先违法 {i + 1}：违法日期",
                required=False,
                widget=_date_input(),
            )
            self.fields[f"h{i}_tier"] = forms.ChoiceField(
                label=f"在先违法 {i + 1}：处理结果", choices=tiers, required=False
            )

    # -- groups for the template
    @property
    def groups(self) -> dict[str, list[forms.BoundField]]:
        """The question fields by group (item / apl32 / procedure); ``first_violation`` is shown
        with the earlier violations instead."""
        out: dict[str, list[forms.BoundField]] = {"item": [], "apl32": [], "procedure": []}
        for q in self.questions:
            if q.name != "first_violation":
                out.setdefault(q.group, []).append(self[fact_field(q.name)])
        return out

    @property
    def first_violation_field(self) -> forms.BoundField | None:
        name = fact_field("first_violation")
        return self[name] if name in self.fields else None

    @property
    def history_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"h{i}_date"], self[f"h{i}_tier"]) for i in range(HISTORY_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(HISTORY_ROWS):
            date, tier = data.get(f"h{i}_date"), data.get(f"h{i}_tier")
            if tier and not date:
                self.add_error(f"h{i}_date", "请填写该次违法的日期。")
            if date and not tier:
                self.add_error(f"h{i}_tier", "请选择该次违法的处理结果。")
        return data

    def to_request(self) -> dict[str, object]:
        """The engine request (docs/decide.md) from the cleaned answers."""
        data = self.cleaned_data
        facts: dict[str, object] = {}
        for q in self.questions:
            value = data.get(fact_field(q.name))
            if value in (None, ""):
                continue
            if q.type == "bool":
                facts[q.name] = value == "yes"
            else:
                facts[q.name] = value
        request: dict[str, object] = {
            "item": self.item_code,
            "party_kind": data["party_kind"],
            "violation_date": data["violation_date"].isoformat(),
            "decision_date": data["decision_date"].isoformat(),
            "facts": facts,
        }
        if data.get("birth_date"):  # for an organisation the engine says why not
            request["birth_date"] = data["birth_date"].isoformat()
        if data.get("discovered_date"):
            request["discovered_date"] = data["discovered_date"].isoformat()
        if data.get("first_basis") == "records":
            facts.pop("first_violation", None)
            request["history"] = [
                {
                    "item": self.item_code,
                    "date": data[f"h{i}_date"].isoformat(),
                    "tier": data[f"h{i}_tier"],
                }
                for i in range(HISTORY_ROWS)
                if data.get(f"h{i}_date") and data.get(f"h{i}_tier")
            ]
        return request

    def add_engine_error(self, exc: DecisionInputError, specs: dict[str, FactSpec]) -> None:
        """Put the engine's error beside the field it names (a missing fact beside each fact)."""
        if exc.facts:
            needed_by = missing_rows(exc)
            for name in exc.facts:
                field = fact_field(name)
                spec = specs.get(name)
                asked = question_for(spec).question if spec else name
                message = f"请回答：{asked}（{needed_by[name]} 需要此事实）。"
                self.add_error(field if field in self.fields else None, message)
            return
        self.add_error(_field_for(exc.path, self.fields), exc.zh)


_HISTORY = re.compile(r"^history\[(\d+)\]\.(date|tier)$")


def _field_for(path: str, fields: dict[str, forms.Field]) -> str | None:
    if path.startswith("facts."):
        name = fact_field(path.removeprefix("facts."))
    elif match := _HISTORY.match(path):
        name = f"h{match.group(1)}_{match.group(2)}"
    else:
        name = path
    return name if name in fields else None


def _question_field(q: Question) -> forms.Field:
    label = q.question + (f"（{q.unit}）" if q.unit and q.unit not in q.question else "")
    if q.type == "bool":
        return forms.ChoiceField(
            label=label, choices=YES_NO, required=False, widget=forms.RadioSelect
        )
    if q.type == "enum":
        return forms.ChoiceField(
            label=label, choices=[("", "（请选择）"), *q.choices], required=False
        )
    decimals = 0 if q.type == "integer" else None
    return forms.DecimalField(
        label=label,
        required=False,
        decimal_places=decimals,
        widget=forms.NumberInput(attrs={"step": "1" if q.type == "integer" else "any"}),
        help_text=q.unit,
    )


def money(value: object) -> str:
    """ "1000.5" → "1,000.50 元"; "1000" → "1,000 元"."""
    amount = Decimal(str(value))
    text = f"{amount:,.2f}"
    return (text[:-3] if text.endswith(".00") else text) + " 元"
