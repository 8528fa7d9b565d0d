"""Entity directory API (R-INSP-1): list and read for staff, an enterprise its own entity, create
for department heads and administrators. Citizen IDs are masked except for the administrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.security import SessionAuth

from prudent.core.errors import NotFound
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.entities import selectors, services
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity

PAGE_SIZE = 50

router = Router(tags=["entities"])


class CapabilityAuth(SessionAuth):
    """Session auth that also requires a capability: 401 when not signed in, 403 when signed in
    without it. Checked before the request body is parsed, so a denied caller never learns
    anything from validation errors."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(csrf=True)
        self.capability = capability

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None:
            require_capability(user, self.capability)
        return user


class EntityOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    division_code: str
    address: str
    industry: str
    registered_on: dt.date | None


class EntityPage(Schema):
    count: int
    page: int
    pages: int
    items: list[EntityOut]


class EntityIn(Schema):
    code: str
    name: str
    kind: EntityKind
    division_code: str
    address: str = ""
    industry: str = ""
    registered_on: dt.date | None = None


class EntityFilters(Schema):
    q: str = ""
    kind: EntityKind | None = None
    page: int = 1


def _out(user: Any, entity: Entity) -> EntityOut:
    return EntityOut(
        id=entity.pk,
        code=selectors.entity_code_for(user=user, entity=entity),
        name=entity.name,
        kind=entity.kind,
        kind_label=entity.get_kind_display(),
        division_code=entity.division_code,
        address=entity.address,
        industry=entity.industry,
        registered_on=entity.registered_on,
    )


@router.get(
    "",
    response=EntityPage,
    auth=CapabilityAuth(Capability.VIEW_ENTITIES),
    summary="市场主体名录（分页，每页50个）",
)
def entity_list(request: HttpRequest, filters: Query[EntityFilters]) -> EntityPage:
    entities = selectors.entity_list(
        user=request.user, q=filters.q, kind=filters.kind.value if filters.kind else ""
    )
    page = Paginator(entities, PAGE_SIZE).get_page(filters.page)
    return EntityPage(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        items=[_out(request.user, e) for e in page],
    )


@router.get("/{code}", response=EntityOut, summary="按代码查询一个市场主体")
def entity_detail(request: HttpRequest, code: str) -> EntityOut:
    entity = selectors.entity_by_code(user=request.user, code=code)
    if entity is None:
        raise NotFound("没有这个市场主体，或您无权查看。")
    return _out(request.user, entity)


@router.post(
    "",
    response={201: EntityOut},
    auth=CapabilityAuth(Capability.MANAGE_ENTITIES),
    summary="登记一个市场主体（422：字段错误）",
)
def entity_create(request: HttpRequest, payload: EntityIn) -> Status[EntityOut]:
    entity = services.entity_create(actor=request.user, **payload.dict())
    return Status(201, _out(request.user, entity))
