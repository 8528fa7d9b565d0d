"""公务入企 API (R-INSP-6): `/api/v1/visits…`.

- `GET /visits` — the visits the caller may see (department staff: their department's; the
  judicial bureau: all; the enterprise: those to its own entity).
- `POST /visits` — register (department staff; admin names the department). A visit that puts
  the entity over the frequency thresholds is refused with 422 on `acknowledge_warnings` listing
  the warnings, until it is sent again with `acknowledge_warnings: true` (and, over the yearly
  cap, `over_cap_reason`).
- `POST /visits/{id}/approval` — a head of the visiting department approves.
- `POST /visits/{id}/confirmation` — the enterprise confirms (or reports a discrepancy) and
  rates 1–5, once (409 the second time).
- `GET /visits/alerts` — entities over the thresholds (heads, judicial bureau, admin).

Errors: 403 role, 404 outside the caller's scope, 409 wrong step, 422 naming the field; nothing is
written on error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import SessionAuth

from prudent.accounts.models import User
from prudent.cases.api import ErrorOut
from prudent.core.errors import Forbidden, ValidationFailed
from prudent.core.permissions import Action, has_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.entities.models import Entity
from prudent.entities.selectors import entity_code_for
from prudent.inspections.models import Inspection
from prudent.organisations.models import Department
from prudent.visits import selectors, services
from prudent.visits.models import EnterpriseVisit, ResponseChannel

router = Router(tags=["visits"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class VisitAuth(SessionAuth):
    """Signed in (401 otherwise) as staff who read inspections or as an enterprise (403 else)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None and not (
            has_capability(user, Capability.VIEW_INSPECTIONS) or user_role(user) is Role.ENTERPRISE
        ):
            raise Forbidden("当前角色不能使用入企登记。")
        return user


AUTH = VisitAuth()


class OfficerOut(Schema):
    name: str
    certificate: str


class VisitOut(Schema):
    id: int
    entity_code: str
    entity_name: str
    department: str
    inspection: int | None
    officers: list[OfficerOut]
    purpose_kind: str
    purpose: str
    legal_basis: str
    planned_start: dt.datetime
    planned_end: dt.datetime
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    emergency: bool
    status: str
    state_label: str
    approved_by: str | None
    approved_at: dt.datetime | None
    warnings: list[str]
    over_cap_reason: str
    accurate: bool | None
    score: int | None
    responded_at: dt.datetime | None
    code: str | None = Field(None, description="入企码（仅本部门人员可见）")


class RegisterIn(Schema):
    entity: str = Field("", description="被检查主体的统一社会信用代码")
    department: int | None = Field(None, description="执法部门（仅系统管理员需要）")
    inspection: int | None = Field(None, description="关联的检查任务编号（可空）")
    officers: list[str] = Field(default_factory=list, description="执法人员的用户名，至少两人")
    planned_start: str | None = None
    planned_end: str | None = None
    purpose_kind: str = ""
    purpose: str = ""
    legal_basis: str = ""
    emergency: bool = False
    emergency_reason: str = ""
    acknowledge_warnings: bool = False
    over_cap_reason: str = ""


class ApprovalIn(Schema):
    opinion: str = ""


class ConfirmationIn(Schema):
    accurate: bool | None = None
    discrepancy: str = ""
    score: int | None = None
    comment: str = ""


class AlertOut(Schema):
    entity_code: str
    entity_name: str
    year_total: int
    window_peak: int
    window_start: dt.datetime | None
    over_window: bool
    over_cap: bool
    by_department: dict[str, int]


def _out(v: EnterpriseVisit, user: Any) -> dict[str, Any]:
    own = user_role(user) is Role.ADMIN or v.department_id == getattr(user, "department_id", None)
    return {
        "id": v.pk,
        "entity_code": entity_code_for(user=user, entity=v.entity),
        "entity_name": v.entity.name,
        "department": v.department.name,
        "inspection": v.inspection_id,
        "officers": [
            {"name": r.officer.display_name, "certificate": r.certificate.number}
            for r in v.officer_rows.all()
        ],
        "purpose_kind": v.purpose_kind,
        "purpose": v.purpose,
        "legal_basis": v.legal_basis,
        "planned_start": v.planned_start,
        "planned_end": v.planned_end,
        "actual_start": v.actual_start,
        "actual_end": v.actual_end,
        "emergency": v.emergency,
        "status": v.status,
        "state_label": v.state_label,
        "approved_by": v.approved_by.display_name if v.approved_by else None,
        "approved_at": v.approved_at,
        "warnings": list(v.warnings or []),
        "over_cap_reason": v.over_cap_reason,
        "accurate": v.accurate,
        "score": v.score,
        "responded_at": v.responded_at,
        "code": v.code if own else None,
    }


@router.get("", response=list[VisitOut], auth=AUTH, summary="可查看的公务入企登记（R-INSP-6）")
def visit_list(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    return [_out(v, request.user) for v in selectors.visits_for(request.user, status=status)]


@router.post("", response={201: VisitOut, **ERRORS}, auth=AUTH, summary="登记公务入企（R-INSP-6）")
def visit_register(request: HttpRequest, payload: RegisterIn) -> Status:
    user = request.user
    if user_role(user) not in services.REGISTRAR_ROLES:
        raise Forbidden("当前角色不能登记公务入企。")
    code = payload.entity.strip().upper()
    entity = Entity.objects.filter(code=code).first() if code else None
    if entity is None:
        raise ValidationFailed.field("entity", f"名录库中没有代码为{code or '（空）'}的市场主体。")
    names = [n.strip() for n in payload.officers if n.strip()]
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    unknown = [n for n in names if n not in found]
    if unknown:
        raise ValidationFailed.field("officers", f"没有这些执法人员：{'、'.join(unknown)}。")
    department = (
        Department.objects.filter(pk=payload.department).first() if payload.department else None
    )
    inspection = None
    if payload.inspection is not None:
        inspection = Inspection.objects.restrict(user).filter(pk=payload.inspection).first()
        if inspection is None:
            raise ValidationFailed.field("inspection", "没有该检查任务，或您无权查看。")
    visit = services.visit_register(
        actor=user,
        inspection=inspection,
        entity=entity,
        department=department,
        officers=[found[n] for n in names],
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
        purpose_kind=payload.purpose_kind,
        purpose=payload.purpose,
        legal_basis=payload.legal_basis,
        emergency=payload.emergency,
        emergency_reason=payload.emergency_reason,
        acknowledge_warnings=payload.acknowledge_warnings,
        over_cap_reason=payload.over_cap_reason,
    )
    return Status(201, _out(selectors.visit_get(user, visit.pk), user))


@router.get(
    "/alerts",
    response={200: list[AlertOut], **ERRORS},
    auth=AUTH,
    summary="入企频次预警（R-INSP-6）",
)
def visit_alerts(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    from django.utils import timezone

    result = selectors.visit_alerts(request.user, year=year or timezone.localdate().year)
    return [
        {
            "entity_code": entity_code_for(user=request.user, entity=a.entity),
            "entity_name": a.entity.name,
            "year_total": a.total,
            "window_peak": a.peak.count,
            "window_start": a.peak.start,
            "over_window": a.over_window,
            "over_cap": a.over_cap,
            "by_department": dict(a.by_department),
        }
        for a in result.entities
    ]


@router.post(
    "/{visit_id}/approval",
    response={200: VisitOut, **ERRORS},
    auth=AUTH,
    summary="部门负责人审批公务入企",
)
def visit_approve(request: HttpRequest, visit_id: int, payload: ApprovalIn) -> dict[str, Any]:
    if user_role(request.user) is not Role.HEAD:
        raise Forbidden("入企检查由本部门负责人审批。")
    visit = selectors.visit_get(request.user, visit_id, Action.CHANGE)
    services.visit_approve(actor=request.user, visit=visit, opinion=payload.opinion)
    return _out(selectors.visit_get(request.user, visit_id), request.user)


@router.post(
    "/{visit_id}/confirmation",
    response={200: VisitOut, **ERRORS},
    auth=AUTH,
    summary="企业确认并评价公务入企（一次）",
)
def visit_confirm(request: HttpRequest, visit_id: int, payload: ConfirmationIn) -> dict[str, Any]:
    if user_role(request.user) is not Role.ENTERPRISE:
        raise Forbidden("只有被检查企业的账户可以确认。")
    visit = selectors.visit_get(request.user, visit_id, Action.CHANGE)
    services.visit_confirm(
        actor=request.user,
        visit=visit,
        via=ResponseChannel.ACCOUNT,
        accurate=payload.accurate,
        discrepancy=payload.discrepancy,
        score=payload.score,
        comment=payload.comment,
    )
    return _out(selectors.visit_get(request.user, visit_id), request.user)
