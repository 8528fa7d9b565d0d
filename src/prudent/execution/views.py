"""Execution pages (R-CASE-9, R-CASE-10, R-CASE-11): the forms of the case page's execution panel
post here; a refusal re-renders the case page with the error naming the field (422) or the
conflict (409); the department-wide register of confiscated items; the receipt scan download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prudent.cases.models import Case
from prudent.cases.views import render_case_error
from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.execution import selectors, services

PAGE_SIZE = 50


def _case(request: HttpRequest, pk: int, roles: frozenset[Role]) -> Case:
    require_capability(request.user, Capability.HANDLE_CASES)
    if user_role(request.user) not in roles:
        raise PermissionDenied("当前角色不能办理此项")
    try:
        return selectors.case_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _run(
    request: HttpRequest, case: Case, step: str, action: Callable[[], Any], done: str
) -> HttpResponse:
    try:
        action()
    except ServiceError as exc:
        return render_case_error(request, case, exc, step=f"execution_{step}")
    messages.success(request, done)
    return redirect(f"/cases/{case.pk}/#panel-execution")


@login_required
@require_POST
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "payment",
        lambda: services.payment_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            kind=p.get("kind", "fine"),
            amount=p.get("amount"),
            paid_on=p.get("paid_on"),
            bank=p.get("bank"),
            receipt_number=p.get("receipt_number"),
            receipt_scan=request.FILES.get("receipt_scan"),
            note=p.get("note", ""),
        ),
        "已登记缴款。",
    )


def _schedule(text: str) -> list[dict[str, str]]:
    """One instalment a line: `2026-05-01 500` (date, amount), separated by spaces or a comma."""
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace("，", " ").replace(",", " ").split()
        if parts:
            rows.append({"due": parts[0], "amount": parts[1] if len(parts) > 1 else ""})
    return rows


@login_required
@require_POST
def arrangement_apply(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "arrangement",
        lambda: services.arrangement_apply(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            kind=p.get("kind", ""),
            applied_on=p.get("applied_on"),
            reason=p.get("reason"),
            deferral_until=p.get("deferral_until") or None,
            schedule=_schedule(p.get("schedule", "")),
        ),
        "已登记暂缓或分期缴纳申请，待部门负责人审批。",
    )


@login_required
@require_POST
def arrangement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CASES)
    if user_role(request.user) not in services.APPROVERS:
        raise PermissionDenied("暂缓或分期缴纳罚款须经部门负责人批准")
    try:
        arrangement = selectors.arrangement_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    case = selectors.case_for(user=request.user, pk=arrangement.case_id)
    p = request.POST
    return _run(
        request,
        case,
        "arrangement_decide",
        lambda: services.arrangement_approve(
            actor=request.user,
            arrangement=arrangement,
            lock_version=p.get("lock_version"),
            approve=p.get("approve", ""),
            note=p.get("note", ""),
        ),
        "已审批暂缓或分期缴纳申请。",
    )


@login_required
@require_POST
def settlement(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "settlement",
        lambda: services.settlement_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            agreed_on=p.get("agreed_on"),
            terms=p.get("terms"),
            parties=p.get("parties"),
            late_fine_waived=p.get("late_fine_waived") or None,
        ),
        "已登记执行和解协议。",
    )


@login_required
@require_POST
def review_period(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "review_period",
        lambda: services.review_period_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            kind=p.get("kind", ""),
            started_on=p.get("started_on"),
            ended_on=p.get("ended_on") or None,
            note=p.get("note", ""),
        ),
        "已登记复议、诉讼期间。",
    )


@login_required
@require_POST
def confiscated_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "confiscated",
        lambda: services.confiscated_item_add(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            description=p.get("description"),
            quantity=p.get("quantity"),
            unit=p.get("unit"),
            value=p.get("value"),
            storage_place=p.get("storage_place"),
        ),
        "已登记没收物品。",
    )


@login_required
@require_POST
def confiscated_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CASES)
    if user_role(request.user) not in services.RECORDERS:
        raise PermissionDenied("当前角色不能办理此项")
    try:
        item = selectors.item_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    p = request.POST
    try:
        services.confiscated_item_dispose(
            actor=request.user,
            item=item,
            disposal=p.get("disposal", ""),
            disposed_on=p.get("disposed_on"),
            note=p.get("note", ""),
        )
    except ServiceError as exc:
        return _register(request, error=exc, error_item=item.pk)
    messages.success(request, "已登记没收物品的处置。")
    return redirect("execution:confiscated")


@login_required
@require_POST
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.APPROVERS)
    p = request.POST
    return _run(
        request,
        case,
        "correction",
        lambda: services.decision_correct(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            kind=p.get("kind", ""),
            reasons=p.get("reasons"),
            hearing_on=p.get("hearing_on"),
            hearing_record=p.get("hearing_record"),
            corrected_on=p.get("corrected_on") or None,
            tier=p.get("tier") or None,
            fine_yuan=p.get("fine_yuan") or None,
            amendment=p.get("amendment", ""),
        ),
        "已纠正行政处罚决定，原决定保留在案卷中。",
    )


def _register(
    request: HttpRequest, *, error: ServiceError | None = None, error_item: int | None = None
) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CASES)
    disposed = request.GET.get("disposed", "")
    qs = selectors.confiscated_register(user=request.user, disposed=disposed)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    role = user_role(request.user)
    context = {
        "page": page,
        "disposed": disposed,
        "can_dispose": role in services.RECORDERS,
        "disposals": selectors.ConfiscatedItem.Disposal.choices,
        "error": error,
        "error_item": error_item,
        "error_messages": [m for ms in error.errors.values() for m in ms] or [error.message]
        if error
        else [],
    }
    return render(
        request, "execution/confiscated.html", context, status=error.status if error else 200
    )


@login_required
def confiscated(request: HttpRequest) -> HttpResponse:
    return _register(request)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CASES)
    try:
        row = selectors.payment_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    if not row.receipt_scan:
        raise Http404("该缴款记录没有上传凭证扫描件")
    return FileResponse(row.receipt_scan.open("rb"), as_attachment=True)


# ------------------------------------------------------------------------ 公益抵罚 (R-CASE-10)


@login_required
@require_POST
def offset_apply(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, services.RECORDERS)
    p = request.POST
    return _run(
        request,
        case,
        "offset_apply",
        lambda: services.community_offset_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            description=p.get("description", ""),
            hours=p.get("hours"),
            offset_amount=p.get("offset_amount") or None,
            applied_on=p.get("applied_on") or None,
        ),
        "已登记公益抵罚申请，待部门负责人批准。",
    )


def _offset(request: HttpRequest, pk: int, roles: frozenset[Role]) -> Any:
    require_capability(request.user, Capability.HANDLE_CASES)
    if user_role(request.user) not in roles:
        raise PermissionDenied("当前角色不能办理此项")
    try:
        return selectors.offset_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
@require_POST
def offset_approve(request: HttpRequest, pk: int) -> HttpResponse:
    offset = _offset(request, pk, services.APPROVERS)
    case = selectors.case_for(user=request.user, pk=offset.case_id)
    return _run(
        request,
        case,
        "offset_approve",
        lambda: services.community_offset_approve(
            actor=request.user, offset=offset, lock_version=request.POST.get("lock_version")
        ),
        "已批准公益抵罚。",
    )


@login_required
@require_POST
def offset_complete(request: HttpRequest, pk: int) -> HttpResponse:
    offset = _offset(request, pk, services.RECORDERS)
    case = selectors.case_for(user=request.user, pk=offset.case_id)
    p = request.POST
    return _run(
        request,
        case,
        "offset_complete",
        lambda: services.community_offset_complete(
            actor=request.user,
            offset=offset,
            lock_version=p.get("lock_version"),
            completed_on=p.get("completed_on"),
            completion_record=p.get("completion_record", ""),
        ),
        "已登记公益抵罚完成，相应金额已抵扣罚款。",
    )
