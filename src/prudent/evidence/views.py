"""Evidence pages (R-CASE-7): the upload form (also on the case page's panel), the download of a
stored file, and the printable case file (案卷) listing every item with its SHA-256."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from prudent.cases.views import case_or_404
from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability
from prudent.evidence import selectors, services
from prudent.evidence.forms import EvidenceForm


def _require_evidence_view(user: Any) -> None:
    require_capability(user, Capability.VIEW_CASES)
    if not selectors.can_view_evidence(user):
        raise Http404("证据不存在或不在您的查看范围内。")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, case_pk: int) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CASES)
    case = case_or_404(request.user, case_pk)
    if (
        user_role(request.user) not in services.ADDERS
        or getattr(request.user, "department_id", None) != case.department_id
    ):
        raise PermissionDenied("只有本部门的执法人员和部门负责人可以添加证据。")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        form.is_valid()  # every field optional: the service validates and names the field
        data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        try:
            item = services.evidence_add(
                actor=request.user,
                case=case,
                upload=request.FILES.get("file"),
                title=request.POST.get("title", ""),
                collected_at=request.POST.get("collected_at", ""),
                collected_place=request.POST.get("collected_place", ""),
                description=str(data.get("description", request.POST.get("description", ""))),
            )
        except ServiceError as exc:
            status = exc.status
            if exc.status == 404:
                raise Http404(exc.message) from None
            if exc.status == 403:
                raise PermissionDenied(exc.message) from None
            if not exc.errors:
                form.add_error(None, exc.message)
            for name, errs in exc.errors.items():
                for message in errs:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request,
                f"已添加证据{item.seq}：{item.title}（{item.type_label}，"
                f"SHA-256 {item.sha256[:16]}…）。",
            )
            return redirect(reverse("cases:detail", args=[case.pk]) + "#panel-evidence")
    return render(
        request,
        "evidence/upload.html",
        {
            "case": case,
            "form": form,
            "limit": services.human_size(services.max_bytes()),
            "can_add": selectors.can_add(request.user, case),
        },
        status=status,
    )


def download_name(item: Any) -> str:
    """The original name's stem with the extension of the sniffed type."""
    name = item.original_name or f"证据{item.seq}"
    ext = _EXTENSIONS.get(item.content_type, "")
    if not ext:
        return name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or f'证据{item.seq}'}.{ext}"


def _extensions() -> dict[str, str]:
    """mime → extension of every accepted type of `lawcore.sniffing`."""
    import lawcore.sniffing as s

    return {
        v.mime: v.extension
        for v in vars(s).values()
        if isinstance(v, s.SniffResult) and v.extension and v.accepted
    }


_EXTENSIONS = _extensions()


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_evidence_view(request.user)
    try:
        item = selectors.evidence_detail(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        handle = open(services.file_path(item), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404("证据文件缺失，请联系管理员运行 prudent evidence verify。") from None
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(item), content_type=item.content_type
    )
    digest = base64.b64encode(bytes.fromhex(item.sha256)).decode("ascii")
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_file(request: HttpRequest, case_pk: int) -> HttpResponse:
    _require_evidence_view(request.user)
    case = case_or_404(request.user, case_pk)
    items = list(selectors.case_evidence(user=request.user, case=case))
    return render(
        request,
        "evidence/case_file.html",
        {"case": case, "items": items, "total": sum(i.size for i in items)},
    )
