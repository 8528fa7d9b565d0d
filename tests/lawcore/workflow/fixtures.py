"""Snapshots that satisfy every guard of a transition, built from one complete case."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from lawcore.workflow import (
    Actor,
    CaseSnapshot,
    CommitmentChannel,
    DecisionKind,
    ExecutionStatus,
    FlexibleEndReason,
    FlexibleInitiator,
    FlexibleMeasure,
    InterviewMode,
    LeadSource,
    NotOpenedReason,
    ProposalFlags,
    ReinspectionResult,
    ServiceMethod,
    State,
    Transition,
)

D = date
ON = D(2024, 3, 15)  # before the 15-working-day and 90-day limits, so extensions are allowed

FULL = CaseSnapshot(
    state=State.LEAD,
    lead_source=LeadSource.INSPECTION,
    lead_received_on=D(2024, 3, 1),
    verification_extended=True,
    not_opened_reason=NotOpenedReason.FIRST_MINOR_CORRECTED,
    opening_approved=True,
    opened_on=D(2024, 3, 8),
    officers_with_valid_certificates=2,
    proposal=ProposalFlags(penalty=True),
    notice_served_on=D(2024, 4, 1),
    hearing_notice_sent_on=D(2024, 4, 8),
    hearing_held_on=D(2024, 4, 25),
    legal_review_submitted_on=D(2024, 4, 26),
    legal_review_passed=True,
    collective_discussion_held_on=D(2024, 4, 29),
    decision_extension_approved=True,
    collective_extension_days=(30,),
    decision_kind=DecisionKind.PENALTY,
    decided_on=D(2024, 4, 30),
    service_method=ServiceMethod.DIRECT,
    served_on=D(2024, 5, 6),
    service_proof="送达回证（2024）1号",
    fine_yuan=Decimal("5000"),
    execution=ExecutionStatus.COMPLETED,
    paid_on=D(2024, 5, 10),
    correction_deadline=D(2024, 5, 20),
    correction_reinspected_on=D(2024, 5, 20),
    correction_result=ReinspectionResult.CORRECTED,
    return_visit_on=D(2024, 6, 1),
    return_visit_score=5,
    education_recorded=True,
    flexible_offered=True,
    flexible_accepted=True,
    flexible_initiated_by=FlexibleInitiator.AUTHORITY,
    measures_taken=tuple(FlexibleMeasure),
    interview_mode=InterviewMode.INDIVIDUAL,
    commitment_channel=CommitmentChannel.ONLINE,
    commitment_signed_on=D(2024, 3, 5),
    commitment_deadline=D(2024, 3, 20),
    reinspection_on=D(2024, 3, 20),
    reinspection_result=ReinspectionResult.CORRECTED,
    transfer_approved=True,
    case_file_complete=True,
)

#: What each transition needs beyond FULL (a transition absent here is satisfied by FULL).
OVERRIDES: dict[str, dict[str, object]] = {
    "request_hearing": {
        "proposal": ProposalFlags(penalty=True, hearing_right=True),
        "hearing_requested_on": D(2024, 4, 3),
    },
    "return_from_legal_review": {"legal_review_passed": False},
    "decide_no_penalty": {"proposal": ProposalFlags(penalty=False)},
    "end_flexible": {"flexible_end_reason": FlexibleEndReason.PARTY_WITHDREW},
    "end_flexible_unopened": {
        "flexible_end_reason": FlexibleEndReason.PARTY_WITHDREW,
        "opened_on": None,
    },
}
STATE_OVERRIDES: dict[tuple[str, State], dict[str, object]] = {
    ("close", State.SERVED): {"decision_kind": DecisionKind.NO_PENALTY},
    ("close", State.FLEXIBLE): {"opened_on": None},
}


def satisfied(t: Transition, state: State) -> CaseSnapshot:
    """A snapshot in `state` on which every guard of `t` passes."""
    changes = {**OVERRIDES.get(t.name, {}), **STATE_OVERRIDES.get((t.name, state), {})}
    return dataclasses.replace(FULL, state=state, **changes)  # type: ignore[arg-type]


def actor_for(t: Transition) -> Actor:
    role = sorted(t.roles)[0]
    return Actor(id="u-1", role=role)
