"""Reads of 公务入企登记 (R-INSP-6), always through `restrict`.

Two things are read without row scope, on purpose, and only as numbers and department names: how
often an entity was visited by *every* department (the frequency rule protects the enterprise
whoever visits), and the alert list's counts. Neither shows another department's visit details.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from prudent.core.errors import Forbidden, NotFound
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.entities.models import Entity
from prudent.visits.limits import Limits, Peak, window_peak
from prudent.visits.models import EnterpriseVisit, VisitOfficer, VisitStatus
from prudent.visits.services import limits, overdue_emergency_q

#: Who sees the alert list: heads (entities their department visited), the judicial bureau, admin.
ALERT_ROLES = frozenset({Role.HEAD, Role.SUPERVISOR, Role.ADMIN})


def _with_related(qs: QuerySet[EnterpriseVisit]) -> QuerySet[EnterpriseVisit]:
    return qs.select_related("entity", "department", "approved_by").prefetch_related(
        Prefetch(
            "officer_rows",
            queryset=VisitOfficer.objects.select_related("officer", "certificate"),
        )
    )


def visits_for(
    user: Any,
    *,
    status: str = "",
    entity: Entity | None = None,
    inspection_id: int | None = None,
    limit: int = 500,
) -> list[EnterpriseVisit]:
    qs = EnterpriseVisit.objects.restrict(user, Action.VIEW)
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    if entity is not None:
        qs = qs.filter(entity=entity)
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    return list(_with_related(qs)[:limit])


def visit_get(user: Any, pk: int, action: Action = Action.VIEW) -> EnterpriseVisit:
    row = _with_related(EnterpriseVisit.objects.restrict(user, action)).filter(pk=pk).first()
    if row is None:
        raise NotFound("没有该入企登记，或您无权查看。")
    return row


def visit_by_code(code: str) -> EnterpriseVisit:
    """The visit a code names; the code is the only key (public page, no login)."""
    code = (code or "").strip()
    if not code or len(code) > 64:
        raise NotFound("入企码无效。")
    row = _with_related(EnterpriseVisit.objects.filter(code=code)).first()
    if row is None:
        raise NotFound("入企码无效。")
    return row


def enterprise_visits(user: Any) -> list[EnterpriseVisit]:
    if user_role(user) is not Role.ENTERPRISE or not getattr(user, "entity_id", None):
        return []
    qs = EnterpriseVisit.objects.restrict(user, Action.VIEW).exclude(status=VisitStatus.CANCELLED)
    return list(_with_related(qs))


# --- how often an entity is visited --------------------------------------------------------------


@dataclass
class EntityLoad:
    """An entity's visits in a year across all departments: counts only."""

    entity: Entity
    year: int
    total: int
    peak: Peak
    by_department: list[tuple[str, int]]
    over_cap_reasons: list[str]
    limits: Limits
    reasons: list[str] = field(default_factory=list)

    @property
    def over_window(self) -> bool:
        return self.peak.count > self.limits.window_max

    @property
    def over_cap(self) -> bool:
        return self.total > self.limits.yearly_cap


def _year_q(year: int) -> Q:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    return (Q(actual_start__isnull=False) & Q(actual_start__gte=start, actual_start__lt=end)) | (
        Q(actual_start__isnull=True) & Q(planned_start__gte=start, planned_start__lt=end)
    )


def _loads(entity_ids: Q, year: int) -> list[EntityLoad]:
    lim = limits()
    rows = (
        EnterpriseVisit.objects.filter(entity_ids)
        .filter(_year_q(year))
        .exclude(status=VisitStatus.CANCELLED)
        .values_list(
            "entity_id", "planned_start", "actual_start", "department__name", "over_cap_reason"
        )
    )
    times: dict[int, list[dt.datetime]] = defaultdict(list)
    depts: dict[int, Counter[str]] = defaultdict(Counter)
    reasons: dict[int, list[str]] = defaultdict(list)
    for entity_id, planned, actual, dept, reason in rows:
        times[entity_id].append(timezone.localtime(actual or planned))
        depts[entity_id][dept] += 1
        if reason:
            reasons[entity_id].append(reason)
    entities = Entity.objects.in_bulk(list(times))
    out = [
        EntityLoad(
            entity=entities[eid],
            year=year,
            total=len(ts),
            peak=window_peak(ts, lim.window_days),
            by_department=sorted(depts[eid].items(), key=lambda kv: (-kv[1], kv[0])),
            over_cap_reasons=reasons[eid],
            limits=lim,
        )
        for eid, ts in times.items()
    ]
    return sorted(out, key=lambda x: (-x.total, -x.peak.count, x.entity.code))


def entity_load(entity: Entity, year: int) -> EntityLoad:
    found = _loads(Q(entity=entity), year)
    if found:
        return found[0]
    return EntityLoad(entity, year, 0, Peak(0, None, None), [], [], limits())


@dataclass(frozen=True)
class Alerts:
    year: int
    entities: list[EntityLoad]
    overdue_emergency: list[EnterpriseVisit]
    limits: Limits


def visit_alerts(user: Any, *, year: int, now: dt.datetime | None = None) -> Alerts:
    """Entities over the 30-day window or the yearly cap in `year`, and emergency visits not
    approved in time. A head sees the entities its department visited that year (with every
    department's counts); the judicial bureau and admin see all."""
    role = user_role(user)
    if role not in ALERT_ROLES:
        raise Forbidden("只有部门负责人和司法局执法监督人员可以查看入企预警。")
    now = now or timezone.now()
    if role is Role.HEAD:
        visited = EnterpriseVisit.objects.filter(
            _year_q(year), department_id=user.department_id
        ).values("entity_id")
        scope = Q(entity_id__in=visited)
    else:
        scope = Q()
    loads = [x for x in _loads(scope, year) if x.over_window or x.over_cap]
    overdue = EnterpriseVisit.objects.restrict(user, Action.VIEW).filter(
        overdue_emergency_q(now), _year_q(year)
    )
    return Alerts(year, loads, list(_with_related(overdue)), limits())
