"""Reads of inspection tasks 检查任务, coverage of the lists and published results (issue #5
parts 5 and 7; R-INSP-1, R-INSP-4, R-INSP-5).

Every staff read goes through `Inspection.objects.restrict(user, VIEW)`; the scope joins the
`departments` M2M, so lists take `.distinct()`. List pages fetch the entity and lead department
with `select_related` and departments/items/inspectors with `prefetch_related`: a constant number
of queries whatever the number of rows (`LIST_LIMIT` rows at most).

The public page reads only published results, and only the fields fixed at publication
(`public_party_name`, `public_party_code`, `result_summary`) — never the internal note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from prudent.core.permissions import Action
from prudent.entities.models import Entity
from prudent.inspections.models import (
    Inspection,
    InspectionItem,
    InspectionOrigin,
    InspectionOutcome,
    InspectionStatus,
    ListMembership,
    SupervisionList,
)

LIST_LIMIT = 500
PUBLIC_PAGE_SIZE = 20


def _with_parts(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return qs.select_related("entity", "department", "case", "reinspection_case").prefetch_related(
        "departments",
        Prefetch("items", queryset=InspectionItem.objects.order_by("code")),
        "inspectors",
    )


def overdue_q(today: dt.date) -> Q:
    """A result recorded and not published by its due date (R-INSP-1: 20 working days)."""
    return Q(status=InspectionStatus.DONE, result_published_on__isnull=True, result_due__lt=today)


def reinspection_due_q(today: dt.date) -> Q:
    """An order to correct past its deadline and not yet re-inspected (复查, R-CASE-5)."""
    return Q(
        outcome=InspectionOutcome.ORDER_CORRECT,
        reinspected_on__isnull=True,
        correction_due__lt=today,
    )


def tasks(
    *,
    user: Any,
    today: dt.date,
    mine: bool = False,
    status: str = "",
    origin: str = "",
    year: int | None = None,
    overdue: bool = False,
    reinspection_due: bool = False,
    q: str = "",
) -> QuerySet[Inspection]:
    """Inspection tasks the user may read; `mine` = those the user is an inspector of."""
    qs = Inspection.objects.restrict(user, Action.VIEW)
    if mine:
        qs = qs.filter(inspectors=user)
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    if origin in InspectionOrigin.values:
        qs = qs.filter(origin=origin)
    if year:
        qs = qs.filter(planned_on__year=year)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if reinspection_due:
        qs = qs.filter(reinspection_due_q(today))
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(entity__name__icontains=q) | Q(entity__code__startswith=q.upper()))
    return _with_parts(qs.distinct()).order_by("-planned_on", "-pk")


def task(*, user: Any, pk: int) -> Inspection | None:
    return _with_parts(Inspection.objects.restrict(user, Action.VIEW).filter(pk=pk)).first()


def entity_tasks(*, user: Any, entity_id: int) -> QuerySet[Inspection]:
    """An entity's inspections the user may read (the enterprise: its own)."""
    return tasks(user=user, today=dt.date.min).filter(entity_id=entity_id)


def years(*, user: Any) -> list[int]:
    dates = Inspection.objects.restrict(user, Action.VIEW).dates("planned_on", "year")
    return sorted({d.year for d in dates}, reverse=True)


# ---------------------------------------------------------------- part 5: coverage (R-INSP-5)


@dataclass(frozen=True)
class CoverageGap:
    entity: Entity
    lists: list[str]

    @property
    def list_labels(self) -> list[str]:
        labels = dict(SupervisionList.choices)
        return [str(labels[x]) for x in self.lists]


FULL_COVERAGE_LISTS = (SupervisionList.KEY_SUPERVISION, SupervisionList.SERIOUS_DISHONESTY)


def _on_list_in_year(year: int) -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(valid_from__lte=last) & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))


def coverage_gaps(*, year: int) -> list[CoverageGap]:
    """Entities on the key-supervision or serious-dishonesty list at any time in `year` that have
    no inspection planned or done in that year (cancelled ones do not count): the 未覆盖 list of
    R-INSP-5 (full coverage). Not scoped by department: coverage is everybody's duty, and the page
    is for heads and the judicial bureau (the view checks the capability). Three queries."""
    members: dict[int, set[str]] = {}
    for entity_id, lst in ListMembership.objects.filter(
        _on_list_in_year(year), list__in=FULL_COVERAGE_LISTS
    ).values_list("entity_id", "list"):
        members.setdefault(entity_id, set()).add(lst)
    covered = set(
        Inspection.objects.filter(entity_id__in=members, planned_on__year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .values_list("entity_id", flat=True)
    )
    missing = [pk for pk in members if pk not in covered]
    order = [x.value for x in FULL_COVERAGE_LISTS]
    return [
        CoverageGap(e, sorted(members[e.pk], key=order.index))
        for e in Entity.objects.filter(pk__in=missing).order_by("code")
    ]


@dataclass(frozen=True)
class WhiteListRepeat:
    entity: Entity
    inspections: list[Inspection]


def white_list_repeats(*, year: int) -> list[WhiteListRepeat]:
    """White-listed entities (on the list at any time in `year`) inspected more than once that
    year, with every inspection and its trigger — the R-INSP-4 report: each extra inspection must
    show the recorded trigger that allowed it."""
    white = set(
        ListMembership.objects.filter(
            _on_list_in_year(year), list=SupervisionList.WHITE_LIST
        ).values_list("entity_id", flat=True)
    )
    repeated = (
        Inspection.objects.filter(entity_id__in=white, planned_on__year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .values("entity_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("entity_id", flat=True)
    )
    rows = (
        Inspection.objects.filter(entity_id__in=list(repeated), planned_on__year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .select_related("entity", "department")
        .order_by("entity__code", "planned_on", "pk")
    )
    out: dict[int, WhiteListRepeat] = {}
    for row in rows:
        out.setdefault(row.entity_id, WhiteListRepeat(row.entity, [])).inspections.append(row)
    return list(out.values())


# ---------------------------------------------------------------- part 7: overdue, public


def overdue_results(*, user: Any, today: dt.date) -> QuerySet[Inspection]:
    return tasks(user=user, today=today, overdue=True).order_by("result_due", "pk")


def reinspections_due(*, user: Any, today: dt.date) -> QuerySet[Inspection]:
    return tasks(user=user, today=today, reinspection_due=True).order_by("correction_due", "pk")


def public_results(*, q: str = "", page: object = 1) -> Page[Inspection]:
    """Published results for the portal, newest first; search by name, code, department or item."""
    qs = Inspection.objects.filter(result_published_on__isnull=False).select_related("department")
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(public_party_name__icontains=q)
            | Q(public_party_code__icontains=q)
            | Q(department__name__icontains=q)
            | Q(items__name__icontains=q)
            | Q(result_summary__icontains=q)
        ).distinct()
    qs = qs.prefetch_related(
        "departments", Prefetch("items", queryset=InspectionItem.objects.order_by("code"))
    ).order_by("-result_published_on", "-pk")
    return Paginator(qs, PUBLIC_PAGE_SIZE).get_page(page)


def public_result(pk: int) -> Inspection | None:
    return (
        Inspection.objects.filter(pk=pk, result_published_on__isnull=False)
        .select_related("department")
        .prefetch_related("departments", "items")
        .first()
    )
