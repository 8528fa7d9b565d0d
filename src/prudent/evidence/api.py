"""Evidence API (R-CASE-7): `GET /api/v1/cases/{id}/evidence` lists the case file,
`POST /api/v1/cases/{id}/evidence` (multipart: `file`, `title`, optional `description`,
`collected_at`, `collected_place`) adds one item → 201; 422 naming the field for a refused type or
size, an empty or duplicate file; 409 on a finished case. An enterprise user gets 403."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from prudent.cases.api import HANDLE, VIEW
from prudent.cases.selectors import case_detail
from prudent.core.errors import Forbidden
from prudent.evidence import selectors, services
from prudent.evidence.models import EvidenceItem

router = Router(tags=["evidence"])


class EvidenceOut(Schema):
    id: int
    seq: int
    kind: str
    title: str
    description: str
    original_name: str
    sha256: str
    size: int
    content_type: str
    type_label: str
    uploader: str
    uploaded_at: dt.datetime
    collected_at: dt.datetime | None
    collected_place: str
    download: str


def _out(item: EvidenceItem) -> EvidenceOut:
    return EvidenceOut(
        id=item.pk,
        seq=item.seq,
        kind=item.kind,
        title=item.title,
        description=item.description,
        original_name=item.original_name,
        sha256=item.sha256,
        size=item.size,
        content_type=item.content_type,
        type_label=item.type_label,
        uploader=item.uploader_name,
        uploaded_at=item.uploaded_at,
        collected_at=item.collected_at,
        collected_place=item.collected_place,
        download=f"/evidence/{item.pk}/download/",
    )


def _require_view(request: HttpRequest) -> None:
    if not selectors.can_view_evidence(request.user):
        raise Forbidden("当前角色不能查看证据材料。")


@router.get("/{case_id}/evidence", response=list[EvidenceOut], auth=VIEW)
def evidence_list(request: HttpRequest, case_id: int) -> list[EvidenceOut]:
    _require_view(request)
    case = case_detail(user=request.user, pk=case_id)
    return [_out(i) for i in selectors.case_evidence(user=request.user, case=case)]


@router.post("/{case_id}/evidence", response={201: EvidenceOut}, auth=HANDLE)
def evidence_create(
    request: HttpRequest,
    case_id: int,
    file: UploadedFile | None = File(None),  # noqa: B008 - Ninja's parameter marker
    title: str = Form(""),
    description: str = Form(""),
    collected_at: str = Form(""),
    collected_place: str = Form(""),
) -> Status[EvidenceOut]:
    case = case_detail(user=request.user, pk=case_id)
    item = services.evidence_add(
        actor=request.user,
        case=case,
        upload=file,
        title=title,
        description=description,
        collected_at=collected_at,
        collected_place=collected_place,
    )
    return Status(201, _out(item))
