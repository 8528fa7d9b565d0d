"""Inspection tasks API 检查任务 (issue #5 parts 5 and 7; R-INSP-1, R-INSP-3/4/5).

`/api/v1/inspections/tasks…`: list (filters as on the page), detail, open a triggered /
key-supervision inspection, cancel, record the result, publish it. Request bodies are plain strings
so every problem comes back as a 422 with Chinese messages keyed by field, as in the UI; the same
services as the pages run (nothing stored on refusal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from prudent.accounts.models import User
from prudent.core.errors import Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Capability
from prudent.entities.models import Entity
from prudent.entities.selectors import entity_code_for
from prudent.inspections import results
from prudent.inspections import task_selectors as ts
from prudent.inspections.models import Inspection, InspectionItem, InspectionOrigin
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

router = Router(tags=["inspections"])

OPEN_ORIGINS = (InspectionOrigin.TRIGGERED.value, InspectionOrigin.KEY_SUPERVISION.value)


class TaskOut(Schema):
    id: int
    entity_code: str
    entity_name: str
    department: str
    departments: list[str]
    items: list[str]
    inspectors: list[str]
    origin: str
    trigger: str
    trigger_note: str
    planned_on: dt.date
    status: str
    cancel_reason: str
    inspected_on: dt.date | None
    outcome: str
    outcome_note: str
    correction_due: dt.date | None
    case: str | None
    reinspected_on: dt.date | None
    reinspection_corrected: bool | None
    reinspection_note: str
    reinspection_case: str | None
    result_due: dt.date | None
    result_due_provisional: bool
    result_published_on: dt.date | None
    result_summary: str


class TaskFilter(Schema):
    scope: str = "department"
    status: str = ""
    origin: str = ""
    year: int | None = None
    overdue: bool = False
    q: str = ""


class OpenIn(Schema):
    entity: str = ""
    origin: str = ""
    trigger: str = ""
    trigger_note: str = ""
    planned_on: str = ""
    items: list[str] = Field(default_factory=list)
    inspectors: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)


class CancelIn(Schema):
    reason: str = ""


class ResultIn(Schema):
    inspected_on: str = ""
    outcome: str = ""
    outcome_note: str = ""
    correction_due: str = ""
    case_item_code: str = ""
    case_title: str = ""


class ReinspectIn(Schema):
    reinspected_on: str = ""
    corrected: bool | None = None
    note: str = ""
    case_item_code: str = ""
    case_title: str = ""


class PublishIn(Schema):
    summary: str = ""


def _out(row: Inspection, user: Any) -> TaskOut:
    return TaskOut(
        id=row.pk,
        entity_code=entity_code_for(user=user, entity=row.entity),
        entity_name=row.entity.name,
        department=row.department.name,
        departments=sorted(d.name for d in row.departments.all()),
        items=[i.code for i in row.items.all()],
        inspectors=sorted(u.username for u in row.inspectors.all()),
        origin=row.origin,
        trigger=row.trigger,
        trigger_note=row.trigger_note,
        planned_on=row.planned_on,
        status=row.status,
        cancel_reason=row.cancel_reason,
        inspected_on=row.inspected_on,
        outcome=row.outcome,
        outcome_note=row.outcome_note,
        correction_due=row.correction_due,
        case=row.case.number if row.case_id else None,
        reinspected_on=row.reinspected_on,
        reinspection_corrected=row.reinspection_corrected,
        reinspection_note=row.reinspection_note,
        reinspection_case=row.reinspection_case.number if row.reinspection_case_id else None,
        result_due=row.result_due,
        result_due_provisional=row.result_due_provisional,
        result_published_on=row.result_published_on,
        result_summary=row.result_summary,
    )


def _staff(request: HttpRequest) -> None:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)


def _get(request: HttpRequest, pk: int) -> Inspection:
    row = ts.task(user=request.user, pk=pk)
    if row is None:
        raise NotFound("没有该检查任务，或不在您的查看范围内。")
    return row


def _forbidden(fn: Any) -> Any:
    try:
        return fn()
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc


@router.get("/tasks", response=list[TaskOut])
def task_list(request: HttpRequest, filters: Query[TaskFilter]) -> list[TaskOut]:
    _staff(request)
    qs = ts.tasks(
        user=request.user,
        today=timezone.localdate(),
        mine=filters.scope == "mine",
        status=filters.status,
        origin=filters.origin,
        year=filters.year,
        overdue=filters.overdue,
        q=filters.q,
    )
    return [_out(r, request.user) for r in qs[: ts.LIST_LIMIT]]


@router.get("/tasks/{pk}", response=TaskOut)
def task_detail(request: HttpRequest, pk: int) -> TaskOut:
    _staff(request)
    return _out(_get(request, pk), request.user)


def _parse_open(request: HttpRequest, body: OpenIn) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    entity = Entity.objects.filter(code=body.entity.strip().upper()).first()
    if entity is None:
        errors["entity"] = [f"名录库中没有代码为{body.entity.strip()}的市场主体。"]
    if body.origin not in OPEN_ORIGINS:
        errors["origin"] = [
            "检查来源应为触发式检查（triggered）或重点监管检查（key_supervision）。"
        ]
    planned: dt.date | None = None
    try:
        planned = dt.date.fromisoformat(body.planned_on.strip())
    except ValueError:
        errors["planned_on"] = ["计划检查日期不是有效日期（应为YYYY-MM-DD）。"]
    items = list(
        InspectionItem.objects.filter(
            code__in=body.items, item_list__status="published"
        ).select_related("item_list")
    )
    unknown = sorted(set(body.items) - {i.code for i in items})
    if unknown:
        errors["items"] = ["没有已发布的抽查事项：" + "、".join(unknown) + "。"]
    people = list(User.objects.filter(username__in=body.inspectors).select_related("department"))
    missing = sorted(set(body.inspectors) - {u.username for u in people})
    if missing:
        errors["inspectors"] = ["找不到人员：" + "、".join(missing) + "。"]
    departments = list(Department.objects.filter(name__in=body.departments))
    if len(departments) != len(set(body.departments)):
        errors["departments"] = ["参加部门名称有误。"]
    if errors:
        raise ValidationFailed("检查任务有误，未登记。", errors=errors)
    return {
        "entity": entity,
        "items": items,
        "inspectors": people,
        "departments": departments,
        "planned_on": planned,
    }


@router.post("/tasks", response={201: TaskOut})
def task_open(request: HttpRequest, body: OpenIn) -> Status:
    _staff(request)
    if user_role(request.user) not in DEPARTMENT_ROLES or not request.user.department_id:
        raise PermissionDenied("只有执法部门的人员可以登记检查任务。")
    parsed = _parse_open(request, body)
    row = _forbidden(
        lambda: inspection_open(
            actor=request.user,
            department=request.user.department,
            origin=body.origin,
            trigger=body.trigger.strip(),
            trigger_note=body.trigger_note,
            **parsed,
        )
    )
    return Status(201, _out(_get(request, row.pk), request.user))


@router.post("/tasks/{pk}/cancel", response=TaskOut)
def task_cancel(request: HttpRequest, pk: int, body: CancelIn) -> TaskOut:
    _staff(request)
    row = _get(request, pk)
    _forbidden(
        lambda: results.inspection_cancel(actor=request.user, inspection=row, reason=body.reason)
    )
    return _out(_get(request, pk), request.user)


@router.post("/tasks/{pk}/result", response=TaskOut)
def task_result(request: HttpRequest, pk: int, body: ResultIn) -> TaskOut:
    _staff(request)
    row = _get(request, pk)
    _forbidden(
        lambda: results.inspection_result_record(
            actor=request.user,
            inspection=row,
            inspected_on=body.inspected_on,
            outcome=body.outcome,
            outcome_note=body.outcome_note,
            correction_due=body.correction_due,
            case_item_code=body.case_item_code,
            case_title=body.case_title,
        )
    )
    return _out(_get(request, pk), request.user)


@router.post("/tasks/{pk}/reinspect", response=TaskOut)
def task_reinspect(request: HttpRequest, pk: int, body: ReinspectIn) -> TaskOut:
    """The re-inspection 复查 after an order to correct; not corrected → a case lead (R-CASE-5)."""
    _staff(request)
    row = _get(request, pk)
    _forbidden(
        lambda: results.inspection_reinspect(
            actor=request.user,
            inspection=row,
            reinspected_on=body.reinspected_on,
            corrected=body.corrected,
            note=body.note,
            case_item_code=body.case_item_code,
            case_title=body.case_title,
        )
    )
    return _out(_get(request, pk), request.user)


@router.post("/tasks/{pk}/publish", response=TaskOut)
def task_publish(request: HttpRequest, pk: int, body: PublishIn) -> TaskOut:
    _staff(request)
    row = _get(request, pk)
    _forbidden(
        lambda: results.inspection_result_publish(
            actor=request.user, inspection=row, summary=body.summary
        )
    )
    return _out(_get(request, pk), request.user)
