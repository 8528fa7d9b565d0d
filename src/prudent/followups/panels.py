"""The follow-ups panel on the case page (issue #4 parts 3, 5; R-CASE-2…6, R-DEC-4): the
flexible-choice record, commitments (paper upload), statements received, education records and
return visits with the party's score, and — for those who handle the case — the forms to record
them. The enterprise has its own pages (prudent.followups.views, "enterprise/")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lawcore.workflow import TRANSITIONS_BY_NAME, DecisionKind, State
from prudent.cases.panels import Panel, register
from prudent.cases.services import HANDLER_ROLES
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.followups.models import EducationRecord
from prudent.followups.selectors import case_records


def panel_context(request: HttpRequest, case: Any) -> Mapping[str, Any] | None:
    role = user_role(request.user)
    if role is None or role is Role.ENTERPRISE:
        return None
    records = case_records(case)
    snap = case.case_snapshot()
    state = case.state_enum
    can_handle = (
        role in HANDLER_ROLES
        and type(case).objects.restrict(request.user, Action.CHANGE).filter(pk=case.pk).exists()
    )
    return {
        "case": case,
        "records": records,
        "today": timezone.localdate(),
        "can_handle": can_handle,
        "can_offer": can_handle
        and state in TRANSITIONS_BY_NAME["start_flexible"].source_states
        and records.pending_choice is None,
        "can_record_choice": can_handle and records.pending_choice is not None,
        "can_paper": can_handle and state is State.FLEXIBLE,
        "can_visit": can_handle
        and state in TRANSITIONS_BY_NAME["record_return_visit"].source_states,
        "can_educate": can_handle
        and snap.decision_kind is DecisionKind.NO_PENALTY
        and state.is_open,
        "education_missing": snap.decision_kind is DecisionKind.NO_PENALTY
        and not records.education,
        "methods": EducationRecord.Method.choices,
        "scores": range(1, 6),
    }


register(
    Panel(
        name="followups",
        title="柔性执法、承诺、陈述申辩、教育与回访",
        template="followups/panel.html",
        context=panel_context,
        order=40,
    )
)
