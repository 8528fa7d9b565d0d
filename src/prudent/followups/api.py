"""Follow-ups API (issue #4 parts 3, 5, 10; R-CASE-3, R-CASE-6, R-DEC-4, R-PUB-4).

Enterprise (`/api/v1/enterprise/...`, role enterprise, its own entity's cases only — 404
otherwise): list its cases, sign a commitment, submit a statement / defence / hearing request,
rate a return visit. Staff (`/api/v1/cases/{id}/...`): record a return visit, an education record.
409 when the case is not at the right step (with the reason, e.g. a hearing request after the
5-working-day limit names the last day), 422 naming the field, nothing written on error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from prudent.cases.api import CapabilityAuth, ErrorOut
from prudent.cases.models import Case
from prudent.core.errors import Forbidden, NotFound
from prudent.core.permissions import user_role
from prudent.core.roles import Capability
from prudent.followups import selectors, services
from prudent.followups.models import Commitment, EducationRecord, ReturnVisit, Statement

enterprise_router = Router(tags=["enterprise"])
staff_router = Router(tags=["follow-ups"])
PARTY = CapabilityAuth(Capability.ENTERPRISE_CASES)
HANDLE = CapabilityAuth(Capability.HANDLE_CASES)
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CommitmentOut(Schema):
    id: int
    channel: str
    text: str
    signed_on: dt.date
    signer_name: str
    deadline: dt.date
    scan_sha256: str


class StatementOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    submitted_on: dt.date


class ReturnVisitOut(Schema):
    id: int
    visited_on: dt.date
    source: str
    correction_account: str
    opinion: str
    score: int | None
    party_comment: str
    rated_on: dt.date | None


class EducationOut(Schema):
    id: int
    on: dt.date
    method: str
    content: str
    officer: str


class PartyCaseOut(Schema):
    id: int
    number: str
    title: str
    department: str
    state: str
    state_label: str
    explanation: str = Field(..., description="当前状态对当事人的含义")
    next_due: dt.date | None
    deadlines: list[dict[str, Any]]
    hearing_request_due: dt.date | None
    commitments: list[CommitmentOut]
    statements: list[StatementOut]
    return_visits: list[ReturnVisitOut]


class CommitmentIn(Schema):
    text: str = ""
    deadline: str | None = None
    signer_name: str = ""
    confirm: bool = False


class StatementIn(Schema):
    kind: str = Field(
        "", description="statement（陈述）、defence（申辩）或 hearing_request（听证申请）"
    )
    text: str = ""


class RatingIn(Schema):
    score: int | str | None = None
    comment: str = ""
    correction_account: str = ""


class ReturnVisitIn(Schema):
    lock_version: int | str | None = None
    visited_on: str | None = None
    correction_account: str = ""
    opinion: str = ""
    score: int | str | None = None


class EducationIn(Schema):
    lock_version: int | str | None = None
    on: str | None = None
    method: str = ""
    content: str = ""


def _commitment(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "channel": c.channel,
        "text": c.text,
        "signed_on": c.signed_on,
        "signer_name": c.signer_name,
        "deadline": c.deadline,
        "scan_sha256": c.scan_sha256,
    }


def _statement(s: Statement) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "text": s.text,
        "submitted_on": s.submitted_on,
    }


def _visit(v: ReturnVisit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "visited_on": v.visited_on,
        "source": v.source,
        "correction_account": v.correction_account,
        "opinion": v.opinion,
        "score": v.score,
        "party_comment": v.party_comment,
        "rated_on": v.rated_on,
    }


def _education(e: EducationRecord) -> dict[str, Any]:
    return {
        "id": e.pk,
        "on": e.on,
        "method": e.method,
        "content": e.content,
        "officer": e.officer.display_name,
    }


def _party_case(case: Case) -> dict[str, Any]:
    from django.utils import timezone

    records = selectors.case_records(case)
    view = selectors.party_view(case, records, timezone.localdate())
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "department": case.department.name,
        "state": case.state,
        "state_label": case.state_label,
        "explanation": view.explanation,
        "next_due": case.next_due,
        "deadlines": view.deadlines,
        "hearing_request_due": view.hearing_due,
        "commitments": [_commitment(c) for c in records.commitments],
        "statements": [_statement(s) for s in records.statements],
        "return_visits": [_visit(v) for v in records.visits],
    }


def _own(request: HttpRequest, case_id: int) -> Case:
    return selectors.enterprise_case(request.user, case_id)


@enterprise_router.get(
    "/cases", response=list[PartyCaseOut], auth=PARTY, summary="本单位的案件（R-PUB-4）"
)
def enterprise_cases(request: HttpRequest) -> list[dict[str, Any]]:
    if getattr(request.user, "entity_id", None) is None:
        raise NotFound("您的账户没有关联市场主体。")
    return [_party_case(c) for c in selectors.enterprise_cases(request.user)]


@enterprise_router.post(
    "/cases/{case_id}/commitment",
    response={201: CommitmentOut, **ERRORS},
    auth=PARTY,
    summary="在线签署承诺书（R-CASE-3）；复查任务按承诺期限生成",
)
def enterprise_commitment(
    request: HttpRequest, case_id: int, body: CommitmentIn
) -> Status[dict[str, Any]]:
    c = services.commitment_sign_online(
        actor=request.user,
        case=_own(request, case_id),
        text=body.text,
        deadline=body.deadline,
        signer_name=body.signer_name,
        confirm=body.confirm,
    )
    return Status(201, _commitment(c))


@enterprise_router.post(
    "/cases/{case_id}/statements",
    response={201: StatementOut, **ERRORS},
    auth=PARTY,
    summary="提交陈述、申辩或听证申请（听证申请须在告知后五个工作日内，行政处罚法第六十四条）",
)
def enterprise_statement(
    request: HttpRequest, case_id: int, body: StatementIn
) -> Status[dict[str, Any]]:
    s = services.statement_submit(
        actor=request.user, case=_own(request, case_id), kind=body.kind, text=body.text
    )
    return Status(201, _statement(s))


@enterprise_router.post(
    "/cases/{case_id}/return-visit-rating",
    response={201: ReturnVisitOut, **ERRORS},
    auth=PARTY,
    summary="对回访评分（1至5分）并提出意见（R-CASE-6）",
)
def enterprise_rating(request: HttpRequest, case_id: int, body: RatingIn) -> Status[dict[str, Any]]:
    v = services.return_visit_rate(
        actor=request.user,
        case=_own(request, case_id),
        score=body.score,
        comment=body.comment,
        correction_account=body.correction_account,
    )
    return Status(201, _visit(v))


def _staff_case(request: HttpRequest, case_id: int) -> Case:
    if user_role(request.user) not in services.HANDLER_ROLES:
        raise Forbidden("当前角色不能办理案件。")
    return selectors.staff_case(request.user, case_id)


@staff_router.post(
    "/cases/{case_id}/return-visits",
    response={201: ReturnVisitOut, **ERRORS},
    auth=HANDLE,
    summary="记录回访：改正情况、对执法工作的意见、评分（R-CASE-6）",
)
def staff_return_visit(
    request: HttpRequest, case_id: int, body: ReturnVisitIn
) -> Status[dict[str, Any]]:
    v = services.return_visit_record(
        actor=request.user,
        case=_staff_case(request, case_id),
        lock_version=body.lock_version,
        visited_on=body.visited_on,
        correction_account=body.correction_account,
        opinion=body.opinion,
        score=body.score,
    )
    return Status(201, _visit(v))


@staff_router.post(
    "/cases/{case_id}/education",
    response={201: EducationOut, **ERRORS},
    auth=HANDLE,
    summary="登记教育记录（不予行政处罚决定，R-DEC-4）",
)
def staff_education(
    request: HttpRequest, case_id: int, body: EducationIn
) -> Status[dict[str, Any]]:
    e = services.education_record(
        actor=request.user,
        case=_staff_case(request, case_id),
        lock_version=body.lock_version,
        on_date=body.on,
        method=body.method,
        content=body.content,
    )
    return Status(201, _education(e))
