"""Credit pages (issue #5 part 8; R-CRED-1…5, R-PUB-4).

Staff ("credit/"): records by entity, a record with its applications and objections, the repair
and objection queues with due dates; heads review and answer (POST). Enterprise ("credit/mine/"):
its own records only (404 otherwise), eligibility for repair with every reason, apply for repair,
submit an objection. A refusal or bad input → a page with the reason (409 / 422) and nothing
written. There is no public list here: publication of penalty decisions belongs to the
publication app (portal /public/decisions/).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lawcore.credit import Eligible
from prudent.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.credit import selectors, services
from prudent.credit.models import CreditRecord


def _date(value: str, field: str, label: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.field(field, f"{label}不是有效日期（应为YYYY-MM-DD）") from None


def _failed(request: HttpRequest, exc: ServiceError, title: str, back: str) -> HttpResponse:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    status = 409 if isinstance(exc, Conflict) else 422
    ctx = {"title": title, "message": exc.message, "errors": exc.errors, "back": back}
    return render(request, "credit/action.html", ctx, status=status)


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name, "") in ("1", "on", "true", "yes")


# ------------------------------------------------------------------------------------- staff


def _staff(request: HttpRequest) -> None:
    require_capability(request.user, Capability.VIEW_DEPARTMENT)


@login_required
def records(request: HttpRequest) -> HttpResponse:
    _staff(request)
    q = request.GET.get("q", "")
    active = request.GET.get("active", "") == "1"
    rows = list(
        selectors.records(user=request.user, q=q, active_only=active)[: selectors.LIST_LIMIT]
    )
    return render(request, "credit/records.html", {"rows": rows, "q": q, "active": active})


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        rec = selectors.record(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    ctx = {
        "record": rec,
        "repairs": rec.repairs.order_by("-applied_on", "-pk"),
        "objections": rec.objections.order_by("-submitted_on", "-pk"),
        "can_review": user_role(request.user) in (Role.HEAD, Role.ADMIN),
    }
    return render(request, "credit/record.html", ctx)


@login_required
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    """The entity's credit file 信用档案: penalty records and inspection results (R-INSP-1)."""
    _staff(request)
    try:
        ctx = selectors.entity_file(user=request.user, entity_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return render(request, "credit/entity.html", ctx)


@login_required
def queues(request: HttpRequest) -> HttpResponse:
    _staff(request)
    ctx = {
        "repairs": list(selectors.repair_queue(user=request.user)[: selectors.LIST_LIMIT]),
        "objections": list(selectors.objection_queue(user=request.user)[: selectors.LIST_LIMIT]),
        "today": timezone.localdate(),
    }
    return render(request, "credit/queues.html", ctx)


@login_required
@require_POST
def repair_review(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        app = selectors.repair_application(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    back = f"/credit/records/{app.record_id}/"
    try:
        decision = request.POST.get("decision", "")
        if decision not in ("approve", "refuse"):
            raise ValidationFailed.field("decision", "请选择准予或不予修复")
        services.repair_review(
            actor=request.user,
            application=app,
            approve=decision == "approve",
            reasons=request.POST.get("reasons", ""),
            on=_date(request.POST.get("on", ""), "on", "审核日期"),
        )
    except ServiceError as exc:
        return _failed(request, exc, "审核信用修复申请", back)
    messages.success(request, "已审核信用修复申请。")
    return redirect("credit:record", pk=app.record_id)


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        obj = selectors.objection(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    back = f"/credit/records/{obj.record_id}/"
    try:
        outcome = request.POST.get("outcome", "")
        if outcome not in ("upheld", "rejected"):
            raise ValidationFailed.field("outcome", "请选择异议成立或不成立")
        services.objection_answer(
            actor=request.user,
            objection=obj,
            upheld=outcome == "upheld",
            answer=request.POST.get("answer", ""),
            on=_date(request.POST.get("on", ""), "on", "答复日期"),
        )
    except ServiceError as exc:
        return _failed(request, exc, "答复异议", back)
    messages.success(request, "已答复异议。")
    return redirect("credit:record", pk=obj.record_id)


# -------------------------------------------------------------------------------- enterprise


def _enterprise(request: HttpRequest) -> None:
    require_capability(request.user, Capability.ENTERPRISE_CASES)
    if getattr(request.user, "entity_id", None) is None:
        raise Http404("您的账户没有关联市场主体。")


def _own(request: HttpRequest, pk: int) -> CreditRecord:
    _enterprise(request)
    found = selectors.own_records(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("信用记录不存在。")
    return found


def _eligibility_text(rec: CreditRecord, today: dt.date) -> dict[str, Any]:
    """What the party still needs, assuming it fulfils the duties and signs the commitment."""
    verdict = services.eligibility(rec, today, True, True)
    if isinstance(verdict, Eligible):
        return {"ok": True, "reasons": []}
    return {"ok": False, "reasons": list(verdict.reasons)}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    _enterprise(request)
    today = timezone.localdate()
    rows = [(r, _eligibility_text(r, today)) for r in selectors.own_records(user=request.user)]
    inspections = list(
        selectors.inspection_entries(user=request.user, entity_id=request.user.entity_id)[
            : selectors.LIST_LIMIT
        ]
    )
    return render(request, "credit/mine.html", {"rows": rows, "inspections": inspections})


@login_required
def mine_record(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _own(request, pk)
    today = timezone.localdate()
    ctx = {
        "record": rec,
        "eligibility": _eligibility_text(rec, today),
        "repairs": rec.repairs.order_by("-applied_on", "-pk"),
        "objections": rec.objections.order_by("-submitted_on", "-pk"),
        "objection_days": services.objection_working_days(),
    }
    return render(request, "credit/mine_record.html", ctx)


@login_required
@require_POST
def repair_apply(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _own(request, pk)
    try:
        services.repair_apply(
            actor=request.user,
            record=rec,
            obligations_fulfilled=_checked(request, "obligations_fulfilled"),
            obligations_evidence=request.POST.get("obligations_evidence", ""),
            commitment_signed=_checked(request, "commitment_signed"),
            commitment_text=request.POST.get("commitment_text", ""),
            fast_lane=_checked(request, "fast_lane"),
            fast_lane_reason=request.POST.get("fast_lane_reason", ""),
        )
    except ServiceError as exc:
        return _failed(request, exc, "申请信用修复", f"/credit/mine/{pk}/")
    messages.success(request, "信用修复申请已提交。")
    return redirect("credit:mine_record", pk=pk)


@login_required
@require_POST
def objection_submit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _own(request, pk)
    try:
        obj = services.objection_submit(
            actor=request.user, record=rec, text=request.POST.get("text", "")
        )
    except ServiceError as exc:
        return _failed(request, exc, "提出异议", f"/credit/mine/{pk}/")
    messages.success(request, f"异议已提交，答复期限 {obj.due_on:%Y-%m-%d}。")
    return redirect("credit:mine_record", pk=pk)
