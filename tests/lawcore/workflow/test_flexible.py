"""The flexible path (issue #4 part 3; R-CASE-2, R-CASE-3, R-CASE-4)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from lawcore.calendar import BUILTIN
from lawcore.workflow import (
    Actor,
    ActorRole,
    CaseSnapshot,
    CommitmentChannel,
    DecisionKind,
    DocumentType,
    DueKind,
    Event,
    FlexibleEndReason,
    FlexibleInitiator,
    FlexibleMeasure,
    LeadSource,
    ReinspectionResult,
    ServiceMethod,
    State,
    advance,
    deadlines,
)
from lawcore.workflow import guards as g

D = date
OFFICER = Actor("officer-1", ActorRole.OFFICER)
HEAD = Actor("head-1", ActorRole.HEAD)
ENTERPRISE = Actor("ent-1", ActorRole.ENTERPRISE)

LEAD = CaseSnapshot(
    state=State.LEAD,
    lead_source=LeadSource.COMPLAINT_12345,
    lead_received_on=D(2025, 3, 3),
    officers_with_valid_certificates=2,
)


class Journey:
    """Walks a case step by step with `advance`, failing loudly on a refusal."""

    def __init__(self, s: CaseSnapshot) -> None:
        self.s = s
        self.history: tuple[Event, ...] = ()

    def step(self, name: str, on: date, actor: Actor, note: str = "", **changes: object) -> None:
        s = dataclasses.replace(self.s, **changes)  # type: ignore[arg-type]
        outcome, self.s, self.history = advance(
            s, self.history, name, on, BUILTIN, actor=actor, note=note
        )
        assert outcome.ok, (name, outcome.missing)

    def refused(self, name: str, on: date, actor: Actor, **changes: object) -> tuple[str, ...]:
        s = dataclasses.replace(self.s, **changes)  # type: ignore[arg-type]
        outcome, after, history = advance(s, self.history, name, on, BUILTIN, actor=actor)
        assert not outcome.ok
        assert after is s
        assert history == self.history
        return outcome.missing


def _to_commitment(j: Journey) -> None:
    j.step(
        "start_flexible",
        D(2025, 3, 4),
        OFFICER,
        flexible_offered=True,
        flexible_accepted=True,
        flexible_initiated_by=FlexibleInitiator.APPLICATION,
    )
    j.step("measure_reminder", D(2025, 3, 4), OFFICER, measures_taken=(FlexibleMeasure.REMINDER,))
    j.step(
        "sign_commitment",
        D(2025, 3, 5),
        ENTERPRISE,
        commitment_channel=CommitmentChannel.ONLINE,
        commitment_signed_on=D(2025, 3, 5),
        commitment_deadline=D(2025, 3, 20),
    )


def test_commitment_then_corrected_at_reinspection_ends_in_a_no_penalty_decision_R_CASE_3():
    j = Journey(LEAD)
    _to_commitment(j)
    assert j.s.state is State.COMMITMENT
    due = [d for d in deadlines(j.s, BUILTIN) if d.kind is DueKind.COMMITMENT_REINSPECTION]
    assert [d.due for d in due] == [D(2025, 3, 20)]  # re-inspection due on the deadline
    j.step(
        "reinspect",
        D(2025, 3, 20),
        OFFICER,
        reinspection_on=D(2025, 3, 20),
        reinspection_result=ReinspectionResult.CORRECTED,
    )
    j.step("decide_no_penalty", D(2025, 3, 21), HEAD)
    assert j.s.state is State.DECIDED
    j.step(
        "serve",
        D(2025, 3, 24),
        OFFICER,
        decision_kind=DecisionKind.NO_PENALTY,
        decided_on=D(2025, 3, 21),
        service_method=ServiceMethod.DIRECT,
        served_on=D(2025, 3, 24),
        service_proof="送达回证",
    )
    assert g.MSG_EDUCATION in j.refused("close", D(2025, 3, 25), HEAD)
    j.step(
        "record_return_visit",
        D(2025, 4, 10),
        OFFICER,
        return_visit_on=D(2025, 4, 10),
        return_visit_score=5,
    )
    j.step("close", D(2025, 4, 11), HEAD, education_recorded=True)
    j.step("archive", D(2025, 4, 12), OFFICER, case_file_complete=True)
    assert [e.document for e in j.history if e.document] == [
        DocumentType.REMINDER,
        DocumentType.COMMITMENT,
        DocumentType.REINSPECTION_RECORD,
        DocumentType.NO_PENALTY_DECISION,
        DocumentType.SERVICE_RECEIPT,
        DocumentType.RETURN_VISIT_RECORD,
    ]
    assert State.NOTIFIED not in {e.to_state for e in j.history}


@pytest.mark.parametrize(
    "result", [ReinspectionResult.NOT_CORRECTED, ReinspectionResult.BADLY_CORRECTED]
)
def test_not_or_badly_corrected_returns_to_the_ordinary_procedure_keeping_every_record_R_CASE_3(
    result,
):
    j = Journey(dataclasses.replace(LEAD, opening_approved=True, opened_on=D(2025, 3, 3)))
    _to_commitment(j)
    j.step(
        "reinspect",
        D(2025, 3, 20),
        OFFICER,
        reinspection_on=D(2025, 3, 20),
        reinspection_result=result,
    )
    assert g.MSG_REINSPECTION_NOT_CORRECTED in j.refused("decide_no_penalty", D(2025, 3, 21), HEAD)
    before = j.s
    history = j.history
    j.step("end_flexible", D(2025, 3, 21), OFFICER)
    assert j.s.state is State.INVESTIGATION
    assert j.history[: len(history)] == history
    assert len(j.history) == len(history) + 1
    assert dataclasses.replace(j.s, state=before.state) == before  # every field kept
    assert j.s.commitment_signed_on == D(2025, 3, 5)
    assert j.s.reinspection_result is result


def test_an_unopened_case_returns_to_verification_when_flexible_enforcement_ends_R_CASE_4():
    j = Journey(LEAD)
    _to_commitment(j)
    j.step(
        "reinspect",
        D(2025, 3, 20),
        OFFICER,
        reinspection_on=D(2025, 3, 20),
        reinspection_result=ReinspectionResult.NOT_CORRECTED,
    )
    assert g.MSG_CASE_NOT_OPENED in j.refused("end_flexible", D(2025, 3, 21), OFFICER)
    j.step("end_flexible_unopened", D(2025, 3, 21), OFFICER)
    assert j.s.state is State.VERIFICATION


@pytest.mark.parametrize("reason", list(FlexibleEndReason), ids=lambda r: r.value)
@pytest.mark.parametrize(
    "state", [State.FLEXIBLE, State.COMMITMENT, State.REINSPECTION], ids=lambda s: s.value
)
def test_flexible_enforcement_ends_for_each_reason_of_changning_item_8_R_CASE_4(reason, state):
    s = dataclasses.replace(
        LEAD,
        state=state,
        opened_on=D(2025, 3, 3),
        flexible_end_reason=reason,
        reinspection_result=ReinspectionResult.CORRECTED,
    )
    outcome, after, history = advance(s, (), "end_flexible", D(2025, 3, 10), BUILTIN, actor=OFFICER)
    if reason is FlexibleEndReason.OTHER:
        assert outcome.missing == (g.MSG_END_NOTE,)
        s = dataclasses.replace(s, flexible_end_note="当事人停业")
        outcome, after, history = advance(
            s, (), "end_flexible", D(2025, 3, 10), BUILTIN, actor=OFFICER
        )
    assert outcome.ok
    assert after.state is State.INVESTIGATION
    assert after.flexible_end_reason is reason
    assert len(history) == 1


def test_the_four_end_reasons_carry_the_policy_wording():
    labels = [r.label for r in FlexibleEndReason]
    assert labels[:4] == [
        "行政相对人撤回申请",
        "根据案件需要，适用一般程序",
        "实施柔性执法所适用的法律法规或者政策依据已经失效",
        "继续实施柔性执法将损害社会公共利益、他人合法权益",
    ]


def test_flexible_path_cannot_start_without_telling_the_party_it_may_choose_R_CASE_4():
    j = Journey(LEAD)
    missing = j.refused(
        "start_flexible", D(2025, 3, 4), OFFICER, flexible_initiated_by=FlexibleInitiator.AUTHORITY
    )
    assert missing == (g.MSG_FLEXIBLE_OFFERED, g.MSG_FLEXIBLE_ACCEPTED)


def test_a_joint_interview_names_the_other_departments_R_CASE_2():
    j = Journey(dataclasses.replace(LEAD, state=State.FLEXIBLE))
    from lawcore.workflow import InterviewMode

    changes = {
        "measures_taken": (FlexibleMeasure.INTERVIEW,),
        "interview_mode": InterviewMode.JOINT,
    }
    assert j.refused("measure_interview", D(2025, 3, 4), OFFICER, **changes) == (
        g.MSG_JOINT_DEPARTMENTS,
    )
    j.step(
        "measure_interview",
        D(2025, 3, 4),
        OFFICER,
        interview_departments=("县应急管理局",),
        **changes,
    )
    assert j.history[-1].document is DocumentType.INTERVIEW_NOTICE
    assert j.s.state is State.FLEXIBLE


def test_a_measure_alone_closes_an_unopened_lead_but_not_an_opened_case_R_CASE_2():
    s = dataclasses.replace(
        LEAD, state=State.FLEXIBLE, measures_taken=(FlexibleMeasure.SUGGESTION,)
    )
    outcome, after, _ = advance(s, (), "close", D(2025, 3, 4), BUILTIN, actor=HEAD)
    assert outcome.ok
    assert after.state is State.CLOSED
    opened = dataclasses.replace(s, opened_on=D(2025, 3, 3))
    outcome, _, _ = advance(opened, (), "close", D(2025, 3, 4), BUILTIN, actor=HEAD)
    assert outcome.missing == (g.MSG_OPENED_NEEDS_DECISION,)
