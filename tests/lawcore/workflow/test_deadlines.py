"""Deadlines with lawcore.calendar (issue #4 part 1; R-CASE-1, R-CASE-3, R-CASE-5, R-CASE-9)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from lawcore.calendar import BUILTIN
from lawcore.workflow import (
    CaseSnapshot,
    DecisionKind,
    DueKind,
    ExecutionStatus,
    ProposalFlags,
    State,
    court_enforcement_from,
    deadlines,
    decision_due,
    late_fine,
    overdue,
)

D = date


def _due(s: CaseSnapshot) -> dict[DueKind, tuple[date, bool]]:
    return {d.kind: (d.due, d.provisional) for d in deadlines(s, BUILTIN)}


def test_verification_is_15_working_days_and_15_more_with_approval_R_CASE_1():
    s = CaseSnapshot(state=State.VERIFICATION, lead_received_on=D(2024, 3, 1))
    assert _due(s) == {DueKind.VERIFICATION: (D(2024, 3, 22), False)}
    # +15 working days crosses 清明 (04-04..06 off, Sunday 04-07 worked)
    extended = dataclasses.replace(s, verification_extended=True)
    assert _due(extended) == {DueKind.VERIFICATION: (D(2024, 4, 15), False)}


def test_a_year_without_a_schedule_gives_a_provisional_deadline():
    s = CaseSnapshot(state=State.LEAD, lead_received_on=D(2030, 3, 1))
    (d,) = deadlines(s, BUILTIN)
    assert (d.due, d.provisional, d.years_provisional) == (D(2030, 3, 22), True, (2030,))


def test_decision_within_90_days_then_30_with_approval_then_collective_periods_R_CASE_1():
    s = CaseSnapshot(state=State.INVESTIGATION, opened_on=D(2024, 1, 10))
    assert _due(s) == {DueKind.DECISION: (D(2024, 4, 9), False)}  # 2024 is a leap year
    approved = dataclasses.replace(s, decision_extension_approved=True)
    assert _due(approved)[DueKind.DECISION] == (D(2024, 5, 9), False)
    collective = dataclasses.replace(approved, collective_extension_days=(20, 10))
    assert _due(collective)[DueKind.DECISION] == (D(2024, 6, 8), False)
    # collective extensions count only after the approved 30 days
    no_approval = dataclasses.replace(s, collective_extension_days=(20,))
    assert decision_due(no_approval) == decision_due(s)
    # 中止、听证、公告、检测 time is not counted
    suspended = dataclasses.replace(s, suspended_days=12)
    assert _due(suspended)[DueKind.DECISION] == (D(2024, 4, 21), False)


def test_no_decision_deadline_once_decided_and_service_deadline_is_7_working_days_APL_61_85():
    s = CaseSnapshot(state=State.DECIDED, opened_on=D(2024, 1, 10), decided_on=D(2024, 9, 27))
    # 09-27 Fri → 09-29 (Sun, worked), 09-30, 10-08..10-11 (National Day 10-01..07), 10-12 (Sat, worked)
    assert _due(s) == {DueKind.SERVICE: (D(2024, 10, 12), False)}


def test_hearing_request_deadline_is_5_working_days_after_the_notice_APL_64():
    s = CaseSnapshot(
        state=State.NOTIFIED,
        opened_on=D(2024, 5, 1),
        proposal=ProposalFlags(penalty=True, hearing_right=True),
        notice_served_on=D(2024, 6, 3),
    )
    assert _due(s)[DueKind.HEARING_REQUEST] == (D(2024, 6, 11), False)
    assert DueKind.HEARING_REQUEST not in _due(dataclasses.replace(s, hearing_waived=True))


def test_legal_review_10_working_days_and_publication_withdrawal_3_working_days():
    s = CaseSnapshot(
        state=State.LEGAL_REVIEW,
        opened_on=D(2024, 5, 1),
        legal_review_submitted_on=D(2024, 9, 30),
        published_on=D(2024, 9, 1),
        decision_changed_on=D(2024, 9, 30),
    )
    due = _due(s)
    # 10-08..10-12 (Saturday 10-12 worked), 10-14..10-18
    assert due[DueKind.LEGAL_REVIEW] == (D(2024, 10, 18), False)
    assert due[DueKind.PUBLICATION_WITHDRAWAL] == (D(2024, 10, 10), False)


def test_payment_is_due_15_days_after_service_or_at_the_end_of_an_approved_deferral_APL_66_67():
    s = CaseSnapshot(
        state=State.EXECUTING,
        decision_kind=DecisionKind.PENALTY,
        served_on=D(2024, 3, 1),
        fine_yuan=Decimal("1000"),
    )
    assert _due(s) == {DueKind.PAYMENT: (D(2024, 3, 16), False)}
    deferred = dataclasses.replace(
        s,
        deferral_approved=True,
        payment_deferred_until=D(2024, 6, 30),
        execution=ExecutionStatus.DEFERRED,
    )
    assert _due(deferred) == {DueKind.PAYMENT: (D(2024, 6, 30), False)}
    assert court_enforcement_from(deferred).starts_on == D(2024, 6, 30)
    assert court_enforcement_from(s).starts_on == D(2024, 3, 16)
    assert _due(dataclasses.replace(s, paid_on=D(2024, 3, 10))) == {}


def test_late_payment_fine_is_3_percent_a_day_capped_at_the_fine_APL_72():
    s = CaseSnapshot(state=State.EXECUTING, served_on=D(2024, 3, 1), fine_yuan=Decimal("1000"))
    assert late_fine(s, D(2024, 3, 16)) == Decimal("0.00")
    assert late_fine(s, D(2024, 3, 18)) == Decimal("60.00")
    assert late_fine(s, D(2024, 12, 31)) == Decimal("1000.00")
    assert late_fine(dataclasses.replace(s, paid_on=D(2024, 3, 17)), D(2024, 12, 31)) == Decimal(
        "30.00"
    )


def test_overdue_lists_deadlines_whose_last_day_has_passed_R_CASE_5():
    s = CaseSnapshot(
        state=State.SERVED,
        served_on=D(2024, 3, 1),
        fine_yuan=Decimal("500"),
        correction_deadline=D(2024, 3, 10),
    )
    assert [d.kind for d in overdue(s, D(2024, 3, 10), BUILTIN)] == []
    assert [d.kind for d in overdue(s, D(2024, 3, 11), BUILTIN)] == [
        DueKind.CORRECTION_REINSPECTION
    ]
    assert [d.kind for d in overdue(s, D(2024, 3, 17), BUILTIN)] == [
        DueKind.CORRECTION_REINSPECTION,
        DueKind.PAYMENT,
    ]
    done = dataclasses.replace(s, correction_reinspected_on=D(2024, 3, 12))
    assert [d.kind for d in overdue(done, D(2024, 3, 17), BUILTIN)] == [DueKind.PAYMENT]


def test_due_dates_serialise_with_their_basis():
    s = CaseSnapshot(state=State.LEAD, lead_received_on=D(2030, 3, 1))
    (d,) = deadlines(s, BUILTIN)
    assert d.to_json() == {
        "kind": "verification",
        "label": "核查并决定是否立案",
        "due": "2030-03-22",
        "provisional": True,
        "years_provisional": [2030],
        "basis": DueKind.VERIFICATION.basis,
    }
    assert "十五个工作日" in d.basis
