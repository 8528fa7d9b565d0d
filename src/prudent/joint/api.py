"""Joint inspections API `/api/v1/joint/…` (issue #5 part 4; R-INSP-3, CN 4).

Bodies are read as plain values and passed to the same services as the UI, so every refusal comes
back as 422/409 with the same Chinese messages keyed by field; references are by id/code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from prudent.accounts.models import User
from prudent.core.errors import NotFound, ValidationFailed
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.entities.models import Entity
from prudent.entities.selectors import entity_code_for
from prudent.inspections.models import InspectionItem
from prudent.joint import selectors, services
from prudent.joint.models import JointFinding, JointInspection, JointPlan, JointTask, TestResult
from prudent.organisations.models import Department

router = Router(tags=["joint"])


class TaskOut(Schema):
    id: int
    number: int
    title: str
    lead_department: str
    departments: list[str]
    month: int
    planned_on: dt.date | None
    items: list[dict[str, str]]
    entities: list[str]
    filter_industry: str
    filter_kind: str


class PlanOut(Schema):
    id: int
    government: str
    year: int
    version: int
    title: str
    status: str
    lead_department: str
    published_at: dt.datetime | None
    deadline: str
    deadline_label: str
    tasks: list[TaskOut]


class PlanIn(Schema):
    year: int | None = None
    title: str = ""
    note: str = ""
    lead_department: int | None = None


class TaskIn(Schema):
    title: str = ""
    lead_department: int | None = None
    departments: list[int] = Field(default_factory=list)
    items: list[int] = Field(default_factory=list)
    month: int | None = None
    planned_on: str = ""
    entities: list[str] = Field(default_factory=list)
    filter_industry: str = ""
    filter_kind: str = ""
    note: str = ""


class OpenIn(Schema):
    entity: str = ""
    planned_on: str = ""
    inspectors: list[str] = Field(default_factory=list)


class FindingOut(Schema):
    id: int
    department: str
    item: str
    item_name: str
    content: str
    method: str
    basis: str
    result: str
    note: str
    test_result: int | None
    recorded_by: str
    recorded_at: dt.datetime | None


class ResultOut(Schema):
    id: int
    department: str
    sample: str
    test: str
    value: str
    conclusion: str
    lab: str
    report_no: str
    tested_on: dt.date


def _result_out(r: TestResult) -> ResultOut:
    return ResultOut(
        id=r.pk,
        department=r.department.name,
        sample=r.sample,
        test=r.test,
        value=r.value,
        conclusion=r.conclusion,
        lab=r.lab,
        report_no=r.report_no,
        tested_on=r.tested_on,
    )


class JointOut(Schema):
    id: int
    inspection: int
    task: int
    entity: str
    entity_name: str
    planned_on: dt.date
    lead_department: str
    departments: list[str]
    inspectors: list[str]
    findings: list[FindingOut]
    results: list[ResultOut]


class FindingIn(Schema):
    result: str = ""
    note: str = ""
    test_result: int | None = None


class ResultIn(Schema):
    sample: str = ""
    test: str = ""
    value: str = ""
    conclusion: str = ""
    lab: str = ""
    report_no: str = ""
    tested_on: str = ""
    item: int | None = None


class ShareRowOut(Schema):
    key: str
    label: str
    inspections: int
    joint: int
    share: Decimal | None
    meets_target: bool | None


class ShareOut(Schema):
    year: int
    fields: list[ShareRowOut]
    sectors: list[ShareRowOut]


class ShareQuery(Schema):
    year: int | None = None


def _task_out(t: JointTask) -> TaskOut:
    return TaskOut(
        id=t.pk,
        number=t.number,
        title=t.title,
        lead_department=t.lead_department.name,
        departments=sorted(d.name for d in t.departments.all()),
        month=t.month,
        planned_on=t.planned_on,
        items=[
            {"department": ti.department.name, "code": ti.item.code, "name": ti.item.name}
            for ti in t.task_items.all()
        ],
        entities=sorted(e.code for e in t.entities.all()),
        filter_industry=t.filter_industry,
        filter_kind=t.filter_kind,
    )


def _plan_out(p: JointPlan) -> PlanOut:
    d = selectors.plan_deadline(p)
    return PlanOut(
        id=p.pk,
        government=p.government.name,
        year=p.year,
        version=p.version,
        title=p.title,
        status=p.status,
        lead_department=p.lead_department.name,
        published_at=p.published_at,
        deadline=d.code,
        deadline_label=d.label,
        tasks=[_task_out(t) for t in selectors.tasks_of(p)],
    )


def _joint_out(j: JointInspection, user: Any) -> JointOut:
    insp = j.inspection
    return JointOut(
        id=j.pk,
        inspection=insp.pk,
        task=j.task_id,
        entity=entity_code_for(user=user, entity=insp.entity),
        entity_name=insp.entity.name,
        planned_on=insp.planned_on,
        lead_department=insp.department.name,
        departments=sorted(d.name for d in insp.departments.all()),
        inspectors=sorted(u.username for u in insp.inspectors.all()),
        findings=[
            FindingOut(
                id=r.pk,
                department=r.department.name,
                item=r.item.code,
                item_name=r.item.name,
                content=r.item.content,
                method=r.item.method,
                basis=r.item.basis,
                result=r.result,
                note=r.note,
                test_result=r.test_result_id,
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
            )
            for s in selectors.check_form(j)
            for r in s.rows
        ],
        results=[_result_out(r) for r in selectors.results_of(j)],
    )


def _date(value: str, name: str, label: str, errors: dict[str, list[str]]) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = [f"{label}应为日期，格式如2026-03-15。"]
        return None


def _plan(request: HttpRequest, pk: int) -> JointPlan:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan is None:
        raise NotFound("没有该计划。")
    return plan


@router.get(
    "/plans", response=list[PlanOut], summary="年度部门联合抽查计划（按权限范围，含发布期限状态）"
)
def plan_list(request: HttpRequest) -> list[PlanOut]:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return [_plan_out(p) for p in selectors.plans(user=request.user)]


@router.get("/plans/{pk}", response=PlanOut, summary="一个版本的联合抽查计划")
def plan_detail(request: HttpRequest, pk: int) -> PlanOut:
    return _plan_out(_plan(request, pk))


@router.post("/plans", response={201: PlanOut}, summary="编制年度计划（牵头部门负责人）")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    lead = request.user.department
    if user_role(request.user) is Role.ADMIN:
        lead = Department.objects.filter(pk=payload.lead_department).first()
    plan = services.plan_create(
        actor=request.user,
        lead_department=lead,
        year=payload.year,
        title=payload.title,
        note=payload.note,
    )
    return Status(201, _plan_out(plan))


@router.post("/plans/{pk}/tasks", response={201: TaskOut}, summary="增加联合抽查任务（草稿）")
def task_add(request: HttpRequest, pk: int, payload: TaskIn) -> Status:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    plan = _plan(request, pk)
    errors: dict[str, list[str]] = {}
    planned_on = _date(payload.planned_on, "planned_on", "计划日期", errors)
    depts = {
        d.pk: d
        for d in Department.objects.filter(
            pk__in=[*payload.departments, payload.lead_department or 0]
        )
    }
    items = list(InspectionItem.objects.filter(pk__in=payload.items).select_related("item_list"))
    if len(items) != len(set(payload.items)):
        errors["items"] = ["有的检查事项不存在。"]
    entities = list(Entity.objects.filter(code__in=payload.entities))
    if len(entities) != len(set(payload.entities)):
        errors["entities"] = ["有的检查对象不存在。"]
    if errors:
        raise ValidationFailed("联合抽查任务有误，未保存。", errors=errors)
    task = services.task_add(
        actor=request.user,
        plan=plan,
        title=payload.title,
        lead_department=depts.get(payload.lead_department or 0),
        departments=[depts[i] for i in payload.departments if i in depts],
        items=items,
        month=payload.month,
        planned_on=planned_on,
        entities=entities,
        filter_industry=payload.filter_industry,
        filter_kind=payload.filter_kind,
        note=payload.note,
    )
    return Status(201, _task_out(task))


@router.post("/plans/{pk}/publish", response=PlanOut, summary="发布计划（发布后公开、不可修改）")
def plan_publish(request: HttpRequest, pk: int) -> PlanOut:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    return _plan_out(services.plan_publish(actor=request.user, plan=_plan(request, pk)))


@router.post("/tasks/{pk}/inspections", response={201: JointOut}, summary="登记一次联合检查")
def joint_open(request: HttpRequest, pk: int, payload: OpenIn) -> Status:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    task = selectors.task_get(user=request.user, pk=pk)
    if task is None:
        raise NotFound("没有该任务。")
    errors: dict[str, list[str]] = {}
    planned_on = _date(payload.planned_on, "planned_on", "检查日期", errors)
    inspectors = list(User.objects.filter(username__in=payload.inspectors))
    if len(inspectors) != len(set(payload.inspectors)):
        errors["inspectors"] = ["有的检查人员不存在。"]
    if errors:
        raise ValidationFailed("联合检查未登记。", errors=errors)
    joint = services.joint_open(
        actor=request.user,
        task=task,
        entity=Entity.objects.filter(code=payload.entity.strip()).first(),
        inspectors=inspectors,
        planned_on=planned_on,
    )
    return Status(201, _joint_out(joint, request.user))


@router.get("/inspections/{pk}", response=JointOut, summary="联合检查单与检验检测结果")
def joint_detail(request: HttpRequest, pk: int) -> JointOut:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    joint = selectors.joint_get(user=request.user, pk=pk)
    if joint is None:
        raise NotFound("没有该联合检查。")
    return _joint_out(joint, request.user)


@router.post("/findings/{pk}", response=FindingOut, summary="填写本部门事项的检查结果")
def finding_record(request: HttpRequest, pk: int, payload: FindingIn) -> FindingOut:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    row: JointFinding | None = selectors.finding_get(user=request.user, pk=pk)
    if row is None:
        raise NotFound("没有该检查事项。")
    test_result = None
    if payload.test_result is not None:
        test_result = (
            row.joint.results.filter(pk=payload.test_result).first() or payload.test_result
        )
    services.finding_record(
        actor=request.user,
        finding=row,
        result=payload.result,
        note=payload.note,
        test_result=test_result,
    )
    out = _joint_out(row.joint, request.user)
    return next(f for f in out.findings if f.id == row.pk)


@router.post(
    "/inspections/{pk}/results", response={201: ResultOut}, summary="登记检验检测结果（各部门共用）"
)
def result_record(request: HttpRequest, pk: int, payload: ResultIn) -> Status:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    joint = selectors.joint_get(user=request.user, pk=pk)
    if joint is None:
        raise NotFound("没有该联合检查。")
    errors: dict[str, list[str]] = {}
    tested_on = _date(payload.tested_on, "tested_on", "检测日期", errors)
    if errors:
        raise ValidationFailed("检验检测结果有误，未登记。", errors=errors)
    item = None
    if payload.item is not None:
        item = joint.inspection.items.filter(pk=payload.item).first() or payload.item
    r = services.result_record(
        actor=request.user,
        joint=joint,
        department=request.user.department,
        sample=payload.sample,
        test=payload.test,
        value=payload.value,
        conclusion=payload.conclusion,
        lab=payload.lab,
        report_no=payload.report_no,
        tested_on=tested_on,
        item=item,
    )
    return Status(201, _result_out(r))


def _row(r: object) -> ShareRowOut:
    return ShareRowOut(
        key=r.key,  # type: ignore[attr-defined]
        label=r.label,  # type: ignore[attr-defined]
        inspections=r.inspections,  # type: ignore[attr-defined]
        joint=r.joint,  # type: ignore[attr-defined]
        share=r.share,  # type: ignore[attr-defined]
        meets_target=r.meets_target,  # type: ignore[attr-defined]
    )


@router.get(
    "/share", response=ShareOut, summary="按执法领域的联合检查占比（食品、药品、餐饮目标≥20%）"
)
def share(request: HttpRequest, query: Query[ShareQuery]) -> ShareOut:
    if user_role(request.user) not in (Role.HEAD, Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied("联合检查占比统计供部门负责人和司法局查看。")
    year = query.year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise ValidationFailed.field("year", "年度应为2000至2100之间的年份。")
    s = selectors.joint_share(year=year, inspections=selectors.share_scope(request.user))
    return ShareOut(
        year=s.year, fields=[_row(r) for r in s.fields], sectors=[_row(r) for r in s.sectors]
    )
