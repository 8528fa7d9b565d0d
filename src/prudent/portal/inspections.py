"""Public 随机抽查事项清单 (R-INSP-1 一公开; CONVENTIONS §7.1: the list is published).

Published versions only; no credit class, no list membership (CONVENTIONS §8 不公开). Reads go
through `prudent.inspections.selectors`, never services.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from prudent.inspections import selectors


def inspection_items(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/inspection_items.html", {"lists": selectors.public_item_lists()})


def inspection_item_list(request: HttpRequest, pk: int) -> HttpResponse:
    lst = selectors.public_item_list(pk)
    if lst is None:
        raise Http404("没有该清单。")
    return render(
        request,
        "portal/inspection_item_list.html",
        {"lst": lst, "items": selectors.items_of(lst), "can_edit": False},
    )
