"""Pages (issue #4 parts 3, 5, 10; R-CASE-2…6, R-DEC-4, R-PUB-4).

Staff: POST forms of the follow-ups panel on the case page (errors re-render the case page with
the message, 409/422, nothing saved) and the download of a paper commitment's scan.
Enterprise ("enterprise/"): 我的案件 — its own entity's cases only (404 otherwise) — with the
state in plain Chinese, the deadlines that concern it, commitments, statements, return visits and
the documents served on it, and the forms to choose flexible enforcement, sign a commitment,
submit a statement or defence, ask for a hearing and rate a return visit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.cases.models import Case
from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability
from prudent.followups import selectors, services
from prudent.followups.models import Commitment, Statement

# ------------------------------------------------------------------------------------- staff


def _staff_case(request: HttpRequest, pk: int) -> Case:
    require_capability(request.user, Capability.HANDLE_CASES)
    if user_role(request.user) not in services.HANDLER_ROLES:
        raise PermissionDenied("当前角色不能办理案件")
    try:
        return selectors.staff_case(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _staff_error(request: HttpRequest, case: Case, exc: ServiceError, step: str) -> HttpResponse:
    from prudent.cases.views import render_case_error

    return render_case_error(request, case, exc, step=step)


def _staff_post(request: HttpRequest, pk: int, step: str, call: Any, done: str) -> HttpResponse:
    case = _staff_case(request, pk)
    try:
        call(case)
    except ServiceError as exc:
        return _staff_error(request, case, exc, step)
    messages.success(request, done)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _staff_post(
        request,
        pk,
        "followups_offer",
        lambda case: services.flexible_offer(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            offered_on=p.get("offered_on"),
            note=p.get("note", ""),
        ),
        "已记录：告知当事人可以选择柔性执法。",
    )


@login_required
@require_POST
def choice(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _staff_post(
        request,
        pk,
        "followups_choice",
        lambda case: services.flexible_choose(
            actor=request.user,
            case=case,
            chosen=p.get("chosen", ""),
            lock_version=p.get("lock_version"),
        ),
        "已记录当事人的选择。",
    )


@login_required
@require_POST
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _staff_post(
        request,
        pk,
        "followups_paper",
        lambda case: services.commitment_record_paper(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            text=p.get("text"),
            deadline=p.get("deadline"),
            signed_on=p.get("signed_on"),
            signer_name=p.get("signer_name"),
            scan=request.FILES.get("scan"),
        ),
        "已上传纸质承诺书，复查任务已按承诺期限生成。",
    )


@login_required
@require_POST
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _staff_post(
        request,
        pk,
        "followups_visit",
        lambda case: services.return_visit_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            visited_on=p.get("visited_on"),
            correction_account=p.get("correction_account"),
            opinion=p.get("opinion"),
            score=p.get("score"),
        ),
        "已记录回访。",
    )


@login_required
@require_POST
def education(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _staff_post(
        request,
        pk,
        "followups_education",
        lambda case: services.education_record(
            actor=request.user,
            case=case,
            lock_version=p.get("lock_version"),
            on_date=p.get("on"),
            method=p.get("method", ""),
            content=p.get("content"),
        ),
        "已登记教育记录。",
    )


@login_required
def scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scan of a paper commitment, for staff in scope and the party itself."""
    require_capability(request.user, Capability.VIEW_CASES)
    c = Commitment.objects.restrict(request.user).filter(pk=pk).first()
    if c is None or not c.scan:
        raise Http404("文件不存在。")
    ext = c.scan.name.rsplit(".", 1)[-1]
    return FileResponse(
        c.scan.open("rb"),
        as_attachment=True,
        filename=f"承诺书-{c.case_id}-{c.pk}.{ext}",
        content_type=c.scan_type or "application/octet-stream",
    )


# -------------------------------------------------------------------------------- enterprise


def _require_enterprise(request: HttpRequest) -> None:
    require_capability(request.user, Capability.ENTERPRISE_CASES)
    if getattr(request.user, "entity_id", None) is None:
        raise Http404("您的账户没有关联市场主体。")


def _party_case(request: HttpRequest, pk: int) -> Case:
    _require_enterprise(request)
    try:
        return selectors.enterprise_case(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    _require_enterprise(request)
    cases = list(selectors.enterprise_cases(request.user))
    rows = [(c, selectors.STATE_FOR_PARTY.get(c.state_enum, "")) for c in cases]
    return render(request, "followups/enterprise_list.html", {"rows": rows})


def _party_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    records = selectors.case_records(case)
    today = timezone.localdate()
    docs = selectors.served_documents(case)
    default_deadline = ""
    return {
        "case": case,
        "records": records,
        "view": selectors.party_view(case, records, today),
        "documents": [(d, selectors.document_url(d)) for d in docs],
        "today": today,
        "kinds": [(k, label) for k, label in Statement.Kind.choices if k != "hearing_request"],
        "scores": range(1, 6),
        "default_text": (
            f"本单位（{case.party.name}）对{case.department.name}指出的问题（{case.title}）"
            "无异议，自愿选择柔性执法，承诺在下列期限内改正完毕，并接受复查；"
            "逾期未改正或者改正不到位的，依法接受行政处罚。"
        ),
        "default_deadline": default_deadline,
        "form": {},
    }


@login_required
def my_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _party_case(request, pk)
    return render(request, "followups/enterprise_case.html", _party_context(request, case))


def _party_post(request: HttpRequest, pk: int, form: str, call: Any, done: str) -> HttpResponse:
    case = _party_case(request, pk)
    try:
        call(case)
    except ServiceError as exc:
        case = _party_case(request, pk)  # fresh: nothing was written
        context = _party_context(request, case)
        context.update(
            error=exc,
            error_form=form,
            error_messages=[m for ms in exc.errors.values() for m in ms] or [exc.message],
            form=request.POST,
        )
        return render(request, "followups/enterprise_case.html", context, status=exc.status)
    messages.success(request, done)
    return redirect("enterprise:case", pk=case.pk)


@login_required
@require_POST
def party_choice(request: HttpRequest, pk: int) -> HttpResponse:
    return _party_post(
        request,
        pk,
        "choice",
        lambda case: services.flexible_choose(
            actor=request.user, case=case, chosen=request.POST.get("chosen", "")
        ),
        "已提交本单位的选择。",
    )


@login_required
@require_POST
def party_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _party_post(
        request,
        pk,
        "commitment",
        lambda case: services.commitment_sign_online(
            actor=request.user,
            case=case,
            text=p.get("text"),
            deadline=p.get("deadline"),
            signer_name=p.get("signer_name"),
            confirm=p.get("confirm"),
        ),
        "承诺书已在线签署。执法部门将在承诺期满时复查。",
    )


@login_required
@require_POST
def party_statement(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    kind = p.get("kind", "")
    done = "已提交听证申请。" if kind == "hearing_request" else "已提交，执法部门将予以复核。"
    return _party_post(
        request,
        pk,
        "hearing" if kind == "hearing_request" else "statement",
        lambda case: services.statement_submit(
            actor=request.user, case=case, kind=kind, text=p.get("text")
        ),
        done,
    )


@login_required
@require_POST
def party_rating(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _party_post(
        request,
        pk,
        "rating",
        lambda case: services.return_visit_rate(
            actor=request.user,
            case=case,
            score=p.get("score"),
            comment=p.get("comment"),
            correction_account=p.get("correction_account"),
        ),
        "感谢您的评价。",
    )
