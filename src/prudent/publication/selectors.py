"""Reading publications (R-CASE-12, R-PUB-2): the public list and page (no login — only what is
published and not withdrawn, and only the processed fields), and the case panel (scoped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from prudent.core.errors import NotFound
from prudent.core.permissions import Action
from prudent.publication.models import Publication

PUBLIC_PAGE_SIZE = 20
#: The only fields a public page reads (the summary and the processed text).
PUBLIC_FIELDS = (
    "pk",
    "number",
    "party_name",
    "party_code",
    "violation_type",
    "penalty_content",
    "authority",
    "decided_on",
    "published_on",
    "withdraw_on",
    "text",
)


def _public(today: dt.date) -> QuerySet[Publication]:
    return Publication.objects.filter(
        withdrawn_on__isnull=True, published_on__lte=today, withdraw_on__gte=today
    ).only(*PUBLIC_FIELDS)


def public_decisions(*, q: str = "", page: object = 1, today: dt.date) -> Page[Publication]:
    qs = _public(today).defer("text")
    q = q.strip()[:100]
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(party_name__icontains=q)
            | Q(violation_type__icontains=q)
            | Q(penalty_content__icontains=q)
            | Q(authority__icontains=q)
        )
    return Paginator(qs.order_by("-published_on", "-pk"), PUBLIC_PAGE_SIZE).get_page(page)


def public_decision(*, pk: int, today: dt.date) -> Publication:
    found = _public(today).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该公示信息，或已停止公示。")
    return found


def case_publications(*, user: Any, case: Any) -> list[Publication]:
    return list(
        Publication.objects.restrict(user, Action.VIEW)
        .filter(case_id=case.pk)
        .order_by("-published_on", "-pk")
    )
