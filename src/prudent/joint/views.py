"""Pages of joint inspections (issue #5 part 4; R-INSP-3, CN 4). Thin: forms parse, services
decide, selectors read within the user's scope; a refusal is shown beside its field (422/409)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.core.errors import Conflict, Forbidden, ServiceError
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.joint import forms as f
from prudent.joint import selectors, services
from prudent.joint.formdoc import finding_text, render_check_form
from prudent.joint.models import JointInspection, JointPlan, JointTask
from prudent.organisations.models import Department

SHARE_ROLES = frozenset({Role.HEAD, Role.SUPERVISOR, Role.ADMIN})


def _errors(form: forms.Form, exc: ServiceError) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errs in exc.errors.items():
        for message in errs:
            form.add_error(name if name in form.fields else None, message)


def _status(exc: ServiceError) -> int:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    return 409 if isinstance(exc, Conflict) else 422


def _staff(request: HttpRequest) -> None:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)


def _may_manage(user: Any) -> bool:
    return user_role(user) in (Role.HEAD, Role.ADMIN)


def _lead_choices(user: Any) -> Any:
    """An admin chooses the lead department; a head drafts for its own department."""
    if user_role(user) is Role.ADMIN:
        return Department.objects.exclude(kind="judicial_bureau").order_by("name")
    return None


# --- plans ---------------------------------------------------------------------------------------


def _plans_page(
    request: HttpRequest, form: f.PlanForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "joint/plans.html",
        {
            "overview": selectors.deadline_overview(user=user),
            "plans": selectors.plans(user=user),
            "joints": selectors.joints(user=user)[:50],
            "form": form
            or f.PlanForm(
                initial={"year": timezone.localdate().year}, lead_choices=_lead_choices(user)
            ),
            "can_create": _may_manage(user)
            and (user.department_id or user_role(user) is Role.ADMIN),
            "can_share": user_role(user) in SHARE_ROLES,
        },
        status=status,
    )


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return _plans_page(request)


@login_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    form = f.PlanForm(request.POST, lead_choices=_lead_choices(request.user))
    if not form.is_valid():
        return _plans_page(request, form, 422)
    data = form.cleaned_data
    lead = data.get("lead_department") or request.user.department
    try:
        plan = services.plan_create(
            actor=request.user,
            lead_department=lead,
            year=data["year"],
            title=data["title"],
            note=data["note"],
        )
    except ServiceError as exc:
        status = _status(exc)
        _errors(form, exc)
        return _plans_page(request, form, status)
    messages.success(request, "已新建年度部门联合抽查计划草稿。")
    return redirect("joint:plan", pk=plan.pk)


def _plan_or_404(request: HttpRequest, pk: int) -> JointPlan:
    _staff(request)
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan is None:
        raise Http404("没有该计划。")
    return plan


def _plan_page(
    request: HttpRequest,
    plan: JointPlan,
    task_form: f.TaskForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    can_edit = not plan.is_published and selectors.may_edit_plan(request.user, plan)
    return render(
        request,
        "joint/plan.html",
        {
            "plan": plan,
            "deadline": selectors.plan_deadline(plan),
            "versions": selectors.plan_versions(plan),
            "tasks": selectors.tasks_of(plan),
            "can_edit": can_edit,
            "can_version": plan.is_published and selectors.may_edit_plan(request.user, plan),
            "task_form": task_form
            or (f.TaskForm(government_id=plan.government_id) if can_edit else None),
            "error": error,
        },
        status=status,
    )


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, _plan_or_404(request, pk))


def _managed_plan(request: HttpRequest, pk: int) -> JointPlan:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    plan = _plan_or_404(request, pk)
    if not selectors.may_edit_plan(request.user, plan):
        raise PermissionDenied("只有牵头部门的负责人可以修改该计划。")
    return plan


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    form = f.TaskForm(request.POST, government_id=plan.government_id)
    if not form.is_valid():
        return _plan_page(request, plan, form, 422)
    data = form.cleaned_data
    try:
        services.task_add(
            actor=request.user,
            plan=plan,
            title=data["title"],
            lead_department=data["lead_department"],
            departments=list(data["departments"]),
            items=list(data["items"]),
            month=data["month"],
            planned_on=data["planned_on"],
            entities=list(data["entities"]),
            filter_industry=data["filter_industry"],
            filter_kind=data["filter_kind"],
            note=data["note"],
        )
    except ServiceError as exc:
        status = _status(exc)
        _errors(form, exc)
        return _plan_page(request, plan, form, status)
    messages.success(request, "已增加联合抽查任务。")
    return redirect("joint:plan", pk=plan.pk)


@login_required
@require_POST
def task_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    task = selectors.task_get(user=request.user, pk=pk)
    if task is None:
        raise Http404("没有该任务。")
    plan = _managed_plan(request, task.plan_id)
    try:
        services.task_remove(actor=request.user, task=task)
    except ServiceError as exc:
        return _plan_page(request, plan, status=_status(exc), error=exc.message)
    messages.success(request, "已删除联合抽查任务。")
    return redirect("joint:plan", pk=plan.pk)


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    try:
        services.plan_publish(actor=request.user, plan=plan)
    except ServiceError as exc:
        return _plan_page(request, plan, status=_status(exc), error=exc.message)
    messages.success(request, "计划已发布，已在门户网站公开；发布后不可修改。")
    return redirect("joint:plan", pk=plan.pk)


@login_required
@require_POST
def plan_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    try:
        new = services.plan_new_version(actor=request.user, plan=plan)
    except ServiceError as exc:
        return _plan_page(request, plan, status=_status(exc), error=exc.message)
    messages.success(request, f"已新建第{new.version}版草稿（复制已发布版本）。")
    return redirect("joint:plan", pk=new.pk)


# --- carrying out a task -------------------------------------------------------------------------


def _task_or_404(request: HttpRequest, pk: int) -> JointTask:
    _staff(request)
    task = selectors.task_get(user=request.user, pk=pk)
    if task is None:
        raise Http404("没有该任务。")
    return task


def _may_open(user: Any, task: JointTask) -> bool:
    return (
        user_role(user) in (Role.OFFICER, Role.HEAD)
        and user.department_id == task.lead_department_id
    )


def _task_page(
    request: HttpRequest, task: JointTask, form: f.OpenForm | None = None, status: int = 200
) -> HttpResponse:
    from prudent.joint.services import task_targets

    can_open = task.plan.is_published and _may_open(request.user, task)
    if form is None and can_open:
        form = f.OpenForm(
            initial={"planned_on": task.planned_on or timezone.localdate()},
            targets=task_targets(task),
            inspectors=selectors.task_inspectors(task),
        )
    return render(
        request,
        "joint/task.html",
        {
            "task": task,
            "items": task.task_items.select_related("item", "department").order_by(
                "department__name", "item__code"
            ),
            "departments": task.departments.order_by("name"),
            "targets": selectors.task_target_rows(task),
            "form": form if can_open else None,
        },
        status=status,
    )


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, _task_or_404(request, pk))


@login_required
@require_POST
def open_(request: HttpRequest, pk: int) -> HttpResponse:
    from prudent.joint.services import task_targets

    task = _task_or_404(request, pk)
    if not _may_open(request.user, task):
        raise PermissionDenied("只有牵头部门的执法人员或负责人可以安排联合检查。")
    form = f.OpenForm(
        request.POST, targets=task_targets(task), inspectors=selectors.task_inspectors(task)
    )
    if not form.is_valid():
        return _task_page(request, task, form, 422)
    data = form.cleaned_data
    try:
        joint = services.joint_open(
            actor=request.user,
            task=task,
            entity=data["entity"],
            inspectors=list(data["inspectors"]),
            planned_on=data["planned_on"],
        )
    except ServiceError as exc:
        status = _status(exc)
        _errors(form, exc)
        return _task_page(request, task, form, status)
    messages.success(request, "已登记联合检查，联合检查单已生成。")
    return redirect("joint:inspection", pk=joint.pk)


# --- the joint check form ------------------------------------------------------------------------


def _joint_or_404(request: HttpRequest, pk: int) -> JointInspection:
    _staff(request)
    joint = selectors.joint_get(user=request.user, pk=pk)
    if joint is None:
        raise Http404("没有该联合检查。")
    return joint


def _writer(user: Any) -> bool:
    return user_role(user) in (Role.OFFICER, Role.HEAD)


def _inspection_page(
    request: HttpRequest,
    joint: JointInspection,
    *,
    bad_finding: tuple[int, f.FindingForm] | None = None,
    result_form: f.ResultForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    results = selectors.results_of(joint)
    sections = selectors.check_form(joint)
    taking_part = {d.pk for d in joint.inspection.departments.all()}
    writer = _writer(user) and user.department_id in taking_part
    rows = []
    for s in sections:
        for r in s.rows:
            form = None
            if writer and r.department_id == user.department_id:
                if bad_finding and bad_finding[0] == r.pk:
                    form = bad_finding[1]
                else:
                    form = f.FindingForm(
                        initial={
                            "result": r.result or "compliant",
                            "note": r.note,
                            "test_result": r.test_result_id,
                        },
                        results=joint.results.all(),
                        prefix=f"r{r.pk}",
                    )
            rows.append((s, r, form))
    return render(
        request,
        "joint/inspection.html",
        {
            "joint": joint,
            "insp": joint.inspection,
            "sections": sections,
            "rows": rows,
            "results": results,
            "result_form": result_form
            or (f.ResultForm(items=joint.inspection.items.all()) if writer else None),
        },
        status=status,
    )


@login_required
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _joint_or_404(request, pk))


@login_required
def form_print(request: HttpRequest, pk: int) -> HttpResponse:
    joint = _joint_or_404(request, pk)
    sections = selectors.check_form(joint)
    return render(
        request,
        "joint/form_print.html",
        {
            "joint": joint,
            "insp": joint.inspection,
            "sections": [(s, [(r, finding_text(r)) for r in s.rows]) for s in sections],
            "results": selectors.results_of(joint),
            "inspectors": joint.inspection.inspectors.select_related("department"),
        },
    )


@login_required
def form_docx(request: HttpRequest, pk: int) -> HttpResponse:
    joint = _joint_or_404(request, pk)
    response = HttpResponse(
        render_check_form(joint),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"joint-check-form-{joint.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def finding(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = selectors.finding_get(user=request.user, pk=pk)
    if row is None:
        raise Http404("没有该检查事项。")
    if not _writer(request.user) or request.user.department_id != row.department_id:
        raise PermissionDenied("只能由该事项所属部门的执法人员填写本行检查结果。")
    joint = row.joint
    form = f.FindingForm(request.POST, results=joint.results.all(), prefix=f"r{row.pk}")
    if form.is_valid():
        try:
            services.finding_record(actor=request.user, finding=row, **form.cleaned_data)
        except ServiceError as exc:
            status = _status(exc)
            _errors(form, exc)
            return _inspection_page(request, joint, bad_finding=(row.pk, form), status=status)
        messages.success(request, f"已保存{row.item.code}的检查结果。")
        return redirect("joint:inspection", pk=joint.pk)
    return _inspection_page(request, joint, bad_finding=(row.pk, form), status=422)


@login_required
@require_POST
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    joint = _joint_or_404(request, pk)
    taking_part = {d.pk for d in joint.inspection.departments.all()}
    if not _writer(request.user) or request.user.department_id not in taking_part:
        raise PermissionDenied("只有参加本次联合检查部门的执法人员可以登记检验检测结果。")
    form = f.ResultForm(request.POST, request.FILES, items=joint.inspection.items.all())
    if not form.is_valid():
        return _inspection_page(request, joint, result_form=form, status=422)
    data = form.cleaned_data
    try:
        services.result_record(
            actor=request.user, joint=joint, department=request.user.department, **data
        )
    except ServiceError as exc:
        status = _status(exc)
        _errors(form, exc)
        return _inspection_page(request, joint, result_form=form, status=status)
    messages.success(request, "已登记检验检测结果，各参加部门均可直接采用。")
    return redirect("joint:inspection", pk=joint.pk)


@login_required
def result_file(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    result = selectors.result_get(user=request.user, pk=pk)
    if result is None or not result.file:
        raise Http404("没有该报告文件。")
    return FileResponse(
        result.file.open("rb"), as_attachment=True, filename=result.file.name.rsplit("/", 1)[-1]
    )


# --- the joint share (CN 4) ----------------------------------------------------------------------


@login_required
def share(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in SHARE_ROLES:
        raise PermissionDenied("联合检查占比统计供部门负责人和司法局查看。")
    raw = request.GET.get("year", "").strip()
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    result = selectors.joint_share(year=year, inspections=selectors.share_scope(request.user))
    return render(
        request,
        "joint/share.html",
        {
            "share": result,
            "year": year,
            "scope_note": "本部门参加的检查"
            if user_role(request.user) is Role.HEAD
            else "本级政府各部门的检查",
        },
    )


# --- public (no login) ---------------------------------------------------------------------------


def public_plans(request: HttpRequest) -> HttpResponse:
    return render(request, "joint/public_plans.html", {"plans": selectors.public_plans()})


def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.public_plan(pk)
    if plan is None:
        raise Http404("没有该计划。")
    return render(
        request,
        "joint/public_plan.html",
        {
            "plan": plan,
            "tasks": selectors.tasks_of(plan),
            "deadline": selectors.plan_deadline(plan),
        },
    )
