"""The situation memo of ``decide`` (issue #3 Performance; R-DEC-1): a decision answered from the
template of an earlier request's situation is exactly the decision computed from scratch — the
dates, due dates and history reasons filled in for this request — and the memo stays bounded."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.decision import Decision, DecisionInputError, DecisionRequest, HistoryEntry, decide
from lawcore.decision.engine import decide_uncached
from lawcore.decision.index import MEMO_SIZE, index_of
from lawcore.rulebook import RulebookSet
from tests.lawcore.decision.test_bulk import FIXTURE, SHIPPED, requests


def _shifted(request: DecisionRequest, days: int) -> DecisionRequest:
    """``request`` with every date moved by ``days`` (same facts, same history pattern)."""
    delta = dt.timedelta(days=days)
    history = (
        None
        if request.history is None
        else tuple(HistoryEntry(h.item, h.date + delta, h.tier) for h in request.history)
    )
    return dataclasses.replace(
        request,
        violation_date=request.violation_date + delta,
        decision_date=request.decision_date + delta,
        birth_date=request.birth_date + delta if request.birth_date else None,
        discovered_date=request.discovered_date + delta if request.discovered_date else None,
        history=history,
    )


def _result(
    rb: RulebookSet, request: DecisionRequest, *, memo: bool
) -> Decision | dict[str, object]:
    try:
        return decide(rb, request) if memo else decide_uncached(rb, request)
    except DecisionInputError as exc:
        return exc.to_json()


@settings(max_examples=200, deadline=None)
@given(
    base=requests(),
    shifts=st.lists(st.integers(-60, 60), min_size=1, max_size=4),
    facts_from=st.integers(0, 3),
)
def test_a_decision_from_the_memo_is_the_decision_computed_from_scratch_R_DEC_1(
    base: tuple[RulebookSet, DecisionRequest], shifts: list[int], facts_from: int
) -> None:
    rb, request = base
    index_of(rb).memo.clear()
    # siblings first (they fill the memo with the same situations at other dates), then the
    # request itself; every answer must equal the one computed without the memo
    batch = [_shifted(request, d) for d in shifts] + [request]
    for r in batch[facts_from % len(batch) :] + batch:
        assert _result(rb, r, memo=True) == _result(rb, r, memo=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(requests(), min_size=2, max_size=12))
def test_interleaved_requests_against_two_sets_match_decisions_from_scratch_R_DEC_1(
    batch: list[tuple[RulebookSet, DecisionRequest]],
) -> None:
    for rb, r in batch + batch:
        assert _result(rb, r, memo=True) == _result(rb, r, memo=False)


def test_the_memo_is_bounded_per_rulebook_set() -> None:
    for rb in (FIXTURE, SHIPPED):
        assert len(index_of(rb).memo) <= MEMO_SIZE
