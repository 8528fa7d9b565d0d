"""Execution API (R-CASE-9, R-CASE-10, R-CASE-11).

- `GET /api/v1/cases/{id}/execution` — fine, due date, outstanding amount, late-payment fine as
  of today, arrangements, payments, court-enforcement date, corrections (scoped like the case).
- `POST /api/v1/cases/{id}/payments` — a payment from the bank's receipt (officer, head).
- `POST /api/v1/cases/{id}/arrangements` — the party's application to defer or pay in
  instalments (officer, head); `POST /api/v1/cases/{id}/arrangements/{arrangement_id}/decision`
  — the head approves or refuses it.
- `POST /api/v1/cases/{id}/corrections` — revoke, amend or change the decision (head).

409 for a conflict (stale `lock_version`, wrong state), 422 naming the field for bad input; the
role is checked before the body, so a role without the right gets 403 whatever it sends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from prudent.cases.api import ErrorOut
from prudent.core.errors import Forbidden
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.execution import selectors, services

router = Router(tags=["execution"])


class RoleAuth(SessionAuth):
    """Session auth requiring a capability and (optionally) one of `roles`: 401 when not signed
    in, 403 otherwise — before the body is read."""

    def __init__(self, capability: Capability, roles: frozenset[Role] | None = None) -> None:
        super().__init__(csrf=True)
        self.capability = capability
        self.roles = roles

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None:
            require_capability(user, self.capability)
            if self.roles is not None and user_role(user) not in self.roles:
                raise Forbidden("当前角色不能办理此项。")
        return user


VIEW = RoleAuth(Capability.VIEW_CASES)
RECORD = RoleAuth(Capability.HANDLE_CASES, services.RECORDERS)
APPROVE = RoleAuth(Capability.HANDLE_CASES, services.APPROVERS)


class PaymentIn(Schema):
    lock_version: int | None = None
    kind: str = "fine"
    amount: str | None = None
    paid_on: str | None = None
    bank: str | None = None
    receipt_number: str | None = None
    note: str = ""


class ArrangementIn(Schema):
    lock_version: int | None = None
    kind: str = ""
    applied_on: str | None = None
    reason: str | None = None
    deferral_until: str | None = None
    schedule: list[dict[str, Any]] | None = None


class ArrangementDecisionIn(Schema):
    lock_version: int | None = None
    approve: bool | None = None
    note: str = ""


class CorrectionIn(Schema):
    lock_version: int | None = None
    kind: str = ""
    reasons: str | None = None
    hearing_on: str | None = None
    hearing_record: str | None = None
    corrected_on: str | None = None
    tier: str | None = None
    fine_yuan: str | None = None
    amendment: str = ""


def _out(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return selectors.execution_for(
        user=request.user, pk=case_id, today=timezone.localdate()
    ).to_json()


class ExecutionOut(Schema):
    case_id: int
    today: dt.date
    penalty: bool
    revoked: bool
    fine_yuan: str | None
    served_on: dt.date | None
    payment_due: dt.date | None
    effective_due: dt.date | None
    execution_status: str
    execution_status_label: str
    paid_fine_yuan: str
    outstanding_fine_yuan: str
    fine_paid_on: dt.date | None
    late_fine_yuan: str
    late_fine_counted_until: dt.date | None
    late_days: int
    suspended_days: int
    late_fine_paid_yuan: str
    late_fine_waived_yuan: str
    late_fine_outstanding_yuan: str
    court_enforcement_from: dt.date | None
    court_enforcement_reason: str
    arrangement: dict[str, Any] | None
    arrangements: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    review_periods: list[dict[str, Any]]
    settlements: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    community_service_offset: dict[str, Any]


@router.get(
    "cases/{case_id}/execution",
    response={200: ExecutionOut, 404: ErrorOut},
    auth=VIEW,
    summary="执行情况：罚款、缴款期限、未缴金额、加处罚款、暂缓分期、缴款记录、申请法院强制执行的起算日",
)
def execution_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _out(request, case_id)


@router.post(
    "cases/{case_id}/payments",
    response={201: ExecutionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=RECORD,
    summary="依据银行缴款凭证登记缴款（罚缴分离；422：输入有误，不保存任何内容）",
)
def payments_create(request: HttpRequest, case_id: int, body: PaymentIn) -> Status[dict[str, Any]]:
    case = selectors.case_for(user=request.user, pk=case_id)
    services.payment_record(
        actor=request.user,
        case=case,
        lock_version=body.lock_version,
        kind=body.kind,
        amount=body.amount,
        paid_on=body.paid_on,
        bank=body.bank,
        receipt_number=body.receipt_number,
        note=body.note,
    )
    return Status(201, _out(request, case_id))


@router.post(
    "cases/{case_id}/arrangements",
    response={201: ExecutionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=RECORD,
    summary="登记暂缓或分期缴纳罚款的申请（行政处罚法第六十六条），待部门负责人审批",
)
def arrangements_create(
    request: HttpRequest, case_id: int, body: ArrangementIn
) -> Status[dict[str, Any]]:
    case = selectors.case_for(user=request.user, pk=case_id)
    services.arrangement_apply(
        actor=request.user,
        case=case,
        lock_version=body.lock_version,
        kind=body.kind,
        applied_on=body.applied_on,
        reason=body.reason,
        deferral_until=body.deferral_until,
        schedule=body.schedule,
    )
    return Status(201, _out(request, case_id))


@router.post(
    "cases/{case_id}/arrangements/{arrangement_id}/decision",
    response={200: ExecutionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=APPROVE,
    summary="部门负责人批准或不予批准暂缓、分期缴纳（不予批准须写明意见）",
)
def arrangements_decide(
    request: HttpRequest, case_id: int, arrangement_id: int, body: ArrangementDecisionIn
) -> dict[str, Any]:
    selectors.case_for(user=request.user, pk=case_id)
    arrangement = selectors.arrangement_for(user=request.user, pk=arrangement_id)
    if arrangement.case_id != case_id:
        from prudent.core.errors import NotFound

        raise NotFound("该案件没有这项申请。")
    services.arrangement_approve(
        actor=request.user,
        arrangement=arrangement,
        lock_version=body.lock_version,
        approve=body.approve,
        note=body.note,
    )
    return _out(request, case_id)


@router.post(
    "cases/{case_id}/corrections",
    response={201: ExecutionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=APPROVE,
    summary="撤销、补正或变更行政处罚决定（须先听取当事人意见并写明理由；原决定保留）",
)
def corrections_create(
    request: HttpRequest, case_id: int, body: CorrectionIn
) -> Status[dict[str, Any]]:
    case = selectors.case_for(user=request.user, pk=case_id)
    services.decision_correct(
        actor=request.user,
        case=case,
        lock_version=body.lock_version,
        kind=body.kind,
        reasons=body.reasons,
        hearing_on=body.hearing_on,
        hearing_record=body.hearing_record,
        corrected_on=body.corrected_on,
        tier=body.tier,
        fine_yuan=body.fine_yuan,
        amendment=body.amendment,
    )
    return Status(201, _out(request, case_id))
