"""Documents API (R-CASE-8): list and generate a case's documents, download one.

`GET /api/v1/cases/{id}/documents`, `POST /api/v1/cases/{id}/documents` with `{kind, details}`
(409 with the reason when the case has not reached the step of that document, 422 naming the
field), `GET /api/v1/documents/{id}/download?format=docx|pdf`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from prudent.cases import selectors as case_selectors
from prudent.cases.api import HANDLE, VIEW, ErrorOut
from prudent.core.errors import NotFound, ValidationFailed
from prudent.documents import selectors, services
from prudent.documents.models import CaseDocument

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    on: dt.date
    created_by: str
    created_at: dt.datetime
    docx_sha256: str
    pdf_sha256: str
    served_on: dt.date | None
    service_method: str
    service_recipient: str
    public_notice_on: dt.date | None
    download_docx: str
    download_pdf: str


class AvailableOut(Schema):
    kind: str
    title: str
    reason: str


class DocumentListOut(Schema):
    items: list[DocumentOut]
    available: list[AvailableOut] = Field(..., description="现在可以生成的文书种类（办案人员）")


class GenerateIn(Schema):
    kind: str = ""
    details: dict[str, Any] = Field(
        default_factory=dict, description="可选：法定代表人、事实、证据等"
    )


class DownloadQuery(Schema):
    format: str = "docx"


def _out(d: CaseDocument) -> dict[str, Any]:
    base = f"/api/v1/documents/{d.pk}/download?format="
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "number": d.number,
        "on": d.on,
        "created_by": d.created_by.display_name,
        "created_at": d.created_at,
        "docx_sha256": d.docx_sha256,
        "pdf_sha256": d.pdf_sha256,
        "served_on": d.served_on,
        "service_method": d.service_method,
        "service_recipient": d.service_recipient,
        "public_notice_on": d.public_notice_on,
        "download_docx": base + "docx",
        "download_pdf": base + "pdf",
    }


@router.get(
    "/cases/{case_id}/documents",
    response={200: DocumentListOut, 404: ErrorOut},
    auth=VIEW,
    summary="案件的文书（企业：仅已送达本主体的文书）",
)
def documents_list(request: HttpRequest, case_id: int) -> dict[str, Any]:
    from prudent.cases.services import HANDLER_ROLES
    from prudent.core.permissions import user_role

    case = case_selectors.case_detail(user=request.user, pk=case_id)
    docs = selectors.case_documents(user=request.user, case=case)
    available = []
    if user_role(request.user) in HANDLER_ROLES:
        available = [
            {"kind": k.value, "title": k.title_zh, "reason": why}
            for k, why in services.kinds_available(case).items()
        ]
    return {"items": [_out(d) for d in docs], "available": available}


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=HANDLE,
    summary="生成文书（409：案件尚未到该文书的步骤；422：输入有误，不保存任何内容）",
)
def documents_generate(request: HttpRequest, case_id: int, body: GenerateIn) -> Status[Any]:
    from prudent.cases.api import require_case_handler

    require_case_handler(request)
    case = case_selectors.case_detail(user=request.user, pk=case_id)
    if not body.kind:
        raise ValidationFailed.field("kind", "请选择文书种类")
    doc = services.document_generate(
        actor=request.user, case=case, kind=body.kind, details=body.details
    )
    return Status(201, _out(doc))


@router.get(
    "/documents/{document_id}/download",
    response={404: ErrorOut, 422: ErrorOut},
    auth=VIEW,
    summary="下载文书（format=docx 或 pdf；PDF 首次下载时生成并保存）",
)
def documents_download(
    request: HttpRequest, document_id: int, query: Query[DownloadQuery]
) -> HttpResponse:
    from prudent.documents.views import file_response

    if query.format not in ("docx", "pdf"):
        raise ValidationFailed.field("format", "format 应为 docx 或 pdf")
    try:
        doc = selectors.document_detail(user=request.user, pk=document_id)
    except NotFound:
        raise
    return file_response(doc, query.format)
