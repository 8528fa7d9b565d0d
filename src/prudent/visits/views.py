"""Pages of 公务入企登记 (R-INSP-6).

Staff: the department's visits, registration (with the frequency warning shown before saving),
a visit's page (approve, record the times, cancel, the QR code), an entity's visits and the
alert list. Enterprise: 入企检查登记 — the visits to its own entity, with confirm and rate. Public
(no login): the page a scanned visit code opens, to confirm and rate the visit.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.core.errors import Conflict, NotFound, ServiceError
from prudent.core.permissions import Action, require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection
from prudent.visits import forms as f
from prudent.visits import selectors, services
from prudent.visits.models import EnterpriseVisit, ResponseChannel, VisitStatus


def _errors(form: forms.Form, exc: ServiceError) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errs in exc.errors.items():
        for message in errs:
            form.add_error(name if name in form.fields else None, message)


def _status(exc: ServiceError) -> int:
    return 409 if isinstance(exc, Conflict) else 422


def _visit(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> EnterpriseVisit:
    try:
        return selectors.visit_get(request.user, pk, action)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _require_registrar(user: Any) -> None:
    require_capability(user, Capability.HANDLE_CASES)
    if user_role(user) not in services.REGISTRAR_ROLES:
        raise PermissionDenied("当前角色不能登记公务入企。")


def _code_url(request: HttpRequest, visit: EnterpriseVisit) -> str:
    return request.build_absolute_uri(reverse("visits_public:code", args=[visit.code]))


# --- staff ---------------------------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    status = request.GET.get("status", "")
    rows = selectors.visits_for(request.user, status=status)
    return render(
        request,
        "visits/list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": VisitStatus.choices,
            "can_register": user_role(request.user) in services.REGISTRAR_ROLES,
            "can_alerts": user_role(request.user) in selectors.ALERT_ROLES,
            "limits": services.limits(),
        },
    )


def _register_page(request: HttpRequest, form: f.RegisterForm, **extra: Any) -> HttpResponse:
    status = 422 if form.is_bound else 200
    return render(
        request,
        "visits/register.html",
        {"form": form, "limits": services.limits(), **extra},
        status=status,
    )


def _entity_initial(entity: Entity) -> dict[str, Any]:
    """A business's code. A natural person is never prefilled: a registered visit is to a
    business (the service refuses a natural person), and the page would hold the full citizen
    ID (CONVENTIONS §6.2)."""
    if entity.kind == EntityKind.NATURAL_PERSON:
        return {}
    return {"entity_code": entity.code}


def _task_initial(task: Inspection) -> dict[str, Any]:
    """A visit registered from its inspection task starts from the task's entity, items and origin."""
    kind = {
        "draw": "random_inspection",
        "joint": "random_inspection",
        "key_supervision": "key_supervision",
    }.get(task.origin) or {"complaint": "complaint", "assigned": "assigned"}.get(
        task.trigger, "other"
    )
    items = "、".join(i.name for i in task.items.all())
    return {
        "inspection_id": task.pk,
        **_entity_initial(task.entity),
        "purpose_kind": kind,
        "purpose": f"{task.get_origin_display()}：{items}"[:300],
    }


def _register_initial(request: HttpRequest) -> dict[str, Any]:
    """The form starts from a task (``?inspection=``) or an entity (``?entity=``) the user may see."""
    initial: dict[str, Any] = {"purpose_kind": "random_inspection"}
    task_pk = request.GET.get("inspection", "")
    entity_pk = request.GET.get("entity", "")
    if task_pk.isdigit():
        task = (
            Inspection.objects.restrict(request.user)
            .select_related("entity")
            .filter(pk=int(task_pk))
            .first()
        )
        if task is not None:
            initial.update(_task_initial(task))
    elif entity_pk.isdigit():
        found = Entity.objects.restrict(request.user).filter(pk=int(entity_pk)).first()
        if found is not None:
            initial.update(_entity_initial(found))
    return initial


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_registrar(request.user)
    department = getattr(request.user, "department", None)
    if request.method != "POST":
        initial = _register_initial(request)
        return _register_page(request, f.RegisterForm(initial=initial, department=department))
    form = f.RegisterForm(request.POST, department=department)
    warnings: list[str] = []
    inspection = None
    if form.is_valid() and form.cleaned_data.get("inspection_id"):
        inspection = (
            Inspection.objects.restrict(request.user)
            .filter(pk=form.cleaned_data["inspection_id"])
            .first()
        )
        if inspection is None:
            form.add_error("inspection_id", "没有该检查任务，或您无权查看。")
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_register(
                inspection=inspection,
                actor=request.user,
                entity=data["entity_code"],
                department=data.get("department") or department,
                officers=list(data["officers"]),
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                purpose_kind=data["purpose_kind"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                emergency=data["emergency"],
                emergency_reason=data["emergency_reason"],
                acknowledge_warnings=data["acknowledge_warnings"],
                over_cap_reason=data["over_cap_reason"],
            )
        except ServiceError as exc:
            warnings = exc.errors.pop("acknowledge_warnings", [])
            if warnings and not exc.errors:
                form.add_error(None, exc.message)
            else:
                _errors(form, exc)
        else:
            messages.success(request, "已登记公务入企，待部门负责人审批。入企码已生成。")
            return redirect("visits:detail", pk=visit.pk)
    return _register_page(request, form, warnings=warnings)


def _detail_page(
    request: HttpRequest, visit: EnterpriseVisit, status: int = 200, **forms_: Any
) -> HttpResponse:
    user = request.user
    role = user_role(user)
    officer_ids = {r.officer_id for r in visit.officer_rows.all()}
    can_act = visit.department_id == getattr(user, "department_id", None) and (
        role is Role.HEAD or user.pk in officer_ids or visit.registered_by_id == user.pk
    )
    can_act = can_act or role is Role.ADMIN
    now = timezone.now()
    ctx: dict[str, Any] = {
        "visit": visit,
        "code_url": _code_url(request, visit),
        "can_approve": role is Role.HEAD
        and visit.department_id == user.department_id
        and visit.status == VisitStatus.PENDING
        and user.pk not in officer_ids,
        "can_record": can_act
        and visit.status != VisitStatus.CANCELLED
        and visit.actual_end is None
        and (visit.status == VisitStatus.APPROVED or visit.emergency),
        "can_cancel": can_act
        and visit.status != VisitStatus.CANCELLED
        and visit.actual_start is None
        and not visit.responded,
        "emergency_deadline": services.emergency_deadline(visit) if visit.emergency else None,
        "emergency_overdue": visit.emergency
        and visit.status == VisitStatus.PENDING
        and now > services.emergency_deadline(visit),
        "approve_form": f.ApproveForm(initial={"opinion": "同意"}),
        "record_form": f.RecordForm(
            initial={"actual_start": visit.actual_start or None, "actual_end": None}
        ),
        "cancel_form": f.CancelForm(),
    }
    ctx.update(forms_)
    return render(request, "visits/detail.html", ctx, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return _detail_page(request, _visit(request, pk))


def _staff_post(
    request: HttpRequest,
    pk: int,
    form_cls: type[forms.Form],
    key: str,
    call: Any,
    done: str,
    check: Any = services.may_act_on,
) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CASES)
    visit = _visit(request, pk)
    try:
        check(request.user, visit)  # who may act is decided before the form is read
    except ServiceError as exc:
        raise PermissionDenied(exc.message) from None
    form = form_cls(request.POST)
    status = 422
    if form.is_valid():
        try:
            call(visit, form.cleaned_data)
        except ServiceError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from None
            _errors(form, exc)
            status = _status(exc)
        else:
            messages.success(request, done)
            return redirect("visits:detail", pk=pk)
    return _detail_page(request, _visit(request, pk), status, **{key: form})


def _check_approver(user: Any, visit: EnterpriseVisit) -> None:
    if visit.department_id != user.department_id:
        raise PermissionDenied("只能审批本部门的入企检查。")


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    if user_role(request.user) is not Role.HEAD:
        raise PermissionDenied("入企检查由本部门负责人审批。")
    return _staff_post(
        request,
        pk,
        f.ApproveForm,
        "approve_form",
        lambda v, d: services.visit_approve(actor=request.user, visit=v, opinion=d["opinion"]),
        "已批准该公务入企。",
        check=_check_approver,
    )


@login_required
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_post(
        request,
        pk,
        f.RecordForm,
        "record_form",
        lambda v, d: services.visit_record(
            actor=request.user, visit=v, actual_start=d["actual_start"], actual_end=d["actual_end"]
        ),
        "已记录入企时间。",
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_post(
        request,
        pk,
        f.CancelForm,
        "cancel_form",
        lambda v, d: services.visit_cancel(actor=request.user, visit=v, reason=d["reason"]),
        "已取消该公务入企登记。",
    )


@login_required
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit code as an SVG QR code, for the officers to show at the door (staff of the
    department, the judicial bureau, admin, and the enterprise visited)."""
    if user_role(request.user) is not Role.ENTERPRISE:
        require_capability(request.user, Capability.VIEW_INSPECTIONS)
    visit = _visit(request, pk)
    buffer = io.BytesIO()
    segno.make(_code_url(request, visit), error="m").save(
        buffer, kind="svg", scale=6, border=2, title="入企码", xmldecl=False
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    found = Entity.objects.restrict(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有该市场主体。")
    year = _year(request)
    return render(
        request,
        "visits/entity.html",
        {
            "entity": found,
            "year": year,
            "load": selectors.entity_load(found, year),
            "rows": selectors.visits_for(request.user, entity=found),
            "can_register": user_role(request.user) in services.REGISTRAR_ROLES,
        },
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    if raw.isdigit() and 2000 <= int(raw) <= today.year + 1:
        return int(raw)
    return today.year


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in selectors.ALERT_ROLES:
        raise PermissionDenied("只有部门负责人和司法局执法监督人员可以查看入企预警。")
    year = _year(request)
    result = selectors.visit_alerts(request.user, year=year)
    return render(request, "visits/alerts.html", {"alerts": result, "year": year})


# --- enterprise ----------------------------------------------------------------------------------


def _mine_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    rows = selectors.enterprise_visits(request.user)
    now = timezone.now()
    return render(
        request,
        "visits/mine.html",
        {"rows": rows, "now": now, "form": f.ConfirmForm(), **extra},
        status=status,
    )


def _require_enterprise(user: Any) -> None:
    if user_role(user) is not Role.ENTERPRISE:
        raise PermissionDenied("入企检查登记页面供被检查企业使用。")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    _require_enterprise(request.user)
    return _mine_page(request)


@login_required
@require_POST
def mine_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require_enterprise(request.user)
    visit = _visit(request, pk, Action.CHANGE)
    form = f.ConfirmForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.visit_confirm(
                actor=request.user,
                visit=visit,
                via=ResponseChannel.ACCOUNT,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from None
            _errors(form, exc)
            status = _status(exc)
        else:
            messages.success(request, "已确认并评价该入企检查，感谢您的反馈。")
            return redirect("visits:mine")
    return _mine_page(request, status, failed=visit.pk, failed_form=form)


# --- public: the page a scanned code opens --------------------------------------------------------


def code_page(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding the code sees what was registered and, once, confirms and rates it. The page
    shows no personal data beyond the officers' names and certificate numbers, which officers
    must show anyway (亮证执法); it is not cached and sends no referrer, so the code stays put."""
    try:
        visit = selectors.visit_by_code(code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    form = f.ConfirmForm()
    status = 200
    if request.method == "POST":
        try:
            services.check_responder(request.user, visit, ResponseChannel.CODE)
        except ServiceError as exc:
            raise PermissionDenied(exc.message) from None
        form = f.ConfirmForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                services.visit_confirm(
                    actor=request.user, visit=visit, via=ResponseChannel.CODE, **form.cleaned_data
                )
            except ServiceError as exc:
                if exc.status == 403:
                    raise PermissionDenied(exc.message) from None
                _errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, "已确认并评价该入企检查，感谢您的反馈。")
                return redirect("visits_public:code", code=code)
        visit = selectors.visit_by_code(code)
    response = render(
        request,
        "visits/code.html",
        {"visit": visit, "form": form, "now": timezone.now()},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
