"""Writes of 公务入企登记 (R-INSP-6): register, approve, record, cancel, and the enterprise's answer.

Each service validates everything first and raises `ValidationFailed` (field → Chinese message),
`Conflict` (wrong step, once-only) or `Forbidden`; only then does it write, in one transaction
with its audit event, so bad input stores nothing.

The rules they enforce (docs/visits.md):

- at least two officers of the visiting department, each holding a certificate valid on the day
  for the department's field (《行政处罚法》第四十二条 执法人员不得少于两人, 持证执法 R-CASE-13);
- an ordinary visit is registered and approved by a head of the department *before* it starts,
  and cannot be carried out (actual start recorded) before that approval;
- an emergency visit (a recorded reason) may start first; a head must approve it within
  `emergency_approval_hours` (UNVERIFIED local default 24 h) of its start, later approval is
  refused and the visit stays on the alert list as not approved in time;
- the frequency rules: registering a visit that puts the entity over `window_max` visits in a
  `window_days` window or over `yearly_cap` in the calendar year needs the registrant's
  acknowledgement of the warning, and over the yearly cap a recorded reason;
- the entity (its enterprise account, or anyone holding the visit code) confirms or disputes the
  visit and rates it 1–5, once.

`now` is a keyword for tests and the demo loader (which registers visits "as of" past days);
views and the API never pass it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from prudent.accounts.models import User
from prudent.certificates.models import Certificate
from prudent.certificates.services import CertificateRefused, certificate_require
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import user_role
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection
from prudent.organisations.models import Department
from prudent.visits.limits import Limits, Load, load_with
from prudent.visits.models import (
    EnterpriseVisit,
    ResponseChannel,
    VisitOfficer,
    VisitPurpose,
    VisitStatus,
)

#: Roles that register visits (the department's enforcement staff; admin names the department).
REGISTRAR_ROLES = frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD, Role.ADMIN})
#: Department kinds whose staff visit enterprises (the judicial bureau supervises, it does not).
VISITING_KINDS = frozenset({"enforcement", "township"})
MIN_OFFICERS = 2
CODE_ACTOR = "入企码持有人"


def limits() -> Limits:
    """The thresholds in force: `settings.PRUDENT_VISIT_LIMITS` over the documented defaults."""
    return Limits.from_mapping(getattr(settings, "PRUDENT_VISIT_LIMITS", None))


# --- helpers -------------------------------------------------------------------------------------


def _is_user(actor: Any) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def _actor_label(actor: Any) -> str:
    if _is_user(actor):
        return str(actor.display_name)
    return str(actor or "system")


def _text(
    errors: dict[str, list[str]], name: str, label: str, value: Any, limit: int, required: bool
) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[name] = [f"请填写{label}。"]
    elif len(text) > limit:
        errors[name] = [f"{label}不能超过{limit}个字符。"]
    return text


def _when(
    errors: dict[str, list[str]], name: str, label: str, value: Any, *, required: bool = True
) -> dt.datetime | None:
    """A datetime from a datetime or an ISO text ("2026-11-23T09:30"); naive = local time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = [f"请填写{label}。"]
        return None
    parsed: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip().replace(" ", "T", 1))
        except ValueError:
            parsed = None
    if parsed is None:
        errors[name] = [f"{label}格式不正确，应为“年-月-日 时:分”，例如 2026-11-23 09:30。"]
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _fmt(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in {"1", "true", "yes", "on", "是", "一致"}:
        return True
    if text in {"0", "false", "no", "off", "否", "不一致"}:
        return False
    return None


def visit_state(v: EnterpriseVisit) -> dict[str, object]:
    """The audited state (digested into the audit chain; the code itself is left out)."""
    return {
        "entity": v.entity_id,
        "department": v.department_id,
        "inspection": v.inspection_id,
        "officers": sorted(v.officer_rows.values_list("officer_id", flat=True)) if v.pk else [],
        "purpose_kind": v.purpose_kind,
        "purpose": v.purpose,
        "legal_basis": v.legal_basis,
        "planned_start": v.planned_start,
        "planned_end": v.planned_end,
        "actual_start": v.actual_start,
        "actual_end": v.actual_end,
        "emergency": v.emergency,
        "emergency_reason": v.emergency_reason,
        "status": v.status,
        "approved_by": v.approved_by_id,
        "approved_at": v.approved_at,
        "approval_opinion": v.approval_opinion,
        "cancel_reason": v.cancel_reason,
        "warnings": v.warnings,
        "over_cap_reason": v.over_cap_reason,
        "accurate": v.accurate,
        "discrepancy": v.discrepancy,
        "score": v.score,
        "comment": v.comment,
        "responded_via": v.responded_via,
    }


# --- frequency -----------------------------------------------------------------------------------


def entity_visit_times(entity: Entity, *, exclude_pk: int | None = None) -> list[dt.datetime]:
    """When each non-cancelled visit to `entity` counts (actual start, else planned), local time.

    Counted across every department: the rule protects the enterprise from being visited too
    often, whoever visits."""
    rows = EnterpriseVisit.objects.filter(entity=entity).exclude(status=VisitStatus.CANCELLED)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [
        timezone.localtime(actual or planned)
        for planned, actual in rows.values_list("planned_start", "actual_start")
    ]


def visit_load(*, entity: Entity, at: dt.datetime, exclude_pk: int | None = None) -> Load:
    return load_with(
        entity_visit_times(entity, exclude_pk=exclude_pk), timezone.localtime(at), limits()
    )


def load_warnings(load: Load) -> list[str]:
    """The warnings the registrant must acknowledge, in Chinese; empty when within the limits."""
    lim = load.limits
    out: list[str] = []
    if load.window_exceeded and load.window.start is not None:
        out.append(
            f"该主体在{load.window.start:%Y-%m-%d}起的{lim.window_days}日内将有"
            f"{load.window.count}次入企（含本次），超过{lim.window_max}次的提示线。"
        )
    if load.cap_exceeded:
        out.append(
            f"该主体{load.year}年度将有{load.year_total}次入企（含本次），"
            f"超过年度上限{lim.yearly_cap}次；须填写超过上限的理由。"
        )
    return out


# --- register ------------------------------------------------------------------------------------


def _registrar_department(actor: Any, department: Any, errors: dict[str, list[str]]) -> Any:
    """The department the visit belongs to: the registrant's own, or the one an admin (or the
    system) names."""
    if _is_user(actor):
        role = user_role(actor)
        if role not in REGISTRAR_ROLES:
            raise Forbidden("当前角色不能登记公务入企。")
        if role in DEPARTMENT_ROLES:
            if actor.department_id is None:
                raise Forbidden("您的账户没有所属部门，不能登记公务入企。")
            if isinstance(department, Department) and department.pk != actor.department_id:
                raise Forbidden("只能为本部门登记公务入企。")
            return actor.department
    if not isinstance(department, Department):
        errors["department"] = ["请选择执法部门。"]
        return None
    return department


def _check_officers(
    errors: dict[str, list[str]], officers: Any, department: Any, day: dt.date | None
) -> list[tuple[User, Certificate]]:
    if not isinstance(officers, list | tuple) or not all(isinstance(o, User) for o in officers):
        errors["officers"] = ["请选择执法人员。"]
        return []
    unique = list({o.pk: o for o in officers}.values())
    problems: list[str] = []
    if len(unique) < MIN_OFFICERS:
        problems.append("入企检查的执法人员不得少于两人（《行政处罚法》第四十二条）。")
    chosen: list[tuple[User, Certificate]] = []
    for officer in unique:
        if not officer.is_active:
            problems.append(f"{officer.display_name}的账户已停用。")
            continue
        if isinstance(department, Department) and officer.department_id != department.pk:
            problems.append(f"{officer.display_name}不是{department.name}的人员。")
            continue
        if not isinstance(department, Department) or day is None:
            continue
        try:
            cert = certificate_require(officer=officer, field=department.field, on=day)
        except CertificateRefused as exc:
            problems.append(exc.message)
        else:
            chosen.append((officer, cert))
    if problems:
        errors["officers"] = problems
    return chosen


def _check_inspection(
    errors: dict[str, list[str]], inspection: Any, entity: Any, department: Any
) -> None:
    if inspection is None:
        return
    if not isinstance(inspection, Inspection):
        errors["inspection"] = ["关联的检查任务不存在。"]
        return
    if isinstance(entity, Entity) and inspection.entity_id != entity.pk:
        errors["inspection"] = ["关联的检查任务不是针对该主体的。"]
    elif isinstance(department, Department) and not (
        inspection.department_id == department.pk
        or inspection.departments.filter(pk=department.pk).exists()
    ):
        errors["inspection"] = [f"{department.name}不参加该检查任务。"]


def _check_entity(errors: dict[str, list[str]], entity: Any) -> None:
    if not isinstance(entity, Entity):
        errors["entity"] = ["请选择被检查的市场主体。"]
    elif entity.kind == EntityKind.NATURAL_PERSON:
        errors["entity"] = ["公务入企登记的对象是经营主体，不能是自然人。"]


def _period(
    errors: dict[str, list[str]],
    prefix: str,
    label: str,
    start: Any,
    end: Any,
    *,
    end_required: bool = True,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    begin = _when(errors, f"{prefix}_start", f"{label}开始时间", start)
    finish = _when(errors, f"{prefix}_end", f"{label}结束时间", end, required=end_required)
    if begin and finish and finish <= begin:
        errors[f"{prefix}_end"] = [f"{label}结束时间应当晚于开始时间。"]
    return begin, finish


def visit_register(
    *,
    actor: Any,
    entity: Any,
    officers: Any,
    planned_start: Any,
    planned_end: Any,
    purpose_kind: Any,
    purpose: Any,
    legal_basis: Any,
    department: Any = None,
    emergency: bool = False,
    emergency_reason: Any = "",
    acknowledge_warnings: bool = False,
    over_cap_reason: Any = "",
    inspection: Any = None,
    now: dt.datetime | None = None,
) -> EnterpriseVisit:
    """Register one on-site visit; it waits for a head's approval (R-INSP-6). `inspection`, when
    given, is the inspection task the visit carries out: same entity, the department takes part."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    department = _registrar_department(actor, department, errors)
    if isinstance(department, Department) and department.kind not in VISITING_KINDS:
        errors["department"] = [f"{department.name}不是行政执法部门，不登记入企检查。"]
    _check_entity(errors, entity)
    start, end = _period(errors, "planned", "计划", planned_start, planned_end)
    emergency = bool(emergency)
    reason = _text(errors, "emergency_reason", "紧急事由", emergency_reason, 300, emergency)
    if start and not emergency and start <= now:
        errors["planned_start"] = [
            "非紧急入企应当在入企前登记并经批准，计划开始时间须晚于现在；"
            "已经开始的入企只能按紧急入企登记。"
        ]
    if start and emergency and start > now + dt.timedelta(hours=24):
        errors["emergency"] = ["紧急入企是已经开始或即将开始的入企；计划中的入企请按一般程序报批。"]
    if purpose_kind not in VisitPurpose.values:
        errors["purpose_kind"] = ["请选择入企事由。"]
    purpose = _text(errors, "purpose", "入企目的", purpose, 300, True)
    legal_basis = _text(errors, "legal_basis", "法律依据", legal_basis, 500, True)
    cap_reason = _text(errors, "over_cap_reason", "超过年度上限的理由", over_cap_reason, 300, False)
    day = timezone.localtime(start).date() if start else None
    chosen = _check_officers(errors, officers, department, day)
    _check_inspection(errors, inspection, entity, department)
    if errors:
        raise ValidationFailed("公务入企登记有误，未保存。", errors=errors)
    assert start is not None
    assert end is not None
    assert isinstance(entity, Entity)

    with transaction.atomic():
        # One registration per entity at a time, so two concurrent ones both see each other.
        Entity.objects.select_for_update().filter(pk=entity.pk).first()
        load = visit_load(entity=entity, at=start)
        warnings = load_warnings(load)
        if warnings and not acknowledge_warnings:
            raise ValidationFailed(
                "该主体入企频次超过提示线，请阅读提示并确认后再登记。",
                errors={"acknowledge_warnings": warnings},
            )
        if load.cap_exceeded and not cap_reason:
            raise ValidationFailed.field(
                "over_cap_reason",
                f"该主体本年度入企已超过上限{load.limits.yearly_cap}次，须填写超过上限的理由。",
            )
        visit = EnterpriseVisit.objects.create(
            entity=entity,
            department=department,
            inspection=inspection,
            purpose_kind=purpose_kind,
            purpose=purpose,
            legal_basis=legal_basis,
            planned_start=start,
            planned_end=end,
            emergency=emergency,
            emergency_reason=reason if emergency else "",
            warnings=warnings,
            over_cap_reason=cap_reason if load.cap_exceeded else "",
            code=secrets.token_urlsafe(18),
            registered_by=actor if _is_user(actor) else None,
            registered_by_name=_actor_label(actor),
            registered_at=now,
        )
        VisitOfficer.objects.bulk_create(
            VisitOfficer(visit=visit, officer=o, certificate=c) for o, c in chosen
        )
        audit_append(
            actor=actor,
            action="visit_register",
            object_type="visits.enterprisevisit",
            object_id=visit.pk,
            after=visit_state(visit),
            summary=(
                f"登记公务入企：{department.name}→{entity.name}，{_fmt(start)}，"
                f"{'紧急入企，' if emergency else ''}{purpose}"
                f"{'；频次提示已确认' if warnings else ''}"
            ),
        )
    return visit


# --- approve, record, cancel ---------------------------------------------------------------------


def _locked(visit: Any) -> EnterpriseVisit:
    if not isinstance(visit, EnterpriseVisit) or visit.pk is None:
        raise ValidationFailed.field("visit", "请选择入企登记。")
    return EnterpriseVisit.objects.select_for_update().get(pk=visit.pk)


def emergency_deadline(visit: EnterpriseVisit) -> dt.datetime:
    """The last moment a head may approve an emergency visit afterwards."""
    return visit.at + dt.timedelta(hours=limits().emergency_approval_hours)


def visit_approve(
    *, actor: Any, visit: Any, opinion: Any, now: dt.datetime | None = None
) -> EnterpriseVisit:
    """A head of the visiting department approves the visit (before it starts, or for an
    emergency visit within the limit after it started)."""
    now = now or timezone.now()
    if not _is_user(actor) or user_role(actor) is not Role.HEAD:
        raise Forbidden("入企检查由本部门负责人审批。")
    errors: dict[str, list[str]] = {}
    opinion = _text(errors, "opinion", "审批意见", opinion, 300, True)
    if not isinstance(visit, EnterpriseVisit):
        errors["visit"] = ["请选择入企登记。"]
    if errors:
        raise ValidationFailed("审批有误，未保存。", errors=errors)
    with transaction.atomic():
        row = _locked(visit)
        if row.department_id != actor.department_id:
            raise Forbidden("只能审批本部门的入企检查。")
        if row.officer_rows.filter(officer=actor).exists():
            raise Forbidden("审批人不能是本次入企的执法人员。")
        if row.status != VisitStatus.PENDING:
            raise Conflict(f"该入企登记{row.get_status_display()}，不能再审批。")
        if row.emergency:
            deadline = emergency_deadline(row)
            if now > deadline:
                raise Conflict(
                    f"紧急入企应当在入企后{limits().emergency_approval_hours}小时内补办审批"
                    f"（截止{_fmt(deadline)}），已超过时限，不能补批；该入企列入预警。"
                )
        elif row.planned_start <= now:
            raise Conflict(
                "计划开始时间已过，不能事前审批；请取消本登记后重新登记，或按紧急入企处理。"
            )
        before = visit_state(row)
        row.status = VisitStatus.APPROVED
        row.approved_by = actor
        row.approved_at = now
        row.approval_opinion = opinion
        row.save()
        audit_append(
            actor=actor,
            action="visit_approve",
            object_type="visits.enterprisevisit",
            object_id=row.pk,
            before=before,
            after=visit_state(row),
            summary=f"批准公务入企：{row.entity.name}，{_fmt(row.planned_start)}（{opinion}）",
        )
    return row


def may_act_on(actor: Any, row: EnterpriseVisit) -> None:
    """Officers of the visit, a head of its department, admin (or the system) record it."""
    if not _is_user(actor):
        return
    role = user_role(actor)
    if role is Role.ADMIN:
        return
    if role is Role.HEAD and actor.department_id == row.department_id:
        return
    if row.officer_rows.filter(officer=actor).exists() or row.registered_by_id == actor.pk:
        return
    raise Forbidden("只有本次入企的执法人员、登记人或本部门负责人可以办理。")


def _check_recordable(row: EnterpriseVisit, start: dt.datetime) -> None:
    """The actual times go on a visit that may happen: not cancelled, approved beforehand (unless
    an emergency), started after its approval, and recorded once (the end may follow)."""
    if row.status == VisitStatus.CANCELLED:
        raise Conflict("该入企登记已取消。")
    if row.actual_end is not None:
        raise Conflict("该入企的实际时间已经记录，不能修改。")
    if row.actual_start is not None and row.actual_start != start:
        raise Conflict(f"实际开始时间已记录为{_fmt(row.actual_start)}，只能补记结束时间。")
    if row.emergency:
        return
    if row.status != VisitStatus.APPROVED or row.approved_at is None:
        raise Conflict("入企检查未经批准，不能实施（非紧急入企须事先审批）。")
    if start < row.approved_at:
        raise ValidationFailed.field(
            "actual_start",
            f"实际开始时间早于批准时间{_fmt(row.approved_at)}：入企须在批准之后。",
        )


def visit_record(
    *,
    actor: Any,
    visit: Any,
    actual_start: Any,
    actual_end: Any = None,
    now: dt.datetime | None = None,
) -> EnterpriseVisit:
    """Record when the visit actually began (and ended): only after approval, unless emergency."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    start, end = _period(errors, "actual", "实际", actual_start, actual_end, end_required=False)
    if start and start > now:
        errors["actual_start"] = ["实际开始时间不能晚于现在。"]
    if end and end > now:
        errors["actual_end"] = ["实际结束时间不能晚于现在。"]
    if not isinstance(visit, EnterpriseVisit):
        errors["visit"] = ["请选择入企登记。"]
    if errors:
        raise ValidationFailed("入企时间有误，未保存。", errors=errors)
    assert start is not None
    with transaction.atomic():
        row = _locked(visit)
        may_act_on(actor, row)
        _check_recordable(row, start)
        before = visit_state(row)
        row.actual_start = start
        row.actual_end = end
        row.save()
        audit_append(
            actor=actor,
            action="visit_record",
            object_type="visits.enterprisevisit",
            object_id=row.pk,
            before=before,
            after=visit_state(row),
            summary=f"记录入企时间：{row.entity.name}，{_fmt(start)}"
            + (f"至{_fmt(end)}" if end else ""),
        )
    return row


def visit_cancel(
    *, actor: Any, visit: Any, reason: Any, now: dt.datetime | None = None
) -> EnterpriseVisit:
    """Cancel a visit that has not taken place; it no longer counts for the frequency rules."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", "取消原因", reason, 300, True)
    if not isinstance(visit, EnterpriseVisit):
        errors["visit"] = ["请选择入企登记。"]
    if errors:
        raise ValidationFailed("取消有误，未保存。", errors=errors)
    with transaction.atomic():
        row = _locked(visit)
        may_act_on(actor, row)
        if row.status == VisitStatus.CANCELLED:
            raise Conflict("该入企登记已取消。")
        if row.actual_start is not None or row.responded:
            raise Conflict("已经实施的入企不能取消。")
        before = visit_state(row)
        row.status = VisitStatus.CANCELLED
        row.cancelled_at = now
        row.cancel_reason = reason
        row.save()
        audit_append(
            actor=actor,
            action="visit_cancel",
            object_type="visits.enterprisevisit",
            object_id=row.pk,
            before=before,
            after=visit_state(row),
            summary=f"取消公务入企：{row.entity.name}，{_fmt(row.planned_start)}（{reason}）",
        )
    return row


# --- the enterprise's answer ---------------------------------------------------------------------


def check_responder(actor: Any, row: EnterpriseVisit, via: str) -> None:
    """The enterprise answers: through its own account, or by the code with no other account."""
    if via == ResponseChannel.ACCOUNT:
        if not _is_user(actor) or user_role(actor) is not Role.ENTERPRISE:
            raise Forbidden("只有被检查企业的账户可以确认。")
        if actor.entity_id != row.entity_id:
            raise Forbidden("只能确认对本单位的入企检查。")
        return
    if _is_user(actor):
        role = user_role(actor)
        if role is not Role.ENTERPRISE or actor.entity_id != row.entity_id:
            raise Forbidden(
                "入企码由被检查企业确认：请使用本企业账户，或退出登录后扫码确认；"
                "执法人员不能代为确认。"
            )


def _answer(
    accurate: Any, discrepancy: Any, score: Any, comment: Any
) -> tuple[bool, str, int, str]:
    errors: dict[str, list[str]] = {}
    ok = _bool(accurate)
    if ok is None:
        errors["accurate"] = ["请选择入企情况是否与登记一致。"]
    text = _text(errors, "discrepancy", "不一致情况", discrepancy, 2000, ok is False)
    try:
        stars = int(str(score).strip()) if score not in (None, "") else None
    except ValueError:
        stars = None
    if stars is None or not 1 <= stars <= 5:
        errors["score"] = ["请给出1至5分的评分。"]
    remark = _text(errors, "comment", "评价", comment, 500, False)
    if errors:
        raise ValidationFailed("确认与评价有误，未保存。", errors=errors)
    assert ok is not None
    assert stars is not None
    return ok, text, stars, remark


def visit_confirm(
    *,
    actor: Any,
    visit: Any,
    via: str,
    accurate: Any,
    discrepancy: Any = "",
    score: Any = None,
    comment: Any = "",
    now: dt.datetime | None = None,
) -> EnterpriseVisit:
    """The entity confirms the visit happened as registered (or reports how it differed) and
    rates it 1–5; given once (R-INSP-6 扫码登记与评价)."""
    now = now or timezone.now()
    if via not in ResponseChannel.values:
        raise ValidationFailed.field("via", "确认方式无效。")
    if not isinstance(visit, EnterpriseVisit):
        raise ValidationFailed.field("visit", "请选择入企登记。")
    check_responder(actor, visit, via)
    ok, text, stars, remark = _answer(accurate, discrepancy, score, comment)
    with transaction.atomic():
        row = _locked(visit)
        if row.responded:
            raise Conflict("该入企已经确认并评价过，不能重复提交。")
        if row.status == VisitStatus.CANCELLED:
            raise Conflict("该入企登记已取消，无需确认。")
        # An unapproved visit whose time has come is answered too: the enterprise's report that
        # officers came without approval is exactly what the register is for.
        if row.at > now:
            raise Conflict(f"入企计划于{_fmt(row.at)}开始，开始后才能确认。")
        before = visit_state(row)
        row.accurate = ok
        row.discrepancy = text if ok is False else ""
        row.score = stars
        row.comment = remark
        row.responded_at = now
        row.responded_via = via
        row.save()
        audit_append(
            actor=actor if _is_user(actor) else CODE_ACTOR,
            action="visit_confirm",
            object_type="visits.enterprisevisit",
            object_id=row.pk,
            before=before,
            after=visit_state(row),
            summary=(
                f"企业{'确认' if ok else '反映不一致'}并评价公务入企：{row.entity.name}，"
                f"{_fmt(row.at)}，{stars}分（{row.get_responded_via_display()}）"
            ),
        )
    return row


def overdue_emergency_q(now: dt.datetime) -> Q:
    """Emergency visits still unapproved past the limit (for the alert list)."""
    hours = limits().emergency_approval_hours
    cutoff = now - dt.timedelta(hours=hours)
    return Q(emergency=True, status=VisitStatus.PENDING) & (
        Q(actual_start__lt=cutoff) | Q(actual_start__isnull=True, planned_start__lt=cutoff)
    )
