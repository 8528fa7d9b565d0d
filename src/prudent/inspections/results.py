"""Cancelling a planned inspection, recording its result, publishing it (issue #5 part 7; R-INSP-1).

- `inspection_cancel` — a head of a taking-part department cancels a planned inspection with a
  reason; the row stays (status cancelled, reason, date, who), audited. A cancelled inspection no
  longer counts for the once-a-year rules (`tasks.year_inspections`).
- `inspection_result_record` — an inspector of the task, or a head of a taking-part department,
  records what the inspection found: the day it was done (not in the future; not more than
  `EARLY_MARGIN_DAYS` before the planned day — a task may be brought forward a little, not
  recorded against a visit that belongs to another task), the outcome — no problem / order to
  correct (with a correction deadline after the inspection day) / case (a lead 线索 is registered
  in `prudent.cases` through `case_create`, source 监督检查发现, and linked) — and the note. The
  result is due for publication `RESULT_WORKING_DAYS` = 20 working days after the inspection day
  (国发〔2019〕5号 / 企业信息公示暂行条例 Arts. 6–7, procedure.md §7.1 "谁检查、谁录入、谁公开"),
  counted on `current_calendar()`; a date counted over a year without a loaded holiday schedule is
  marked provisional and recomputed when the schedule is loaded (`recompute_provisional`).
- `inspection_result_publish` — a head of a taking-part department publishes the result: a public
  summary composed from the outcome plus the head's optional text, processed by
  `lawcore.masking.redact_text` (ID numbers, phones, addresses, a natural person's name →
  张某某); the entity's published name and code are fixed at that moment (a natural person's
  masked). The result enters the entity's credit file (`credit.services.inspection_result_enter`)
  in the same transaction.

- `inspection_reinspect` — after an order to correct, an inspector of the task or a head records
  the re-inspection 复查 (R-CASE-5: an order to correct is followed up, not forgotten): the day
  (not in the future, not before the inspection), corrected or not, and the note; not corrected →
  a case lead is registered and linked as for a result 立案查处. Once only. A task whose correction
  deadline has passed without a re-inspection is listed as due (`task_selectors.reinspections_due`,
  the overdue page, the task list filter). The published result is not rewritten; the public page
  adds the re-inspection's outcome (no note) once it is recorded.

Every service validates its whole input first, runs in one transaction with its audit event, and
stores nothing when refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawcore.masking import mask_citizen_id, mask_person_name, redact_text
from prudent.calendars.services import current_calendar
from prudent.core.actors import actor_name
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import user_role
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.entities.choices import EntityKind
from prudent.inspections.models import Inspection, InspectionOutcome, InspectionStatus
from prudent.inspections.tasks import inspection_state

RESULT_WORKING_DAYS = 20
"""Working days from the inspection day to the publication of its result (procedure.md §7.1)."""

EARLY_MARGIN_DAYS = 30
"""How many calendar days before the planned day an inspection may have been carried out: a task
is often brought forward by some days or weeks; a result dated earlier than a month before its
plan is much more likely a typing error or another visit, and is refused."""

NOTE_MAX = 2000
SUMMARY_MAX = 1000
REASON_MAX = 300

#: Who may open a case from an inspection (case_create's own rule).
CASE_ROLES = frozenset({Role.OFFICER, Role.HEAD})


def _department_ids(row: Inspection) -> set[int]:
    return set(row.departments.values_list("pk", flat=True))


def _require_head(actor: Any, row: Inspection, what: str) -> None:
    if user_role(actor) is not Role.HEAD or actor.department_id not in _department_ids(row):
        raise Forbidden(f"只有参加检查部门的负责人可以{what}。")


def may_record(actor: Any, row: Inspection) -> bool:
    """An inspector of the task (any department role) or a head of a taking-part department."""
    role = user_role(actor)
    if role not in DEPARTMENT_ROLES:
        return False
    if row.inspectors.filter(pk=actor.pk).exists():
        return True
    return role is Role.HEAD and actor.department_id in _department_ids(row)


def _locked(row: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=row.pk)


def _text(value: object) -> str:
    return str(value or "").strip()


def _date(value: object, field: str, label: str, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        errors[field] = [f"请填写{label}。"]
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[field] = [f"{label}不是有效日期（应为YYYY-MM-DD）。"]
        return None


# ------------------------------------------------------------------------------------ cancel


def inspection_cancel(
    *, actor: Any, inspection: Inspection, reason: str, on: dt.date | None = None
) -> Inspection:
    """A head of a taking-part department cancels a planned inspection, giving the reason."""
    on = on or timezone.localdate()
    _require_head(actor, inspection, "取消检查任务")
    reason = _text(reason)
    if not reason:
        raise ValidationFailed.field("reason", "请填写取消原因。")
    if len(reason) > REASON_MAX:
        raise ValidationFailed.field("reason", f"取消原因不能超过{REASON_MAX}个字符。")
    with transaction.atomic():
        row = _locked(inspection)
        if row.status != InspectionStatus.PLANNED:
            raise Conflict(f"检查任务{row.get_status_display()}，不能取消；只能取消待检查的任务。")
        before = inspection_state(row)
        row.status = InspectionStatus.CANCELLED
        row.cancel_reason = reason
        row.cancelled_on = on
        row.cancelled_by = actor_name(actor)
        row.save(update_fields=["status", "cancel_reason", "cancelled_on", "cancelled_by"])
        audit_append(
            actor=actor,
            action="inspection_cancel",
            object_type="inspections.inspection",
            object_id=row.pk,
            before=before,
            after={**inspection_state(row), "cancel_reason": reason},
            summary=f"取消检查任务：{row.entity.name}，{row.planned_on:%Y-%m-%d}；原因：{reason}",
        )
    return row


# ------------------------------------------------------------------------------------ result


def result_due(inspected_on: dt.date) -> tuple[dt.date, bool]:
    """The publication deadline (20 working days after the inspection) and whether it is
    provisional (counted over a year without a loaded holiday schedule)."""
    d = current_calendar().add_working_days(inspected_on, RESULT_WORKING_DAYS)
    return d.date, d.provisional


def _result_errors(  # noqa: C901 - one check per field, all reported at once
    row: Inspection,
    *,
    actor: Any,
    inspected_on: object,
    outcome: str,
    outcome_note: str,
    correction_due: object,
    case_item_code: str,
    case_title: str,
    on: dt.date,
) -> tuple[dict[str, list[str]], dt.date | None, dt.date | None]:
    errors: dict[str, list[str]] = {}
    done = _date(inspected_on, "inspected_on", "检查完成日期", errors)
    if done is not None:
        if done > on:
            errors["inspected_on"] = ["检查完成日期不能晚于今天。"]
        elif done < row.planned_on - dt.timedelta(days=EARLY_MARGIN_DAYS):
            errors["inspected_on"] = [
                f"检查完成日期不能早于计划检查日期（{row.planned_on:%Y-%m-%d}）"
                f"{EARLY_MARGIN_DAYS}日以上；如为另一次检查，请另行登记检查任务。"
            ]
    if outcome not in {o.value for o in InspectionOutcome if o.value}:
        errors["outcome"] = ["请选择检查结果：未发现问题、责令整改或立案查处。"]
    if not outcome_note:
        errors["outcome_note"] = ["请填写检查情况。"]
    elif len(outcome_note) > NOTE_MAX:
        errors["outcome_note"] = [f"检查情况不能超过{NOTE_MAX}个字符。"]
    due: dt.date | None = None
    if outcome == InspectionOutcome.ORDER_CORRECT:
        due = _date(correction_due, "correction_due", "整改期限", errors)
        if due is not None and done is not None and due <= done:
            errors["correction_due"] = ["整改期限应晚于检查完成日期。"]
    elif _text(correction_due):
        errors["correction_due"] = ["只有责令整改的才填写整改期限。"]
    if outcome == InspectionOutcome.CASE:
        if user_role(actor) not in CASE_ROLES:
            errors["outcome"] = ["只有执法人员或部门负责人可以立案；请由其登记检查结果。"]
        if not case_item_code:
            errors["case_item_code"] = ["立案查处的，请填写行政处罚事项编码。"]
        if not case_title:
            errors["case_title"] = ["立案查处的，请填写案由。"]
    return errors, done, due


def _open_case(
    actor: Any,
    row: Inspection,
    *,
    item_code: str,
    title: str,
    found_on: dt.date,
    note: str,
    refused: str,
    on: dt.date,
) -> Any:
    """Register the case lead an inspection found (source 监督检查发现), handled by the actor and the
    task's inspectors of the actor's department who may handle cases, officers first."""
    from prudent.cases.services import case_create

    people = [actor] + [
        u
        for u in row.inspectors.order_by("pk")
        if u.pk != actor.pk
        and u.department_id == actor.department_id
        and user_role(u) in CASE_ROLES
    ]
    officers = [u for u in people if user_role(u) is Role.OFFICER] or people
    try:
        return case_create(
            actor=actor,
            department=actor.department,
            source="inspection",
            party=row.entity,
            item_code=item_code,
            title=title,
            lead_received_on=found_on,
            officers=officers,
            note=note,
            on=on,
        )
    except ValidationFailed as exc:
        names = {"item_code": "case_item_code", "title": "case_title"}
        raise ValidationFailed(
            refused, errors={names.get(k, k): list(v) for k, v in exc.errors.items()}
        ) from exc


def inspection_result_record(
    *,
    actor: Any,
    inspection: Inspection,
    inspected_on: object,
    outcome: str,
    outcome_note: str,
    correction_due: object = None,
    case_item_code: str = "",
    case_title: str = "",
    on: dt.date | None = None,
) -> Inspection:
    """Record the result of a planned inspection (see the module docstring for every rule)."""
    on = on or timezone.localdate()
    if not may_record(actor, inspection):
        raise Forbidden("只有本任务的检查人员或参加检查部门的负责人可以登记检查结果。")
    outcome = _text(outcome)
    outcome_note = _text(outcome_note)
    case_item_code = _text(case_item_code)
    case_title = _text(case_title)
    errors, done, due = _result_errors(
        inspection,
        actor=actor,
        inspected_on=inspected_on,
        outcome=outcome,
        outcome_note=outcome_note,
        correction_due=correction_due,
        case_item_code=case_item_code,
        case_title=case_title,
        on=on,
    )
    if errors:
        raise ValidationFailed("检查结果有误，未保存。", errors=errors)
    assert done is not None
    with transaction.atomic():
        row = _locked(inspection)
        if row.status != InspectionStatus.PLANNED:
            raise Conflict(
                f"检查任务{row.get_status_display()}，不能登记检查结果（只能为待检查的任务登记）。"
            )
        before = inspection_state(row)
        if outcome == InspectionOutcome.CASE:
            row.case = _open_case(
                actor,
                row,
                item_code=case_item_code,
                title=case_title,
                found_on=done,
                note=f"检查任务{row.pk}（{row.planned_on:%Y-%m-%d}）发现问题，立案查处。",
                refused="立案信息有误，检查结果未保存。",
                on=on,
            )
        row.inspected_on = done
        row.outcome = outcome
        row.outcome_note = outcome_note
        row.correction_due = due
        row.result_by = actor_name(actor)
        row.result_due, row.result_due_provisional = result_due(done)
        row.status = InspectionStatus.DONE
        row.save(
            update_fields=[
                "inspected_on",
                "outcome",
                "outcome_note",
                "correction_due",
                "case",
                "result_by",
                "result_due",
                "result_due_provisional",
                "status",
            ]
        )
        audit_append(
            actor=actor,
            action="inspection_result",
            object_type="inspections.inspection",
            object_id=row.pk,
            before=before,
            after={**inspection_state(row), "correction_due": due, "note": outcome_note},
            summary=f"登记检查结果：{row.entity.name}，{done:%Y-%m-%d}，"
            f"{row.get_outcome_display()}"
            + (f"（立案 {row.case.number}）" if row.case_id else "")
            + f"；公示期限{row.result_due:%Y-%m-%d}",
        )
    return row


# ------------------------------------------------------------------------------------ publish


def default_summary(row: Inspection) -> str:
    """The public sentence for the outcome (no names, no note: the note is internal)."""
    if row.outcome == InspectionOutcome.NO_PROBLEM:
        return "经检查，未发现问题。"
    if row.outcome == InspectionOutcome.ORDER_CORRECT:
        due = f"（整改期限：{row.correction_due:%Y-%m-%d}）" if row.correction_due else ""
        return f"经检查，发现问题，已责令限期整改{due}。"
    return "经检查，发现问题，已依法立案查处。"


def public_text(row: Inspection, extra: str) -> str:
    """The outcome sentence plus the head's text, personal information processed
    (CONVENTIONS §6.3): a natural person's name, ID number and address as known values, and any
    ID number, phone, bank account or labelled address found in the text; a business's code and
    registered place of business stay."""
    entity = row.entity
    natural = entity.kind == EntityKind.NATURAL_PERSON
    names = [u.display_name for u in row.inspectors.all() if u.display_name]
    text = default_summary(row) + (f"{extra}" if extra else "")
    return redact_text(
        text,
        names=[entity.name, *names] if natural else names,
        ids=[entity.code] if natural else [],
        addresses=[entity.address] if natural and entity.address else [],
        keep=[] if natural else [entity.code, entity.address],
    )


def public_party(row: Inspection) -> tuple[str, str]:
    entity = row.entity
    if entity.kind == EntityKind.NATURAL_PERSON:
        return mask_person_name(entity.name), mask_citizen_id(entity.code)
    return entity.name, entity.code


def inspection_result_publish(
    *, actor: Any, inspection: Inspection, summary: str = "", on: dt.date | None = None
) -> Inspection:
    """A head publishes the recorded result and it enters the entity's credit file."""
    from prudent.credit.services import inspection_result_enter

    on = on or timezone.localdate()
    _require_head(actor, inspection, "公示检查结果")
    extra = _text(summary)
    if len(extra) > SUMMARY_MAX:
        raise ValidationFailed.field("summary", f"补充说明不能超过{SUMMARY_MAX}个字符。")
    with transaction.atomic():
        row = _locked(inspection)
        if row.status != InspectionStatus.DONE or not row.outcome:
            raise Conflict("尚未登记检查结果，不能公示。")
        if row.result_published_on is not None:
            raise Conflict(f"检查结果已于{row.result_published_on:%Y-%m-%d}公示。")
        if row.inspected_on and on < row.inspected_on:
            raise ValidationFailed.field("on", "公示日期不能早于检查完成日期。")
        before = inspection_state(row)
        row.result_summary = public_text(row, extra)
        row.public_party_name, row.public_party_code = public_party(row)
        row.result_published_on = on
        row.result_published_by = actor_name(actor)
        row.save(
            update_fields=[
                "result_summary",
                "public_party_name",
                "public_party_code",
                "result_published_on",
                "result_published_by",
            ]
        )
        entry = inspection_result_enter(inspection=row)
        late = row.result_due is not None and on > row.result_due
        audit_append(
            actor=actor,
            action="inspection_publish",
            object_type="inspections.inspection",
            object_id=row.pk,
            before=before,
            after={**inspection_state(row), "summary": row.result_summary, "credit": entry.pk},
            summary=f"公示检查结果：{row.public_party_name}，{row.get_outcome_display()}"
            + (f"（逾期，期限{row.result_due:%Y-%m-%d}）" if late else "")
            + "；已记入信用档案",
        )
    return row


# ------------------------------------------------------------------------------ re-inspection


def reinspection_due(row: Inspection, today: dt.date) -> bool:
    """An order to correct whose deadline has passed and that has not been re-inspected."""
    return (
        row.outcome == InspectionOutcome.ORDER_CORRECT
        and row.reinspected_on is None
        and row.correction_due is not None
        and row.correction_due < today
    )


def _reinspect_errors(  # noqa: C901 - one check per field, all reported at once
    row: Inspection,
    *,
    actor: Any,
    reinspected_on: object,
    corrected: object,
    note: str,
    case_item_code: str,
    case_title: str,
    on: dt.date,
) -> tuple[dict[str, list[str]], dt.date | None, bool | None]:
    errors: dict[str, list[str]] = {}
    day = _date(reinspected_on, "reinspected_on", "复查日期", errors)
    if day is not None:
        if day > on:
            errors["reinspected_on"] = ["复查日期不能晚于今天。"]
        elif row.inspected_on is not None and day < row.inspected_on:
            errors["reinspected_on"] = [
                f"复查日期不能早于检查完成日期（{row.inspected_on:%Y-%m-%d}）。"
            ]
    done: bool | None = None
    if corrected in (True, "true", "yes", "1", "on"):
        done = True
    elif corrected in (False, "false", "no", "0"):
        done = False
    else:
        errors["corrected"] = ["请选择复查结果：已整改或未整改。"]
    if not note:
        errors["note"] = ["请填写复查情况。"]
    elif len(note) > NOTE_MAX:
        errors["note"] = [f"复查情况不能超过{NOTE_MAX}个字符。"]
    if done is False:
        if user_role(actor) not in CASE_ROLES:
            errors["corrected"] = ["未整改的应立案查处；只有执法人员或部门负责人可以立案。"]
        if not case_item_code:
            errors["case_item_code"] = ["未整改的，请填写立案的行政处罚事项编码。"]
        if not case_title:
            errors["case_title"] = ["未整改的，请填写案由。"]
    elif case_item_code or case_title:
        errors["case_item_code"] = ["已整改的不立案，请勿填写立案信息。"]
    return errors, day, done


def inspection_reinspect(
    *,
    actor: Any,
    inspection: Inspection,
    reinspected_on: object,
    corrected: object,
    note: str,
    case_item_code: str = "",
    case_title: str = "",
    on: dt.date | None = None,
) -> Inspection:
    """Record the re-inspection 复查 after an order to correct (see the module docstring)."""
    on = on or timezone.localdate()
    if not may_record(actor, inspection):
        raise Forbidden("只有本任务的检查人员或参加检查部门的负责人可以登记复查结果。")
    note = _text(note)
    case_item_code = _text(case_item_code)
    case_title = _text(case_title)
    errors, day, done = _reinspect_errors(
        inspection,
        actor=actor,
        reinspected_on=reinspected_on,
        corrected=corrected,
        note=note,
        case_item_code=case_item_code,
        case_title=case_title,
        on=on,
    )
    with transaction.atomic():
        row = _locked(inspection)
        if row.outcome != InspectionOutcome.ORDER_CORRECT:
            raise Conflict("只有责令整改的检查才需要复查。")
        if row.reinspected_on is not None:
            raise Conflict(f"已于{row.reinspected_on:%Y-%m-%d}登记复查结果，不能再次登记。")
        if errors:
            raise ValidationFailed("复查结果有误，未保存。", errors=errors)
        assert day is not None
        assert done is not None
        before = inspection_state(row)
        if not done:
            row.reinspection_case = _open_case(
                actor,
                row,
                item_code=case_item_code,
                title=case_title,
                found_on=day,
                note=f"检查任务{row.pk}责令整改（期限{row.correction_due:%Y-%m-%d}），"
                f"{day:%Y-%m-%d}复查未整改，立案查处。",
                refused="立案信息有误，复查结果未保存。",
                on=on,
            )
        row.reinspected_on = day
        row.reinspection_corrected = done
        row.reinspection_note = note
        row.reinspection_by = actor_name(actor)
        row.save(
            update_fields=[
                "reinspected_on",
                "reinspection_corrected",
                "reinspection_note",
                "reinspection_by",
                "reinspection_case",
            ]
        )
        late = row.correction_due is not None and day > row.correction_due
        found = "已整改" if done else f"未整改，立案 {row.reinspection_case.number}"  # type: ignore[union-attr]
        audit_append(
            actor=actor,
            action="inspection_reinspect",
            object_type="inspections.inspection",
            object_id=row.pk,
            before=before,
            after={**inspection_state(row), "note": note},
            summary=f"登记复查结果：{row.entity.name}，{day:%Y-%m-%d}，"
            + found
            + (f"（整改期限{row.correction_due:%Y-%m-%d}后复查）" if late else ""),
        )
    return row


# ------------------------------------------------------------------ provisional deadlines


def recompute_provisional(year: int) -> int:
    """After a holiday schedule is loaded: recompute the provisional publication deadlines of
    results not yet published (called by `calendars.services.schedule_load`, in its transaction)."""
    changed = 0
    rows = Inspection.objects.filter(
        result_due_provisional=True, result_published_on__isnull=True, inspected_on__isnull=False
    ).select_for_update()
    for row in rows:
        due, provisional = result_due(row.inspected_on)  # type: ignore[arg-type]
        if (due, provisional) != (row.result_due, row.result_due_provisional):
            row.result_due, row.result_due_provisional = due, provisional
            row.save(update_fields=["result_due", "result_due_provisional"])
            changed += 1
    return changed
