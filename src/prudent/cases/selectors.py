"""Reading cases, always through `Case.objects.restrict(user, action)` (DESIGN.md 'Permissions'):
department roles their department, the judicial bureau everything (read-only), an enterprise only
the cases where its entity is the party. Query counts are capped in the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, F, Q, QuerySet, Value

from lawcore.workflow import TRANSITIONS_BY_NAME, Actor, State, available, check, transitions_from
from prudent.calendars.services import current_calendar
from prudent.cases.models import FINISHED_STATES, Case, CaseEvent, CaseOfficer, CaseTask
from prudent.cases.steps import MEASURE_OF_STEP, PENALTY_STEPS, StepField, fields_for
from prudent.core.errors import NotFound
from prudent.core.permissions import Action, user_role
from prudent.entities.models import Entity

WORKBENCH_LIMIT = 50
TASK_HORIZON_DAYS = 30
#: JSON columns that the list rows and the workbench's task rows do not show: not fetched
#: (a case's snapshot, facts and decision are read on its own page; issue #4 performance).
#: up to this many matching parties are passed to the case query as a list (indexable)
SEARCH_PARTIES_MAX = 500
LIST_DEFERRED = ("facts", "snapshot", "deadlines", "proposal", "decision", "departure_reason")


def case_list(*, user: Any, q: str = "", state: str = "", mine: bool = False) -> QuerySet[Case]:
    qs = (
        Case.objects.restrict(user, Action.VIEW)
        .select_related("department", "party")
        .defer(*LIST_DEFERRED)
    )
    q = (q or "").strip()
    if q:
        # the matching parties first (one query), so that every branch of the OR has an index
        # (trigram on number and title, UPPER(item_code), party) — migration 0003
        # Chinese has no case: without Latin letters, LIKE without UPPER() over every name
        name = (
            "name__icontains" if any(c.isascii() and c.isalpha() for c in q) else "name__contains"
        )
        parties = Entity.objects.filter(Q(**{name: q}) | Q(code__iexact=q)).order_by().values("id")
        party_ids = list(parties.values_list("id", flat=True)[: SEARCH_PARTIES_MAX + 1])
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(party_id__in=party_ids if len(party_ids) <= SEARCH_PARTIES_MAX else parties)
            | Q(item_code__iexact=q)
        )
    if state:
        qs = qs.filter(state=state)
    if mine:
        qs = qs.filter(assignments__officer=user)
    if q:
        # newest first, but not by walking the (-created_at, -id) index: PostgreSQL misjudges how
        # many rows a '%q%' matches and would read most of the table for a rare term; sorting the
        # few matches from the trigram indexes is cheap (issue #4 performance)
        newest = ExpressionWrapper(
            F("created_at") + Value(dt.timedelta(0)), output_field=DateTimeField()
        )
        return qs.order_by(newest.desc(), "-pk")
    return qs.order_by("-created_at", "-pk")


def case_detail(*, user: Any, pk: object) -> Case:
    try:
        pk_int = int(str(pk))
    except ValueError:
        raise NotFound("案件不存在。") from None
    case = (
        Case.objects.restrict(user, Action.VIEW)
        .select_related("department", "party", "created_by")
        .filter(pk=pk_int)
        .first()
    )
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。")
    return case


def case_events(case: Case) -> list[CaseEvent]:
    return list(case.events.order_by("seq"))


def case_tasks(case: Case) -> list[CaseTask]:
    return list(case.tasks.select_related("assignee").order_by("done_at", "due", "pk"))


def case_officers(case: Case) -> list[Any]:
    return [a.officer for a in case.assignments.select_related("officer").order_by("-role", "pk")]


@dataclass(frozen=True)
class StepOption:
    name: str
    label: str
    fields: tuple[StepField, ...]
    ready: bool
    missing: tuple[str, ...]
    note_required: str
    document: str
    penalty: bool
    flexible: bool


def case_steps(
    *, user: Any, case: Case, on: dt.date, certified: int | None = None
) -> list[StepOption]:
    """The steps `user` may take from the case's state (role and state fit), each with its data
    fields, whether `lawcore.workflow.available` already allows it without further data, and what
    it still misses. Flexible measures first (R-DEC-8)."""
    role = user_role(user)
    try:
        from lawcore.workflow import ActorRole

        actor = Actor(str(user.pk), ActorRole(role.value if role else ""))
    except ValueError:
        return []
    snap = case.case_snapshot()
    if certified is not None:
        import dataclasses

        snap = dataclasses.replace(snap, officers_with_valid_certificates=certified)
    calendar = current_calendar()
    ready = set(available(snap, on, calendar, actor=actor))
    out = []
    for t in transitions_from(State(case.state)):
        if actor.role not in t.roles:
            continue
        out.append(
            StepOption(
                name=t.name,
                label=t.label,
                fields=fields_for(t.name),
                ready=t.name in ready,
                missing=check(snap, t.name, on, calendar, actor=actor, note="-"),
                note_required=t.note_required,
                document=t.document.label if t.document else "",
                penalty=t.name in PENALTY_STEPS,
                flexible=t.name == "start_flexible" or t.name in MEASURE_OF_STEP,
            )
        )
    out.sort(key=lambda s: (not s.flexible,))
    return out


def step_label(name: str) -> str:
    t = TRANSITIONS_BY_NAME.get(name)
    return t.label if t else name


@dataclass
class Workbench:
    today: dt.date
    cases: list[Case] = field(default_factory=list)
    overdue: list[CaseTask] = field(default_factory=list)
    due: list[CaseTask] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)


def workbench(*, user: Any, today: dt.date) -> Workbench:
    """My open cases (assigned to me), my open tasks — overdue and due within 30 days — and the
    running deadlines of my cases, each marked 暂定 when provisional. Three queries."""
    cases = list(
        Case.objects.restrict(user, Action.VIEW)
        .filter(assignments__officer=user)
        .exclude(state__in=FINISHED_STATES)  # the partial index case_open_next_due
        .select_related("party")
        .defer(*(f for f in LIST_DEFERRED if f != "deadlines"))
        .order_by("next_due", "-pk")[:WORKBENCH_LIMIT]
    )
    horizon = today + dt.timedelta(days=TASK_HORIZON_DAYS)
    # open tasks in due order (the partial index casetask_open_due), mine or of my cases: no join
    # on the assignments, so no DISTINCT over wide rows (issue #4 performance)
    my_cases = CaseOfficer.objects.filter(officer=user).values("case_id")
    tasks = list(
        CaseTask.objects.filter(done_at__isnull=True, due__lte=horizon)
        .filter(Q(assignee=user) | Q(case_id__in=my_cases))
        .filter(case__in=Case.objects.restrict(user, Action.VIEW))
        .select_related("case", "case__party")
        .only(
            "kind",
            "title",
            "due",
            "provisional",
            "case__number",
            "case__party__name",
        )
        .order_by("due", "pk")[: WORKBENCH_LIMIT * 2]
    )
    board = Workbench(today=today, cases=cases)
    board.overdue = [t for t in tasks if t.due < today]
    board.due = [t for t in tasks if t.due >= today]
    for case in cases:
        for d in case.deadlines:
            due = dt.date.fromisoformat(d["due"])
            board.deadlines.append({**d, "due_date": due, "overdue": due < today, "case": case})
    board.deadlines.sort(key=lambda d: d["due_date"])
    return board
