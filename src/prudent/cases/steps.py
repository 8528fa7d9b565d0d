"""What each workflow step asks for: the data fields the UI shows as a form and the API accepts
in `data` (issue #4 parts 1, 3, 5). Most fields are `CaseSnapshot` fields under the same name (the
snapshot given to `lawcore.workflow.apply` is the case as it will be once the step's data is
entered); fields with `snapshot=False` are kept only in the step's event (`CaseEvent.data`).

`parse_step_data` validates a step's data fully and returns the snapshot changes and the extra
data, or raises `ValidationFailed` naming every bad field (key `data.<field>`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from lawcore.decision.engine import TIER_ZH
from lawcore.workflow import (
    TRANSITIONS_BY_NAME,
    CommitmentChannel,
    FlexibleEndReason,
    FlexibleInitiator,
    FlexibleMeasure,
    InterviewMode,
    NotOpenedReason,
    ReinspectionResult,
    ServiceMethod,
)
from prudent.core.errors import ValidationFailed


class Kind(StrEnum):
    DATE = "date"
    BOOL = "bool"
    TEXT = "text"
    INT = "int"
    MONEY = "money"
    CHOICE = "choice"
    LIST = "list"  # comma-separated text → list of strings


@dataclass(frozen=True)
class StepField:
    name: str
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()
    snapshot: bool = True
    help: str = ""


def _choices(enum: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.label) for m in enum)  # type: ignore[attr-defined]


D, B, T, N, M, C, L = Kind.DATE, Kind.BOOL, Kind.TEXT, Kind.INT, Kind.MONEY, Kind.CHOICE, Kind.LIST

HEARING_FIELDS = (
    StepField("hearing_waived", "当事人放弃听证", B),
    StepField("hearing_notice_sent_on", "听证通知送达日期", D),
    StepField("hearing_held_on", "听证举行日期", D),
)
TIER_CHOICES = tuple((t.value, z) for t, z in TIER_ZH.items())
DECISION_FIELDS = (
    StepField("decided_on", "决定日期", D),
    StepField("tier", "决定的裁量阶次", C, TIER_CHOICES, snapshot=False),
    StepField("fine_yuan", "罚款金额（元）", M, snapshot=False, help="不予处罚或不罚款的留空"),
    StepField(
        "departure_reason",
        "偏离拟处理意见的理由",
        T,
        snapshot=False,
        help="决定的阶次或金额与拟处理意见不同的，必须写明理由，并提交执法监督",
    ),
    StepField("legal_review_passed", "法制审核已通过", B),
    StepField("collective_discussion_held_on", "负责人集体讨论日期", D),
    *HEARING_FIELDS,
)

STEP_FIELDS: dict[str, tuple[StepField, ...]] = {
    "start_verification": (),
    "extend_verification": (
        StepField("verification_extended", "负责人已批准延长十五个工作日", B),
        StepField("verification_paused_working_days", "检测等不计入的工作日数", N),
    ),
    "decline_to_open": (
        StepField("not_opened_reason", "不予立案理由", C, _choices(NotOpenedReason)),
        StepField("not_opened_note", "具体理由", T),
    ),
    "open_case": (
        StepField("opening_approved", "部门负责人批准立案", B),
        StepField("opened_on", "立案日期", D),
    ),
    "start_investigation": (),
    "record_proposal": (),
    "notify": (StepField("notice_served_on", "行政处罚告知书送达日期", D),),
    "request_hearing": (StepField("hearing_requested_on", "当事人申请听证日期", D),),
    "submit_legal_review": (
        StepField("legal_review_submitted_on", "提交法制审核日期", D),
        *HEARING_FIELDS,
    ),
    "discuss_collectively": (
        StepField("legal_review_passed", "法制审核已通过", B),
        *HEARING_FIELDS,
    ),
    "reinvestigate": (),
    "return_from_legal_review": (),
    "decide_penalty": DECISION_FIELDS,
    "decide_no_penalty": DECISION_FIELDS,
    "serve": (
        StepField("service_method", "送达方式", C, _choices(ServiceMethod)),
        StepField("served_on", "送达日期", D),
        StepField("service_proof", "送达凭证", T, help="送达回证编号、邮寄回执号或电子送达记录"),
        StepField("electronic_service_confirmed", "当事人已签订送达地址确认书（电子送达）", B),
        StepField("public_notice_on", "公告日期（公告送达）", D),
    ),
    "start_execution": (),
    "close": (StepField("education_recorded", "已对当事人进行教育（不予处罚的）", B),),
    "archive": (StepField("case_file_complete", "案卷材料已整理齐全", B),),
    "transfer": (StepField("transfer_approved", "部门负责人批准移送", B),),
    "extend_decision_period": (
        StepField("decision_extension_approved", "负责人已批准延长三十日", B),
    ),
    "extend_by_collective_discussion": (
        StepField("collective_extension_days", "集体讨论决定延长的天数", N),
    ),
    "order_correction": (StepField("correction_deadline", "责令改正期限", D),),
    "reinspect_correction": (
        StepField("correction_reinspected_on", "复查日期", D),
        StepField("correction_result", "复查结果", C, _choices(ReinspectionResult)),
    ),
    "record_return_visit": (
        StepField("return_visit_on", "回访日期", D),
        StepField("return_visit_score", "当事人评分（1–5分）", N),
        StepField("correction_account", "当事人对改正情况的说明", T, snapshot=False),
        StepField("opinion", "当事人对执法工作的意见", T, snapshot=False),
    ),
    "start_flexible": (
        StepField("flexible_offered", "已告知当事人可自主选择是否接受柔性执法", B),
        StepField("flexible_accepted", "当事人选择接受柔性执法", B),
        StepField("flexible_initiated_by", "启动方式", C, _choices(FlexibleInitiator)),
    ),
    "measure_reminder": (),
    "measure_suggestion": (),
    "measure_warning": (),
    "measure_persuasion": (),
    "measure_interview": (
        StepField("interview_mode", "约谈方式", C, _choices(InterviewMode)),
        StepField("interview_departments", "联合约谈的其他部门（以逗号分隔）", L),
    ),
    "sign_commitment": (
        StepField("commitment_channel", "签署方式", C, _choices(CommitmentChannel)),
        StepField("commitment_signed_on", "承诺书签署日期", D),
        StepField("commitment_deadline", "承诺改正期限", D),
    ),
    "reinspect": (
        StepField("reinspection_on", "复查日期", D),
        StepField("reinspection_result", "复查结果", C, _choices(ReinspectionResult)),
    ),
    "end_flexible": (
        StepField("flexible_end_reason", "终止理由", C, _choices(FlexibleEndReason)),
        StepField("flexible_end_note", "具体情形", T),
    ),
    "end_flexible_unopened": (
        StepField("flexible_end_reason", "终止理由", C, _choices(FlexibleEndReason)),
        StepField("flexible_end_note", "具体情形", T),
    ),
}
assert set(STEP_FIELDS) == set(TRANSITIONS_BY_NAME), set(TRANSITIONS_BY_NAME) ^ set(STEP_FIELDS)

#: Measure steps append their measure to `measures_taken`.
MEASURE_OF_STEP: dict[str, FlexibleMeasure] = {f"measure_{m.value}": m for m in FlexibleMeasure}
DECISION_STEPS = frozenset({"decide_penalty", "decide_no_penalty"})
#: Penalty steps: the UI warns before them for an entity under observation (R-DEC-8).
PENALTY_STEPS = frozenset({"notify", "decide_penalty", "start_execution"})


def fields_for(name: str) -> tuple[StepField, ...]:
    return STEP_FIELDS.get(name, ())


def _parse(field: StepField, raw: object) -> tuple[object, str | None]:  # noqa: C901 - one branch per kind
    """(value in JSON form, error message or None). Empty input → None (not given)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (False if field.kind is Kind.BOOL else None), None
    if field.kind is Kind.BOOL:
        if isinstance(raw, bool):
            return raw, None
        text = str(raw).strip().lower()
        if text in ("1", "true", "on", "yes", "是"):
            return True, None
        if text in ("0", "false", "off", "no", "否"):
            return False, None
        return None, f"{field.label}应为是或否"
    if field.kind is Kind.DATE:
        if isinstance(raw, dt.date):
            return raw.isoformat(), None
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat(), None
        except ValueError:
            return None, f"{field.label}不是有效日期（应为YYYY-MM-DD）"
    if field.kind is Kind.INT:
        try:
            value = int(str(raw).strip())
        except ValueError:
            return None, f"{field.label}应为整数"
        if value < 0:
            return None, f"{field.label}不能为负数"
        return value, None
    if field.kind is Kind.MONEY:
        try:
            amount = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, f"{field.label}应为金额（元）"
        if not amount.is_finite() or amount < 0:
            return None, f"{field.label}应为不小于0的金额"
        if amount != amount.quantize(Decimal("0.01")):
            return None, f"{field.label}最多保留两位小数"
        return str(amount.quantize(Decimal("0.01"))), None
    if field.kind is Kind.CHOICE:
        text = str(raw).strip()
        allowed = [c for c, _ in field.choices]
        if text not in allowed:
            return None, f"{field.label}的取值“{text}”无效（可选：{'、'.join(allowed)}）"
        return text, None
    if field.kind is Kind.LIST:
        items = raw if isinstance(raw, list) else str(raw).replace("，", ",").split(",")
        return [str(i).strip() for i in items if str(i).strip()], None
    text = str(raw).strip()
    if len(text) > 2000:
        return None, f"{field.label}过长（不超过2000字）"
    return text, None


def parse_step_data(
    name: str, data: Mapping[str, object] | None
) -> tuple[dict[str, object], dict[str, object]]:
    """Validate `data` for step `name` → (snapshot changes, extra event data), JSON values.

    Unknown keys are an error (nothing is silently dropped). Fields left empty are not changed."""
    data = dict(data or {})
    fields = {f.name: f for f in fields_for(name)}
    errors: dict[str, list[str]] = {}
    for key in sorted(set(data) - set(fields)):
        errors[f"data.{key}"] = [f"步骤“{name}”不接受字段“{key}”"]
    changes: dict[str, object] = {}
    extra: dict[str, object] = {}
    for key, field in fields.items():
        if key not in data:
            continue
        value, error = _parse(field, data[key])
        if error:
            errors[f"data.{key}"] = [error]
            continue
        if value is None:
            continue
        (changes if field.snapshot else extra)[key] = value
    if errors:
        raise ValidationFailed("录入内容有误，未保存。", errors=errors)
    return changes, extra
