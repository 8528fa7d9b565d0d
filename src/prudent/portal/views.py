"""Public pages 公开清单 (R-PUB-1, R-LIST-8): published lists and benchmarks by authority, searchable
by item name, code or keyword; no login. Read-only by construction: the portal imports selectors,
never services (DESIGN.md), and shows published versions only — drafts never."""

from __future__ import annotations

import dataclasses

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from prudent.core.errors import NotFound
from prudent.rulebooks import presentation, selectors
from prudent.rulebooks.presentation import KIND_LABELS


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
            "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
            "searching": bool(q or field or kind),
        },
    )


def _public(book: str, version: str) -> tuple[object, object, object]:
    try:
        stored = selectors.public_version(book, version)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    parsed_book, parsed = selectors.parsed_version(stored)
    return stored, parsed_book, parsed


def version(request: HttpRequest, book: str, version: str) -> HttpResponse:
    stored, parsed_book, parsed = _public(book, version)
    return render(
        request,
        "portal/version.html",
        {
            "version": stored,
            "columns": presentation.COLUMNS,
            "tables": presentation.list_tables(parsed_book, parsed),  # type: ignore[arg-type]
            "benchmarks": presentation.benchmark_tables(parsed),  # type: ignore[arg-type]
        },
    )


def item(request: HttpRequest, book: str, version: str, code: str) -> HttpResponse:
    stored, parsed_book, parsed = _public(book, version)
    found = parsed.item(code)  # type: ignore[attr-defined]
    if found is None:
        raise Http404("未找到该事项。")
    only = dataclasses.replace(parsed, items=(found,))  # type: ignore[type-var]
    return render(
        request,
        "portal/item.html",
        {
            "version": stored,
            "item": found,
            "basis": presentation.setting_basis(found),
            "columns": presentation.COLUMNS,
            "tables": presentation.list_tables(parsed_book, only),  # type: ignore[arg-type]
            "benchmarks": presentation.benchmark_tables(only),
        },
    )
