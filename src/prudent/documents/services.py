"""Writing case documents (R-CASE-8, issue #4 part 6).

`document_generate` builds the document of a step from the case, allocates its 发文字号 with a
per-department, per-year, per-prefix counter (`select_for_update`), renders the .docx, stores it
with its SHA-256 and the data used, and records a case event (`case_record`) and an audit event —
in ONE transaction: a failure half-way leaves no number used, no row, no event. The PDF takes
seconds to render, so `document_pdf` renders it at the first download and stores it (once).
`document_record_service` records the 送达 (service) of a document — the data of the 送达回证.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lawcore.calendar import add_days
from lawcore.workflow import ServiceMethod, State
from prudent.cases.models import Case
from prudent.cases.services import HANDLER_ROLES, case_record
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.documents.compose import PREFIX_SUFFIX, available_kinds, build_spec, refusal
from prudent.documents.docx import render_docx
from prudent.documents.model import DocumentKind
from prudent.documents.models import CaseDocument, DocumentNumberCounter
from prudent.documents.numbering import DocumentNumber, parse_number

#: 公告送达: deemed served thirty days after the notice (CONVENTIONS.md §5.3).
PUBLIC_NOTICE_DAYS = 30
PROOF_MAX_BYTES = 20 * 1024 * 1024
DECISION_KINDS = frozenset({DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _require_handler(actor: Any, case: Case) -> None:
    if user_role(actor) not in HANDLER_ROLES:
        raise Forbidden("当前角色不能制作或送达文书。")
    if not Case.objects.restrict(actor, Action.CHANGE).filter(pk=case.pk).exists():
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            raise Forbidden("您只能查看该案件，不能制作文书。")
        raise NotFound("案件不存在或不在您的办理范围内。")


def served_documents(case: Case) -> list[CaseDocument]:
    """The documents served in the latest service (same date and method), not receipts."""
    rows = list(
        case.documents.filter(served_on__isnull=False)
        .exclude(kind=DocumentKind.SERVICE_RECEIPT.value)
        .select_related("served_by")
        .order_by("-served_on", "-pk")
    )
    if not rows:
        return []
    first = rows[0]
    return [
        d
        for d in rows
        if (d.served_on, d.service_method) == (first.served_on, first.service_method)
    ]


def kinds_available(case: Case) -> dict[DocumentKind, str]:
    served_any = case.documents.filter(served_on__isnull=False).exists()
    return available_kinds(case, served_any=served_any)


def _allocate(case: Case, kind: DocumentKind, year: int) -> DocumentNumber | None:
    if kind is DocumentKind.CASE_FILING_APPROVAL:
        return parse_number(case.number)
    suffix = PREFIX_SUFFIX.get(kind)
    if suffix is None:
        return None
    prefix = f"{case.department.short_name}{suffix}"
    DocumentNumberCounter.objects.get_or_create(
        department=case.department, year=year, prefix=prefix
    )
    counter = DocumentNumberCounter.objects.select_for_update().get(
        department=case.department, year=year, prefix=prefix
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return DocumentNumber(prefix, year, counter.last)


def document_generate(
    *,
    actor: Any,
    case: Case,
    kind: str | DocumentKind,
    on: dt.date | None = None,
    details: Mapping[str, Any] | None = None,
) -> CaseDocument:
    """Generate, number and store the document `kind` of a step the case has passed (or the one
    prepared for its next step); refused with the reason otherwise (409)."""
    on = on or timezone.localdate()
    _require_handler(actor, case)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise ValidationFailed.field("kind", f"未知的文书种类“{kind}”") from None
    case = Case.objects.select_related("department__government", "party").get(pk=case.pk)
    available = kinds_available(case)
    if kind not in available:
        message = refusal(kind, case)
        raise Conflict(message, errors={"kind": [message]})
    served = served_documents(case) if kind is DocumentKind.SERVICE_RECEIPT else []
    # Validate fully before writing: the same spec with a placeholder number.
    placeholder = None
    if kind in PREFIX_SUFFIX:
        placeholder = DocumentNumber(
            f"{case.department.short_name}{PREFIX_SUFFIX[kind]}", on.year, 1
        )
    elif kind is DocumentKind.CASE_FILING_APPROVAL:
        placeholder = parse_number(case.number)
    spec, data = build_spec(kind, case, on=on, number=placeholder, details=details, served=served)
    saved: list[str] = []
    try:
        with transaction.atomic():
            row = Case.objects.select_for_update().get(pk=case.pk)
            number = _allocate(case, kind, on.year)
            spec = replace(spec, number=number)
            data["number"] = str(number) if number else ""
            data["text"] = spec.plain_text()
            content = render_docx(spec)
            doc = CaseDocument(
                case=row,
                department=case.department,
                kind=kind.value,
                number=str(number) if number else "",
                title=spec.title,
                on=on,
                created_by=actor,
                docx_sha256=sha256(content),
                data=data,
            )
            stem = f"{kind.value}-{number.seq}" if number else f"{kind.value}-{row.pk}"
            doc.docx.save(f"{stem}.docx", ContentFile(content), save=False)
            saved.append(doc.docx.name)
            doc.save(force_insert=True)
            label = f"{spec.title}{('（' + str(number) + '）') if number else ''}"
            case_record(
                actor=actor,
                case=row,
                lock_version=row.lock_version,
                changes={},
                summary=f"制作文书：{label}",
                on=on,
                data={"document": {"id": doc.pk, "kind": kind.value, "number": doc.number}},
            )
            audit_append(
                actor=actor,
                action="document_generate",
                object_type="documents.casedocument",
                object_id=doc.pk,
                after={
                    "case": case.number,
                    "kind": kind.value,
                    "number": doc.number,
                    "docx_sha256": doc.docx_sha256,
                },
                summary=f"{case.number} 制作{label}",
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return doc


def document_pdf(*, document: CaseDocument) -> CaseDocument:
    """The PDF of `document`: rendered from the stored data at the first request, then stored
    with its SHA-256 (the only later change a document accepts besides its service)."""
    if document.pdf:
        return document
    from prudent.documents.compose import build_spec
    from prudent.documents.pdf import render_pdf

    case = Case.objects.select_related("department__government", "party").get(pk=document.case_id)
    kind = DocumentKind(document.kind)
    number = parse_number(document.number) if document.number else None
    served = list(
        CaseDocument.objects.filter(pk__in=document.data.get("served") or []).select_related(
            "served_by"
        )
    )
    spec, _ = build_spec(
        kind,
        case,
        on=document.on,
        number=number,
        details=document.data.get("details") or {},
        served=served,
    )
    content = render_pdf(spec)
    with transaction.atomic():
        row = CaseDocument.objects.select_for_update().get(pk=document.pk)
        if row.pdf:
            return row
        row.pdf.save(f"{kind.value}-{row.pk}.pdf", ContentFile(content), save=False)
        row.pdf_sha256 = sha256(content)
        row.save(update_fields=["pdf", "pdf_sha256"])
    return row


def _parse_date(value: object, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationFailed.field(field, f"{label}不是有效日期（应为YYYY-MM-DD）") from None


def document_record_service(  # noqa: C901 - one check per rule, all before writing
    *,
    actor: Any,
    document: CaseDocument,
    method: str,
    served_on: object,
    recipient: str = "",
    proof_upload: UploadedFile | None = None,
    address_confirmed: bool = False,
    witness: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> CaseDocument:
    """Record how and when `document` was served (送达, CONVENTIONS.md §5.3): 直接, 留置 (a witness
    or photo/video proof), 电子 (only with a signed 送达地址确认书), 邮寄, 委托, 转交, 公告 (deemed
    served 30 days after the notice). Serving the 告知书 or the decision also fills the case's
    service fields (`case_record`), which the `notify` and `serve` steps then check."""
    on = on or timezone.localdate()
    case = Case.objects.select_related("department", "party").get(pk=document.case_id)
    _require_handler(actor, case)
    errors: dict[str, list[str]] = {}
    try:
        m = ServiceMethod(method)
    except ValueError:
        errors["method"] = [f"未知的送达方式“{method}”"]
        m = None
    try:
        given = _parse_date(served_on, "served_on", "送达日期")
    except ValidationFailed as exc:
        errors.update(exc.errors)
        given = None
    recipient = (recipient or "").strip()
    witness = (witness or "").strip()
    note = (note or "").strip()
    if given is not None:
        if given > on:
            errors["served_on"] = ["送达日期不能晚于今天"]
        elif given < document.on:
            errors["served_on"] = ["送达日期不能早于文书的成文日期"]
    if m is not None and m is not ServiceMethod.PUBLIC_NOTICE and not recipient:
        errors["recipient"] = ["请填写收件人（受送达人或者代收人）"]
    if m is ServiceMethod.ELECTRONIC and not address_confirmed:
        errors["address_confirmed"] = ["电子送达须经受送达人同意并签订送达地址确认书"]
    if m is ServiceMethod.LEFT_AT_ADDRESS and not (witness or proof_upload):
        errors["witness"] = ["留置送达应写明见证人，或者上传拍照、录像记录"]
    if document.kind == DocumentKind.SERVICE_RECEIPT.value:
        errors["document"] = ["送达回证本身不登记送达"]
    proof_bytes = b""
    if proof_upload is not None:
        if proof_upload.size and proof_upload.size > PROOF_MAX_BYTES:
            errors["proof_upload"] = ["送达凭证文件过大（不超过20MB）"]
        else:
            proof_bytes = proof_upload.read()
            if not proof_bytes:
                errors["proof_upload"] = ["送达凭证文件为空"]
    if errors:
        raise ValidationFailed("送达信息有误，未保存。", errors=errors)
    assert m is not None
    assert given is not None
    notice_on = given if m is ServiceMethod.PUBLIC_NOTICE else None
    effective = add_days(given, PUBLIC_NOTICE_DAYS).date if notice_on else given
    saved: list[str] = []
    try:
        with transaction.atomic():
            row = CaseDocument.objects.select_for_update().get(pk=document.pk)
            if row.served_on is not None:
                raise Conflict(
                    "该文书已登记送达，不能重复登记。",
                    errors={"served_on": ["该文书已登记送达，不能重复登记。"]},
                )
            row.served_on = effective
            row.service_method = m.value
            row.service_recipient = recipient
            row.service_note = "；".join(
                x for x in (f"见证人：{witness}" if witness else "", note) if x
            )
            row.public_notice_on = notice_on
            row.served_by = actor
            row.service_recorded_at = timezone.now()
            fields = [
                "served_on",
                "service_method",
                "service_recipient",
                "service_note",
                "public_notice_on",
                "served_by",
                "service_recorded_at",
            ]
            if proof_bytes:
                name = getattr(proof_upload, "name", "") or "proof"
                row.service_proof.save(
                    f"proof-{row.pk}-{name}", ContentFile(proof_bytes), save=False
                )
                saved.append(row.service_proof.name)
                row.service_proof_sha256 = sha256(proof_bytes)
                fields += ["service_proof", "service_proof_sha256"]
            row.save(update_fields=[f for f in fields if getattr(row, f) not in (None, "")])
            locked = Case.objects.select_for_update().get(pk=case.pk)
            changes = _case_changes(locked, row, m, effective, notice_on, address_confirmed)
            case_record(
                actor=actor,
                case=locked,
                lock_version=locked.lock_version,
                changes=changes,
                summary=f"送达{row.title}{('（' + row.number + '）') if row.number else ''}：{m.label}",
                on=on,
                data={
                    "document": {
                        "id": row.pk,
                        "served_on": effective.isoformat(),
                        "method": m.value,
                    }
                },
            )
            audit_append(
                actor=actor,
                action="document_record_service",
                object_type="documents.casedocument",
                object_id=row.pk,
                after={
                    "number": row.number,
                    "served_on": effective.isoformat(),
                    "method": m.value,
                    "recipient": recipient,
                    "proof_sha256": row.service_proof_sha256,
                },
                summary=f"{case.number} 送达{row.title} {row.number}（{m.label}）",
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return row


def _case_changes(
    case: Case,
    doc: CaseDocument,
    method: ServiceMethod,
    served_on: dt.date,
    notice_on: dt.date | None,
    confirmed: bool,
) -> dict[str, object]:
    """Snapshot fields the service fills, when empty: the notice's service date while the case
    waits for `notify`, the decision's service while it waits for `serve`."""
    snap = case.snapshot
    kind = DocumentKind(doc.kind)
    if (
        kind is DocumentKind.PENALTY_NOTICE
        and case.state == State.PROPOSED.value
        and not snap.get("notice_served_on")
    ):
        return {"notice_served_on": served_on.isoformat()}
    if kind in DECISION_KINDS and case.state == State.DECIDED.value and not snap.get("served_on"):
        changes: dict[str, object] = {
            "served_on": served_on.isoformat(),
            "service_method": method.value,
            "service_proof": f"{doc.title}{doc.number}送达回证",
        }
        if method is ServiceMethod.ELECTRONIC:
            changes["electronic_service_confirmed"] = confirmed
        if notice_on is not None:
            changes["public_notice_on"] = notice_on.isoformat()
        return changes
    return {}
