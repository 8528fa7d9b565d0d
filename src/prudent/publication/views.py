"""POST forms of the publication panel (heads): publish and withdraw. Success → back to the case
page; a refusal or bad input → a page with the reason (409 / 422 / 403) and nothing written."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prudent.cases.models import Case
from prudent.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from prudent.core.permissions import Action
from prudent.publication import services
from prudent.publication.models import Publication


def _date(value: str, field: str, label: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.field(field, f"{label}不是有效日期（应为YYYY-MM-DD）") from None


def _failed(request: HttpRequest, exc: ServiceError, title: str, case_pk: int) -> HttpResponse:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    status = 409 if isinstance(exc, Conflict) else 422
    ctx = {"title": title, "message": exc.message, "errors": exc.errors, "case_pk": case_pk}
    return render(request, "publication/action.html", ctx, status=status)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在或不在您的办理范围内。")
    try:
        on = _date(request.POST.get("on", ""), "on", "公示日期")
        pub = services.publication_publish(
            actor=request.user,
            case=case,
            on=on,
            text=request.POST.get("text", ""),
            third_parties=request.POST.get("third_parties", ""),
        )
    except ServiceError as exc:
        return _failed(request, exc, "公示行政处罚决定", pk)
    messages.success(request, f"已公示，公示截止日期 {pub.withdraw_on:%Y-%m-%d}。")
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pub = Publication.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if pub is None:
        raise Http404("公示信息不存在或不在您的办理范围内。")
    try:
        on = _date(request.POST.get("on", ""), "on", "撤回日期")
        changed_on = _date(request.POST.get("changed_on", ""), "changed_on", "决定变更日期")
        services.publication_withdraw(
            actor=request.user,
            publication=pub,
            reason=request.POST.get("reason", ""),
            on=on,
            kind=request.POST.get("kind", Publication.WithdrawKind.OTHER),
            changed_on=changed_on,
        )
    except ServiceError as exc:
        return _failed(request, exc, "撤回公示", pub.case_id)
    messages.success(request, "已撤回公示。")
    return redirect("cases:detail", pk=pub.case_id)
