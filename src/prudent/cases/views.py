"""Case pages (issue #4 parts 1, 4, 11): the officer workbench, the case list with search, the
lead form, and the case page with its timeline, tasks, deadlines and the next steps as forms.

A refused step is shown as a form error listing what is missing (HTTP 409); bad input as a form
error naming the field (422); a stale page as the lock-version conflict (409)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_POST

from lawcore.workflow import State
from prudent.accounts.models import User
from prudent.cases import selectors, services
from prudent.cases.forms import CaseCreateForm, parse_facts
from prudent.cases.models import Case
from prudent.cases.panels import rendered_panels
from prudent.cases.steps import fields_for
from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import has_capability, require_capability, user_role
from prudent.core.roles import Capability, Role

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 matching cases (COUNT over a LIMITed subquery), so that a page of
    a department's — or, for the supervisor, every department's — hundreds of thousands of cases
    does not count them all (issue #4 performance). Past the cap the page says "more than"."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return int(self.object_list[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def require_case_handler(user: Any) -> None:
    require_capability(user, Capability.HANDLE_CASES)
    if user_role(user) not in services.HANDLER_ROLES:
        raise PermissionDenied("当前角色不能办理案件")


def case_or_404(user: Any, pk: int) -> Case:
    try:
        return selectors.case_detail(user=user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CASES)
    board = selectors.workbench(user=request.user, today=timezone.localdate())
    # one reverse() for the page's up to 250 links (issue #4 performance)
    case_url = reverse("cases:detail", args=[0]).removesuffix("0/")
    return render(request, "cases/workbench.html", {"board": board, "case_url": case_url})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CASES)
    q = request.GET.get("q", "")
    state = request.GET.get("state", "")
    if state not in {s.value for s in State}:
        state = ""
    mine = request.GET.get("mine") == "1"
    qs = selectors.case_list(user=request.user, q=q, state=state, mine=mine)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "q": q,
            "state": state,
            "mine": mine,
            "states": [(s.value, s.label) for s in State],
            "can_create": user_role(request.user) in (Role.OFFICER, Role.HEAD),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    require_case_handler(request.user)
    if user_role(request.user) not in (Role.OFFICER, Role.HEAD):
        raise PermissionDenied("只有执法人员和部门负责人可以登记案件线索")
    form = CaseCreateForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_create(
                    actor=request.user,
                    department=request.user.department,  # type: ignore[union-attr]
                    source=data["source"],
                    party=data["party_code"],
                    item_code=data["item_code"],
                    title=data["title"],
                    facts=data["facts"],
                    lead_received_on=data["lead_received_on"],
                    violation_on=data["violation_on"],
                    officers=list(data["officers"]),
                    note=data["note"],
                )
            except ServiceError as exc:
                _add_errors(form, exc, {"party": "party_code"})
            else:
                messages.success(request, f"已登记案件线索 {case.number}。")
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/create.html", {"form": form}, status=status)


def _add_errors(form: Any, exc: ServiceError, rename: dict[str, str] | None = None) -> None:
    rename = rename or {}
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errors in exc.errors.items():
        name = rename.get(name, name)
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    can_handle = user_role(user) in services.HANDLER_ROLES and has_capability(
        user, Capability.HANDLE_CASES
    )
    certified = None
    if can_handle and case.state_enum.is_open:
        certified, _refusals = services.certified_officers(case, today)
    party = case.party
    observation = party.observation_until is not None and party.observation_until >= today
    department_officers = (
        User.objects.filter(
            department_id=case.department_id, role__in=[Role.OFFICER, Role.HEAD]
        ).order_by("username")
        if can_handle
        else []
    )
    return {
        "case": case,
        "events": selectors.case_events(case),
        "tasks": selectors.case_tasks(case),
        "officers": selectors.case_officers(case),
        "steps": selectors.case_steps(user=user, case=case, on=today, certified=certified)
        if can_handle
        else [],
        "can_handle": can_handle,
        "certified": certified,
        "observation": observation,
        "today": today,
        "facts_text": _json(case.facts),
        "department_officers": department_officers,
        "panels": rendered_panels(request, case),
    }


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CASES)
    case = case_or_404(request.user, pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


def render_case_error(
    request: HttpRequest, case: Case, exc: ServiceError, *, step: str = ""
) -> HttpResponse:
    case = case_or_404(request.user, case.pk)  # fresh: the failed write changed nothing
    context = _detail_context(request, case)
    context["error"] = exc
    context["error_step"] = step
    context["error_messages"] = [m for ms in exc.errors.values() for m in ms] or [exc.message]
    return render(request, "cases/detail.html", context, status=exc.status)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    case = case_or_404(request.user, pk)
    name = request.POST.get("name", "")
    data = {f.name: request.POST[f.name] for f in fields_for(name) if f.name in request.POST}
    try:
        case = services.case_transition(
            actor=request.user,
            case=case,
            name=name,
            lock_version=request.POST.get("lock_version"),
            data=data,
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step=name)
    messages.success(
        request, f"已完成：{selectors.step_label(name)}。案件状态：{case.state_label}。"
    )
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_propose(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    case = case_or_404(request.user, pk)
    try:
        case = services.case_propose(
            actor=request.user, case=case, lock_version=request.POST.get("lock_version")
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step="propose")
    messages.success(request, f"裁量引擎的拟处理意见：{(case.proposal or {}).get('tier_zh')}。")
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_facts(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    case = case_or_404(request.user, pk)
    from django import forms

    try:
        facts = parse_facts(request.POST.get("facts", ""))
    except forms.ValidationError as exc:
        err = services.ValidationFailed.field("facts", "；".join(exc.messages))
        return render_case_error(request, case, err, step="facts")
    try:
        case = services.case_update_facts(
            actor=request.user,
            case=case,
            lock_version=request.POST.get("lock_version"),
            facts=facts,
            violation_on=request.POST.get("violation_on") or None,
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step="facts")
    messages.success(request, "已保存案件事实。")
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    case = case_or_404(request.user, pk)
    try:
        case = services.case_assign(
            actor=request.user,
            case=case,
            lock_version=request.POST.get("lock_version"),
            officers=request.POST.getlist("officers"),
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step="assign")
    messages.success(request, "已更新承办人员。")
    return redirect("cases:detail", pk=case.pk)
