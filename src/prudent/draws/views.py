"""Pages of the draw (issue #5 part 3; R-INSP-1): the staff pages (plan, commit, seed, redo) and
the public pages (no login) that publish the commitment, seed, result and every input needed to
verify it with `prudent draw verify`.

Staff pages read through `restrict`; the head of the lead department (or the administrator)
changes a draw through the services. The public pages read committed draws only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.core.errors import Forbidden, ServiceError
from prudent.core.permissions import has_capability, require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.draws import forms as f
from prudent.draws import selectors, services
from prudent.draws.models import Draw, DrawState


def _errors(form: forms.Form, exc: ServiceError) -> None:
    """The service's message at the top, each field's messages beside the field."""
    form.add_error(None, exc.message)
    for name, errs in exc.errors.items():
        for message in errs:
            if name in form.fields:
                form.add_error(name, message)
            elif message != exc.message:
                form.add_error(None, message)


def _status(exc: ServiceError) -> int:
    return exc.status


@login_required
def draw_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return render(
        request,
        "draws/list.html",
        {
            "draws": selectors.draw_list(user=request.user),
            "can_plan": has_capability(request.user, Capability.MANAGE_INSPECTIONS),
        },
    )


def _suggested_task(user: Any) -> str:
    short = getattr(getattr(user, "department", None), "short_name", "") or "抽查"
    year = timezone.localdate().year
    n = Draw.objects.filter(task__startswith=f"{short}抽〔{year}〕").count() + 1
    return f"{short}抽〔{year}〕{n}号"


@login_required
def draw_new(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    admin = user_role(request.user) is Role.ADMIN
    if request.method == "POST":
        form = f.PlanForm(request.POST, user=request.user, admin=admin)
        if form.is_valid():
            data = form.cleaned_data
            department = data.get("department") if admin else request.user.department
            try:
                row = services.draw_plan(
                    actor=request.user,
                    task=data["task"],
                    name=data["name"],
                    department=department,
                    departments=list(data["departments"]),
                    items=list(data["items"]),
                    quotas={s: data[f"quota_{s}"] for s in services.CLASS_STRATA},
                    per_entity=data["per_entity"],
                    planned_on=data["planned_on"],
                    planned_until=data.get("planned_until"),
                    kinds=data["kinds"],
                    division_prefix=data["division_prefix"],
                    industry=data["industry"],
                    exclude_observation=data["exclude_observation"],
                )
            except ServiceError as exc:
                _errors(form, exc)
                return render(request, "draws/new.html", {"form": form}, status=_status(exc))
            messages.success(request, f"已制定抽查方案 {row.task}。下一步：冻结名录并公布承诺值。")
            return redirect("draws:detail", pk=row.pk)
        return render(request, "draws/new.html", {"form": form}, status=422)
    form = f.PlanForm(
        user=request.user,
        admin=admin,
        initial={"task": _suggested_task(request.user), "exclude_observation": True},
    )
    return render(request, "draws/new.html", {"form": form})


def _visible(request: HttpRequest, pk: int) -> Draw:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    row = selectors.draw_get(user=request.user, pk=pk)
    if row is None:
        raise Http404("没有该抽取。")
    return row


def _changeable(request: HttpRequest, pk: int) -> Draw:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    row = _visible(request, pk)
    if not selectors.can_change(user=request.user, draw=row):
        raise Http404("没有该抽取。")
    return row


def _detail(request: HttpRequest, row: Draw, status: int = 200, **extra: Any) -> HttpResponse:
    ctx: dict[str, Any] = {
        "draw": row,
        "can_change": selectors.can_change(user=request.user, draw=row),
        "strata": selectors.strata(row),
        "selections": selectors.selections(row) if row.state == DrawState.DRAWN else [],
        "exclusions": selectors.exclusions(row) if row.is_public else [],
        "tasks": selectors.task_inspections(user=request.user, draw=row),
        "seed_form": f.SeedForm(),
        "redo_form": f.RedoForm(),
        "commit_error": "",
    }
    ctx.update(extra)
    return render(request, "draws/detail.html", ctx, status=status)


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def draw_commit(request: HttpRequest, pk: int) -> HttpResponse:
    row = _changeable(request, pk)
    try:
        services.draw_commit(actor=request.user, draw=row)
    except (ServiceError, Forbidden) as exc:
        text = "；".join([exc.message, *[m for ms in exc.errors.values() for m in ms]])
        return _detail(request, row, status=_status(exc), commit_error=text)
    messages.success(request, "已冻结名录并公布承诺值。请在公开摇号产生随机种子后录入。")
    return redirect("draws:detail", pk=pk)


@login_required
@require_POST
def draw_seed(request: HttpRequest, pk: int) -> HttpResponse:
    row = _changeable(request, pk)
    form = f.SeedForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, status=422, seed_form=form)
    try:
        row = services.draw_seed(actor=request.user, draw=row, seed=form.cleaned_data["seed"])
    except ServiceError as exc:
        _errors(form, exc)
        row.refresh_from_db()
        return _detail(request, row, status=_status(exc), seed_form=form)
    messages.success(
        request, f"已抽取：抽中{len(row.selections.all())}户，已生成检查任务并公示抽取结果。"
    )
    return redirect("draws:detail", pk=pk)


@login_required
@require_POST
def draw_redo(request: HttpRequest, pk: int) -> HttpResponse:
    row = _changeable(request, pk)
    form = f.RedoForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, status=422, redo_form=form)
    try:
        new = services.draw_redo(actor=request.user, draw=row, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        _errors(form, exc)
        return _detail(request, row, status=_status(exc), redo_form=form)
    messages.success(request, f"已新建抽取 {new.task}（取代 {row.task}），需重新公布承诺值。")
    return redirect("draws:detail", pk=new.pk)


# --- public pages (no login) ----------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "draws/public_list.html", {"draws": selectors.public_draws()})


def _public(pk: int) -> Draw:
    row = selectors.public_draw(pk)
    if row is None:
        raise Http404("没有该抽取。")
    return row


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _public(pk)
    return render(
        request,
        "draws/public_detail.html",
        {
            "draw": row,
            "strata": selectors.strata(row),
            "selections": selectors.selections(row) if row.state == DrawState.DRAWN else [],
            "exclusions": selectors.exclusions(row),
            "inspectors": selectors.inspectors(row),
            "verify_command": selectors.verify_command(row),
            "redone_by": Draw.objects.filter(previous=row).first(),
        },
    )


def _download(text: str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def public_population(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(selectors.population_csv(_public(pk)), "population.csv", "text/csv")


def public_inspectors(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(selectors.inspectors_csv(_public(pk)), "inspectors.csv", "text/csv")


def public_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(_public(pk).commitment_json, "commitment.json", "application/json")


def public_result(request: HttpRequest, pk: int) -> HttpResponse:
    row = _public(pk)
    if row.state != DrawState.DRAWN:
        raise Http404("该抽取尚无抽取结果。")
    return _download(row.result_json, "result.json", "application/json")
