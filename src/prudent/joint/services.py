"""Writes of joint inspections (issue #5 part 4; R-INSP-3; CJ 四(五), CN 4, CN 15).

Who does what, and why:
- The annual plan is drafted and published by a head of its lead department (CJ 四(五): 市场监管
  部门牵头会同…制定). The judicial bureau (CN 15: 司法局牵头探索) supervises it: its supervisors
  read every plan and see whether it met the 31 March deadline, but change nothing (the platform's
  rule for the 司法局, docs/architecture.md). An admin may act for a lead department.
- A joint task is carried out by an officer or head of its lead department: one visit per entity,
  opened through `prudent.inspections.tasks.inspection_open`, whose refusals (white list, same
  type in the year, inspectors, items) are passed on unchanged.
- Each department's officers and heads fill in only their own department's rows of the joint
  check form; any taking-part department may record a test result, once for all.

Every write validates first, then writes and appends its audit event in one transaction; bad input
raises `ValidationFailed` with Chinese messages keyed by field and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from prudent.accounts.models import User
from prudent.core.actors import actor_name, is_user
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import user_role
from prudent.core.roles import Role
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import InspectionItem, InspectionOrigin
from prudent.inspections.tasks import inspection_open
from prudent.joint import rules
from prudent.joint.models import (
    PUBLISHED_IMMUTABLE,
    FindingResult,
    JointFinding,
    JointInspection,
    JointPlan,
    JointTask,
    JointTaskItem,
    TestConclusion,
    TestResult,
)
from prudent.organisations.choices import DepartmentKind
from prudent.organisations.models import Department

TITLE_MAX = 200
NOTE_MAX = 2000
RESULT_FILE_MAX = 10 * 1024 * 1024
RESULT_FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
MIN_DEPARTMENTS = 2  # 联合检查: at least two departments in one visit


# --- helpers -------------------------------------------------------------------------------------


def _text(
    errors: dict[str, list[str]],
    name: str,
    label: str,
    value: Any,
    *,
    required: bool = True,
    limit: int = TITLE_MAX,
) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[name] = [f"请填写{label}。"]
    elif len(text) > limit:
        errors[name] = [f"{label}不能超过{limit}个字符。"]
    return text


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _raise(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ValidationFailed(message, errors=errors)


def _check_plan_actor(actor: Any, department: Department) -> None:
    """Heads of the lead department (or an admin) write the plan; a string actor is the platform."""
    if not is_user(actor):
        return
    role = user_role(actor)
    if role is Role.ADMIN:
        return
    if role is not Role.HEAD or actor.department_id != department.pk:
        raise Forbidden("只有牵头部门的负责人可以编制和发布年度部门联合抽查计划。")


def _check_department_actor(actor: Any, departments: Sequence[Department], what: str) -> None:
    """Officers and heads of the named departments; a string actor is the platform."""
    if not is_user(actor):
        return
    if user_role(actor) not in (Role.OFFICER, Role.HEAD) or actor.department_id not in {
        d.pk for d in departments
    }:
        raise Forbidden(what)


def plan_state(plan: JointPlan) -> dict[str, object]:
    return {
        "government": plan.government_id,
        "year": plan.year,
        "version": plan.version,
        "lead_department": plan.lead_department_id,
        "title": plan.title,
        "note": plan.note,
        "status": plan.status,
        "based_on": plan.based_on_id,
        "published_at": plan.published_at,
        "tasks": [task_state(t) for t in plan.tasks.order_by("number")],
    }


def task_state(task: JointTask) -> dict[str, object]:
    return {
        "number": task.number,
        "title": task.title,
        "lead_department": task.lead_department_id,
        "departments": sorted(task.departments.values_list("pk", flat=True)),
        "month": task.month,
        "planned_on": task.planned_on,
        "entities": sorted(task.entities.values_list("code", flat=True)),
        "filter_industry": task.filter_industry,
        "filter_kind": task.filter_kind,
        "items": sorted(task.task_items.values_list("department_id", "item_id")),
        "note": task.note,
    }


def _draft(plan: JointPlan) -> JointPlan:
    locked = JointPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.is_published:
        raise Conflict(PUBLISHED_IMMUTABLE)
    return locked


# --- the annual plan -----------------------------------------------------------------------------


def plan_create(
    *, actor: Any, lead_department: Any, year: Any, title: Any, note: Any = ""
) -> JointPlan:
    """The first version (a draft) of a government's joint plan for a year."""
    errors: dict[str, list[str]] = {}
    if not isinstance(lead_department, Department):
        errors["lead_department"] = ["请选择牵头部门。"]
    elif lead_department.kind == DepartmentKind.JUDICIAL_BUREAU:
        errors["lead_department"] = ["司法局负责监督，不作为联合抽查计划的牵头部门。"]
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors["year"] = ["年度应为2000至2100之间的年份。"]
    title = _text(errors, "title", "计划名称", title)
    note = _text(errors, "note", "说明", note, required=False, limit=NOTE_MAX)
    _raise(errors, "年度联合抽查计划有误，未保存。")
    _check_plan_actor(actor, lead_department)
    with transaction.atomic():
        gov = lead_department.government
        Department.objects.select_for_update().filter(pk=lead_department.pk).first()
        if JointPlan.objects.filter(government=gov, year=year).exists():
            raise Conflict(
                f"{gov.name}{year}年度部门联合抽查计划已经存在；如需调整，请在该计划页面新建版本。"
            )
        plan = JointPlan.objects.create(
            government=gov,
            year=year,
            version=1,
            lead_department=lead_department,
            title=title,
            note=note,
            created_by=actor_name(actor),
        )
        audit_append(
            actor=actor,
            action="joint_plan_create",
            object_type="joint.jointplan",
            object_id=plan.pk,
            after=plan_state(plan),
            summary=f"编制{gov.name}{year}年度部门联合抽查计划（第1版草稿）",
        )
    return plan


def plan_new_version(*, actor: Any, plan: JointPlan) -> JointPlan:
    """A change to a published plan: a new draft version copying the latest published one."""
    _check_plan_actor(actor, plan.lead_department)
    with transaction.atomic():
        versions = JointPlan.objects.select_for_update().filter(
            government_id=plan.government_id, year=plan.year
        )
        if versions.filter(status=JointPlan.Status.DRAFT).exists():
            raise Conflict("该年度计划已有未发布的草稿版本，请先修改并发布该草稿。")
        latest = versions.filter(status=JointPlan.Status.PUBLISHED).order_by("-version").first()
        if latest is None:
            raise Conflict("该年度计划尚未发布，直接修改草稿即可。")
        version = (versions.aggregate(m=Max("version"))["m"] or 0) + 1
        new = JointPlan.objects.create(
            government_id=latest.government_id,
            year=latest.year,
            version=version,
            lead_department_id=latest.lead_department_id,
            title=latest.title,
            note=latest.note,
            based_on=latest,
            created_by=actor_name(actor),
        )
        for old in latest.tasks.order_by("number"):
            task = JointTask.objects.create(
                plan=new,
                number=old.number,
                title=old.title,
                lead_department_id=old.lead_department_id,
                month=old.month,
                planned_on=old.planned_on,
                filter_industry=old.filter_industry,
                filter_kind=old.filter_kind,
                note=old.note,
            )
            task.departments.set(old.departments.all())
            task.entities.set(old.entities.all())
            JointTaskItem.objects.bulk_create(
                [
                    JointTaskItem(task=task, department_id=ti.department_id, item_id=ti.item_id)
                    for ti in old.task_items.all()
                ]
            )
        audit_append(
            actor=actor,
            action="joint_plan_new_version",
            object_type="joint.jointplan",
            object_id=new.pk,
            after=plan_state(new),
            summary=f"新建{latest.year}年度部门联合抽查计划第{version}版（复制第{latest.version}版）",
        )
    return new


def _valid_departments(
    errors: dict[str, list[str]],
    plan: JointPlan,
    lead: Any,
    departments: Sequence[Any],
) -> list[Department]:
    taking_part: list[Department] = []
    for d in [lead, *departments]:
        if isinstance(d, Department) and d.pk not in {x.pk for x in taking_part}:
            taking_part.append(d)
    if not isinstance(lead, Department):
        errors["lead_department"] = ["请选择任务的牵头部门。"]
        return taking_part
    wrong = [
        d.name
        for d in taking_part
        if d.government_id != plan.government_id
        or d.kind == DepartmentKind.JUDICIAL_BUREAU
        or not d.active
    ]
    if wrong:
        errors["departments"] = [
            "参加部门应为本级政府在用的执法部门（司法局不参加检查）：" + "、".join(wrong) + "。"
        ]
    elif len(taking_part) < MIN_DEPARTMENTS:
        errors["departments"] = ["联合抽查任务至少需要两个部门参加。"]
    return taking_part


def _valid_items(
    errors: dict[str, list[str]], items: Sequence[Any], taking_part: Sequence[Department]
) -> list[InspectionItem]:
    chosen = [i for i in items if isinstance(i, InspectionItem)]
    if not chosen:
        errors["items"] = ["请为每个参加部门选择其随机抽查事项清单中的检查事项。"]
        return chosen
    ids = {d.pk for d in taking_part}
    bad = [
        f"{i.code} {i.name}"
        for i in chosen
        if i.item_list.status != "published" or i.item_list.department_id not in ids
    ]
    if bad:
        errors["items"] = [
            "只能选择参加部门已发布的随机抽查事项清单中的事项：" + "、".join(bad) + "。"
        ]
        return chosen
    have = {i.item_list.department_id for i in chosen}
    missing = [d.name for d in taking_part if d.pk not in have]
    if missing:
        errors["items"] = ["以下参加部门没有选择检查事项：" + "、".join(missing) + "。"]
    codes = [i.code for i in chosen]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup and "items" not in errors:
        errors["items"] = ["同一事项编号不能重复选择：" + "、".join(dup) + "。"]
    return chosen


def task_add(
    *,
    actor: Any,
    plan: JointPlan,
    title: Any,
    lead_department: Any,
    departments: Sequence[Any],
    items: Sequence[Any],
    month: Any,
    planned_on: Any = None,
    entities: Sequence[Any] = (),
    filter_industry: Any = "",
    filter_kind: Any = "",
    note: Any = "",
) -> JointTask:
    """Add a joint task to a draft plan: who takes part, each one's items, whom and when."""
    _check_plan_actor(actor, plan.lead_department)
    errors: dict[str, list[str]] = {}
    title = _text(errors, "title", "任务名称", title)
    note = _text(errors, "note", "备注", note, required=False, limit=300)
    taking_part = _valid_departments(errors, plan, lead_department, departments)
    chosen = _valid_items(errors, items, taking_part)
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        errors["month"] = ["计划月份应为1至12。"]
    if planned_on is not None:
        if not _is_date(planned_on):
            errors["planned_on"] = ["计划日期格式有误。"]
        elif planned_on.year != plan.year or (isinstance(month, int) and planned_on.month != month):
            errors["planned_on"] = [f"计划日期应在{plan.year}年{month}月内。"]
    targets = [e for e in entities if isinstance(e, Entity)]
    persons = [e.name for e in targets if e.kind == EntityKind.NATURAL_PERSON]
    if persons or len(targets) != len(entities):
        errors["entities"] = ["联合检查的对象应为市场主体（企业、个体工商户等），不含自然人。"]
    filter_industry = _text(
        errors, "filter_industry", "行业筛选", filter_industry, required=False, limit=100
    )
    filter_kind = "" if filter_kind is None else str(filter_kind).strip()
    if filter_kind and (
        filter_kind not in EntityKind.values or filter_kind == EntityKind.NATURAL_PERSON
    ):
        errors["filter_kind"] = ["主体类型筛选只能是企业、个体工商户、农民专业合作社或其他组织。"]
    if not targets and not filter_industry and not filter_kind and "entities" not in errors:
        errors["entities"] = ["请选择检查对象，或填写检查对象的筛选条件（行业、主体类型）。"]
    _raise(errors, "联合抽查任务有误，未保存。")
    with transaction.atomic():
        locked = _draft(plan)
        number = (locked.tasks.aggregate(m=Max("number"))["m"] or 0) + 1
        task = JointTask.objects.create(
            plan=locked,
            number=number,
            title=title,
            lead_department=lead_department,
            month=month,
            planned_on=planned_on,
            filter_industry=filter_industry,
            filter_kind=filter_kind,
            note=note,
        )
        task.departments.set(taking_part)
        task.entities.set(targets)
        JointTaskItem.objects.bulk_create(
            [
                JointTaskItem(task=task, department_id=i.item_list.department_id, item=i)
                for i in chosen
            ]
        )
        audit_append(
            actor=actor,
            action="joint_task_add",
            object_type="joint.jointtask",
            object_id=task.pk,
            after=task_state(task),
            summary=f"{plan.year}年度联合抽查计划第{locked.version}版增加任务{number}：{title}",
        )
    return task


def task_remove(*, actor: Any, task: JointTask) -> None:
    _check_plan_actor(actor, task.plan.lead_department)
    with transaction.atomic():
        _draft(task.plan)
        before = task_state(task)
        pk = task.pk
        task.task_items.all().delete()
        task.delete()
        audit_append(
            actor=actor,
            action="joint_task_remove",
            object_type="joint.jointtask",
            object_id=pk,
            before=before,
            summary=f"{task.plan.year}年度联合抽查计划删除任务{before['number']}",
        )


def plan_publish(*, actor: Any, plan: JointPlan, now: dt.datetime | None = None) -> JointPlan:
    """Publish a draft: from then on it is immutable and on the public portal. `now` is for tests
    and imports of historic plans; the UI and API never pass it."""
    _check_plan_actor(actor, plan.lead_department)
    with transaction.atomic():
        locked = _draft(plan)
        if not locked.tasks.exists():
            raise ValidationFailed.field("tasks", "计划没有任何联合抽查任务，不能发布。")
        before = plan_state(locked)
        locked.status = JointPlan.Status.PUBLISHED
        locked.published_at = now or timezone.now()
        locked.published_by = actor_name(actor)
        locked.save(update_fields=["status", "published_at", "published_by"])
        audit_append(
            actor=actor,
            action="joint_plan_publish",
            object_type="joint.jointplan",
            object_id=locked.pk,
            before=before,
            after=plan_state(locked),
            summary=f"发布{locked.government.name}{locked.year}年度部门联合抽查计划第{locked.version}版",
        )
    plan.refresh_from_db()
    return locked


# --- carrying out a joint task -------------------------------------------------------------------


def task_targets(task: JointTask) -> Any:
    """The task's targets: the chosen entities plus those matching its filter (natural persons
    never). Not scoped: the entity directory is readable by every department's staff."""
    q = Q(pk__in=task.entities.values("pk"))
    if task.filter_industry or task.filter_kind:
        f = ~Q(kind=EntityKind.NATURAL_PERSON)
        if task.filter_industry:
            f &= Q(industry__contains=task.filter_industry)
        if task.filter_kind:
            f &= Q(kind=task.filter_kind)
        q |= f
    return Entity.objects.filter(q).order_by("name", "pk")


def joint_state(j: JointInspection) -> dict[str, object]:
    return {"task": j.task_id, "inspection": j.inspection_id}


def joint_open(
    *,
    actor: Any,
    task: JointTask,
    entity: Any,
    inspectors: Sequence[Any],
    planned_on: Any,
) -> JointInspection:
    """One joint visit of `task` to `entity`: one `Inspection` (origin joint) with every
    department's items merged, and its joint check form (one empty row per department's item)."""
    departments = list(task.departments.all())
    _check_department_actor(
        actor, [task.lead_department], "只有牵头部门的执法人员或负责人可以安排联合检查。"
    )
    errors: dict[str, list[str]] = {}
    plan = JointPlan.objects.get(pk=task.plan_id)  # as stored now, not as cached on `task`
    if not plan.is_published:
        errors["task"] = ["计划尚未发布，不能执行其中的联合抽查任务。"]
    else:
        newer = (
            JointPlan.objects.filter(
                government_id=plan.government_id, year=plan.year, status="published"
            )
            .order_by("-version")
            .first()
        )
        if newer is not None and newer.pk != plan.pk:
            errors["task"] = [f"该计划已有第{newer.version}版，请执行最新版本中的任务。"]
    if not isinstance(entity, Entity) or not task_targets(task).filter(pk=entity.pk).exists():
        errors["entity"] = ["该市场主体不是本联合抽查任务的检查对象。"]
    if not _is_date(planned_on):
        errors["planned_on"] = ["请填写检查日期。"]
    elif planned_on.year != plan.year:
        errors["planned_on"] = [f"检查日期应在计划年度（{plan.year}年）内。"]
    users = [u for u in inspectors if isinstance(u, User)]
    if len(users) != len(inspectors):
        errors["inspectors"] = ["检查人员有误。"]
    _raise(errors, "联合检查未登记。")
    if (
        JointInspection.objects.filter(task=task, inspection__entity=entity)
        .exclude(inspection__status="cancelled")
        .exists()
    ):
        raise Conflict(f"已对{entity.name}登记过本任务的联合检查。")
    task_items = list(task.task_items.select_related("item", "department"))
    with transaction.atomic():
        inspection = inspection_open(
            actor=actor,
            entity=entity,
            department=task.lead_department,
            departments=[d for d in departments if d.pk != task.lead_department_id],
            items=[ti.item for ti in task_items],
            inspectors=users,
            planned_on=planned_on,
            origin=InspectionOrigin.JOINT,
        )
        joint = JointInspection.objects.create(
            task=task, inspection=inspection, created_by=actor_name(actor)
        )
        JointFinding.objects.bulk_create(
            [JointFinding(joint=joint, department=ti.department, item=ti.item) for ti in task_items]
        )
        audit_append(
            actor=actor,
            action="joint_open",
            object_type="joint.jointinspection",
            object_id=joint.pk,
            after={**joint_state(joint), "findings": len(task_items)},
            summary=f"联合检查：{entity.name}，{planned_on:%Y-%m-%d}，"
            f"{len(departments)}个部门、{len(task_items)}项检查事项（计划任务{task.number}）",
        )
    return joint


# --- the joint check form ------------------------------------------------------------------------


def finding_state(f: JointFinding) -> dict[str, object]:
    return {
        "joint": f.joint_id,
        "department": f.department_id,
        "item": f.item_id,
        "result": f.result,
        "note": f.note,
        "test_result": f.test_result_id,
        "recorded_by": f.recorded_by,
    }


def finding_record(
    *, actor: Any, finding: JointFinding, result: Any, note: Any = "", test_result: Any = None
) -> JointFinding:
    """Fill in one row of the joint check form; only the row's own department may (CJ 四(五):
    个性化联合检查表单, each department answers for its items)."""
    _check_department_actor(
        actor, [finding.department], "只能由该事项所属部门的执法人员填写本行检查结果。"
    )
    errors: dict[str, list[str]] = {}
    if result not in FindingResult.values or not result:
        errors["result"] = ["请选择检查结果：符合要求、发现问题或不涉及。"]
    note = _text(errors, "note", "检查情况", note, required=False, limit=NOTE_MAX)
    if result == FindingResult.PROBLEM and not note:
        errors["note"] = ["发现问题的，请写明问题情况。"]
    if test_result is not None and (
        not isinstance(test_result, TestResult) or test_result.joint_id != finding.joint_id
    ):
        errors["test_result"] = ["只能采用本次联合检查中登记的检验检测结果。"]
    _raise(errors, "检查结果有误，未保存。")
    with transaction.atomic():
        row = JointFinding.objects.select_for_update().get(pk=finding.pk)
        if row.joint.inspection.status == "cancelled":
            raise Conflict("该检查任务已取消，不能填写检查结果。")
        before = finding_state(row)
        row.result = result
        row.note = note
        row.test_result = test_result
        row.recorded_by = actor_name(actor)
        row.recorded_at = timezone.now()
        row.save(update_fields=["result", "note", "test_result", "recorded_by", "recorded_at"])
        audit_append(
            actor=actor,
            action="joint_finding_record",
            object_type="joint.jointfinding",
            object_id=row.pk,
            before=before,
            after=finding_state(row),
            summary=f"联合检查单：{row.department.name}填写{row.item.code}检查结果"
            f"（{row.get_result_display()}）",
        )
    finding.refresh_from_db()
    return row


def result_state(r: TestResult) -> dict[str, object]:
    return {
        "joint": r.joint_id,
        "department": r.department_id,
        "item": r.item_id,
        "sample": r.sample,
        "test": r.test,
        "value": r.value,
        "conclusion": r.conclusion,
        "lab": r.lab,
        "report_no": r.report_no,
        "tested_on": r.tested_on,
        "file": r.file.name if r.file else "",
    }


def _existing_message(r: TestResult) -> str:
    return (
        f"样品“{r.sample}”的“{r.test}”已由{r.department.name}于"
        f"{timezone.localtime(r.recorded_at):%Y-%m-%d}登记（{r.lab}，报告编号{r.report_no}，"
        f"结论：{r.get_conclusion_display()}）。联合检查的检验检测结果各部门直接采用，"
        f"不得重复检测（CJ 四(五)）；请在填写检查结果时选用该结果（编号{r.pk}）。"
    )


def result_record(  # noqa: C901 - one check per field, all reported at once
    *,
    actor: Any,
    joint: JointInspection,
    department: Any,
    sample: Any,
    test: Any,
    conclusion: Any,
    lab: Any,
    report_no: Any,
    tested_on: Any,
    value: Any = "",
    item: Any = None,
    file: UploadedFile | None = None,
) -> TestResult:
    """Record a test result once for every taking-part department; the same sample and test
    again is refused, naming the existing result."""
    taking_part = list(joint.inspection.departments.all())
    _check_department_actor(
        actor, taking_part, "只有参加本次联合检查部门的执法人员可以登记检验检测结果。"
    )
    errors: dict[str, list[str]] = {}
    if not isinstance(department, Department) or department.pk not in {d.pk for d in taking_part}:
        errors["department"] = ["登记部门应为参加本次联合检查的部门。"]
    elif is_user(actor) and actor.department_id != department.pk:
        errors["department"] = ["只能以本部门名义登记检验检测结果。"]
    sample = _text(errors, "sample", "样品名称及编号", sample)
    test = _text(errors, "test", "检验检测项目", test)
    value = _text(errors, "value", "检测值", value, required=False)
    lab = _text(errors, "lab", "检验检测机构", lab)
    report_no = _text(errors, "report_no", "报告编号", report_no, limit=100)
    if conclusion not in TestConclusion.values:
        errors["conclusion"] = ["请选择结论：合格、不合格或仅出具检测值。"]
    elif conclusion == TestConclusion.VALUE_ONLY and not value:
        errors["value"] = ["仅出具检测值的，请填写检测值。"]
    if not _is_date(tested_on):
        errors["tested_on"] = ["请填写检测日期。"]
    elif tested_on > timezone.localdate():
        errors["tested_on"] = ["检测日期不能晚于今天。"]
    if item is not None and (
        not isinstance(item, InspectionItem)
        or not joint.inspection.items.filter(pk=item.pk).exists()
    ):
        errors["item"] = ["相关事项应为本次联合检查的检查事项。"]
    if file is not None:
        name = (file.name or "").lower()
        if not name.endswith(RESULT_FILE_TYPES):
            errors["file"] = ["报告文件只能是PDF或JPG、PNG图片。"]
        elif file.size is None or file.size > RESULT_FILE_MAX:
            errors["file"] = ["报告文件不能超过10MB。"]
    _raise(errors, "检验检测结果有误，未登记。")
    sample_key, test_key = rules.result_key(sample), rules.result_key(test)
    existing = TestResult.objects.filter(joint=joint, sample_key=sample_key, test_key=test_key)
    first = existing.select_related("department").first()
    if first is not None:
        raise Conflict(_existing_message(first), errors={"test": [_existing_message(first)]})
    row = TestResult(
        joint=joint,
        department=department,
        item=item,
        sample=sample,
        sample_key=sample_key,
        test=test,
        test_key=test_key,
        value=value,
        conclusion=conclusion,
        lab=lab,
        report_no=report_no,
        tested_on=tested_on,
        recorded_by=actor_name(actor),
    )
    try:
        with transaction.atomic():
            if file is not None:
                row.file.save(file.name, file, save=False)
            row.save()
            audit_append(
                actor=actor,
                action="joint_test_result_record",
                object_type="joint.testresult",
                object_id=row.pk,
                after=result_state(row),
                summary=f"联合检查登记检验检测结果：{sample}·{test}（{row.get_conclusion_display()}）"
                f"，{department.name}",
            )
    except Exception as exc:  # nothing stored: not the row, not the file
        if row.file:
            row.file.delete(save=False)
        if not isinstance(exc, IntegrityError):
            raise
        first = existing.select_related("department").first()  # a concurrent second entry
        message = _existing_message(first) if first else "该样品的该检测项目已经登记。"
        raise Conflict(message, errors={"test": [message]}) from None
    return row
