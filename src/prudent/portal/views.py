"""Public pages 公开清单 (R-PUB-1, R-LIST-8): published lists and benchmarks by authority, searchable
by item name, code or keyword; no login. Read-only by construction: the portal imports selectors,
never services (DESIGN.md), and shows published versions only — drafts never."""

from __future__ import annotations

import dataclasses

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lawcore.rulebook.tables import SHEET_NAMES, setting_basis
from prudent.core.errors import NotFound
from prudent.rulebooks import presentation, selectors
from prudent.rulebooks.models import StoredVersion
from prudent.rulebooks.tables import rulebooks_for_stored, table_context, tables_for_stored


def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    field = request.GET.get("field", "").strip()[:40]
    kind = request.GET.get("kind", "").strip()[:20]
    page = selectors.public_items(q=q, field=field, kind=kind, page=request.GET.get("page", 1))
    return render(
        request,
        "portal/index.html",
        {
            "books": selectors.public_books(),
            "page": page,
            "q": q,
            "field": field,
            "kind": kind,
            "kinds": [(k.value, label) for k, label in SHEET_NAMES.items()],
            "searching": bool(q or field or kind),
        },
    )


def _public(book: str, version: str) -> StoredVersion:
    try:
        stored = selectors.public_version(book, version)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return stored


def version(request: HttpRequest, book: str, version: str) -> HttpResponse:
    stored = _public(book, version)
    parsed_book, parsed, tables = tables_for_stored(stored)
    return render(
        request,
        "portal/version.html",
        {
            "version": stored,
            "tables": table_context(tables),
            "benchmarks": presentation.benchmark_tables(
                parsed_book, parsed, rulebooks_for_stored(stored)
            ),
        },
    )


def item(request: HttpRequest, book: str, version: str, code: str) -> HttpResponse:
    stored = _public(book, version)
    parsed_book, parsed, tables = tables_for_stored(stored)
    found = parsed.item(code)
    if found is None:
        raise Http404("未找到该事项。")
    rulebooks = rulebooks_for_stored(stored)
    return render(
        request,
        "portal/item.html",
        {
            "version": stored,
            "item": found,
            # as in its table rows: an item refining a parent's takes the parent's 处罚依据
            "basis": setting_basis(rulebooks.resolve_item(parsed_book, found)),
            "tables": table_context(tables, item_code=code),
            "benchmarks": presentation.benchmark_tables(
                parsed_book, dataclasses.replace(parsed, items=(found,)), rulebooks
            ),
        },
    )
