"""The fast path of ``decide`` (issue #3, Performance; R-DEC-1) against the reference
``decide_uncached``, on requests generated exactly as the benchmark ``bench/decide.py`` makes them:
every item of every shipped rulebook version, histories, birth and discovery dates, versions
changing between the two dates, a fact left out now and then.

The fast path answers from a memo keyed by a *situation* — the generated fact check and
condition grid (``lawcore.decision.compiled``) and a signature of what the engine makes of the
facts it reads itself (``engine._signature``): APL 33's verdicts rather than its five facts, the
APL 32 grounds rather than four facts, which corrections are open. So two requests that differ
in such a fact share a template whenever the engine makes the same of them; the sibling tests
below decide, right after each request, the same request with one of those facts changed, so
that they meet each other's templates. Every answer must equal the reference: ``==`` and
``to_json()``, and the same error for a bad request."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import itertools
import random
import sys
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

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
from lawcore.decision.engine import CORRECTIONS, DIRECT_FACTS, decide_uncached
from lawcore.decision.index import index_of
from lawcore.rulebook import RulebookSet
from lawcore.rulebook.conditions import Scalar
from lawcore.rulebook.facts import FactType
from lawcore.rulebook.model import Lookback, Tier
from tests.lawcore.decision.test_bulk import SHIPPED
from tests.lawcore.decision.test_memo import _shifted

ROOT = Path(__file__).resolve().parents[3]


def _bench() -> ModuleType:
    """``bench/decide.py`` as a module (its request generator is the one under test)."""
    name = "_prudent_bench_decide"
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "decide.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
PUBLISHED: RulebookSet = BENCH.published_set(ROOT / "rulebooks")
"""The set the benchmark decides against: the shipped rulebooks without their drafts."""
SETS = {"published": PUBLISHED, "shipped": SHIPPED}
"""…and the shipped set as loaded, drafts included (drafts never decide)."""
TARGETS = {name: BENCH.targets(rb) for name, rb in SETS.items()}


def _clear(rb: RulebookSet) -> None:
    """Empty the situation memo and the corrective path's variant memo of ``rb``."""
    index = index_of(rb)
    index.memo.clear()
    index.variants.clear()


def _answer(rb: RulebookSet, request: DecisionRequest, *, fast: bool) -> object:
    try:
        decision = decide(rb, request) if fast else decide_uncached(rb, request)
    except DecisionInputError as exc:
        return ("error", exc.to_json())
    assert isinstance(decision, Decision)
    return (decision, decision.to_json())


def _same(rb: RulebookSet, request: DecisionRequest) -> None:
    fast, reference = _answer(rb, request, fast=True), _answer(rb, request, fast=False)
    assert fast == reference, request


def _siblings(rb: RulebookSet, request: DecisionRequest) -> list[DecisionRequest]:  # noqa: C901
    """``request`` with one fact the engine reads itself changed (a yes/no fact flipped or
    dropped, an enumeration set to each of its values), the other party kind, and a citizen at
    other ages."""
    book = next(b for b in rb.rulebooks if any(v.item(request.item) for v in b.versions))
    item = next(i for v in book.versions for i in v.items if i.code == request.item)
    specs = rb.fact_specs(book, item)
    out = []
    for name in DIRECT_FACTS:
        spec = specs.get(name)
        if spec is None:
            continue
        values: list[Scalar | None] = (
            [True, False, None] if spec.type is FactType.BOOL else [*spec.values, None]
        )
        for value in values:
            facts = dict(request.facts)
            if value is None:
                facts.pop(name, None)
            else:
                facts[name] = value
            if facts != dict(request.facts):
                out.append(dataclasses.replace(request, facts=MappingProxyType(facts)))
    if request.birth_date is None:  # the other party kind: the same template, its procedure
        other = "organisation" if request.party_kind == "citizen" else "citizen"
        out.append(dataclasses.replace(request, party_kind=other))
    if request.party_kind == "citizen":  # APL 30: the age at the violation, around 14 and 18
        for years in (None, 13, 14, 15, 17, 18, 19, 40):
            birth = None
            if years is not None:
                birth = request.violation_date - dt.timedelta(days=365 * years + years // 4 + 3)
            if birth != request.birth_date:
                out.append(dataclasses.replace(request, birth_date=birth))
    return out


def _bench_requests(name: str, per_target: int, seed: int) -> list[DecisionRequest]:
    rng = random.Random(seed)
    return [BENCH.make_request(rng, target) for target in TARGETS[name] for _ in range(per_target)]


def test_bench_requests_cold_warm_and_shifted_match_the_reference_R_DEC_1() -> None:
    # every shipped (version, item), both sets: cold (memo empty: misses, and hits between
    # different requests of the same situation), warm (every answer a template), then shifted
    for seed, name in enumerate(SETS):
        rb = SETS[name]
        batch = _bench_requests(name, 12, 100 + seed)
        _clear(rb)
        for request in batch + batch + [_shifted(r, 9) for r in batch]:
            _same(rb, request)


def test_bench_requests_and_their_siblings_match_the_reference_R_DEC_1() -> None:
    # a request, then the same request with one APL 32 / 33 / correction / procedure fact
    # changed: situations shared through the signature, not through equal facts
    for seed, name in enumerate(SETS):
        rb = SETS[name]
        _clear(rb)
        for request in _bench_requests(name, 3, 200 + seed):
            _same(rb, request)
            for sibling in _siblings(rb, request):
                _same(rb, sibling)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(SETS)),
    seeds=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=6),
    target=st.integers(0, 10_000),
    same_target=st.booleans(),
    clear=st.booleans(),
)
def test_bench_like_requests_from_hypothesis_match_the_reference_R_DEC_1(
    name: str, seeds: list[int], target: int, same_target: bool, clear: bool
) -> None:
    rb, targets = SETS[name], TARGETS[name]
    if clear:
        _clear(rb)
    batch = []
    for i, seed in enumerate(seeds):
        rng = random.Random(seed)
        t = targets[(target if same_target else target + i) % len(targets)]
        request = BENCH.make_request(rng, t)
        batch += [request, *_siblings(rb, request)[: 1 + seed % 5]]
    for request in batch + batch:
        _same(rb, request)


def _with_bases(
    request: DecisionRequest, factors: tuple[str, ...] = ("1.01", "1.37", "0.5")
) -> list[DecisionRequest]:
    """``request`` with each amount in yuan it gives (the base of a fine in multiples, among
    others) multiplied by each of ``factors`` (by default a little: mostly the same situation
    but for the base amounts)."""
    out = []
    for name, value in request.facts.items():
        if name.endswith("_yuan") and isinstance(value, Decimal) and value > 0:
            for factor in factors:
                facts = {**request.facts, name: (value * Decimal(factor)).quantize(Decimal("0.01"))}
                out.append(dataclasses.replace(request, facts=MappingProxyType(facts)))
    return out


def _checked(
    rb: RulebookSet, request: DecisionRequest
) -> tuple[engine._Checked, tuple[object, ...] | None] | None:
    """What ``decide`` resolves and checks of ``request`` (rulebook, item, facts) and its
    situation key; None when the request is refused before."""
    index = index_of(rb)
    try:
        book = engine._resolve(rb, request)
        info = engine._item_info(index, book, request.item)
        facts, _, situation = engine._checked_situation(
            index, engine._route(index, rb, request), request
        )
    except DecisionInputError:
        return None
    return (book, info, facts), situation


def _variants_checked(rb: RulebookSet, request: DecisionRequest) -> int:
    """Compare every corrective-path variant of ``request`` as the variant memo answers it
    with the variant decided in full from scratch; the number compared."""
    found = _checked(rb, request)
    if found is None or found[1] is None:
        return 0
    checked, situation = found
    info = checked[1]
    options = [
        (name, value)
        for name, value, _ in CORRECTIONS
        if name in info.book_specs and request.facts.get(name) != value
    ]
    compared = 0
    for size in (1, 2, 3):
        for combo in itertools.combinations(options, size):
            changes = dict(combo)
            changed = request.with_facts(**changes)
            changed_checked = engine._changed(checked, changes)
            if changed_checked is None:
                continue
            fast = engine._variant_cached(rb, changed, changed_checked, situation)
            try:
                reference = engine._variant(rb, changed)
            except DecisionInputError:
                reference = None
            got = None if fast is None else (fast.tier, fast.fine, fast.clause, fast.rows)
            want = (
                None
                if reference is None
                else (reference.tier, reference.fine, reference.clause, reference.rows)
            )
            assert got == want, (request, changes)
            compared += 1
    return compared


def test_the_variant_memo_answers_what_the_changed_request_decides_R_DEC_1() -> None:
    # the corrective path's variants (R-DEC-1: the smallest change giving a lighter tier) come
    # from a memo keyed without the base amounts of a fine in multiples when one version
    # decides: requests differing only in those amounts share its entries, and each must still
    # get its own fine (tier, fine, clause and rows equal to the variant decided in full)
    for seed, name in enumerate(SETS):
        rb = SETS[name]
        _clear(rb)
        compared = 0
        scaled = 0
        for request in _bench_requests(name, 4, 300 + seed):
            for one in (request, *_with_bases(request)):
                compared += _variants_checked(rb, one)
        for entry in index_of(rb).variants.values():
            scaled += entry is not None and entry.scale is not None  # type: ignore[attr-defined]
        assert compared > 1_000
        assert scaled > 10  # fines in multiples were among them


WIDE = ("0.01", "0.5", "1.01", "1.37", "3", "20", "100")
"""From a hundredth to a hundredfold: fines in multiples on both sides of the simple-procedure
and hearing amounts."""


def test_requests_differing_only_in_base_amounts_match_the_reference_R_DEC_1() -> None:
    # when one version decides, requests that differ only in the base amount of a fine in
    # multiples share one template; each must still get its own fine, the reason stating it,
    # and the procedure and citations that follow from it (simple procedure, hearing, 集体讨论)
    for seed, name in enumerate(SETS):
        rb = SETS[name]
        _clear(rb)
        shared: dict[tuple[object, ...], set[object]] = {}
        for request in _bench_requests(name, 6, 400 + seed):
            for one in (request, *_with_bases(request, WIDE)):
                _same(rb, one)
                found = _checked(rb, one)
                key = found[1] if found is not None else None
                entry = index_of(rb).memo.get(key) if key is not None else None
                if isinstance(entry, engine._Template) and entry.scale is not None:
                    decision = decide(rb, one)
                    assert decision.fine is not None
                    shared.setdefault(key, set()).add((decision.fine, decision.procedure))  # type: ignore[arg-type]
        assert len(shared) > 20  # fines in multiples were among them, kept unmultiplied
        # one template answered different fines, and different procedures
        assert any(len({fine for fine, _ in answers}) > 3 for answers in shared.values())
        assert any(len({proc for _, proc in answers}) > 1 for answers in shared.values())


def test_one_history_answers_each_lookback_inside_its_own_window_R_DEC_3() -> None:
    """The history a request carries is asked about several lookbacks (the item's, a row's);
    it remembers its answers by the lookback's identity, and two lookbacks — even two made and
    dropped in turn, which may take the same address — each get the earlier violations inside
    their own window, asked in any order and again."""
    violation = dt.date(2026, 6, 30)
    entries = (
        HistoryEntry("X-1", dt.date(2024, 9, 1), Tier.ORDINARY),
        HistoryEntry("X-1", dt.date(2026, 5, 1), Tier.NO_PENALTY),
        HistoryEntry("Y-9", dt.date(2026, 6, 1), Tier.ORDINARY),
    )
    history = engine._History(frozenset({"X-1"}), entries, violation)
    two_years, one_year = Lookback(years=2), Lookback(years=1)
    for _ in range(2):
        assert history.earlier(two_years) == entries[:2]
        assert history.earlier(one_year) == entries[1:2]
        assert history.earlier(None) == entries[:2]
        assert history.earlier(Lookback(days=30)) == ()
        assert history.earlier(Lookback(calendar_year=True)) == entries[1:2]


def test_a_history_keeps_its_own_no_penalty_decisions_of_the_item_R_DEC_3() -> None:
    """Whether the party was let off before (the stricter standard) is asked of a history two or
    three times a request and kept once computed: each history keeps its own answer — the
    entries of its own codes decided ``no_penalty`` — however often and in whatever order two
    histories are asked."""
    violation = dt.date(2026, 6, 30)
    entries = (
        HistoryEntry("X-1", dt.date(2024, 9, 1), Tier.ORDINARY),
        HistoryEntry("X-1", dt.date(2026, 5, 1), Tier.NO_PENALTY),
        HistoryEntry("Y-9", dt.date(2026, 6, 1), Tier.NO_PENALTY),
    )
    let_off = engine._History(frozenset({"X-1"}), entries, violation)
    not_let_off = engine._History(frozenset({"X-1"}), entries[:1], violation)
    other_item = engine._History(frozenset({"Y-9"}), entries, violation)
    for _ in range(2):
        assert let_off.no_penalty_before() == entries[1:2]
        assert not_let_off.no_penalty_before() == ()
        assert other_item.no_penalty_before() == entries[2:]


def _ill_typed(request: DecisionRequest, rng: random.Random) -> list[DecisionRequest]:
    """``request`` with one fact the engine's check refuses or must look at twice: a yes/no fact
    as 1 or "true", a number as an ``int`` or a ``float``, a negative, fractional or not finite
    amount, an enumeration value that is not one, an unknown name, the party kind given as a fact."""
    out = []
    facts = dict(request.facts)
    for name, value in sorted(facts.items()):
        changes: list[object] = []
        if isinstance(value, bool):
            changes = [int(value), "true"]
        elif isinstance(value, Decimal):
            changes = [int(value), float(value), Decimal("-1"), value + Decimal("0.5")]
            changes += [Decimal(x) for x in ("NaN", "sNaN", "Infinity", "-Infinity")]
        elif isinstance(value, str):
            changes = ["no such value", 0]
        for changed in changes:
            out.append(
                dataclasses.replace(request, facts=MappingProxyType({**facts, name: changed}))
            )
    for extra in ({"no_such_fact": True}, {"party_kind": "citizen"}, {"party_kind": "robot"}):
        out.append(dataclasses.replace(request, facts=MappingProxyType({**facts, **extra})))
    rng.shuffle(out)
    return out[:8]


def _grid(plan: engine._Plan, facts: dict[str, Scalar]) -> tuple[int, ...]:
    """The grid as the engine's own three-valued truth (``_tv``) gives it: each condition on the
    facts, a group's conditions with its special facts set to each combination of true, false
    and absent (0 false, 1 unknown, 2 true)."""
    as_int = {True: 2, None: 1, False: 0}
    out = []
    for mentioned, conditions in plan.conditions:
        for combo in itertools.product((True, False, None), repeat=len(mentioned)):
            given = {k: v for k, v in facts.items() if k not in mentioned}
            given.update({k: v for k, v in zip(mentioned, combo, strict=True) if v is not None})
            out.extend(as_int[engine._tv(c, given)] for c in conditions)
    return tuple(out)


def test_the_one_pass_scan_gives_what_the_check_grid_and_direct_reads_give_R_DEC_1() -> None:
    # compile_scan reads each fact once for the check, the grid and the direct facts: it must
    # refuse exactly what the engine's own check refuses, write the party kind and age as the
    # engine sets them, and give exactly the conditions' truths and the direct facts' values
    rng = random.Random(7)
    compared = refused = 0
    for name, rb in SETS.items():
        index = index_of(rb)
        for request in _bench_requests(name, 4, 300):
            for r in [request, *_ill_typed(request, rng)]:
                try:
                    book = engine._resolve(rb, r)
                except DecisionInputError:
                    continue
                info = engine._item_info(index, book, r.item)
                old = engine._in_force(index, book, r.violation_date)
                new = engine._in_force(index, book, r.decision_date)
                plan = engine._plan(index, book, info, r.item, old, new)
                copy = dict(r.facts)
                scanned = plan.scan(copy, r.party_kind, r.birth_date, r.violation_date)
                try:  # the reference: the engine's own check, fact by fact
                    expected = engine._facts(info, r)
                except DecisionInputError:
                    assert scanned is None, r
                    assert copy == dict(r.facts), r  # refused: nothing written
                    refused += 1
                    continue
                assert scanned is not None, r  # none of these values needs a second look
                assert copy == expected, r
                grid, direct = scanned
                assert grid == _grid(plan, expected), r
                assert direct == tuple(map(expected.get, DIRECT_FACTS)), r
                compared += 1
    assert compared > 1000
    assert refused > 500


class _Amount(Decimal):
    """A number the engine's own check takes (it is a ``Decimal``) and the scan does not (it is
    not exactly one). Conditions (``_tv``) do not take it as a number of their kind, where a
    generated comparison would: keyed by such comparisons, it met the template of the plain
    request with the same amounts, and answered with that request's benchmark circumstance."""


def test_a_fact_only_the_engines_own_check_takes_is_decided_from_scratch_R_DEC_1() -> None:
    rb = PUBLISHED
    index = index_of(rb)
    _clear(rb)
    unkeyed = 0
    for request in _bench_requests("published", 2, 400):
        facts = dict(request.facts)
        amounts = {n: _Amount(v) for n, v in facts.items() if isinstance(v, Decimal)}
        if not amounts:
            continue
        changed = dataclasses.replace(request, facts=MappingProxyType({**facts, **amounts}))
        try:
            route = engine._route(index, rb, changed)
        except DecisionInputError:
            continue
        checked = engine._checked_situation(index, route, changed)
        assert checked[2] is None  # no situation key: decided from scratch, never kept
        unkeyed += 1
        _same(rb, changed)
        _same(rb, changed)
        _same(rb, request)  # the plain request is not answered from the other's decision
    assert unkeyed > 100


def test_a_route_is_kept_per_rulebook_asked_for_and_errors_are_never_kept_R_DEC_1() -> None:
    """``decide`` finds a request's rulebook, item and plans by one lookup of the item and the
    rulebook id the request names (``engine._Route``). Naming the deciding rulebook and naming
    none are two routes that decide alike; naming an unknown one is refused every time, also
    after the item was decided, and is never kept as a route."""
    rb = PUBLISHED
    _clear(rb)
    index = index_of(rb)
    unnamed = [dataclasses.replace(r, rulebook=None) for r in _bench_requests("published", 1, 11)]
    request = next(r for r in unnamed if _resolves(rb, r))  # its item needs no rulebook named
    index.routes.clear()
    book = engine._resolve(rb, request)
    named = dataclasses.replace(request, rulebook=book.id)
    unknown = dataclasses.replace(request, rulebook="no-such-rulebook")
    for r in (request, named, unknown, request, unknown, named):
        _same(rb, r)
    assert _answer(rb, unknown, fast=True)[0] == "error"
    assert set(index.routes) == {(request.item, None), (request.item, book.id)}
    assert index.routes[(request.item, None)][0] is book


def _resolves(rb: RulebookSet, request: DecisionRequest) -> bool:
    try:
        engine._resolve(rb, request)
    except DecisionInputError:
        return False
    return True


def test_what_is_in_force_on_each_date_may_be_forgotten_at_any_time_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The version and the APL 63 threshold in force on a date are kept per rulebook and date
    (``engine._on``) and the table is emptied when it is full; with room for two dates only, so
    that it is emptied again and again, often between a request's two dates, every answer
    still equals the reference, versions changing between the dates (APL 37) included."""
    monkeypatch.setattr(engine, "MAX_DATES", 2)
    rb = PUBLISHED
    _clear(rb)
    index = index_of(rb)
    index.dates.clear()
    straddling = 0
    for request in _bench_requests("published", 2, 12):
        _same(rb, request)
        try:
            route = engine._route(index, rb, request)
        except DecisionInputError:
            continue
        old, new, _, _ = engine._plan_of(index, route, request)
        straddling += old is not new
        assert all(len(table) <= 2 for table in index.dates.values())
    assert straddling > 0


def test_a_version_only_in_force_at_the_decision_date_takes_each_requests_date_R_DEC_1() -> None:
    """A violation before a rulebook's first published version is decided under the version in
    force at the decision date alone (APL 37), so the decision lists one version, under the
    decision date's role. Requests differing only in the decision date share that situation's
    template, which gives each its own date: every answer equals the reference, and the later
    ones come from the kept template."""
    rb = PUBLISHED
    _clear(rb)
    index = index_of(rb)
    rng = random.Random(41)
    answered = 0
    for target in TARGETS["published"]:
        first = min(v.effective_from for v in target.book.versions)
        if target.version.effective_from != first:
            continue
        request = dataclasses.replace(
            BENCH.make_request(rng, target),
            violation_date=first - dt.timedelta(days=30),
            decision_date=first + dt.timedelta(days=5),
            discovered_date=None,
            birth_date=None,  # no APL 30 decision, which lists no version
        )
        try:
            decide_uncached(rb, request)
        except DecisionInputError:
            continue
        for days in (5, 6, 19, 40):
            later = dataclasses.replace(request, decision_date=first + dt.timedelta(days=days))
            _same(rb, later)
            found = _checked(rb, later)
            assert found is not None
            assert found[1] is not None
            template = index.memo.get(found[1])
            if isinstance(template, engine._Template) and days != 5:
                assert len(template.version_roles) == 1
                assert decide(rb, later).versions[0].date == later.decision_date
                answered += 1
    assert answered >= 9  # at least three items, each answered from its template


def test_a_signature_number_never_stands_for_two_things_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The situation key holds a number for what the engine makes of the facts it reads itself
    (``engine._signature``), and an item's tables of those numbers are emptied when they are
    full (``MAX_SIGNATURES``). The templates keyed with the numbers before stay in the memo, so
    a number given before must never be given again to something else: with room for two
    signatures only, requests and their siblings (which differ in exactly those facts) still
    get the reference answers."""
    monkeypatch.setattr(engine, "MAX_SIGNATURES", 2)
    rb = PUBLISHED
    _clear(rb)
    for info in index_of(rb).items.values():
        info.signatures.clear()
        info.summaries.clear()
    for request in _bench_requests("published", 2, 31):
        for one in (request, *_siblings(rb, request)):
            _same(rb, one)


def test_two_new_signatures_made_at_once_get_two_numbers_R_DEC_1() -> None:
    """A server decides in several threads, and a thread can be switched out after it took a
    number for a new signature and before it stored it (storing hashes the signature's parts,
    some by Python code). Another thread's new signature then must not take the same number,
    or their situations would share templates. The switch is simulated without threads:
    storing the first signature makes the second."""
    rb = BENCH.published_set(ROOT / "rulebooks")  # a set of its own: its tables are changed
    index = index_of(rb)
    request = _bench_requests("published", 1, 51)[0]
    info = engine._route(index, rb, request).info
    absent: tuple[Scalar | None, ...] = tuple(None for _ in DIRECT_FACTS)
    corrected = tuple(True if name == "corrected_in_time" else None for name in DIRECT_FACTS)
    inner: list[int] = []
    switched: list[bool] = []

    class Interleaved(dict[tuple[object, ...], int]):
        def __setitem__(self, key: tuple[object, ...], value: int) -> None:
            if not switched:  # the other thread runs now, before this store
                switched.append(True)
                inner.append(engine._signature(info, corrected, False))
            super().__setitem__(key, value)

    object.__setattr__(info, "summaries", Interleaved())
    outer = engine._signature(info, absent, False)
    assert inner
    assert outer != inner[0]
    assert sorted(info.summaries.values()) == sorted([outer, inner[0]])


def test_an_item_has_one_table_of_signatures_even_when_two_threads_make_it_R_DEC_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An item's signature numbers are counted in its ``ItemInfo``; two of them in use for one
    item would each give out the same numbers for different signatures. When two threads
    make the item's info at once (simulated: making the first makes the second), both must
    end up with the same one."""
    rb = BENCH.published_set(ROOT / "rulebooks")  # a set of its own: its tables are changed
    index = index_of(rb)
    request = _bench_requests("published", 1, 52)[0]
    book = engine._resolve(rb, request)
    made = engine.ItemInfo
    other: list[object] = []

    def interleaved(*args: Any) -> object:
        if not other:  # the other thread runs now, after this one looked and found none
            other.append(None)
            other[0] = engine._item_info(index, book, request.item)
        return made(*args)

    monkeypatch.setattr(engine, "ItemInfo", interleaved)
    first = engine._item_info(index, book, request.item)
    assert first is other[0]
    assert engine._item_info(index, book, request.item) is first
