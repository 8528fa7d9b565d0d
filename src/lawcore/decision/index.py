"""Tables the engine computes once per :class:`RulebookSet` instead of once per request (issue #3,
Performance): which rulebook decides an item, each item's fact specs and refinement codes, each
(version, item)'s inherited fine, penalties, provision and benchmark, row labels, fine tier ranges,
and every condition compiled into a three-valued closure.

Everything here is a pure function of the rulebooks, so caching it changes no result. The cache
holds the few most recently used sets (:data:`MAX_SETS`), keyed by identity and keeping a strong
reference to each so that an identity is never reused while its tables are cached.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from lawcore.rulebook.conditions import (
    All,
    AnyOf,
    Cmp,
    Condition,
    In,
    Not,
    Op,
    evaluate,
)
from lawcore.rulebook.facts import FactSpec
from lawcore.rulebook.model import (
    Benchmark,
    FineSpec,
    PenaltyItem,
    Provision,
    Rulebook,
    RulebookSet,
    StatutoryPenalty,
)
from lawcore.rulebook.tiers import TierRanges

MAX_SETS: Final = 4
"""Rulebook sets whose tables are kept (a server decides against one or two sets at a time)."""
MEMO_SIZE: Final = 100_000
"""Decision templates kept per rulebook set (the oldest dropped first)."""
MAX_DATES: Final = 50_000
"""Dates kept per rulebook (version and threshold in force) before its table is emptied and
refilled."""

Truth = Callable[[Mapping[str, object]], bool | None]
"""A compiled condition: True / False, or None when a fact it needs is missing and the rest cannot
decide (the three-valued truth of ``engine._tv``)."""

_MISSING: Final = object()


def compile_condition(condition: Condition) -> Truth:  # noqa: C901 - one case per node kind
    """``condition`` as a closure with exactly the three-valued semantics of ``engine._tv``."""
    if isinstance(condition, Cmp):
        name, value = condition.fact, condition.value
        if condition.op is Op.EQ and isinstance(value, bool):
            # _same_kind(x, value) and x == value ⟺ x is value, for a bool literal
            def eq_bool(facts: Mapping[str, object]) -> bool | None:
                x = facts.get(name, _MISSING)
                return None if x is _MISSING else x is value

            return eq_bool

        def cmp(facts: Mapping[str, object]) -> bool | None:
            return evaluate(condition, facts) if name in facts else None

        return cmp
    if isinstance(condition, In):
        name = condition.fact
        if condition.values and all(type(v) is str for v in condition.values):
            allowed = frozenset(condition.values)

            def in_text(facts: Mapping[str, object]) -> bool | None:
                x = facts.get(name, _MISSING)
                if x is _MISSING:
                    return None
                return type(x) is str and x in allowed

            return in_text

        def member(facts: Mapping[str, object]) -> bool | None:
            return evaluate(condition, facts) if name in facts else None

        return member
    if isinstance(condition, Not):
        inner = compile_condition(condition.item)

        def negation(facts: Mapping[str, object]) -> bool | None:
            value = inner(facts)
            return None if value is None else not value

        return negation
    parts = tuple(compile_condition(c) for c in condition.items)
    if isinstance(condition, All):
        if not parts:
            return _true
        if len(parts) == 1:
            return parts[0]

        def conjunction(facts: Mapping[str, object]) -> bool | None:
            unknown = False
            for part in parts:
                value = part(facts)
                if value is False:
                    return False
                if value is None:
                    unknown = True
            return None if unknown else True

        return conjunction
    assert isinstance(condition, AnyOf)
    if not parts:
        return _false

    def disjunction(facts: Mapping[str, object]) -> bool | None:
        unknown = False
        for part in parts:
            value = part(facts)
            if value is True:
                return True
            if value is None:
                unknown = True
        return None if unknown else False

    return disjunction


def _true(facts: Mapping[str, object]) -> bool | None:
    return True


def _false(facts: Mapping[str, object]) -> bool | None:
    return False


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """An item as a rulebook holds it (first version holding it): the facts a request may give
    (the set's vocabulary for the item plus ``extra``) and the codes of its refinement chain."""

    item: PenaltyItem
    specs: Mapping[str, FactSpec]
    codes: frozenset[str]
    book_specs: Mapping[str, FactSpec]
    """The rulebook's vocabulary without the item's own facts (the corrective path's options)."""
    signatures: dict[tuple[object, ...], int] = field(default_factory=dict)
    """Values of the facts the engine reads itself → the number of what it makes of them
    (``engine._signature``; filled on first use)."""
    summaries: dict[tuple[object, ...], int] = field(default_factory=dict)
    """What the engine makes of those values → its number (the values of ``signatures``)."""
    numbers: Iterator[int] = field(default_factory=itertools.count)
    """The numbers given to new entries of :attr:`summaries`, never one twice: templates keyed
    with a number outlive the tables, which are emptied when full (``engine._signature``).
    ``next`` on it is one C-level step, so two threads never take the same number."""


@dataclass(slots=True)
class VersionItem:
    """One item of one version with what it inherits from the items it refines."""

    item: PenaltyItem
    fine: FineSpec | None
    penalties: tuple[StatutoryPenalty, ...]
    provision: Provision | None
    benchmark: Benchmark | None
    labels: dict[str, str] = field(default_factory=dict)
    """Row id → row label (filled on first use)."""
    ranges: dict[int, TierRanges] = field(default_factory=dict)
    """Bracket index → its tier ranges (filled on first use)."""


@dataclass(slots=True)
class Index:
    """The per-set tables; filled lazily, each entry a pure function of the set."""

    rulebooks: RulebookSet
    books: dict[str, Rulebook] = field(default_factory=dict)
    resolved: dict[tuple[str, str | None], Rulebook | tuple[str, str, str]] = field(
        default_factory=dict
    )
    items: dict[tuple[str, str], ItemInfo] = field(default_factory=dict)
    version_items: dict[tuple[int, str], VersionItem | None] = field(default_factory=dict)
    truths: dict[int, tuple[Condition, Truth]] = field(default_factory=dict)
    plans: dict[tuple[int, str, int, int], object] = field(default_factory=dict)
    """(book, item, version at each date) → the situation-key plan (``engine._Plan``)."""
    dates: dict[int, dict[object, tuple[object, int]]] = field(default_factory=dict)
    """Book identity → date → the version in force then and the identity of the APL 63
    threshold row in force then (``engine._on``; each book's table cleared at
    :data:`MAX_DATES`)."""
    routes: dict[tuple[object, object], tuple[object, ...]] = field(default_factory=dict)
    """(item, rulebook id asked for) → the deciding rulebook, the item's :class:`ItemInfo`, the
    book's table of :attr:`dates` and the item's plans by the versions' identities
    (``engine._Route``): one lookup a request instead of five."""
    memo: OrderedDict[tuple[object, ...], object] = field(default_factory=OrderedDict)
    """Situation key → decision template (``engine._Template``), oldest first; at most
    :data:`MEMO_SIZE` entries, the oldest dropped first (first in, first out: a hit does not
    move its entry, see ``engine._lookup``). A situation still in use that is dropped is
    decided once more and kept again."""
    memo_lock: threading.Lock = field(default_factory=threading.Lock)
    variants: dict[tuple[object, ...], object] = field(default_factory=dict)
    """A corrective-path variant's key → what it decides (``engine._variant_cached``; emptied
    when it reaches :data:`MEMO_SIZE` entries)."""

    def truth(self, condition: Condition) -> Truth:
        found = self.truths.get(id(condition))
        if found is not None and found[0] is condition:
            return found[1]
        compiled = compile_condition(condition)
        self.truths[id(condition)] = (condition, compiled)
        return compiled


_LOCK = threading.Lock()
_INDEXES: OrderedDict[int, Index] = OrderedDict()


def index_of(rulebooks: RulebookSet) -> Index:
    """The tables of ``rulebooks`` (built empty on first use; at most :data:`MAX_SETS` kept)."""
    key = id(rulebooks)
    with _LOCK:
        found = _INDEXES.get(key)
        if found is not None and found.rulebooks is rulebooks:
            _INDEXES.move_to_end(key)
            return found
        index = Index(rulebooks, {b.id: b for b in reversed(rulebooks.rulebooks)})
        _INDEXES[key] = index
        while len(_INDEXES) > MAX_SETS:
            _INDEXES.popitem(last=False)
        return index


__all__ = [
    "MAX_DATES",
    "MAX_SETS",
    "MEMO_SIZE",
    "Index",
    "ItemInfo",
    "Truth",
    "VersionItem",
    "compile_condition",
    "index_of",
]
