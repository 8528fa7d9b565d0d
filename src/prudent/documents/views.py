"""Document pages (R-CASE-8): generate from the case page, record the service, download the
.docx or the PDF (rendered and stored at the first download). Errors show on the case page as
form errors naming the field (422) or the refusal (409)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from prudent.cases.views import case_or_404, render_case_error, require_case_handler
from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.documents import selectors, services
from prudent.documents.models import CaseDocument

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    case = case_or_404(request.user, pk)
    details = {
        k: request.POST[k] for k in ("legal_representative",) if request.POST.get(k, "").strip()
    }
    try:
        doc = services.document_generate(
            actor=request.user, case=case, kind=request.POST.get("kind", ""), details=details
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step="documents")
    messages.success(
        request, f"已生成{doc.title}{('（' + doc.number + '）') if doc.number else ''}。"
    )
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    require_case_handler(request.user)
    doc = _document_or_404(request, pk)
    case = case_or_404(request.user, doc.case_id)
    try:
        services.document_record_service(
            actor=request.user,
            document=doc,
            method=request.POST.get("method", ""),
            served_on=request.POST.get("served_on", ""),
            recipient=request.POST.get("recipient", ""),
            proof_upload=request.FILES.get("proof_upload"),
            address_confirmed=request.POST.get("address_confirmed") in ("1", "on", "true"),
            witness=request.POST.get("witness", ""),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        return render_case_error(request, case, exc, step="documents")
    messages.success(request, f"已登记{doc.title}的送达。")
    return redirect("cases:detail", pk=case.pk)


def _document_or_404(request: HttpRequest, pk: int) -> CaseDocument:
    try:
        return selectors.document_detail(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


def file_response(doc: CaseDocument, fmt: str) -> FileResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("format 应为 docx 或 pdf")
    if fmt == "pdf":
        doc = services.document_pdf(document=doc)
    field = doc.docx if fmt == "docx" else doc.pdf
    name = f"{doc.title}{doc.number or doc.pk}.{fmt}"
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
    response["X-Content-SHA256"] = doc.docx_sha256 if fmt == "docx" else doc.pdf_sha256
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CASES)
    doc = _document_or_404(request, pk)
    return file_response(doc, request.GET.get("format", "docx"))
