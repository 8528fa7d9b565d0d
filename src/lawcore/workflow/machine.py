"""`apply`: check one step against the table and record it (R-CASE-1…5, R-CASE-7)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from lawcore.calendar import BUILTIN, Calendar
from lawcore.workflow.snapshot import Actor, CaseSnapshot, Event, Outcome
from lawcore.workflow.states import State
from lawcore.workflow.table import TRANSITIONS_BY_NAME, Transition


def msg_unknown(name: str) -> str:
    return f"未知的办案操作“{name}”"


def msg_state(t: Transition, state: State) -> str:
    allowed = "、".join(s.label for s in sorted(t.source_states, key=list(State).index))
    return f"案件处于“{state.label}”状态，不能“{t.label}”（仅限：{allowed}）"


def msg_role(t: Transition, actor: Actor) -> str:
    allowed = "、".join(sorted(r.label for r in t.roles))
    return f"{actor.role.label}无权“{t.label}”（仅限：{allowed}）"


def msg_note(t: Transition) -> str:
    return f"须填写{t.note_required}"


def check(
    snapshot: CaseSnapshot,
    transition_name: str,
    on: date,
    calendar: Calendar = BUILTIN,
    *,
    actor: Actor,
    note: str = "",
) -> tuple[str, ...]:
    """Why the step may not be taken now; empty when it may."""
    t = TRANSITIONS_BY_NAME.get(transition_name)
    if t is None:
        return (msg_unknown(transition_name),)
    refused: list[str] = []
    if actor.role not in t.roles:
        refused.append(msg_role(t, actor))
    if snapshot.state not in t.source_states:
        refused.append(msg_state(t, snapshot.state))
    if refused:
        return tuple(refused)
    missing: list[str] = []
    for guard in t.guards:
        for message in guard(snapshot, on, calendar):
            if message not in missing:
                missing.append(message)
    if t.note_required and not note.strip():
        missing.append(msg_note(t))
    return tuple(missing)


def apply(
    snapshot: CaseSnapshot,
    transition_name: str,
    on: date,
    calendar: Calendar = BUILTIN,
    *,
    actor: Actor,
    at: datetime | None = None,
    note: str = "",
) -> Outcome:
    """Take the step if its role, source state and guards allow it, and return the event to record.

    Pure: `on` (and optionally `at`) is the moment of the step, passed in by the caller."""
    missing = check(snapshot, transition_name, on, calendar, actor=actor, note=note)
    if missing:
        return Outcome(False, snapshot.state, missing, None)
    t = TRANSITIONS_BY_NAME[transition_name]
    target = t.target_from(snapshot.state)
    event = Event(
        actor_id=actor.id,
        actor_role=actor.role,
        on=on,
        at=at,
        transition=t.name,
        from_state=snapshot.state,
        to_state=target,
        document=t.document,
        note=note.strip(),
    )
    return Outcome(True, target, (), event)


def advance(
    snapshot: CaseSnapshot,
    history: tuple[Event, ...],
    transition_name: str,
    on: date,
    calendar: Calendar = BUILTIN,
    *,
    actor: Actor,
    at: datetime | None = None,
    note: str = "",
) -> tuple[Outcome, CaseSnapshot, tuple[Event, ...]]:
    """`apply`, then the snapshot in its new state and the history with the event appended.

    Nothing recorded before is dropped: every other field of the snapshot is kept as it was
    (R-CASE-3: a case that returns to the ordinary procedure keeps its flexible-path records)."""
    outcome = apply(snapshot, transition_name, on, calendar, actor=actor, at=at, note=note)
    if not outcome.ok or outcome.event is None:
        return outcome, snapshot, history
    return (
        outcome,
        dataclasses.replace(snapshot, state=outcome.new_state),
        (*history, outcome.event),
    )


def available(
    snapshot: CaseSnapshot, on: date, calendar: Calendar = BUILTIN, *, actor: Actor
) -> tuple[str, ...]:
    """Names of the steps `actor` could take now (notes aside), in table order."""
    out = []
    for t in TRANSITIONS_BY_NAME.values():
        missing = check(snapshot, t.name, on, calendar, actor=actor, note="-")
        if not missing:
            out.append(t.name)
    return tuple(out)
