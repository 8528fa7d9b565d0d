"""`prudent-draw/1`: commitment, seeded stratified draw and verifiable inspector assignment.

The full specification, with a worked example and an independent reference script, is in
`docs/draw-protocol.md`; this module is its implementation (R-INSP-1, 双随机、一公开).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, partial
from itertools import chain, compress, islice, repeat
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np

from lawcore.collector import collector_paused
from lawcore.sampling import bulk
from lawcore.sampling.bulk import Ints
from lawcore.sampling.errors import DrawFailure, DrawInputError
from lawcore.sampling.inputs import Inspectors, Population
from lawcore.sampling.keys import all_drawable, default_workers, entity_digests, key_prefix

PROTOCOL = "prudent-draw/1"
DEFAULT_PER_ENTITY = 2
SEED_MIN_DIGITS = 20
_SEED = re.compile(r"[0-9]{20,}")


def canonical_quota(value: str | Decimal, stratum: str = "?") -> str:
    """`format(Decimal(q).normalize(), "f")` of a ratio in [0, 1]; refuse anything else."""
    try:
        q = value if isinstance(value, Decimal) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise DrawInputError(f"quota for stratum {stratum!r}: {value!r} is not a decimal") from None
    if not q.is_finite():
        raise DrawInputError(f"quota for stratum {stratum!r}: {value!r} is not a decimal")
    if q < 0 or q > 1:
        raise DrawInputError(f"quota for stratum {stratum!r}: {value!r} is outside [0, 1]")
    return format(q.normalize(), "f")


def stratum_draw_size(size: int, quota: str) -> int:
    """n = min(N, ⌈q·N⌉), computed exactly."""
    num, den = Decimal(quota).as_integer_ratio()
    return min(size, -(-num * size // den))


def validate_seed(seed: str) -> str:
    if not isinstance(seed, str) or not _SEED.fullmatch(seed):
        shown = seed if isinstance(seed, str) and len(seed) <= 80 else f"{str(seed)[:80]}…"
        raise DrawInputError(
            f"seed {shown!r} must be at least {SEED_MIN_DIGITS} decimal digits (0-9) and nothing else"
        )
    return seed


def canonical_json(obj: Mapping[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Commitment:
    task: str
    population: str
    inspectors: str
    quotas: Mapping[str, str]
    per_entity: int

    def fields(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "task": self.task,
            "population": self.population,
            "inspectors": self.inspectors,
            "quotas": dict(sorted(self.quotas.items())),
            "per_entity": self.per_entity,
        }

    @cached_property
    def hex(self) -> str:
        return hashlib.sha256(canonical_json(self.fields())).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        """The commitment object plus its hash, as published before the seed exists."""
        return {**self.fields(), "commitment": self.hex}


def commit(
    task: str,
    population: Population,
    inspectors: Inspectors,
    quotas: Mapping[str, str | Decimal],
    per_entity: int = DEFAULT_PER_ENTITY,
) -> Commitment:
    """Check the inputs against each other and fix them in a commitment."""
    if not isinstance(task, str) or not task.strip():
        raise DrawInputError("task: the task id must not be empty")
    if isinstance(per_entity, bool) or not isinstance(per_entity, int) or per_entity < 1:
        raise DrawInputError(f"per_entity: {per_entity!r} must be a whole number ≥ 1")
    canonical = {str(s): canonical_quota(q, str(s)) for s, q in quotas.items()}
    missing = sorted(set(population.sizes) - set(canonical))
    if missing:
        s = missing[0]
        raise DrawInputError(
            f"stratum {s!r} ({population.sizes[s]} entities) has no quota; "
            f"quotas given for: {', '.join(sorted(canonical)) or 'none'}"
        )
    if len(inspectors.roster) < per_entity:
        raise DrawInputError(
            f"per_entity is {per_entity} but there are only {len(inspectors.roster)} inspectors"
        )
    return Commitment(task, population.digest, inspectors.digest, canonical, per_entity)


def entity_key(seed: str, commitment: str, entity_id: str) -> str:
    """SHA-256 hex of `{seed}|{commitment}|{id}`."""
    return hashlib.sha256(f"{seed}|{commitment}|{entity_id}".encode()).hexdigest()


def assignment_start(seed: str, commitment: str, entity_id: str, j: int, roster_size: int) -> int:
    """int(SHA-256 hex of `{seed}|{commitment}|{id}|{j}`, 16) mod roster size."""
    digest = hashlib.sha256(f"{seed}|{commitment}|{entity_id}|{j}".encode()).hexdigest()
    return int(digest, 16) % roster_size


class Selected(NamedTuple):
    """One drawn entity: its id, stratum, key (hex) and inspectors in the order chosen.

    A named tuple rather than a dataclass: a draw of ten million entities makes hundreds of
    thousands of them, and a tuple is built several times faster.
    """

    id: str
    stratum: str
    key: str
    inspectors: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stratum": self.stratum,
            "key": self.key,
            "inspectors": list(self.inspectors),
        }


@dataclass(frozen=True)
class DrawResult:
    commitment: Commitment
    seed: str
    strata: Mapping[str, tuple[int, int]]  # stratum -> (size, drawn)
    selected: tuple[Selected, ...]

    def fields(self) -> dict[str, Any]:
        """The result JSON's fields but `selected`."""
        return {
            **self.commitment.fields(),
            "commitment": self.commitment.hex,
            "seed": self.seed,
            "strata": {
                s: {"size": size, "drawn": drawn}
                for s, (size, drawn) in sorted(self.strata.items())
            },
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.fields(),
            "selected": [
                {"id": i, "stratum": s, "key": k, "inspectors": list(team)}
                for i, s, k, team in self.selected
            ],
        }


def _candidate_threshold(size: int, n: int) -> bytes:
    """A byte string above the n smallest of `size` uniform keys with overwhelming probability.

    Only speed depends on it: a stratum that comes up short is redrawn over all its keys.
    """
    if n == 0:
        return b""
    share = (n + 8 * math.sqrt(n) + 16) / size
    if share >= 1:
        return b"\xff" * 33  # above every 32-byte digest
    return int(share * 2**64).to_bytes(8, "big")


def _stratum_keys(
    population: Population, stratum: str, prefix: bytes
) -> list[tuple[str, str, str]]:
    """(key hex, id, stratum) of every entity of the stratum: the fallback of a short stratum."""
    code = stratum.encode()
    members = list(compress(population.ids, (s == code for s in population.strata)))
    return [
        (d.hex(), i.decode(), stratum)
        for d, i in zip(entity_digests(prefix, members), members, strict=True)
    ]


def select(
    population: Population, commitment: Commitment, seed: str, workers: int | None = None
) -> list[tuple[str, str, str]]:
    """(key, id, stratum) of every drawn entity, sorted by (key, id); see `_select`."""
    return _select(population, commitment, seed, workers)[0]


def _select(
    population: Population,
    commitment: Commitment,
    seed: str,
    workers: int | None = None,
    roster_size: int = 0,
) -> tuple[list[tuple[str, str, str]], Ints | None]:
    """(key, id, stratum) of every drawn entity, sorted by (key, id).

    Only the candidates (keys below a per-stratum threshold, a little above the n-th smallest)
    are kept, as (key hex, id, stratum) sorted by (key, id); walking them once in that order and
    taking each stratum's first n gives every stratum's n smallest, already in selection order.
    A stratum with fewer than n candidates is redrawn over all its keys.

    `workers`: processes hashing the keys (None: one below a million entities, else one per
    CPU); the selection does not depend on it.

    Also returns, from the NumPy route and for a roster of 0 < `roster_size` < 2**32, every
    drawn entity's walk starts (`bulk.walk_starts`, hashed along with the keys); else None.
    """
    prefix = key_prefix(seed, commitment.hex)
    want = {
        s: stratum_draw_size(population.sizes.get(s, 0), q) for s, q in commitment.quotas.items()
    }
    thresholds = {
        s.encode(): _candidate_threshold(population.sizes.get(s, 0), n) for s, n in want.items()
    }
    if workers is None:
        workers = default_workers(len(population))
    if population.table is not None:
        walks = (commitment.per_entity, roster_size) if 0 < roster_size < 2**32 else (0, 1)
        taken, starts = _select_table(population.table, prefix, want, thresholds, workers, walks)
        return taken, starts if walks[0] else None
    found = all_drawable(prefix, population.ids, population.strata, thresholds, workers)
    counts = Counter(map(itemgetter(2), found))
    short = {s for s, n in want.items() if counts[s] < n}
    if short:
        found = [c for c in found if c[2] not in short]
        for stratum in sorted(short):
            found += _stratum_keys(population, stratum, prefix)
        found.sort()
    left = dict(want)
    drawn: list[tuple[str, str, str]] = []
    take = drawn.append
    for candidate in found:
        stratum = candidate[2]
        if left[stratum]:
            left[stratum] -= 1
            take(candidate)
    return drawn, None


def _select_table(
    table: bulk.Table,
    prefix: bytes,
    want: Mapping[str, int],
    thresholds: Mapping[bytes, bytes],
    workers: int,
    walks: tuple[int, int],
) -> tuple[list[tuple[str, str, str]], Ints]:
    """`_select` over a population held as columns (`bulk.Table`): the same result."""
    names = [name.decode() for name in table.names]
    wanted = np.array([want[name] for name in names], np.int64)
    limits = [thresholds[name] for name in table.names]
    found = bulk.candidates(table, prefix, limits, workers, walks)
    codes = table.codes[found.indices]
    short = np.flatnonzero(np.bincount(codes, minlength=len(names)) < wanted)
    if len(short):  # a stratum with fewer candidates than it draws: all its keys instead
        members = np.flatnonzero(np.isin(table.codes, short))
        found = bulk.Found.join(
            [found.without(np.isin(codes, short)), bulk.every_key(table, prefix, members, walks)]
        )
        codes = table.codes[found.indices]
    order = bulk.key_order(found.indices, found.digests)
    chosen = order[bulk.first_per_stratum(codes[order], wanted)]
    rows = found.indices[chosen]
    keys = bulk.hex_keys(np.frombuffer(found.digests, "V32")[chosen].tobytes())
    ids = map(bytes.decode, table.ids[rows].tolist())
    strata = map(names.__getitem__, table.codes[rows].tolist())
    return list(zip(keys, ids, strata, strict=True)), found.starts[chosen]


def _walk(
    roster: Sequence[str],
    positions: Sequence[int],
    start: int,
    entity: str,
    chosen: list[str],
    blocked: Mapping[str, frozenset[str]],
) -> int | None:
    """The first eligible roster index walking cyclically from `start`, or None.

    `positions`: the sorted roster indices the walk may stop at (all of them, or only those
    below the cap); the ones skipped are never looked at, so a walk late in the assignment,
    when most inspectors are at the cap, costs no more than an early one.
    """
    first = bisect_left(positions, start)
    for index in chain(islice(positions, first, None), islice(positions, first)):
        inspector = roster[index]
        if entity not in blocked[inspector] and inspector not in chosen:
            return index
    return None


_big_endian = partial(int.from_bytes, byteorder="big")


def _starts(
    drawn: Sequence[tuple[str, str, str]], per_entity: int, size: int, seed: str, commitment: str
) -> list[list[int]]:
    """For each j < per_entity, every drawn entity's walk start (`assignment_start`), in bulk.

    int(hex, 16) of a digest is `int.from_bytes(digest, "big")`; the hashes of
    `{seed}|{commitment}|{id}|{j}` share the pre-hashed prefix (see `keys.entity_digests`).
    """
    if not drawn or not size:
        return [[] for _ in range(per_entity)]
    prefix = key_prefix(seed, commitment)
    ids = list(map(str.encode, map(itemgetter(1), drawn)))
    starts = []
    for j in range(per_entity):
        suffixed = list(map(bytes.__add__, ids, repeat(f"|{j}".encode())))
        numbers = map(_big_endian, entity_digests(prefix, suffixed))
        starts.append(list(map(size.__rmod__, numbers)))
    return starts


def _team(
    ident: str,
    entity_starts: Sequence[int],
    roster: Sequence[str],
    blocked: Mapping[str, frozenset[str]],
    load: list[int],
    below_cap: list[int],
    cap: int,
) -> list[int]:
    """Roster indices of the inspectors chosen for one entity, in order; `load` (by roster
    index) and `below_cap` (the sorted indices whose load is below the cap) grow with them."""
    chosen: list[str] = []
    picked: list[int] = []
    for start in entity_starts:
        first = roster[start]
        if load[start] < cap and ident not in blocked[first] and first not in chosen:
            index: int | None = start  # the walk's first step already succeeds
        else:
            index = _walk(roster, below_cap, start, ident, chosen, blocked)
        if index is None:
            index = _walk(roster, range(len(roster)), start, ident, chosen, blocked)
        if index is None:
            eligible = sum(1 for i in roster if ident not in blocked[i])
            raise DrawFailure(
                f"entity {ident!r}: only {eligible} eligible inspectors "
                f"(without a conflict), fewer than per_entity {len(entity_starts)}"
            )
        chosen.append(roster[index])
        picked.append(index)
        load[index] += 1
        if load[index] == cap:
            del below_cap[bisect_left(below_cap, index)]
    return picked


def _teams_bulk(
    idents: Sequence[str], inspectors: Inspectors, per_entity: int, starts: Ints, cap: int
) -> list[tuple[str, ...]]:
    """The teams of `assign`, the entities whose walks end at their first step taken in runs.

    Runs are tried in windows that double while whole windows are accepted; where first steps
    fail often (late in the assignment, when many inspectors are at the cap) entities are
    walked one by one in stretches, as the plain route does.
    """
    roster, blocked = inspectors.roster, inspectors.conflicts
    count = len(idents)
    anyone: set[str] = set().union(*blocked.values())
    conflicted = np.fromiter(map(anyone.__contains__, idents), np.bool_, count)
    load = np.zeros(len(roster), np.int64)
    chosen = starts.copy()
    position, window = 0, 1024
    while position < count:
        stop = min(count, position + window)
        end = bulk.first_steps(starts, conflicted, load, cap, position, stop)
        accepted, position = end - position, end
        window = min(1 << 16, 2 * window) if end == stop else max(64, 2 * accepted)
        if position == count:
            break
        stretch = min(count, position + (1 if accepted >= 64 else 256))
        loads = load.tolist()
        below_cap = np.flatnonzero(load < cap).tolist()
        rows = starts[position:stretch].tolist()
        for e, entity_starts in enumerate(rows, start=position):
            chosen[e] = _team(idents[e], entity_starts, roster, blocked, loads, below_cap, cap)
        load[:] = loads
        position = stretch
    names = np.array(roster, dtype=object)
    columns = [names[chosen[:, j]].tolist() for j in range(per_entity)]
    return list(zip(*columns, strict=True))


def assign(
    drawn: Sequence[tuple[str, str, str]],
    inspectors: Inspectors,
    commitment: Commitment,
    seed: str,
    starts: Ints | None = None,
) -> list[Selected]:
    """Assign `per_entity` inspectors to every drawn (key, id, stratum), in selection order.

    `starts`: the walk starts (`bulk.walk_starts`) when `_select` hashed them already.
    """
    roster = inspectors.roster
    size = len(roster)
    per_entity = commitment.per_entity
    if drawn and size < per_entity:
        raise DrawFailure(f"per_entity is {per_entity} but there are only {size} inspectors")
    cap = -(-len(drawn) * per_entity // size) if size else 0
    idents = list(map(itemgetter(1), drawn))
    if starts is None and len(drawn) >= bulk.BULK_MIN and 0 < size < 2**32:
        prefix = key_prefix(seed, commitment.hex)
        starts = bulk.walk_starts(prefix, list(map(str.encode, idents)), per_entity, size)
    if starts is not None:
        teams = _teams_bulk(idents, inspectors, per_entity, starts, cap)
    else:
        load = [0] * size
        below_cap = list(range(size))  # roster indices whose load is below the cap, sorted
        blocked = inspectors.conflicts
        plain = zip(*_starts(drawn, per_entity, size, seed, commitment.hex), strict=True)
        teams = [
            tuple(map(roster.__getitem__, _team(i, s, roster, blocked, load, below_cap, cap)))
            for i, s in zip(idents, plain, strict=True)
        ]
    make = partial(tuple.__new__, Selected)  # Selected(id, stratum, key, team) without a call
    strata, keys = (map(itemgetter(n), drawn) for n in (2, 0))
    return list(map(make, zip(idents, strata, keys, teams, strict=True)))


def draw(
    commitment: Commitment,
    population: Population,
    inspectors: Inspectors,
    seed: str,
    *,
    workers: int | None = None,
) -> DrawResult:
    """Draw with `seed` under `commitment`; the inputs must be the committed ones.

    `workers`: processes hashing the entity keys (None: automatic, one for small populations);
    the result never depends on it.
    """
    validate_seed(seed)
    if population.digest != commitment.population:
        raise DrawInputError(
            f"population: digest {population.digest} differs from the committed {commitment.population}"
        )
    if inspectors.digest != commitment.inspectors:
        raise DrawInputError(
            f"inspectors: digest {inspectors.digest} differs from the committed {commitment.inspectors}"
        )
    missing = sorted(set(population.sizes) - set(commitment.quotas))
    if missing:
        raise DrawInputError(f"stratum {missing[0]!r} has no quota in the commitment")
    with collector_paused():
        drawn, starts = _select(population, commitment, seed, workers, len(inspectors.roster))
        selected = tuple(assign(drawn, inspectors, commitment, seed, starts))
    counts = Counter(map(itemgetter(1), selected))
    strata = {s: (population.sizes.get(s, 0), counts[s]) for s in commitment.quotas}
    return DrawResult(commitment, seed, strata, selected)
