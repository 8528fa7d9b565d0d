"""Hypothesis: whatever the sequence of steps and data, a penalty is never decided without a
notice, and nothing is archived without being closed (issue #4 part 1; R-CASE-1). Also JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.calendar import BUILTIN
from lawcore.workflow import (
    Actor,
    ActorRole,
    CaseSnapshot,
    Event,
    ProposalFlags,
    State,
    advance,
    transitions_from,
)

from .fixtures import FULL, ON

proposals = st.one_of(
    st.none(),
    st.builds(ProposalFlags, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
)
maybe_day = st.one_of(st.none(), st.dates(date(2024, 3, 1), date(2024, 6, 30)))

step_data = st.fixed_dictionaries(
    {
        "proposal": proposals,
        "notice_served_on": maybe_day,
        "hearing_requested_on": maybe_day,
        "hearing_waived": st.booleans(),
        "hearing_held_on": maybe_day,
        "legal_review_passed": st.sampled_from([None, True, False]),
        "collective_discussion_held_on": maybe_day,
        "opened_on": maybe_day,
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), step_data, st.integers(0, 60)), max_size=40))
def test_no_penalty_decision_without_notice_and_no_archive_without_closing_R_CASE_1(steps):
    s = dataclasses.replace(FULL, state=State.LEAD)
    history: tuple[Event, ...] = ()
    visited = [State.LEAD]
    for pick, data, offset in steps:
        every = transitions_from(s.state)
        if not every:
            break
        # mostly forward moves, so that walks get deep; sometimes anything (self-loops, 移送)
        forward = [t for t in every if t.target not in (None, State.TRANSFERRED)]
        options = forward if forward and pick < 45 else every
        t = options[pick % len(options)]
        actor = Actor("u", sorted(t.roles)[pick % len(t.roles)])
        s = dataclasses.replace(s, **data)
        on = ON + timedelta(days=offset)
        outcome, s, history = advance(s, history, t.name, on, BUILTIN, actor=actor, note="x")
        if not outcome.ok:
            continue
        if t.name == "decide_penalty":
            # a penalty is never decided without the notice of intended penalty (APL 44); a
            # no-penalty decision (also after a penalty proposal) needs none
            assert State.NOTIFIED in visited
            assert s.notice_served_on is not None
        if outcome.new_state is State.ARCHIVED:
            assert visited[-1] is State.CLOSED
        visited.append(outcome.new_state)
    assert [e.to_state for e in history] == visited[1:]  # every step recorded, in order


def test_snapshot_and_event_round_trip_through_json():
    s = dataclasses.replace(FULL, state=State.COMMITMENT, proposal=ProposalFlags(True, True))
    data = s.to_json()
    assert data["state"] == "commitment"
    assert data["fine_yuan"] == "5000"
    assert data["proposal"] == {
        "penalty": True,
        "hearing_right": True,
        "legal_review_required": False,
        "collective_discussion_required": False,
    }
    assert CaseSnapshot.from_json(json.loads(json.dumps(data))) == s
    e = Event(
        "u-1", ActorRole.HEAD, ON, datetime(2024, 3, 15, 9, 30), "close", State.SERVED, State.CLOSED,
        None, "好",
    )  # fmt: skip
    assert Event.from_json(json.loads(json.dumps(e.to_json()))) == e


def test_bad_json_names_the_field():
    with pytest.raises(ValueError, match=r"snapshot\.state: unknown value 'nowhere'"):
        CaseSnapshot.from_json({"state": "nowhere"})
    with pytest.raises(ValueError, match=r"unknown field\(s\) colour"):
        CaseSnapshot.from_json({"state": "lead", "colour": "red"})
    with pytest.raises(ValueError, match=r"snapshot\.opened_on: not a valid date"):
        CaseSnapshot.from_json({"state": "lead", "opened_on": "2024-02-30"})
    with pytest.raises(
        ValueError, match=r"snapshot\.officers_with_valid_certificates: expected an integer"
    ):
        CaseSnapshot.from_json({"state": "lead", "officers_with_valid_certificates": True})
