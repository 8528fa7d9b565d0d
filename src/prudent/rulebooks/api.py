"""Rulebooks API (issue #3 part 7; R-LIST-8, R-PUB-1): the scoped list, a version as parsed JSON
(the canonical form of lawcore.rulebook.canonical), and the public item search (no login)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from lawcore.rulebook.canonical import to_jsonable
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.rulebooks import selectors

router = Router(tags=["rulebooks"])
public_router = Router(tags=["public"])


class VersionOut(Schema):
    id: int
    version: str
    status: str
    effective_from: dt.date
    effective_to: dt.date | None
    published_on: dt.date | None
    digest: str
    filing_status: str


class RulebookOut(Schema):
    id: str
    name: str
    authority: str
    level: str
    division_code: str
    parent: str
    field: str
    department: str
    versions: list[VersionOut]


class PublicItemOut(Schema):
    code: str
    name: str
    field: str
    kinds: list[str]
    rulebook: str
    rulebook_name: str
    authority: str
    version: str
    published_on: dt.date | None
    digest: str
    url: str


class PublicPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PublicItemOut]


class PublicQuery(Schema):
    q: str = ""
    field: str = ""
    kind: str = ""
    page: int = 1


@router.get("", response=list[RulebookOut], summary="清单列表（按权限范围）")
def rulebook_list(request: HttpRequest) -> list[RulebookOut]:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    return [
        RulebookOut(
            id=b.book_id,
            name=b.name,
            authority=b.authority,
            level=b.level,
            division_code=b.division_code,
            parent=b.parent_id_text,
            field=b.field,
            department=b.department.name if b.department else "",
            versions=[
                VersionOut(
                    id=v.pk,
                    version=v.version,
                    status=v.status,
                    effective_from=v.effective_from,
                    effective_to=v.effective_to,
                    published_on=v.published_on,
                    digest=v.digest,
                    filing_status=v.filing_status,
                )
                for v in b.versions.all()
            ],
        )
        for b in selectors.rulebook_list(request.user)
    ]


@router.get(
    "/{book}/versions/{version}", response=dict[str, Any], summary="清单版本（解析后的JSON）"
)
def version_detail(request: HttpRequest, book: str, version: str) -> dict[str, Any]:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    stored = selectors.version_by_ids(request.user, book, version)
    parsed_book, parsed = selectors.parsed_version(stored)
    data = to_jsonable(parsed)
    assert isinstance(data, dict)
    return {
        "rulebook": {
            "id": parsed_book.id,
            "name": parsed_book.name,
            "authority": parsed_book.authority,
            "level": parsed_book.level.value,
            "parent": parsed_book.parent,
        },
        "filing_status": stored.filing_status,
        **data,
    }


@public_router.get("/items", response=PublicPage, auth=None, summary="公开清单事项查询（无需登录）")
def public_items(request: HttpRequest, query: Query[PublicQuery]) -> PublicPage:
    page = selectors.public_items(q=query.q, field=query.field, kind=query.kind, page=query.page)
    return PublicPage(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        items=[
            PublicItemOut(
                code=ix.code,
                name=ix.name,
                field=ix.field,
                kinds=list(ix.kinds),
                rulebook=ix.version.rulebook.book_id,
                rulebook_name=ix.version.rulebook.name,
                authority=ix.version.rulebook.authority,
                version=ix.version.version,
                published_on=ix.version.published_on,
                digest=ix.version.digest,
                url=f"/public/{ix.version.rulebook.book_id}/{ix.version.version}/items/{ix.code}/",
            )
            for ix in page
        ],
    )
