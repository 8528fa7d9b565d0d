"""Reads of joint inspections (issue #5 part 4; R-INSP-3, CN 4). Staff reads are scoped with
`restrict(user, action)`; the public reads return published plans only (R-PUB: the plan is public)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, QuerySet
from django.utils import timezone

from prudent.core.permissions import Action, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.inspections.models import Inspection, InspectionStatus
from prudent.joint import rules
from prudent.joint.models import (
    JointFinding,
    JointInspection,
    JointPlan,
    JointTask,
    TestResult,
)
from prudent.organisations.choices import EnforcementField
from prudent.organisations.models import Department, Government


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()  # TIME_ZONE = Asia/Shanghai


def first_published_on(government_id: int, year: int) -> dt.date | None:
    """The local date the year's plan was first published (any version), or None."""
    at = JointPlan.objects.filter(
        government_id=government_id, year=year, status=JointPlan.Status.PUBLISHED
    ).aggregate(m=Min("published_at"))["m"]
    return _local_date(at) if at else None


def plan_deadline(plan: JointPlan, today: dt.date | None = None) -> rules.DeadlineState:
    return rules.deadline_state(
        plan.year,
        first_published_on(plan.government_id, plan.year),
        today or timezone.localdate(),
    )


def plans(*, user: Any) -> QuerySet[JointPlan]:
    return (
        JointPlan.objects.restrict(user, Action.VIEW)
        .select_related("government", "lead_department")
        .order_by("-year", "government__division_code", "-version")
    )


def plan_get(*, user: Any, pk: int) -> JointPlan | None:
    return plans(user=user).filter(pk=pk).first()


def may_edit_plan(user: Any, plan: JointPlan) -> bool:
    return JointPlan.objects.restrict(user, Action.CHANGE).filter(pk=plan.pk).exists()


@dataclass(frozen=True)
class YearStatus:
    """One line of the supervisor's view: a government's plan for a year and its deadline."""

    government: Government
    year: int
    current: JointPlan | None  # the latest published version
    draft: JointPlan | None
    deadline: rules.DeadlineState


def deadline_overview(*, user: Any, today: dt.date | None = None) -> list[YearStatus]:
    """For each government the user sees and each year with a plan, plus the current year even
    without one (an unpublished plan after 31 March is overdue), the deadline state."""
    today = today or timezone.localdate()
    role = user_role(user)
    if role is Role.ADMIN:
        govs = list(Government.objects.order_by("division_code"))
    elif role in DEPARTMENT_ROLES or role is Role.SUPERVISOR:
        dept = getattr(user, "department", None)
        govs = [dept.government] if dept is not None else []
    else:
        govs = []
    rows: list[YearStatus] = []
    for gov in govs:
        versions = list(JointPlan.objects.filter(government=gov).order_by("-year", "-version"))
        years = sorted({p.year for p in versions} | {today.year}, reverse=True)
        for year in years:
            of_year = [p for p in versions if p.year == year]
            current = next((p for p in of_year if p.is_published), None)
            draft = next((p for p in of_year if not p.is_published), None)
            first = min((p.published_at for p in of_year if p.published_at), default=None)
            rows.append(
                YearStatus(
                    government=gov,
                    year=year,
                    current=current,
                    draft=draft,
                    deadline=rules.deadline_state(
                        year, _local_date(first) if first else None, today
                    ),
                )
            )
    return rows


def plan_versions(plan: JointPlan) -> QuerySet[JointPlan]:
    return JointPlan.objects.filter(government_id=plan.government_id, year=plan.year).order_by(
        "-version"
    )


def tasks_of(plan: JointPlan) -> list[JointTask]:
    return list(
        plan.tasks.select_related("lead_department")
        .prefetch_related("departments", "entities", "task_items__item", "task_items__department")
        .order_by("number")
    )


def task_get(*, user: Any, pk: int) -> JointTask | None:
    return (
        JointTask.objects.filter(plan__in=plans(user=user), pk=pk)
        .select_related("plan", "plan__government", "lead_department")
        .first()
    )


@dataclass(frozen=True)
class Target:
    entity: Any
    joint: JointInspection | None


def task_target_rows(task: JointTask) -> list[Target]:
    from prudent.joint.services import task_targets

    visits = {
        j.inspection.entity_id: j
        for j in task.visits.select_related("inspection").exclude(inspection__status="cancelled")
    }
    return [Target(e, visits.get(e.pk)) for e in task_targets(task)]


def task_inspectors(task: JointTask) -> QuerySet[Any]:
    """Officers and heads of the taking-part departments, the people who may be sent."""
    from prudent.accounts.models import User

    return (
        User.objects.filter(
            department__in=task.departments.all(),
            role__in=[Role.OFFICER, Role.HEAD],
            is_active=True,
        )
        .select_related("department")
        .order_by("department__name", "username")
    )


def joints(*, user: Any) -> QuerySet[JointInspection]:
    ids = JointInspection.objects.restrict(user, Action.VIEW).values("pk")
    return (
        JointInspection.objects.filter(pk__in=ids)
        .select_related("inspection__entity", "inspection__department", "task__plan")
        .order_by("-inspection__planned_on", "-pk")
    )


def joint_get(*, user: Any, pk: int) -> JointInspection | None:
    return joints(user=user).filter(pk=pk).first()


@dataclass
class FormSection:
    """The rows of one department on the joint check form."""

    department: Department
    rows: list[JointFinding] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(1 for r in self.rows if r.result)


def check_form(joint: JointInspection) -> list[FormSection]:
    """The joint check form 联合检查单: lead department first, then the others by name."""
    sections: dict[int, FormSection] = {}
    rows = joint.findings.select_related("department", "item", "test_result").order_by(
        "department__name", "item__code"
    )
    for r in rows:
        sections.setdefault(r.department_id, FormSection(r.department)).rows.append(r)
    lead = joint.inspection.department_id
    return sorted(sections.values(), key=lambda s: (s.department.pk != lead, s.department.name))


def results_of(joint: JointInspection) -> list[TestResult]:
    return list(joint.results.select_related("department", "item").order_by("pk"))


def result_get(*, user: Any, pk: int) -> TestResult | None:
    ids = TestResult.objects.restrict(user, Action.VIEW).values("pk")
    return TestResult.objects.filter(pk__in=ids, pk=pk).select_related("joint").first()


def finding_get(*, user: Any, pk: int) -> JointFinding | None:
    ids = JointFinding.objects.restrict(user, Action.VIEW).values("pk")
    return (
        JointFinding.objects.filter(pk__in=ids, pk=pk)
        .select_related("joint__inspection", "department", "item")
        .first()
    )


# --- public (no login): published plans only ------------------------------------------------------


def public_plans() -> QuerySet[JointPlan]:
    return (
        JointPlan.objects.filter(status=JointPlan.Status.PUBLISHED)
        .select_related("government", "lead_department")
        .order_by("-year", "government__division_code", "-version")
    )


def public_plan(pk: int) -> JointPlan | None:
    return public_plans().filter(pk=pk).first()


# --- the joint share per field (CN 4) -------------------------------------------------------------


def share_visits(year: int, inspections: QuerySet[Inspection]) -> list[rules.Visit]:
    """The year's inspections (planned in it, not cancelled) as `rules.Visit`s."""
    rows = inspections.filter(planned_on__year=year).exclude(status=InspectionStatus.CANCELLED)
    fields: dict[int, set[str]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    for pk, f in rows.values_list("pk", "departments__field"):
        if f:
            fields[pk].add(f)
            counts[pk] += 1
    sectors: dict[int, set[str]] = defaultdict(set)
    for pk, name, subject in rows.values_list("pk", "items__name", "items__subject"):
        if name:
            sectors[pk] |= rules.item_sectors(name, subject or "")
    return [
        rules.Visit(frozenset(fields[pk]), counts[pk] >= 2, frozenset(sectors[pk]))
        for pk in sorted(set(rows.values_list("pk", flat=True)))
    ]


def share_scope(user: Any) -> QuerySet[Inspection]:
    """Heads see the inspections their department took part in, the judicial bureau every
    inspection of its government, the admin all (the `Inspection` scope, narrowed to the
    user's government)."""
    ids = Inspection.objects.restrict(user, Action.VIEW).values("pk")
    qs = Inspection.objects.filter(pk__in=ids)
    dept = getattr(user, "department", None)
    if dept is not None:
        qs = qs.filter(department__government_id=dept.government_id)
    return qs


def joint_share(*, year: int, inspections: QuerySet[Inspection] | None = None) -> rules.Share:
    qs = inspections if inspections is not None else Inspection.objects.all()
    return rules.joint_share(year, share_visits(year, qs), dict(EnforcementField.choices))
