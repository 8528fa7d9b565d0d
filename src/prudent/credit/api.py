"""Credit API: an entity's credit file — penalty records and inspection results (R-CRED-1, R-INSP-1).

`GET /api/v1/credit/entities/{id}` for staff (each part scoped as on the pages);
`GET /api/v1/credit/mine` for the enterprise (its own entity). Reads only.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from prudent.core.errors import NotFound
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.credit import selectors
from prudent.entities.selectors import entity_code_for

router = Router(tags=["credit"])


class RecordOut(Schema):
    id: int
    summary: str
    severity: str
    decided_on: dt.date
    min_end: dt.date
    max_end: dt.date
    withdrawn_on: dt.date | None


class InspectionEntryOut(Schema):
    inspection: int
    inspected_on: dt.date
    departments: str
    items: str
    outcome: str
    outcome_label: str
    problem_found: bool
    summary: str
    published_on: dt.date


class FileOut(Schema):
    entity_code: str
    entity_name: str
    records: list[RecordOut]
    inspections: list[InspectionEntryOut]


def _file(request: HttpRequest, entity_id: int) -> FileOut:
    data = selectors.entity_file(user=request.user, entity_id=entity_id)
    return FileOut(
        entity_code=entity_code_for(user=request.user, entity=data["entity"]),
        entity_name=data["entity"].name,
        records=[
            RecordOut(
                id=r.pk,
                summary=r.summary,
                severity=r.severity,
                decided_on=r.decided_on,
                min_end=r.min_end,
                max_end=r.max_end,
                withdrawn_on=r.withdrawn_on,
            )
            for r in data["records"]
        ],
        inspections=[
            InspectionEntryOut(
                inspection=e.inspection_id,
                inspected_on=e.inspected_on,
                departments=e.departments_text,
                items=e.items_text,
                outcome=e.outcome,
                outcome_label=e.outcome_label,
                problem_found=e.problem_found,
                summary=e.summary,
                published_on=e.published_on,
            )
            for e in data["inspections"]
        ],
    )


@router.get("/entities/{entity_id}", response=FileOut)
def entity_file(request: HttpRequest, entity_id: int) -> FileOut:
    require_capability(request.user, Capability.VIEW_DEPARTMENT)
    return _file(request, entity_id)


@router.get("/mine", response=FileOut)
def my_file(request: HttpRequest) -> FileOut:
    require_capability(request.user, Capability.ENTERPRISE_CASES)
    entity_id = getattr(request.user, "entity_id", None)
    if not entity_id:
        raise NotFound("您的账户没有关联市场主体。")
    return _file(request, entity_id)
