"""Inspection task pages 检查任务 (issue #5 parts 5 and 7; R-INSP-1, R-INSP-3/4/5).

- staff: the task list (my tasks / the department's, filters status, origin, year, overdue
  results), the task page (entity, departments, items, inspectors, origin, trigger, dates,
  result, publication, the linked case) with the forms each role may use: record the result
  (inspectors of the task, heads), cancel and publish (heads of taking-part departments);
  registering a triggered / key-supervision inspection (officers and heads of a department);
- heads and the judicial bureau: coverage of the key-supervision and serious-dishonesty lists
  (未覆盖, R-INSP-5), white-listed entities inspected more than once (R-INSP-4), overdue results;
- the enterprise: its inspections that have been carried out, with their results (a planned
  inspection is not announced to it in advance: a triggered one follows a complaint);
- the public: published results (抽查检查结果公示), searchable and paginated, no login.

Views are thin: forms post to `tasks.inspection_open` and `results.*`; refusals come back as field
errors (422) or a conflict (409) and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.core.errors import Conflict, Forbidden, ServiceError
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Capability, Role
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections import results
from prudent.inspections import task_forms as tf
from prudent.inspections import task_selectors as ts
from prudent.inspections.models import (
    Inspection,
    InspectionOrigin,
    InspectionOutcome,
    InspectionStatus,
)
from prudent.inspections.tasks import inspection_open
from prudent.visits import selectors as visit_selectors
from prudent.visits.services import REGISTRAR_ROLES

OVERSIGHT = frozenset({Role.HEAD, Role.SUPERVISOR, Role.ADMIN})


def _errors(form: forms.Form, exc: ServiceError) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errs in exc.errors.items():
        for message in errs:
            form.add_error(name if name in form.fields else None, message)


def _staff(request: HttpRequest) -> None:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)


def _oversight(request: HttpRequest) -> None:
    _staff(request)
    if user_role(request.user) not in OVERSIGHT:
        raise PermissionDenied("仅部门负责人和执法监督人员可以查看。")


def _year(request: HttpRequest, default: int | None) -> int | None:
    raw = request.GET.get("year", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default


# ------------------------------------------------------------------------------------- list


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    role = user_role(request.user)
    scope = request.GET.get("scope", "")
    if scope not in ("mine", "department"):
        scope = "mine" if role in (Role.OFFICER, Role.LEGAL_REVIEWER) else "department"
    status = request.GET.get("status", "")
    origin = request.GET.get("origin", "")
    overdue = request.GET.get("overdue", "") == "1"
    reinspection_due = request.GET.get("reinspection", "") == "due"
    q = request.GET.get("q", "").strip()[:100]
    year = _year(request, None)
    qs = ts.tasks(
        user=request.user,
        today=today,
        mine=scope == "mine",
        status=status,
        origin=origin,
        year=year,
        overdue=overdue,
        reinspection_due=reinspection_due,
        q=q,
    )
    rows = list(qs[: ts.LIST_LIMIT])
    for r in rows:  # one rule for the badge, the page and the due list: results.reinspection_due
        r.due_for_reinspection = results.reinspection_due(r, today)
    return render(
        request,
        "inspections/tasks.html",
        {
            "rows": rows,
            "truncated": len(rows) == ts.LIST_LIMIT,
            "scope": scope,
            "status": status,
            "origin": origin,
            "overdue": overdue,
            "reinspection_due": reinspection_due,
            "year": year,
            "q": q,
            "years": ts.years(user=request.user),
            "statuses": InspectionStatus.choices,
            "origins": InspectionOrigin.choices,
            "today": today,
            "can_open": _can_open(request.user),
            "oversight": role in OVERSIGHT,
        },
    )


def _can_open(user: Any) -> bool:
    return user_role(user) in DEPARTMENT_ROLES and bool(user.department_id)


# ------------------------------------------------------------------------------------- page


def _task_or_404(request: HttpRequest, pk: int) -> Inspection:
    row = ts.task(user=request.user, pk=pk)
    if row is None:
        raise Http404("没有该检查任务，或不在您的查看范围内。")
    return row


def _task_page(
    request: HttpRequest, row: Inspection, status: int = 200, **forms_: Any
) -> HttpResponse:
    user = request.user
    role = user_role(user)
    dept_ids = {d.pk for d in row.departments.all()}
    is_head = role is Role.HEAD and user.department_id in dept_ids
    is_inspector = any(u.pk == user.pk for u in row.inspectors.all())
    today = timezone.localdate()
    ctx: dict[str, Any] = {
        "row": row,
        "today": today,
        "overdue": row.status == InspectionStatus.DONE
        and row.result_published_on is None
        and row.result_due is not None
        and row.result_due < today,
        "can_cancel": is_head and row.status == InspectionStatus.PLANNED,
        "can_record": (is_head or (is_inspector and role in DEPARTMENT_ROLES))
        and row.status == InspectionStatus.PLANNED,
        "can_publish": is_head
        and row.status == InspectionStatus.DONE
        and row.result_published_on is None,
        "can_reinspect": (is_head or (is_inspector and role in DEPARTMENT_ROLES))
        and row.outcome == InspectionOutcome.ORDER_CORRECT
        and row.reinspected_on is None,
        "reinspection_due": results.reinspection_due(row, today),
        "reinspect_form": tf.ReinspectForm(initial={"reinspected_on": today}),
        "cancel_form": tf.CancelForm(),
        "result_form": tf.ResultForm(initial={"inspected_on": min(today, row.planned_on)}),
        "publish_form": tf.PublishResultForm(),
        "early_days": results.EARLY_MARGIN_DAYS,
        "result_days": results.RESULT_WORKING_DAYS,
        # The registered visits that carry this task out (R-INSP-6), as far as the viewer may see them.
        "visits": visit_selectors.visits_for(user, inspection_id=row.pk),
        "can_register_visit": role in REGISTRAR_ROLES
        and row.status == InspectionStatus.PLANNED
        and (is_inspector or is_head)
        and row.entity.kind != EntityKind.NATURAL_PERSON,  # visits are to businesses
    }
    ctx.update(forms_)
    return render(request, "inspections/task.html", ctx, status=status)


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    return _task_page(request, _task_or_404(request, pk))


def _failed(request: HttpRequest, row: Inspection, exc: ServiceError, **forms_: Any) -> Any:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    status = 409 if isinstance(exc, Conflict) else 422
    if isinstance(exc, Conflict):
        messages.error(request, exc.message)
    return _task_page(request, _task_or_404(request, row.pk), status=status, **forms_)


def _submit(
    request: HttpRequest,
    row: Inspection,
    form: forms.Form,
    key: str,
    call: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse | None:
    """Run the service on a valid form: back to the task with a notice, or the task page with the
    errors on the form (`key` names it in the page). None when the form itself is invalid."""
    if not form.is_valid():
        return None
    try:
        call(form.cleaned_data)
    except ServiceError as exc:
        _errors(form, exc)
        return _failed(request, row, exc, **{key: form})
    messages.success(request, done)
    return redirect("inspections:task", pk=row.pk)


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = _task_or_404(request, pk)
    form = tf.CancelForm(request.POST)
    answer = _submit(
        request,
        row,
        form,
        "cancel_form",
        lambda data: results.inspection_cancel(
            actor=request.user, inspection=row, reason=data["reason"]
        ),
        "已取消检查任务。",
    )
    if answer is not None:
        return answer
    if user_role(request.user) is not Role.HEAD:
        raise PermissionDenied("只有参加检查部门的负责人可以取消检查任务。")
    return _task_page(request, row, status=422, cancel_form=form)


@login_required
@require_POST
def task_result(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = _task_or_404(request, pk)
    if not results.may_record(request.user, row):
        raise PermissionDenied("只有本任务的检查人员或参加检查部门的负责人可以登记检查结果。")
    form = tf.ResultForm(request.POST)
    answer = _submit(
        request,
        row,
        form,
        "result_form",
        lambda data: results.inspection_result_record(actor=request.user, inspection=row, **data),
        "已登记检查结果；请在公示期限内公示。",
    )
    if answer is not None:
        return answer
    return _task_page(request, row, status=422, result_form=form)


@login_required
@require_POST
def task_reinspect(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = _task_or_404(request, pk)
    if not results.may_record(request.user, row):
        raise PermissionDenied("只有本任务的检查人员或参加检查部门的负责人可以登记复查结果。")
    form = tf.ReinspectForm(request.POST)
    answer = _submit(
        request,
        row,
        form,
        "reinspect_form",
        lambda data: results.inspection_reinspect(actor=request.user, inspection=row, **data),
        "已登记复查结果。",
    )
    if answer is not None:
        return answer
    return _task_page(request, row, status=422, reinspect_form=form)


@login_required
@require_POST
def task_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = _task_or_404(request, pk)
    form = tf.PublishResultForm(request.POST)
    answer = _submit(
        request,
        row,
        form,
        "publish_form",
        lambda data: results.inspection_result_publish(
            actor=request.user, inspection=row, summary=data["summary"]
        ),
        "检查结果已公示，并记入该主体的信用档案。",
    )
    if answer is not None:
        return answer
    if user_role(request.user) is not Role.HEAD:
        raise PermissionDenied("只有参加检查部门的负责人可以公示检查结果。")
    return _task_page(request, row, status=422, publish_form=form)


# ------------------------------------------------------------------------------------- open


def _require_opener(request: HttpRequest) -> None:
    _staff(request)
    if not _can_open(request.user):
        raise PermissionDenied("只有执法部门的人员可以登记检查任务。")


@login_required
def task_new(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    if request.method == "POST":
        form = tf.TaskOpenForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = inspection_open(
                    actor=request.user,
                    entity=data["entity_code"],
                    department=request.user.department,
                    departments=list(data["departments"]),
                    items=list(data["items"]),
                    inspectors=list(data["inspectors"]),
                    planned_on=data["planned_on"],
                    origin=data["origin"],
                    trigger=data["trigger"] or "",
                    trigger_note=data["trigger_note"],
                )
            except Forbidden as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                _errors(form, exc)
            else:
                messages.success(request, "已登记检查任务。")
                return redirect("inspections:task", pk=row.pk)
        return render(request, "inspections/task_new.html", {"form": form}, status=422)
    form = tf.TaskOpenForm(
        user=request.user,
        initial={
            "planned_on": timezone.localdate(),
            "origin": InspectionOrigin.TRIGGERED,
            "inspectors": [request.user.pk],
            "entity_code": _entity_code_param(request),
        },
    )
    return render(request, "inspections/task_new.html", {"form": form})


def _entity_code_param(request: HttpRequest) -> str:
    """`?entity=<pk>` (links from other pages: no citizen ID in a URL, where server logs would keep
    it) or `?entity=<code>` typed by hand; prefilled only from an entity the user may see."""
    raw = request.GET.get("entity", "").strip()[:18]
    if raw.isdigit() and len(raw) < 18:
        found = Entity.objects.restrict(request.user).filter(pk=int(raw)).first()
        return found.code if found is not None else ""
    return raw


# -------------------------------------------------------------------------------- oversight


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    _oversight(request)
    year = _year(request, timezone.localdate().year)
    assert year is not None
    return render(
        request,
        "inspections/coverage.html",
        {
            "year": year,
            "gaps": ts.coverage_gaps(year=year),
            "repeats": ts.white_list_repeats(year=year),
        },
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    _oversight(request)
    today = timezone.localdate()
    rows = list(ts.overdue_results(user=request.user, today=today)[: ts.LIST_LIMIT])
    due = list(ts.reinspections_due(user=request.user, today=today)[: ts.LIST_LIMIT])
    return render(request, "inspections/overdue.html", {"rows": rows, "due": due, "today": today})


# ------------------------------------------------------------------------------- enterprise


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.ENTERPRISE_CASES)
    entity_id = getattr(request.user, "entity_id", None)
    if not entity_id:
        raise Http404("您的账户没有关联市场主体。")
    rows = list(
        ts.entity_tasks(user=request.user, entity_id=entity_id)
        .filter(status=InspectionStatus.DONE)
        .order_by("-inspected_on", "-pk")[: ts.LIST_LIMIT]
    )
    return render(request, "inspections/mine.html", {"rows": rows})


# ----------------------------------------------------------------------------------- public


def public_results(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = ts.public_results(q=q, page=request.GET.get("page", 1))
    return render(request, "inspections/public_results.html", {"page": page, "q": q})


def public_result(request: HttpRequest, pk: int) -> HttpResponse:
    row = ts.public_result(pk)
    if row is None:
        raise Http404("未找到该检查结果公示。")
    return render(request, "inspections/public_result.html", {"row": row})
