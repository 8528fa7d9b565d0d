"""Draws API (issue #5 part 3; R-INSP-1): plan, commit, seed, and read the commitment and result.

Bodies are read as plain strings so every problem comes back as 422 with Chinese messages keyed by
field, as in the UI; a step in the wrong state is 409. The published files themselves are on the
public pages (/public/draws/<id>/…, no login).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from prudent.core.errors import Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.draws import selectors, services
from prudent.draws.models import Draw, DrawState
from prudent.inspections.models import InspectionItem
from prudent.organisations.models import Department

router = Router(tags=["draws"])


class DrawOut(Schema):
    id: int
    task: str
    name: str
    department: str
    departments: list[str]
    items: list[str]
    quotas: dict[str, str]
    per_entity: int
    planned_on: dt.date
    state: str
    state_label: str
    previous: str | None
    redo_reason: str
    population_size: int
    commitment: str
    seed: str
    failure: str
    public_url: str | None


class PlanIn(Schema):
    task: str = ""
    name: str = ""
    department: str = ""
    departments: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    quotas: dict[str, str] = Field(default_factory=dict)
    per_entity: int = services.MIN_PER_ENTITY
    planned_on: str = ""
    planned_until: str = ""
    kinds: list[str] = Field(default_factory=list)
    division_prefix: str = ""
    industry: str = ""
    exclude_observation: bool = True


class SeedIn(Schema):
    seed: str = ""


class RedoIn(Schema):
    reason: str = ""


def _out(d: Draw) -> DrawOut:
    return DrawOut(
        id=d.pk,
        task=d.task,
        name=d.name,
        department=d.department.name,
        departments=[x.name for x in d.departments.order_by("name")],
        items=[i.code for i in d.items.order_by("code")],
        quotas=d.quotas,
        per_entity=d.per_entity,
        planned_on=d.planned_on,
        state=d.state,
        state_label=d.get_state_display(),
        previous=d.previous.task if d.previous_id else None,
        redo_reason=d.redo_reason,
        population_size=d.population_size,
        commitment=d.commitment,
        seed=d.seed,
        failure=d.failure,
        public_url=f"/public/draws/{d.pk}/" if d.is_public else None,
    )


def _visible(request: HttpRequest, pk: int) -> Draw:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    row = selectors.draw_get(user=request.user, pk=pk)
    if row is None:
        raise NotFound("没有该抽取。")
    return row


def _changeable(request: HttpRequest, pk: int) -> Draw:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    row = _visible(request, pk)
    if not selectors.can_change(user=request.user, draw=row):
        raise Forbidden("只有牵头部门的负责人可以操作本次抽取。")
    return row


def _date(value: str, name: str, label: str, errors: dict[str, list[str]]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = [f"{label}应为日期，格式如2026-11-23。"]
        return None


@router.get("", response=list[DrawOut], summary="双随机抽取列表（按权限范围）")
def draw_list(request: HttpRequest) -> list[DrawOut]:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return [_out(d) for d in selectors.draw_list(user=request.user)]


def _plan_inputs(request: HttpRequest, payload: PlanIn) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if user_role(request.user) is Role.ADMIN:
        department = Department.objects.filter(name=payload.department.strip()).first()
        if department is None:
            errors["department"] = ["请以名称指定牵头部门。"]
    else:
        department = request.user.department
    others = list(Department.objects.filter(name__in=payload.departments))
    if len(others) != len(set(payload.departments)):
        errors["departments"] = ["参加部门须以名称指定，且须存在。"]
    items = list(
        InspectionItem.objects.filter(
            code__in=payload.items, item_list__status="published"
        ).select_related("item_list")
    )
    if {i.code for i in items} != set(payload.items):
        errors["items"] = ["抽查事项须为已发布清单中的事项编号。"]
    planned_on = _date(payload.planned_on, "planned_on", "计划检查日期", errors)
    until = None
    if payload.planned_until.strip():
        until = _date(payload.planned_until, "planned_until", "检查截止日期", errors)
    if errors:
        raise ValidationFailed("抽查方案有误，未保存。", errors=errors)
    return {
        "department": department,
        "departments": others,
        "items": items,
        "planned_on": planned_on,
        "planned_until": until,
    }


@router.post("", response={201: DrawOut}, summary="制定抽查方案（牵头部门负责人）")
def draw_plan(request: HttpRequest, payload: PlanIn) -> Status[DrawOut]:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    row = services.draw_plan(
        actor=request.user,
        task=payload.task,
        name=payload.name,
        quotas=payload.quotas,
        per_entity=payload.per_entity,
        kinds=payload.kinds,
        division_prefix=payload.division_prefix,
        industry=payload.industry,
        exclude_observation=payload.exclude_observation,
        **_plan_inputs(request, payload),
    )
    return Status(201, _out(row))


@router.get("/{pk}", response=DrawOut, summary="一次抽取")
def draw_get(request: HttpRequest, pk: int) -> DrawOut:
    return _out(_visible(request, pk))


@router.post("/{pk}/commit", response=DrawOut, summary="冻结名录并公布承诺值")
def draw_commit(request: HttpRequest, pk: int) -> DrawOut:
    return _out(services.draw_commit(actor=request.user, draw=_changeable(request, pk)))


@router.post("/{pk}/seed", response=DrawOut, summary="录入公开摇号的随机种子并抽取")
def draw_seed(request: HttpRequest, pk: int, payload: SeedIn) -> DrawOut:
    row = _changeable(request, pk)
    return _out(services.draw_seed(actor=request.user, draw=row, seed=payload.seed))


@router.post("/{pk}/redo", response={201: DrawOut}, summary="重新抽取（新的承诺值）")
def draw_redo(request: HttpRequest, pk: int, payload: RedoIn) -> Status[DrawOut]:
    row = _changeable(request, pk)
    return Status(
        201, _out(services.draw_redo(actor=request.user, draw=row, reason=payload.reason))
    )


@router.get("/{pk}/commitment", response=dict[str, Any], summary="承诺（JSON）")
def draw_commitment(request: HttpRequest, pk: int) -> dict[str, Any]:
    row = _visible(request, pk)
    if not row.commitment_json:
        raise NotFound("该抽取尚未公布承诺值。")
    data: dict[str, Any] = json.loads(row.commitment_json)
    return data


@router.get("/{pk}/result", response=dict[str, Any], summary="抽取结果（prudent-draw/1 结果 JSON）")
def draw_result(request: HttpRequest, pk: int) -> dict[str, Any]:
    row = _visible(request, pk)
    if row.state != DrawState.DRAWN:
        raise NotFound("该抽取尚无抽取结果。")
    data: dict[str, Any] = json.loads(row.result_json)
    return data
