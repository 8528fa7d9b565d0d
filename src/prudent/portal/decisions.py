"""Public pages 行政处罚决定公开 (R-CASE-12, R-PUB-2): the published decisions, searchable and
paginated, and each decision with its 行政处罚信息摘要 in front of the processed text (45号令
Art. 4). No login. Selectors only: a withdrawn decision, or one past its 公示截止日期, is gone."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from prudent.core.errors import NotFound
from prudent.publication import selectors


def decisions(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = selectors.public_decisions(
        q=q, page=request.GET.get("page", 1), today=timezone.localdate()
    )
    return render(request, "portal/decisions.html", {"page": page, "q": q})


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        pub = selectors.public_decision(pk=pk, today=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "portal/decision.html", {"p": pub})
