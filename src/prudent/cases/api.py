"""Cases API (issue #4 part 5): list, create, read, take a step, run the engine.

`POST /api/v1/cases/{id}/transitions` with `{name, lock_version, data, note}` answers 200 with the
case, 409 with `missing` (every unmet prerequisite) when the workflow refuses or with the
lock-version conflict, 422 naming the field for bad input. Scope as in the pages: department
roles their department, the judicial bureau all (read-only), an enterprise its own cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.security import SessionAuth

from prudent.cases import selectors, services
from prudent.cases.models import Case
from prudent.core.errors import Forbidden, ValidationFailed
from prudent.core.permissions import require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.entities.models import Entity
from prudent.entities.selectors import entity_code_for

PAGE_SIZE = 50
router = Router(tags=["cases"])


class CapabilityAuth(SessionAuth):
    """Session auth that also requires a capability: 401 when not signed in, 403 without it."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(csrf=True)
        self.capability = capability

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None:
            require_capability(user, self.capability)
        return user


VIEW = CapabilityAuth(Capability.VIEW_CASES)
HANDLE = CapabilityAuth(Capability.HANDLE_CASES)


class CaseOut(Schema):
    id: int
    number: str
    title: str
    department: str
    party_code: str
    party_name: str
    source: str
    item_code: str
    rulebook: str
    state: str
    state_label: str
    lead_received_on: dt.date
    violation_on: dt.date | None
    opened_on: dt.date | None
    decided_on: dt.date | None
    decision_due: dt.date | None
    next_due: dt.date | None
    departure: bool
    lock_version: int


class EventOut(Schema):
    seq: int
    transition: str
    label: str
    from_state: str
    to_state: str
    actor: str
    on: dt.date
    at: dt.datetime
    note: str
    document_type: str
    data: dict[str, Any]


class TaskOut(Schema):
    kind: str
    title: str
    due: dt.date
    provisional: bool
    done: bool
    assignee: str | None


class StepOut(Schema):
    name: str
    label: str
    ready: bool
    missing: list[str]
    fields: list[str]


class CaseDetailOut(CaseOut):
    facts: dict[str, Any]
    snapshot: dict[str, Any]
    deadlines: list[dict[str, Any]]
    proposal: dict[str, Any] | None
    decision: dict[str, Any] | None
    departure_reason: str
    officers: list[str]
    events: list[EventOut]
    tasks: list[TaskOut]
    steps: list[StepOut] = Field(..., description="当前用户在此状态下可办理的步骤")


class CasePage(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseOut]


class CaseFilters(Schema):
    q: str = ""
    state: str = ""
    mine: bool = False
    page: int = 1


class CaseIn(Schema):
    source: str = ""
    party: str = Field("", description="当事人统一社会信用代码或身份证号码")
    item_code: str = ""
    title: str = ""
    facts: dict[str, Any] = Field(default_factory=dict)
    lead_received_on: str | None = None
    violation_on: str | None = None
    officers: list[str] = Field(default_factory=list, description="用户名；第一位为主办")
    note: str = ""


class TransitionIn(Schema):
    name: str = ""
    lock_version: int | str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    note: str = ""


class ProposalIn(Schema):
    lock_version: int | str | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    missing: list[str] = Field(default_factory=list)


def _out(case: Case, user: Any) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "department": case.department.name,
        "party_code": entity_code_for(user=user, entity=case.party),
        "party_name": case.party.name,
        "source": case.source,
        "item_code": case.item_code,
        "rulebook": case.rulebook_id,
        "state": case.state,
        "state_label": case.state_label,
        "lead_received_on": case.lead_received_on,
        "violation_on": case.violation_on,
        "opened_on": case.opened_on,
        "decided_on": case.decided_on,
        "decision_due": case.decision_due,
        "next_due": case.next_due,
        "departure": case.departure,
        "lock_version": case.lock_version,
    }


def _detail(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = request.user
    steps = []
    if user_role(user) in services.HANDLER_ROLES:
        steps = [
            {
                "name": s.name,
                "label": s.label,
                "ready": s.ready,
                "missing": list(s.missing),
                "fields": [f.name for f in s.fields],
            }
            for s in selectors.case_steps(user=user, case=case, on=timezone.localdate())
        ]
    return {
        **_out(case, request.user),
        "facts": case.facts,
        "snapshot": case.snapshot,
        "deadlines": case.deadlines,
        "proposal": case.proposal,
        "decision": case.decision,
        "departure_reason": case.departure_reason,
        "officers": [o.username for o in selectors.case_officers(case)],
        "events": [
            {
                "seq": e.seq,
                "transition": e.transition,
                "label": e.label,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": e.actor_name,
                "on": e.on,
                "at": e.at,
                "note": e.note,
                "document_type": e.document_type,
                "data": e.data,
            }
            for e in selectors.case_events(case)
        ],
        "tasks": [
            {
                "kind": t.kind,
                "title": t.title,
                "due": t.due,
                "provisional": t.provisional,
                "done": t.done_at is not None,
                "assignee": t.assignee.username if t.assignee else None,
            }
            for t in selectors.case_tasks(case)
        ],
        "steps": steps,
    }


def require_case_handler(request: HttpRequest) -> None:
    if user_role(request.user) not in services.HANDLER_ROLES:
        raise Forbidden("当前角色不能办理案件。")


@router.get(
    "",
    response=CasePage,
    auth=VIEW,
    summary="案件列表（按权限范围；q 检索，state 状态，mine 仅我承办）",
)
def cases_list(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    qs = selectors.case_list(user=request.user, q=filters.q, state=filters.state, mine=filters.mine)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_out(c, request.user) for c in page.object_list],
    }


@router.post(
    "",
    response={201: CaseDetailOut, 403: ErrorOut, 422: ErrorOut},
    auth=HANDLE,
    summary="登记案件线索（422：输入有误，不保存任何内容）",
)
def cases_create(request: HttpRequest, body: CaseIn) -> Status[dict[str, Any]]:
    if user_role(request.user) not in (Role.OFFICER, Role.HEAD):
        raise Forbidden("只有执法人员和部门负责人可以登记案件线索。")
    party = Entity.objects.filter(code=body.party.strip().upper()).first() if body.party else None
    if party is None:
        raise ValidationFailed.field(
            "party", "请填写名录库中已有主体的统一社会信用代码或身份证号码"
        )
    case = services.case_create(
        actor=request.user,
        department=request.user.department,  # type: ignore[union-attr]
        source=body.source,
        party=party,
        item_code=body.item_code,
        title=body.title,
        facts=body.facts,
        lead_received_on=body.lead_received_on,
        violation_on=body.violation_on,
        officers=body.officers or None,
        note=body.note,
    )
    return Status(201, _detail(request, case))


@router.get(
    "/{case_id}",
    response=CaseDetailOut,
    auth=VIEW,
    summary="案件详情：时间轴、任务、期限与可办理的步骤",
)
def cases_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _detail(request, selectors.case_detail(user=request.user, pk=case_id))


@router.post(
    "/{case_id}/transitions",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=HANDLE,
    summary="办理一个步骤（409：不能办理及其原因，或版本冲突；422：输入有误）",
)
def cases_transition(request: HttpRequest, case_id: int, body: TransitionIn) -> dict[str, Any]:
    require_case_handler(request)
    case = selectors.case_detail(user=request.user, pk=case_id)
    case = services.case_transition(
        actor=request.user,
        case=case,
        name=body.name,
        lock_version=body.lock_version,
        data=body.data,
        note=body.note,
    )
    return _detail(request, case)


@router.post(
    "/{case_id}/proposal",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=HANDLE,
    summary="运行裁量引擎（案件事实 + 当事人全平台历史），保存拟处理意见（R-DEC-1…3）",
)
def cases_propose(request: HttpRequest, case_id: int, body: ProposalIn) -> dict[str, Any]:
    require_case_handler(request)
    case = selectors.case_detail(user=request.user, pk=case_id)
    case = services.case_propose(actor=request.user, case=case, lock_version=body.lock_version)
    return _detail(request, case)
