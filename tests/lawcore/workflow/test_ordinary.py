"""The ordinary procedure end to end with a hearing, legal review, collective discussion, a
penalty decision, instalments and closure (issue #4 part 1; R-CASE-1, R-CASE-5, R-CASE-6, R-CASE-9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lawcore.workflow import (
    CaseSnapshot,
    DecisionKind,
    DocumentType,
    ExecutionStatus,
    LeadSource,
    ProposalFlags,
    ReinspectionResult,
    ServiceMethod,
    State,
)
from lawcore.workflow import guards as g

from .test_flexible import ENTERPRISE, HEAD, OFFICER, Journey

D = date


def test_ordinary_procedure_with_hearing_review_discussion_and_instalments_R_CASE_1():
    j = Journey(
        CaseSnapshot(
            state=State.LEAD, lead_source=LeadSource.INSPECTION, lead_received_on=D(2025, 3, 3)
        )
    )
    j.step("start_verification", D(2025, 3, 3), OFFICER)
    assert j.refused(
        "open_case", D(2025, 3, 10), HEAD, opening_approved=True, opened_on=D(2025, 3, 10)
    ) == (g.msg_officers(0),)
    j.step(
        "open_case",
        D(2025, 3, 10),
        HEAD,
        opening_approved=True,
        opened_on=D(2025, 3, 10),
        officers_with_valid_certificates=2,
    )
    j.step("start_investigation", D(2025, 3, 11), OFFICER)
    p = ProposalFlags(
        penalty=True,
        hearing_right=True,
        legal_review_required=True,
        collective_discussion_required=True,
    )
    j.step("record_proposal", D(2025, 4, 1), OFFICER, proposal=p)
    j.step("notify", D(2025, 4, 2), OFFICER, notice_served_on=D(2025, 4, 2))
    # deciding now is refused: hearing window open, no review, no discussion
    j.refused("decide_penalty", D(2025, 4, 3), HEAD)
    j.step("request_hearing", D(2025, 4, 7), ENTERPRISE, hearing_requested_on=D(2025, 4, 7))
    j.step(
        "submit_legal_review",
        D(2025, 4, 25),
        OFFICER,
        hearing_notice_sent_on=D(2025, 4, 8),
        hearing_held_on=D(2025, 4, 24),
        legal_review_submitted_on=D(2025, 4, 25),
    )
    j.step("discuss_collectively", D(2025, 5, 8), HEAD, legal_review_passed=True)
    assert j.refused("decide_penalty", D(2025, 5, 9), HEAD) == (g.MSG_COLLECTIVE,)
    j.step("decide_penalty", D(2025, 5, 9), HEAD, collective_discussion_held_on=D(2025, 5, 9))
    j.step("order_correction", D(2025, 5, 9), OFFICER, correction_deadline=D(2025, 6, 9))
    j.step(
        "serve",
        D(2025, 5, 12),
        OFFICER,
        decision_kind=DecisionKind.PENALTY,
        decided_on=D(2025, 5, 9),
        service_method=ServiceMethod.DIRECT,
        served_on=D(2025, 5, 12),
        service_proof="送达回证",
        fine_yuan=Decimal("20000"),
    )
    j.step(
        "start_execution",
        D(2025, 5, 13),
        OFFICER,
        execution=ExecutionStatus.INSTALMENTS,
        deferral_approved=True,
        payment_deferred_until=D(2025, 8, 31),
    )
    assert set(j.refused("close", D(2025, 6, 1), HEAD)) == {
        g.MSG_EXECUTION,
        g.MSG_CORRECTION_NOT_REINSPECTED,
        g.MSG_RETURN_VISIT,
    }
    j.step(
        "reinspect_correction",
        D(2025, 6, 9),
        OFFICER,
        correction_reinspected_on=D(2025, 6, 9),
        correction_result=ReinspectionResult.CORRECTED,
    )
    j.step(
        "record_return_visit",
        D(2025, 6, 20),
        OFFICER,
        return_visit_on=D(2025, 6, 20),
        return_visit_score=4,
    )
    j.step(
        "close", D(2025, 8, 30), HEAD, execution=ExecutionStatus.COMPLETED, paid_on=D(2025, 8, 30)
    )
    j.step("archive", D(2025, 9, 1), OFFICER, case_file_complete=True)
    assert [e.to_state for e in j.history if e.to_state is not e.from_state] == [
        State.VERIFICATION, State.OPENED, State.INVESTIGATION, State.PROPOSED, State.NOTIFIED,
        State.HEARING, State.LEGAL_REVIEW, State.COLLECTIVE_DISCUSSION, State.DECIDED, State.SERVED,
        State.EXECUTING, State.CLOSED, State.ARCHIVED,
    ]  # fmt: skip
    assert DocumentType.PENALTY_NOTICE in {e.document for e in j.history}
