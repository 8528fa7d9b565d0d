"""Reading the party-facing records (issue #4 parts 3, 5, 10; R-PUB-4). Every query is scoped:
the enterprise sees only cases where its own entity is the party (404 otherwise), staff through
`Case.objects.restrict`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from lawcore.workflow import State, hearing_request_due
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case
from prudent.core.errors import NotFound
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.followups.models import (
    Commitment,
    EducationRecord,
    FlexibleChoice,
    ReturnVisit,
    Statement,
)
from prudent.followups.services import RATING_STATES, STATEMENT_STATES

#: What each state means for the party, in plain Chinese (R-PUB-4).
STATE_FOR_PARTY: dict[State, str] = {
    State.LEAD: "执法部门收到了与本单位有关的线索，正在了解情况。",
    State.VERIFICATION: "执法部门正在核查线索，决定是否立案。",
    State.NOT_OPENED: "经核查，执法部门决定不予立案。",
    State.OPENED: "执法部门已经立案。",
    State.INVESTIGATION: "执法部门正在调查取证，本单位应当如实配合。",
    State.PROPOSED: "执法部门已形成拟处理意见，正在审批。",
    State.NOTIFIED: "执法部门已告知拟作出的处罚和本单位的权利：可以陈述、申辩；符合条件的可以在五个工作日内申请听证。",
    State.HEARING: "本单位已申请听证，执法部门将提前七个工作日通知听证时间、地点。",
    State.LEGAL_REVIEW: "案件正在进行法制审核。",
    State.COLLECTIVE_DISCUSSION: "案件正在由执法部门负责人集体讨论。",
    State.DECIDED: "执法部门已经作出决定，将向本单位送达决定书。",
    State.SERVED: "决定书已经送达本单位。",
    State.EXECUTING: "决定正在执行，请按决定书履行（罚款通过银行缴纳）。",
    State.CLOSED: "案件已经办结。",
    State.ARCHIVED: "案件已经办结并归档。",
    State.TRANSFERRED: "案件已移送司法机关。",
    State.FLEXIBLE: "本单位接受了柔性执法（提示、建议、告诫、劝导或约谈），可以签署承诺书，承诺在期限内改正。",
    State.COMMITMENT: "本单位已签署承诺书，执法部门将在承诺期满时复查改正情况。",
    State.REINSPECTION: "执法部门已复查改正情况，正在作出处理。",
}
#: Deadlines that concern the party (the others are the department's own periods).
PARTY_DEADLINES = frozenset(
    {"hearing_request", "payment", "commitment_reinspection", "correction_reinspection"}
)


def enterprise_cases(user: Any) -> QuerySet[Case]:
    """The cases where the user's own entity is the party."""
    entity_id = getattr(user, "entity_id", None)
    if user_role(user) is not Role.ENTERPRISE or entity_id is None:
        return Case.objects.none()
    return (
        Case.objects.restrict(user, Action.VIEW)
        .filter(party_id=entity_id)
        .select_related("department", "party")
        .order_by("-created_at", "-pk")
    )


def enterprise_case(user: Any, pk: object) -> Case:
    case = enterprise_cases(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if case is None:
        raise NotFound("案件不存在或不是本单位的案件。")
    return case


def staff_case(user: Any, pk: object) -> Case:
    case = (
        Case.objects.restrict(user, Action.VIEW)
        .filter(pk=pk)
        .select_related("department", "party")
        .first()
        if str(pk).isdigit()
        else None
    )
    if case is None:
        raise NotFound("案件不存在或不在您的办理范围内。")
    return case


@dataclass
class Records:
    choices: list[FlexibleChoice] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    visits: list[ReturnVisit] = field(default_factory=list)
    education: list[EducationRecord] = field(default_factory=list)

    @property
    def pending_choice(self) -> FlexibleChoice | None:
        return next((c for c in reversed(self.choices) if c.chosen is None), None)

    @property
    def scores(self) -> list[int]:
        return [v.score for v in self.visits if v.score is not None]

    @property
    def score(self) -> int | None:
        """The party's latest score."""
        return self.scores[-1] if self.scores else None


def case_records(case: Case) -> Records:
    return Records(
        choices=list(
            FlexibleChoice.objects.filter(case=case).select_related("offered_by", "chosen_by")
        ),
        commitments=list(
            Commitment.objects.filter(case=case).select_related("signed_by", "recorded_by")
        ),
        statements=list(Statement.objects.filter(case=case).select_related("submitted_by")),
        visits=list(ReturnVisit.objects.filter(case=case).select_related("officer", "rated_by")),
        education=list(EducationRecord.objects.filter(case=case).select_related("officer")),
    )


def served_documents(case: Case) -> list[Any]:
    """Documents served on the party, if the documents app keeps a `CaseDocument` with
    `served_on` (issue #4 part 6); otherwise nothing."""
    try:
        model = apps.get_model("documents", "CaseDocument")
    except (LookupError, ValueError):
        return []
    names = {f.name for f in model._meta.get_fields()}
    if "served_on" not in names or "case" not in names:
        return []
    return list(
        model.objects.filter(case=case, served_on__isnull=False).order_by("served_on", "pk")
    )


def document_url(doc: Any) -> str:
    """A download link for a served document: the documents app's scoped download page
    (`documents:download`), else the document's own `get_absolute_url`, else empty (never the
    raw media URL, which would bypass the scope check)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("documents:download", args=[doc.pk])
    except NoReverseMatch:
        pass
    url = getattr(doc, "get_absolute_url", None)
    return str(url()) if callable(url) else ""


@dataclass
class PartyView:
    """What the enterprise may do now on its case, and the deadlines that concern it."""

    explanation: str
    deadlines: list[dict[str, Any]]
    can_choose: bool
    can_sign: bool
    can_state: bool
    can_request_hearing: bool
    hearing_due: dt.date | None
    can_rate: bool


def party_view(case: Case, records: Records, today: dt.date) -> PartyView:
    snap = case.case_snapshot()
    state = case.state_enum
    due = None
    if snap.notice_served_on is not None:
        h = hearing_request_due(snap, current_calendar())
        due = h.date if h is not None else None
    hearing_right = snap.proposal is not None and snap.proposal.hearing_right
    unrated = any(v.rated_by_id is None for v in records.visits) or not records.visits
    return PartyView(
        explanation=STATE_FOR_PARTY.get(state, ""),
        deadlines=[d for d in case.deadlines if d.get("kind") in PARTY_DEADLINES],
        can_choose=records.pending_choice is not None,
        can_sign=state is State.FLEXIBLE and snap.flexible_accepted,
        can_state=state in STATEMENT_STATES and snap.notice_served_on is not None,
        can_request_hearing=state is State.NOTIFIED
        and hearing_right
        and snap.hearing_requested_on is None,
        hearing_due=due,
        can_rate=state in RATING_STATES and snap.decided_on is not None and unrated,
    )
