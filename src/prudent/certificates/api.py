"""Certificates API: the scoped register, issuing, and the 持证 check (R-CASE-13, R-SUP-8).

Request bodies are read as plain strings so that every problem comes back as a 422 with Chinese
messages keyed by field, the same as the UI, rather than as a schema error.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from lawcore.certificates import certificate_state
from prudent.accounts.models import User
from prudent.certificates import selectors, services
from prudent.certificates.models import Certificate
from prudent.core.errors import NotFound, ValidationFailed
from prudent.core.permissions import Action, require_capability
from prudent.core.roles import Capability

router = Router(tags=["certificates"])


class CertificateOut(Schema):
    id: int
    number: str
    holder: str
    holder_name: str
    department: str
    issuer: str
    valid_from: dt.date
    valid_to: dt.date
    fields: list[str]
    status: str
    revoked_on: dt.date | None
    revocation_reason: str
    state: str
    state_label: str


class CertificateIn(Schema):
    holder: str = ""
    number: str = ""
    issuer: str = ""
    valid_from: str = ""
    valid_to: str = ""
    fields: list[str] = Field(default_factory=list)


class CheckIn(Schema):
    officer: str = ""
    field: str = ""
    on: str = ""


class CheckOut(Schema):
    ok: bool
    reason: str | None
    message: str
    certificate: CertificateOut | None


def _out(cert: Certificate, on: dt.date) -> CertificateOut:
    state = certificate_state(cert.facts(), on)
    return CertificateOut(
        id=cert.pk,
        number=cert.number,
        holder=cert.holder.username,
        holder_name=cert.holder.display_name,
        department=cert.holder.department.name if cert.holder.department else "",
        issuer=cert.issuer,
        valid_from=cert.valid_from,
        valid_to=cert.valid_to,
        fields=list(cert.fields),
        status=cert.status,
        revoked_on=cert.revoked_on,
        revocation_reason=cert.revocation_reason,
        state=state.value,
        state_label=selectors.STATE_LABELS[state],
    )


def _date(value: str, name: str, label: str, errors: dict[str, list[str]]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = [f"{label}应为日期，格式如2026-11-23。"]
        return None


@router.get("", response=list[CertificateOut], summary="执法证登记簿（按权限范围）")
def certificate_list(request: HttpRequest) -> list[CertificateOut]:
    require_capability(request.user, Capability.VIEW_CERTIFICATES)
    on = timezone.localdate()
    return [_out(c, on) for c in selectors.certificate_list(user=request.user)]


@router.post("", response={201: CertificateOut}, summary="登记执法证（部门负责人、系统管理员）")
def certificate_issue(request: HttpRequest, payload: CertificateIn) -> Status:
    require_capability(request.user, Capability.MANAGE_CERTIFICATES)
    errors: dict[str, list[str]] = {}
    holder = (
        User.objects.restrict(request.user, Action.VIEW)
        .filter(username=payload.holder.strip())
        .first()
    )
    if holder is None:
        errors["holder"] = ["持证人不存在或不在您的管理范围内。"]
    valid_from = _date(payload.valid_from, "valid_from", "有效期起", errors)
    valid_to = _date(payload.valid_to, "valid_to", "有效期至", errors)
    try:
        services.certificate_validate(
            holder=holder,
            number=payload.number,
            issuer=payload.issuer,
            valid_from=valid_from,
            valid_to=valid_to,
            fields=payload.fields,
        )
    except ValidationFailed as exc:
        for name, messages in exc.errors.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationFailed("执法证信息有误，未保存。", errors=errors)
    cert = services.certificate_issue(
        actor=request.user,
        holder=holder,
        number=payload.number,
        issuer=payload.issuer,
        valid_from=valid_from,
        valid_to=valid_to,
        fields=payload.fields,
    )
    return Status(201, _out(cert, timezone.localdate()))


@router.get("/check", response=CheckOut, summary="核验执法人员在某日能否在某领域执法（持证上岗）")
def certificate_check(request: HttpRequest, query: Query[CheckIn]) -> CheckOut:
    require_capability(request.user, Capability.VIEW_CERTIFICATES)
    errors: dict[str, list[str]] = {}
    on = timezone.localdate() if not query.on.strip() else _date(query.on, "on", "日期", errors)
    if not query.officer.strip():
        errors["officer"] = ["请指定执法人员用户名。"]
    if not query.field.strip():
        errors["field"] = ["请指定执法领域。"]
    if errors:
        raise ValidationFailed("核验参数有误。", errors=errors)
    assert on is not None
    officer = (
        User.objects.restrict(request.user, Action.VIEW)
        .filter(username=query.officer.strip())
        .first()
    )
    if officer is None:
        raise NotFound(
            "执法人员不存在或不在您的查看范围内。", errors={"officer": ["未找到该执法人员。"]}
        )
    try:
        cert = services.certificate_require(officer=officer, field=query.field.strip(), on=on)
    except services.CertificateRefused as exc:
        used = None
        if exc.certificate is not None:
            used = _out(exc.certificate, on)
        return CheckOut(ok=False, reason=exc.reason.value, message=exc.message, certificate=used)
    return CheckOut(ok=True, reason=None, message="持有有效执法证。", certificate=_out(cert, on))
