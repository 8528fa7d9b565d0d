"""Issuing, revoking and requiring enforcement certificates (R-CASE-13 持证上岗, R-SUP-8).

`certificate_require` is the gate every enforcement action passes before it is written: it returns
the certificate the officer acts under, or raises `CertificateRefused` with a Chinese reason keyed
to the field `officer`. Writes validate everything first, then save and append the audit event in
one transaction.

When `actor` is a signed-in user, the service also checks that it may manage the holder's
certificates (admin: anyone; head: people of its own department). A string actor (the demo loader,
the CLI) is the system and is not checked here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from lawcore.certificates import RefusalReason, certificate_check
from prudent.accounts.models import User
from prudent.certificates.models import Certificate
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import has_capability, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Capability, Role
from prudent.organisations.choices import EnforcementField

NUMBER_MAX = 40
ISSUER_MAX = 100
REASON_MAX = 200


class CertificateRefused(ValidationFailed):
    """The officer may not act: no certificate in force for this field on this day (R-CASE-13)."""

    def __init__(
        self,
        message: str,
        *,
        reason: RefusalReason,
        officer: User,
        certificate: Certificate | None = None,
    ) -> None:
        super().__init__(message, errors={"officer": [message]})
        self.reason = reason
        self.officer = officer
        #: The certificate the refusal is about (expired, revoked, not yet valid), if any.
        self.certificate = certificate


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def field_label(field: str) -> str:
    return str(dict(EnforcementField.choices).get(field, field))


def certificate_state(cert: Certificate) -> dict[str, object]:
    return {
        "holder": cert.holder_id,
        "number": cert.number,
        "issuer": cert.issuer,
        "valid_from": cert.valid_from,
        "valid_to": cert.valid_to,
        "fields": list(cert.fields),
        "status": cert.status,
        "revoked_on": cert.revoked_on,
        "revocation_reason": cert.revocation_reason,
    }


# --- the gate ------------------------------------------------------------------------------------


def refusal_message(
    officer: User, reason: RefusalReason, cert: Certificate | None, field: str, on: dt.date
) -> str:
    name = officer.display_name
    number = f"（编号{cert.number}）" if cert is not None else ""
    if reason is RefusalReason.MISSING:
        return f"{name}没有执法证，不能实施执法行为。"
    if reason is RefusalReason.OUT_OF_FIELD:
        return f"{name}的执法证不涵盖“{field_label(field)}”领域，不能实施该领域的执法行为。"
    assert cert is not None
    if reason is RefusalReason.EXPIRED:
        return (
            f"{name}的执法证{number}有效期至{chinese_date(cert.valid_to)}，已过期，"
            "不能实施执法行为。"
        )
    if reason is RefusalReason.NOT_YET_VALID:
        return (
            f"{name}的执法证{number}自{chinese_date(cert.valid_from)}起生效，"
            f"{chinese_date(on)}尚未生效，不能实施执法行为。"
        )
    assert cert.revoked_on is not None
    why = f"（原因：{cert.revocation_reason}）" if cert.revocation_reason else ""
    return (
        f"{name}的执法证{number}已于{chinese_date(cert.revoked_on)}被吊销{why}，不能实施执法行为。"
    )


def certificate_require(
    *, officer: User, field: EnforcementField | str, on: dt.date
) -> Certificate:
    """The certificate `officer` acts under in `field` on `on`, or `CertificateRefused`."""
    field = str(field)
    if field not in EnforcementField.values:
        raise ValidationFailed.field("field", f"未知执法领域：{field}")
    certs = list(Certificate.objects.filter(holder=officer))
    by_number = {c.number: c for c in certs}
    verdict = certificate_check([c.facts() for c in certs], field, on)
    used = by_number[verdict.certificate.number] if verdict.certificate is not None else None
    if verdict.ok:
        assert used is not None
        return used
    assert verdict.reason is not None
    message = refusal_message(officer, verdict.reason, used, field, on)
    raise CertificateRefused(message, reason=verdict.reason, officer=officer, certificate=used)


# --- writes --------------------------------------------------------------------------------------


def _check_actor(actor: Any, holder: User | None) -> None:
    if isinstance(actor, str) or actor is None or not getattr(actor, "is_authenticated", False):
        return
    if not has_capability(actor, Capability.MANAGE_CERTIFICATES):
        raise Forbidden("您没有管理执法证的权限。")
    if user_role(actor) is Role.ADMIN or holder is None:
        return
    if holder.department_id is None or holder.department_id != actor.department_id:
        raise Forbidden("部门负责人只能管理本部门人员的执法证。")


def _holder_errors(holder: Any) -> list[str]:
    if not isinstance(holder, User):
        return ["请选择持证人。"]
    if holder.role_enum not in DEPARTMENT_ROLES or holder.department_id is None:
        return ["持证人必须是执法部门的执法人员、法制审核人员、部门负责人或清单编制人员。"]
    if not holder.is_active:
        return ["持证人账户已停用。"]
    return []


def _field_values(fields: Iterable[str] | str | None) -> tuple[list[str], list[str]]:
    """Normalised list of field values (order of EnforcementField, no repeats) and the errors."""
    if fields is None:
        raw: list[str] = []
    elif isinstance(fields, str):
        raw = [f.strip() for f in fields.split(",")]
    else:
        raw = [str(f).strip() for f in fields]
    raw = [f for f in raw if f]
    unknown = [f for f in raw if f not in EnforcementField.values]
    if unknown:
        return [], [f"未知执法领域：{'、'.join(unknown)}"]
    if not raw:
        return [], ["至少选择一个执法领域。"]
    return [f for f in EnforcementField.values if f in raw], []


def certificate_validate(  # noqa: C901
    *,
    holder: Any,
    number: str,
    issuer: str,
    valid_from: Any,
    valid_to: Any,
    fields: Iterable[str] | str | None,
    exclude_pk: int | None = None,
) -> dict[str, Any]:
    """Check every field of a certificate; return the normalised values or raise by field."""
    errors: dict[str, list[str]] = {}
    if holder_errors := _holder_errors(holder):
        errors["holder"] = holder_errors
    number = (number or "").strip()
    if not number:
        errors["number"] = ["执法证号不能为空。"]
    elif len(number) > NUMBER_MAX:
        errors["number"] = [f"执法证号不能超过{NUMBER_MAX}个字符。"]
    else:
        same = Certificate.objects.filter(number__iexact=number)
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["number"] = [f"执法证号{number}已登记。"]
    issuer = (issuer or "").strip()
    if not issuer:
        errors["issuer"] = ["发证机关不能为空。"]
    elif len(issuer) > ISSUER_MAX:
        errors["issuer"] = [f"发证机关不能超过{ISSUER_MAX}个字符。"]
    for name, label, value in (
        ("valid_from", "有效期起", valid_from),
        ("valid_to", "有效期至", valid_to),
    ):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            errors[name] = [f"请填写{label}日期。"]
    if "valid_from" not in errors and "valid_to" not in errors and valid_to < valid_from:
        errors["valid_to"] = ["有效期至不能早于有效期起。"]
    values, field_errors = _field_values(fields)
    if field_errors:
        errors["fields"] = field_errors
    if errors:
        raise ValidationFailed("执法证信息有误，未保存。", errors=errors)
    return {
        "holder": holder,
        "number": number,
        "issuer": issuer,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "fields": values,
    }


def certificate_issue(
    *,
    actor: Any,
    holder: Any,
    number: str,
    issuer: str,
    valid_from: Any,
    valid_to: Any,
    fields: Iterable[str] | str | None,
) -> Certificate:
    """Register a certificate for `holder`; nothing is written if any field is wrong."""
    _check_actor(actor, holder if isinstance(holder, User) else None)
    values = certificate_validate(
        holder=holder,
        number=number,
        issuer=issuer,
        valid_from=valid_from,
        valid_to=valid_to,
        fields=fields,
    )
    with transaction.atomic():
        cert = Certificate(**values)
        try:
            with transaction.atomic():
                cert.save()
        except IntegrityError as exc:
            raise ValidationFailed.field("number", f"执法证号{values['number']}已登记。") from exc
        audit_append(
            actor=actor,
            action="certificate_issue",
            object_type="certificates.certificate",
            object_id=cert.pk,
            after=certificate_state(cert),
            summary=f"登记执法证 {cert.number}（{cert.holder.display_name}）",
        )
    return cert


def certificate_revoke(
    *, actor: Any, certificate: Certificate, on: Any, reason: str
) -> Certificate:
    """Revoke `certificate` with effect from `on`; refused if it is already revoked."""
    _check_actor(actor, certificate.holder)
    errors: dict[str, list[str]] = {}
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        errors["on"] = ["请填写吊销日期。"]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["吊销原因不能为空。"]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [f"吊销原因不能超过{REASON_MAX}个字符。"]
    if errors:
        raise ValidationFailed("吊销信息有误，未保存。", errors=errors)
    with transaction.atomic():
        cert = (
            Certificate.objects.select_for_update().select_related("holder").get(pk=certificate.pk)
        )
        if cert.status == Certificate.Status.REVOKED:
            assert cert.revoked_on is not None
            raise Conflict(f"执法证{cert.number}已于{chinese_date(cert.revoked_on)}吊销。")
        before = certificate_state(cert)
        cert.status = Certificate.Status.REVOKED
        cert.revoked_on = on
        cert.revocation_reason = reason
        cert.save(update_fields=["status", "revoked_on", "revocation_reason"])
        audit_append(
            actor=actor,
            action="certificate_revoke",
            object_type="certificates.certificate",
            object_id=cert.pk,
            before=before,
            after=certificate_state(cert),
            summary=f"吊销执法证 {cert.number}（{cert.holder.display_name}）：{reason}",
        )
    certificate.refresh_from_db()
    return cert
