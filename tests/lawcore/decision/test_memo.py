"""The situation memo of ``decide`` (issue #3 Performance; R-DEC-1): a decision answered from the
template of an earlier request's situation is exactly the decision computed from scratch — the
dates, due dates and history reasons filled in for this request — and the memo stays bounded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.decision import (
    Decision,
    DecisionInputError,
    DecisionRequest,
    HistoryEntry,
    decide,
    engine,
)
from lawcore.decision.engine import decide_uncached
from lawcore.decision.index import MEMO_SIZE, index_of
from lawcore.rulebook import RulebookSet, Tier
from lawcore.rulebook.conditions import Scalar
from lawcore.rulebook.facts import FactType
from lawcore.rulebook.model import Status
from tests.lawcore.decision.test_bulk import FIXTURE, NUMBERS, SHIPPED, requests


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


def _seeded_requests(rb: RulebookSet, n: int, seed: int) -> list[DecisionRequest]:
    """``n`` requests over every published item of ``rb``: each fact of the item drawn (a few
    left out), party, dates across versions, birth and discovery dates and histories — the
    situations the memo, the checked-facts miss path and the lean corrective variants meet."""
    rng = random.Random(seed)
    targets = [
        (book, version, item)
        for book in rb.rulebooks
        for version in book.versions
        if version.status is not Status.DRAFT
        for item in version.items
    ]
    out = []
    for _ in range(n):
        book, version, item = rng.choice(targets)
        facts: dict[str, Scalar] = {}
        for name, spec in sorted(rb.fact_specs(book, item).items()):
            if name in {"party_kind", "age"} or rng.random() < 0.03:
                continue
            if spec.type is FactType.BOOL:
                facts[name] = rng.random() < 0.5
            elif spec.type is FactType.ENUM:
                facts[name] = rng.choice(spec.values)
            elif spec.type is FactType.INTEGER:
                facts[name] = Decimal(rng.randint(0, 6))
            else:
                facts[name] = rng.choice(NUMBERS)
        violation = version.effective_from + dt.timedelta(days=rng.randint(0, 700))
        decision = violation + dt.timedelta(days=rng.randint(0, 400))
        party = rng.choice(["citizen", "organisation"])
        history = None
        if rng.random() < 0.4:
            codes = [item.code, *(i.code for i in version.items[:2])]
            history = tuple(
                sorted(
                    (
                        HistoryEntry(
                            rng.choice(codes),
                            violation - dt.timedelta(days=rng.randint(0, 1500)),
                            rng.choice([Tier.NO_PENALTY, Tier.ORDINARY, Tier.LIGHTER]),
                        )
                        for _ in range(rng.randint(0, 3))
                    ),
                    key=lambda h: (h.date, h.item, h.tier.severity),
                )
            )
        birth = None
        if party == "citizen" and rng.random() < 0.3:
            birth = violation - dt.timedelta(days=rng.randint(12 * 365, 40 * 365))
        discovered = None
        if rng.random() < 0.2:
            discovered = violation + dt.timedelta(days=rng.randint(0, (decision - violation).days))
        out.append(
            DecisionRequest(
                item=item.code,
                party_kind=party,
                facts=MappingProxyType(facts),
                violation_date=violation,
                decision_date=decision,
                rulebook=rng.choice([None, book.id]),
                birth_date=birth,
                discovered_date=discovered,
                history=history,
            )
        )
    return out


def test_many_seeded_requests_get_from_decide_exactly_what_decide_uncached_gives_R_DEC_1() -> None:
    # cold (every situation new: the miss path with its lean corrective variants), then warm
    # (answered from the templates), then shifted by a week (same situations, other dates)
    for rb, seed in ((SHIPPED, 11), (FIXTURE, 12)):
        batch = _seeded_requests(rb, 600, seed)
        index_of(rb).memo.clear()
        for request in batch + batch + [_shifted(r, 7) for r in batch]:
            memo, scratch = _result(rb, request, memo=True), _result(rb, request, memo=False)
            assert memo == scratch
            if isinstance(memo, Decision):
                assert isinstance(scratch, Decision)
                assert memo.to_json() == scratch.to_json()


def test_the_memo_drops_its_oldest_situation_first_even_one_just_answered_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # first in, first out (issue #3, Performance: a hit does not move its entry): every new
    # entry goes to the end, the oldest leave from the front, and a situation answered over and
    # over is still dropped in its turn — and then decided again, exactly as from scratch
    monkeypatch.setattr(engine, "MEMO_SIZE", 5)
    memo = index_of(SHIPPED).memo
    memo.clear()
    batch = _seeded_requests(SHIPPED, 60, seed=23)
    first = batch[0]
    assert _result(SHIPPED, first, memo=True) == _result(SHIPPED, first, memo=False)
    assert len(memo) == 1  # its situation is kept
    (own,) = memo
    dropped = 0
    for request in batch[1:]:
        for r in (request, first):
            before = list(memo)
            assert _result(SHIPPED, r, memo=True) == _result(SHIPPED, r, memo=False)
            after = list(memo)
            added = [k for k in after if k not in before]
            assert len(after) <= 5
            assert after == (before + added)[len(before) + len(added) - len(after) :]
        # ``before`` is the memo just before ``first`` was asked again
        if own not in before:  # its entry had been dropped although answered every time
            dropped += 1
    assert dropped >= 2
