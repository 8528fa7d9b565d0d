"""Every transition of the table from every state and by every role, generated from the table
(issue #4 part 1; R-CASE-1…5): a new row is covered without writing a test."""

from __future__ import annotations

import pytest

from lawcore.calendar import BUILTIN
from lawcore.workflow import (
    OPEN_STATES,
    TRANSITIONS,
    TRANSITIONS_BY_NAME,
    Actor,
    ActorRole,
    DocumentType,
    State,
    apply,
    transitions_from,
)
from lawcore.workflow.machine import msg_note, msg_role, msg_state, msg_unknown

from .fixtures import FULL, ON, actor_for, satisfied

ALLOWED = [(t, s) for t in TRANSITIONS for s in sorted(t.source_states)]
DISALLOWED = [(t, s) for t in TRANSITIONS for s in State if s not in t.source_states]
WRONG_ROLE = [(t, r) for t in TRANSITIONS for r in ActorRole if r not in t.roles]


def _id(value: object) -> str:
    return getattr(value, "name", str(value)) if not isinstance(value, State) else value.value


@pytest.mark.parametrize(("t", "state"), ALLOWED, ids=lambda v: _id(v))
def test_transition_succeeds_from_each_allowed_state_with_all_prerequisites_R_CASE_1(t, state):
    s = satisfied(t, state)
    actor = actor_for(t)
    outcome = apply(s, t.name, ON, BUILTIN, actor=actor, note="说明")
    assert outcome.ok, outcome.missing
    expected = state if t.target is None else t.target
    assert outcome.new_state is expected
    event = outcome.event
    assert event is not None
    assert (event.actor_id, event.actor_role, event.on) == ("u-1", actor.role, ON)
    assert (event.transition, event.from_state, event.to_state) == (t.name, state, expected)
    assert event.document is t.document
    assert event.note == "说明"


@pytest.mark.parametrize(("t", "state"), DISALLOWED, ids=lambda v: _id(v))
def test_transition_is_refused_from_each_disallowed_state_with_the_reason_R_CASE_1(t, state):
    s = satisfied(t, state)
    outcome = apply(s, t.name, ON, BUILTIN, actor=actor_for(t), note="说明")
    assert not outcome.ok
    assert outcome.new_state is state
    assert outcome.event is None
    assert outcome.missing == (msg_state(t, state),)
    assert state.label in outcome.missing[0]
    assert t.label in outcome.missing[0]


@pytest.mark.parametrize(("t", "role"), WRONG_ROLE, ids=lambda v: _id(v))
def test_transition_is_refused_for_a_role_not_allowed_R_CASE_1(t, role):
    state = sorted(t.source_states)[0]
    actor = Actor(id="u-2", role=role)
    outcome = apply(satisfied(t, state), t.name, ON, BUILTIN, actor=actor, note="说明")
    assert not outcome.ok
    assert outcome.missing == (msg_role(t, actor),)


@pytest.mark.parametrize("t", [t for t in TRANSITIONS if t.note_required], ids=lambda t: t.name)
def test_a_required_note_is_a_missing_prerequisite_R_CASE_7(t):
    state = sorted(t.source_states)[0]
    outcome = apply(satisfied(t, state), t.name, ON, BUILTIN, actor=actor_for(t), note="  ")
    assert not outcome.ok
    assert outcome.missing == (msg_note(t),)


def test_unknown_transition_is_refused_by_name():
    outcome = apply(FULL, "teleport", ON, BUILTIN, actor=Actor("u", ActorRole.HEAD))
    assert outcome.missing == (msg_unknown("teleport"),)


@pytest.mark.parametrize("state", sorted(OPEN_STATES), ids=lambda s: s.value)
def test_transfer_to_the_police_is_possible_from_every_open_state_R_CASE_1(state):
    t = TRANSITIONS_BY_NAME["transfer"]
    outcome = apply(
        satisfied(t, state),
        "transfer",
        ON,
        BUILTIN,
        actor=actor_for(t),
        note="涉嫌生产销售伪劣产品罪",
    )
    assert outcome.ok
    assert outcome.new_state is State.TRANSFERRED
    assert outcome.event is not None
    assert outcome.event.document is DocumentType.CRIME_TRANSFER


@pytest.mark.parametrize(
    "state", [State.NOT_OPENED, State.CLOSED, State.ARCHIVED, State.TRANSFERRED]
)
def test_finished_cases_cannot_be_transferred_R_CASE_1(state):
    t = TRANSITIONS_BY_NAME["transfer"]
    outcome = apply(satisfied(t, state), "transfer", ON, BUILTIN, actor=actor_for(t), note="x")
    assert not outcome.ok


def test_every_state_is_reachable_from_a_lead_and_every_unfinished_state_can_move_R_CASE_1():
    seen, frontier = {State.LEAD}, [State.LEAD]
    while frontier:
        for t in transitions_from(frontier.pop()):
            if t.target is not None and t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    assert seen == set(State)
    for state in State:
        if state is not State.ARCHIVED:
            assert any(t.target not in (None, state) for t in transitions_from(state)), state


def test_every_document_of_issue_4_part_6_is_produced_by_some_step_R_CASE_8():
    produced = {t.document for t in TRANSITIONS}
    for doc in DocumentType:
        if doc.in_issue_4_part_6:
            assert doc in produced, doc.label
    assert len([d for d in DocumentType if d.in_issue_4_part_6]) == 12


def test_archive_is_only_reachable_from_closed_R_CASE_1():
    into_archive = [t for t in TRANSITIONS if t.target is State.ARCHIVED]
    assert [t.source_states for t in into_archive] == [frozenset({State.CLOSED})]
