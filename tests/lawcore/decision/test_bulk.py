"""Bulk decisions and the engine's cached tables (issue #3 Performance; R-DEC-1): ``decide_many``
gives exactly what ``decide`` gives one by one, compiled conditions keep the three-valued truth,
and the per-set tables never leak from one rulebook set into another."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
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
    decide_many,
    engine,
)
from lawcore.decision.engine import _tv
from lawcore.decision.index import _INDEXES, MAX_SETS, Index, compile_condition, index_of
from lawcore.rulebook import Rulebook, RulebookSet, RulebookVersion, Tier
from lawcore.rulebook.conditions import All, AnyOf, Cmp, Condition, In, Not, Op, Scalar
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.model import Status
from prudent.rulebooks.files import load_dir
from tests.lawcore.decision.fixtures import rulebooks

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = rulebooks()
_loaded = load_dir(ROOT / "rulebooks")
SHIPPED = RulebookSet(_loaded.rulebooks)
TARGETS = [
    (rb, book, version, item)
    for rb in (FIXTURE, SHIPPED)
    for book in rb.rulebooks
    for version in book.versions
    if version.status is not Status.DRAFT
    for item in version.items
]
NUMBERS = [Decimal(v) for v in ("0", "1", "199", "200", "3000", "9999.99", "10000", "250000")]


def _value(spec: FactSpec) -> st.SearchStrategy[Scalar]:
    if spec.type is FactType.BOOL:
        return st.booleans()
    if spec.type is FactType.ENUM:
        return st.sampled_from(spec.values)
    if spec.type is FactType.INTEGER:
        return st.integers(0, 6).map(Decimal)
    return st.sampled_from(NUMBERS)


@st.composite
def requests(draw: st.DrawFn) -> tuple[RulebookSet, DecisionRequest]:
    rb, book, version, item = draw(st.sampled_from(TARGETS))
    specs = sorted(
        (s for n, s in rb.fact_specs(book, item).items() if n not in {"party_kind", "age"}),
        key=lambda s: s.name,
    )
    facts = {s.name: draw(_value(s)) for s in specs if draw(st.integers(0, 19)) > 0}
    start = version.effective_from
    end = version.effective_to or start + dt.timedelta(days=900)
    violation = draw(st.dates(start, end))
    decision = violation + dt.timedelta(days=draw(st.integers(0, 400)))
    history = None
    if draw(st.booleans()):
        codes = [item.code, *(i.code for i in version.items[:2])]
        history = tuple(
            sorted(
                (
                    HistoryEntry(
                        draw(st.sampled_from(codes)),
                        violation - dt.timedelta(days=draw(st.integers(0, 1500))),
                        draw(st.sampled_from([Tier.NO_PENALTY, Tier.ORDINARY, Tier.LIGHTER])),
                    )
                    for _ in range(draw(st.integers(0, 3)))
                ),
                key=lambda h: (h.date, h.item, h.tier.severity),
            )
        )
    party = draw(st.sampled_from(["citizen", "organisation"]))
    birth = None
    if party == "citizen" and draw(st.booleans()):
        birth = violation - dt.timedelta(days=draw(st.integers(12 * 365, 40 * 365)))
    discovered = None
    if draw(st.booleans()):
        discovered = violation + dt.timedelta(
            days=draw(st.integers(0, (decision - violation).days))
        )
    return rb, DecisionRequest(
        item=item.code,
        party_kind=party,
        facts=MappingProxyType(facts),
        violation_date=violation,
        decision_date=decision,
        rulebook=draw(st.sampled_from([None, book.id])),
        birth_date=birth,
        discovered_date=discovered,
        history=history,
    )


def _one(rb: RulebookSet, request: DecisionRequest) -> Decision | dict[str, object]:
    try:
        return decide(rb, request)
    except DecisionInputError as exc:
        return exc.to_json()


def _answer(result: Decision | DecisionInputError) -> Decision | dict[str, object]:
    return result.to_json() if isinstance(result, DecisionInputError) else result


@settings(max_examples=150, deadline=None)
@given(st.lists(requests(), min_size=1, max_size=8))
def test_decide_many_gives_exactly_the_decisions_of_decide_one_by_one_R_DEC_1(
    batch: list[tuple[RulebookSet, DecisionRequest]],
) -> None:
    # requests against two rulebook sets, interleaved: each bulk run sees one set
    for rb in (FIXTURE, SHIPPED):
        mine = [r for s, r in batch if s is rb]
        bulk = [_answer(d) for d in decide_many(rb, mine)]
        assert bulk == [_one(rb, r) for r in mine]


def _fact_value(name: str) -> st.SearchStrategy[Scalar]:
    if name in {"a", "b"}:
        return st.booleans()
    if name == "h":
        return st.sampled_from(["none", "slight", "serious"])
    return st.sampled_from(NUMBERS)


leaves = st.one_of(
    st.builds(Cmp, st.sampled_from(["a", "b"]), st.sampled_from([Op.EQ, Op.NE]), st.booleans()),
    st.builds(Cmp, st.just("h"), st.sampled_from([Op.EQ, Op.NE]), st.sampled_from(["none", "x"])),
    st.builds(Cmp, st.just("n"), st.sampled_from(list(Op)), st.sampled_from(NUMBERS)),
    st.builds(
        In, st.just("h"), st.lists(st.sampled_from(["none", "slight"]), max_size=2).map(tuple)
    ),
    st.builds(In, st.just("n"), st.lists(st.sampled_from(NUMBERS), max_size=2).map(tuple)),
    st.builds(In, st.just("a"), st.lists(st.booleans(), max_size=2).map(tuple)),
)
conditions: st.SearchStrategy[Condition] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(All, st.lists(inner, max_size=3).map(tuple)),
        st.builds(AnyOf, st.lists(inner, max_size=3).map(tuple)),
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    condition=conditions,
    facts=st.fixed_dictionaries(
        {}, optional={name: _fact_value(name) for name in ("a", "b", "h", "n")}
    ),
)
def test_compiled_condition_has_the_three_valued_truth_of_the_condition_R_LIST_3(
    condition: Condition, facts: dict[str, Scalar]
) -> None:
    assert compile_condition(condition)(facts) is _tv(condition, facts)


def test_tables_of_one_rulebook_set_never_answer_for_another_and_stay_bounded() -> None:
    request = DecisionRequest(
        item="T-01",
        party_kind="organisation",
        facts=MappingProxyType(
            {
                "minor": False,
                "harm": "general",
                "corrected_in_time": False,
                "no_fault_proven": False,
                "serious": False,
                "first_violation": False,
            }
        ),
        violation_date=dt.date(2024, 3, 1),
        decision_date=dt.date(2024, 4, 1),
    )
    assert decide(FIXTURE, request).fine is not None
    # the same rulebooks with T-01's statute raised tenfold: a fresh set, fresh tables
    book = FIXTURE.rulebooks[0]
    version = book.versions[1]
    item = version.items[0]
    assert item.code == "T-01"
    assert item.fine is not None
    brackets = tuple(
        dataclasses.replace(
            b, range=dataclasses.replace(b.range, low=b.range.low * 10, high=b.range.high * 10)
        )
        if b.range is not None
        else b
        for b in item.fine.brackets
    )
    changed_item = dataclasses.replace(item, fine=dataclasses.replace(item.fine, brackets=brackets))
    changed = RulebookSet(
        (
            dataclasses.replace(
                book,
                versions=(
                    book.versions[0],
                    dataclasses.replace(version, items=(changed_item, *version.items[1:])),
                    *book.versions[2:],
                ),
            ),
            *FIXTURE.rulebooks[1:],
        )
    )
    before = decide(FIXTURE, request).fine
    after = decide(changed, request).fine
    assert before is not None
    assert after is not None
    assert after.max == before.max * 10
    assert decide(FIXTURE, request).fine == before
    for _ in range(MAX_SETS + 2):
        index_of(RulebookSet(FIXTURE.rulebooks))
    assert len(_INDEXES) <= MAX_SETS


def test_decide_many_pauses_the_collector_only_while_it_decides_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # bulk work runs with the cyclic collector paused (issue #3, Performance), a chunk at a
    # time; the caller's code between two answers runs with the collector as it was, and the
    # answers are those of decide, in order, across chunk boundaries and for bad requests too
    rng = random.Random(5)
    batch: list[DecisionRequest] = []
    book = SHIPPED.rulebooks[0]
    item = next(i for v in book.versions for i in v.items if v.status.value != "draft")
    version = next(v for v in book.versions if v.item(item.code) and v.status.value != "draft")
    for n in range(7):
        facts: dict[str, Scalar] = {"bogus_fact": True} if n == 3 else {}
        batch.append(
            DecisionRequest(
                item=item.code if n != 5 else "NO-SUCH-ITEM",
                party_kind=rng.choice(["citizen", "organisation"]),
                facts=MappingProxyType(facts),
                violation_date=version.effective_from,
                decision_date=version.effective_from + dt.timedelta(days=n),
            )
        )
    seen: list[bool] = []
    real = engine._decide

    def watched(index: Index, rb: RulebookSet, request: DecisionRequest) -> Decision:
        seen.append(gc.isenabled())
        return real(index, rb, request)

    monkeypatch.setattr(engine, "BULK_CHUNK", 3)
    monkeypatch.setattr(engine, "_decide", watched)
    assert gc.isenabled()
    answers = []
    for result in decide_many(SHIPPED, batch):
        assert gc.isenabled()
        answers.append(_answer(result))
    assert seen == [False] * len(batch)
    assert answers == [_one(SHIPPED, r) for r in batch]
    assert isinstance(answers[5], dict)  # the unknown item's error, in its place
    assert gc.isenabled()


def test_decide_many_answers_every_request_given_before_the_iterable_fails_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the chunks change nothing a caller sees: when its iterable raises, every request it gave
    # before has been answered, in order, and then the iterable's own exception comes
    book = SHIPPED.rulebooks[0]
    version = next(v for v in book.versions if v.status.value != "draft" and v.items)
    given = [
        DecisionRequest(
            item=version.items[0].code,
            party_kind="organisation",
            facts=MappingProxyType({}),
            violation_date=version.effective_from,
            decision_date=version.effective_from + dt.timedelta(days=n),
        )
        for n in range(4)
    ]

    def failing() -> Iterator[DecisionRequest]:
        yield from given
        raise ValueError("the fifth line is unreadable")

    monkeypatch.setattr(engine, "BULK_CHUNK", 3)
    answers = []
    with pytest.raises(ValueError, match="fifth line"):
        for result in decide_many(SHIPPED, failing()):
            answers.append(_answer(result))
    assert answers == [_one(SHIPPED, r) for r in given]
    assert gc.isenabled()


def test_decide_many_decides_a_chunk_grouped_by_item_and_answers_in_request_order_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # inside a chunk the requests are decided item by item, which keeps one item's tables in
    # the processor's caches (issue #3, Performance); the caller still gets each answer in its
    # request's place, errors included — an unknown item, and an item that is not text at all
    book = SHIPPED.rulebooks[0]
    version = next(v for v in book.versions if v.status.value != "draft" and len(v.items) >= 2)
    first, second = version.items[0].code, version.items[1].code
    codes: list[object] = [second, first, "NO-SUCH-ITEM", second, None, first, second]
    facts = {code: _plain_facts(book, version, code) for code in (first, second)}
    batch = [
        DecisionRequest(
            item=code,  # type: ignore[arg-type] - None: a caller's bad value, answered in place
            party_kind="organisation",
            facts=MappingProxyType(facts.get(code, {})),  # type: ignore[call-overload]
            violation_date=version.effective_from,
            decision_date=version.effective_from + dt.timedelta(days=n),
        )
        for n, code in enumerate(codes)
    ]
    order: list[object] = []
    real = engine._decide

    def watched(index: Index, rb: RulebookSet, request: DecisionRequest) -> Decision:
        order.append(request.decision_date)
        return real(index, rb, request)

    monkeypatch.setattr(engine, "BULK_CHUNK", 5)
    monkeypatch.setattr(engine, "_decide", watched)
    answers = [_answer(result) for result in decide_many(SHIPPED, batch)]
    # the decision date tells the requests apart: day n is request n. Two chunks (5, then 2),
    # each decided by item code, in request order within a code, a code not text last
    day = [version.effective_from + dt.timedelta(days=n) for n in range(len(codes))]
    grouped = [
        *sorted(range(5), key=lambda n: _code_key(codes[n])),
        *sorted(range(5, 7), key=lambda n: _code_key(codes[n])),
    ]
    assert grouped != list(range(7))  # the batch is not in item order to begin with
    assert order == [day[n] for n in grouped]
    assert answers == [_one(SHIPPED, r) for r in batch]
    assert [a.item if isinstance(a, Decision) else None for a in answers] == [
        c if c in (first, second) else None for c in codes
    ]
    assert isinstance(answers[2], dict)  # the unknown item's error, in its place
    assert isinstance(answers[4], dict)  # and that of the item that is not text


def _code_key(code: object) -> str:
    """How a chunk is ordered: by item code, a code that is not text after every other."""
    return code if isinstance(code, str) else "\U0010ffff"


def _plain_facts(book: Rulebook, version: RulebookVersion, code: str) -> dict[str, Scalar]:
    """Every fact of the item's vocabulary at a plain value: no, the first choice, the least."""
    item = version.item(code)
    assert item is not None
    out: dict[str, Scalar] = {}
    for name, spec in SHIPPED.fact_specs(book, item).items():
        if name in {"party_kind", "age"}:
            continue
        if spec.type is FactType.BOOL:
            out[name] = False
        elif spec.type is FactType.ENUM:
            out[name] = spec.values[0]
        else:
            out[name] = spec.minimum if spec.minimum is not None else Decimal(0)
    return out


def test_deciding_leaves_no_reference_cycle_behind_errors_included_R_DEC_1() -> None:
    # an error's traceback holds the frames it passed through; a frame holding the error (or
    # the batch's answers) makes a cycle that keeps the caller's requests alive until a full
    # collection — hundreds of megabytes in the benchmark (issue #3, Performance)
    book = SHIPPED.rulebooks[0]
    version = next(v for v in book.versions if v.status.value != "draft" and v.items)
    code = version.items[0].code
    facts = _plain_facts(book, version, code)

    def request(given: dict[str, Scalar], item: str = code) -> DecisionRequest:
        return DecisionRequest(
            item=item,
            party_kind="organisation",
            facts=MappingProxyType(given),
            violation_date=version.effective_from,
            decision_date=version.effective_from,
        )

    missing = None  # a fact the rows need left out: an error raised deep in the engine
    for name in sorted(facts):
        candidate = request({k: v for k, v in facts.items() if k != name})
        try:
            engine.decide_uncached(SHIPPED, candidate)
        except DecisionInputError as exc:
            if exc.facts:
                missing = candidate
                break
    assert missing is not None
    batch = [request(facts), missing, request(facts, "NO-SUCH-ITEM"), missing]
    index_of(SHIPPED).memo.clear()  # the missing fact decided in full first, then its template
    gc.collect()
    gc.disable()
    try:
        answers = list(decide_many(SHIPPED, batch))
        assert [isinstance(a, DecisionInputError) for a in answers] == [False, True, True, True]
        index_of(SHIPPED).memo.clear()  # and decide() alone, in full again
        for r in batch:
            with contextlib.suppress(DecisionInputError):
                decide(SHIPPED, r)
        del answers
        assert gc.collect() == 0
    finally:
        gc.enable()
