"""NumPy routes of `prudent-draw/1` for large inputs (issue #5, Performance).

The plain routes of `inputs`, `keys` and `protocol` are the reference; these give the same
results byte for byte (`tests/lawcore/sampling` runs the properties on both routes by lowering
`BULK_MIN`, and compares them with each other and with the reference script written from
`docs/draw-protocol.md`), with C-level loops over millions of entities:

- population: ids and strata as fixed-width byte strings (NumPy `S` dtype, NUL padded). UTF-8
  byte order is code-point order, and the clean route admits no byte below ',' in a line, so
  NUL (which `S` strips at the end) never occurs in an id and, padding a shorter id, sorts it
  before the longer ones it prefixes, as code-point order does. A text already in id order is
  recognised by one comparison of neighbours and is its own canonical text; otherwise the ids
  are ordered by a radix sort of packed 64-bit integers (`_id_order`), or `numpy.sort` of the
  rows as strings, and the canonical text is rebuilt from the sorted rows;
- keys: hashed as in `keys` (C-level `map` over chunks, in several forked processes for a large
  population, each reading the inherited table), each digest's first 8 bytes read as a
  big-endian integer and compared with its stratum's candidate threshold in one vectorised
  comparison; only candidates are kept, with their walk starts, hashed in the same processes;
- selection: the candidates ordered by digest (= by hex key, the index deciding between equal
  digests) and each stratum's first n taken by rank within the stratum;
- assignment: walk starts reduced modulo the roster size 32 bits at a time; runs of entities
  whose walks all end at their first step (no conflict, not already chosen, load below the cap
  counting the run's own earlier steps) are accepted at once (`first_steps`);
  `protocol._teams_bulk` walks the others one by one as the plain route does.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise, repeat

import numpy as np
import numpy.typing as npt

from lawcore.sampling.keys import CHUNK, entity_digests

# Entities (for parsing and the draw) or drawn entities (for the assignment) from which the
# NumPy routes are taken; below it the plain routes are as fast. Tests lower it to 0 to run the
# NumPy routes on small inputs.
BULK_MIN = 20_000
# Widest id plus widest stratum (UTF-8 bytes) for the NumPy route when lines differ in length:
# every entity takes this many bytes in the padded array. Wider ones take the plain route.
MAX_LINE = 96
# Hash objects alive at once: a few thousand stay in the CPU caches (10 % faster than 65,536).
HASH_CHUNK = 4096
NEWLINE, COMMA = 0x0A, 0x2C

Bytes2D = npt.NDArray[np.uint8]
Ints = npt.NDArray[np.int64]
Strings = npt.NDArray[np.bytes_]


class Refused(Exception):
    """Not for the NumPy route: a line without exactly one comma, an empty field or a
    duplicate id. The line-by-line route names the line."""


@dataclass(frozen=True, eq=False)
class Table:
    """A population as columns: ids sorted and unique, stratum index per id, strata sorted."""

    ids: Strings  # `S` dtype, NUL padded; `tolist()` gives each id's UTF-8 bytes
    codes: Ints  # index into `names`
    names: tuple[bytes, ...]

    def __len__(self) -> int:
        return len(self.ids)

    def sizes(self) -> dict[str, int]:
        counts = np.bincount(self.codes, minlength=len(self.names)).tolist()
        return {name.decode(): int(count) for name, count in zip(self.names, counts, strict=True)}


def _padded(flat: Bytes2D, starts: Ints, lengths: Ints, out: Bytes2D) -> None:
    """Row r of `out` := `flat[starts[r] : starts[r] + lengths[r]]`, NUL padded."""
    rows, width = out.shape
    if not rows or not width:
        return
    columns = np.arange(width, dtype=np.int64)
    step = max(1, (1 << 22) // width)
    last = len(flat) - 1
    for lo in range(0, rows, step):
        index = starts[lo : lo + step, None] + columns
        np.minimum(index, last, out=index)
        block = flat[index]
        block[columns >= lengths[lo : lo + step, None]] = 0
        out[lo : lo + step] = block


def _strings(rows: Bytes2D) -> Strings:
    """The rows of a 2-D byte array as one `S` array (no copy if C-contiguous)."""
    count, width = rows.shape
    return np.ascontiguousarray(rows).view(f"S{width}").reshape(count)


def _in_order(rows: Strings) -> bool:
    return len(rows) < 2 or bool((rows[1:] > rows[:-1]).all())


def _column_bounds(grid: Bytes2D) -> tuple[list[int], list[int]]:
    """Each column's smallest and largest byte of a C-contiguous grid.

    Reduced over blocks of rows seen as one long row each: a reduction along the first axis
    of rows a few bytes wide would run one short inner loop per row.
    """
    count, width = grid.shape
    block = 4096
    whole = count // block * block
    low = np.full(width, 255, np.uint8)
    high = np.zeros(width, np.uint8)
    for part in (grid[:whole].reshape(whole // block, block * width), grid[whole:]):
        if len(part):
            low = np.minimum(low, part.min(axis=0).reshape(-1, width).min(axis=0))
            high = np.maximum(high, part.max(axis=0).reshape(-1, width).max(axis=0))
    return low.tolist(), high.tolist()


def _id_order(grid: Bytes2D, width: int) -> Ints | None:
    """The permutation sorting the rows of `grid` by their first `width` bytes, or None.

    `grid` is C-contiguous and its first `width` columns hold the ids, NUL padded.

    A least-significant-digit radix sort whose digits are groups of byte columns: each column
    contributes only the bits its values span (a column of decimal digits 4, a constant column
    none), a group packs as many as fit beside a row position in a 64-bit integer, and
    `numpy.sort` of those integers (no index sort: the position rides in the low bits and keeps
    the sort stable) orders the rows by the group. None when that would need more than two
    passes; the caller sorts the rows as strings then.
    """
    count = len(grid)
    position_bits = max(1, (count - 1).bit_length())
    room = 64 - position_bits
    low, high = _column_bounds(grid)
    spans = [(k, (high[k] - low[k]).bit_length()) for k in range(width) if high[k] > low[k]]
    groups: list[list[tuple[int, int]]] = [[]]
    used = 0
    for column, bits in reversed(spans):  # least significant first
        if used + bits > room:
            groups.append([])
            used = 0
        groups[-1].append((column, bits))
        used += bits
    if len(groups) > 2 or room < 8:
        return None
    positions = np.arange(count, dtype=np.uint64)
    digit = np.empty(count, np.uint8)
    order: Ints | None = None
    for group in groups:
        key = np.zeros(count, np.uint64)
        for column, bits in reversed(group):  # most significant first
            np.subtract(grid[:, column], np.uint8(low[column]), out=digit)
            np.left_shift(key, np.uint64(bits), out=key)
            np.bitwise_or(key, digit, out=key)
        if order is not None:
            key = key[order]
        key <<= np.uint64(position_bits)
        key |= positions
        key.sort()
        key &= np.uint64((1 << position_bits) - 1)
        moved = key.view(np.int64)
        order = moved if order is None else order[moved]
    return order if order is not None else np.arange(count, dtype=np.int64)


Columns = tuple[Strings, Strings, str]  # ids and strata sorted by id, the canonical digest


def _fixed_width(encoded: bytes, flat: Bytes2D, count: int) -> Columns | None:
    """The columns when every line has the same length and its comma at the same place.

    Then the lines themselves are sorted: the comma sorts below every id byte, so by id.
    """
    width = encoded.find(b"\n") + 1
    comma = encoded.find(b",", 0, width)
    if width * count != len(encoded) or not 0 < comma < width - 2:
        return None
    grid = flat.reshape(count, width)
    if not (
        bool((grid[:, -1] == NEWLINE).all())  # with `count` newlines: one at each row's end
        and encoded.count(b",") == count
        and bool((grid[:, comma] == COMMA).all())
    ):
        return None
    rows = _strings(grid)
    if not _in_order(rows):
        order = _id_order(grid, comma)
        rows = np.sort(rows) if order is None else np.take(rows, order)
        grid = rows.view(np.uint8).reshape(count, width)
    digest = hashlib.sha256(grid.data).hexdigest()  # the sorted lines: the canonical text
    return _strings(grid[:, :comma]), _strings(grid[:, comma + 1 : -1]), digest


def _canonical_digest(pairs: Bytes2D, id_width: int) -> str:
    """SHA-256 of `id,stratum\n` per row of sorted (id | stratum) rows, NUL padded.

    The text is built and hashed a block of rows at a time, dropping the padding.
    """
    count, width = pairs.shape
    digest = hashlib.sha256()
    step = max(1, (1 << 22) // (width + 2))
    for lo in range(0, count, step):
        block = pairs[lo : lo + step]
        text = np.empty((len(block), width + 2), np.uint8)
        text[:, :id_width] = block[:, :id_width]
        text[:, id_width] = COMMA
        text[:, id_width + 1 : -1] = block[:, id_width:]
        text[:, -1] = NEWLINE
        packed = text.reshape(-1)
        digest.update(packed[packed != 0])
    return digest.hexdigest()


def _any_width(encoded: bytes, flat: Bytes2D, count: int) -> Columns | None:
    """The columns of lines of any lengths: each line as its id and its stratum, NUL padded.

    NUL, below every byte of a clean line, pads a shorter id so that it sorts first, as in
    code-point order. None when the padded rows would be wider than `MAX_LINE`.
    """
    ends = np.flatnonzero(flat == NEWLINE)
    commas = np.flatnonzero(flat == COMMA)
    starts = np.zeros(count, np.int64)
    starts[1:] = ends[:-1] + 1
    if len(commas) != count:
        raise Refused
    id_lengths = commas - starts
    stratum_lengths = ends - commas - 1
    if not (bool((id_lengths > 0).all()) and bool((stratum_lengths > 0).all())):
        raise Refused  # with as many commas as lines, each line has exactly one
    id_width, stratum_width = int(id_lengths.max()), int(stratum_lengths.max())
    if id_width + stratum_width > MAX_LINE:
        return None
    pairs = np.empty((count, id_width + stratum_width), np.uint8)
    _padded(flat, starts, id_lengths, pairs[:, :id_width])
    _padded(flat, commas + 1, stratum_lengths, pairs[:, id_width:])
    del ends, commas, starts, id_lengths, stratum_lengths
    rows = _strings(pairs)
    if _in_order(rows):
        digest = hashlib.sha256(encoded).hexdigest()  # the text is canonical as it stands
    else:
        order = _id_order(pairs, id_width)
        rows = np.sort(rows) if order is None else np.take(rows, order)
        pairs = rows.view(np.uint8).reshape(count, id_width + stratum_width)
        digest = _canonical_digest(pairs, id_width)
    return _strings(pairs[:, :id_width]), _strings(pairs[:, id_width:]), digest


def _stratum_codes(strata: Strings) -> tuple[Ints, tuple[bytes, ...]]:
    """Each entity's index into the sorted distinct strata, and those strata."""
    count, width = len(strata), strata.dtype.itemsize
    if width <= 2:  # one counting pass over 2-byte values, no sort
        pairs = np.zeros((count, 2), np.uint8)
        pairs[:, :width] = strata.view(np.uint8).reshape(count, width)
        values = pairs[:, 0].astype(np.int64) << 8 | pairs[:, 1]
        present = np.flatnonzero(np.bincount(values, minlength=1 << 16))
        lookup = np.zeros(1 << 16, np.int64)
        lookup[present] = np.arange(len(present))
        names = tuple(int(v).to_bytes(2, "big").rstrip(b"\0") for v in present.tolist())
        return lookup[values], names
    distinct = np.unique(strata)
    codes = np.searchsorted(distinct, strata).astype(np.int64)
    return codes, tuple(distinct.tolist())


def population_table(encoded: bytes, count: int) -> tuple[Table, str] | None:
    """(table, canonical digest) of a population body, or None if its lines are too long.

    `encoded`: the data lines, UTF-8, `count` of them, each ending with a newline, no byte
    below ',' but the newline (`inputs._fast_population` checked this). Raises `Refused` when
    a line has not exactly one comma, a field is empty or an id repeats: the line-by-line route
    then names the line.
    """
    flat = np.frombuffer(encoded, np.uint8)
    columns = _fixed_width(encoded, flat, count) or _any_width(encoded, flat, count)
    if columns is None:
        return None
    ids, strata, digest = columns
    del columns
    if len(ids) > 1 and bool((ids[1:] == ids[:-1]).any()):
        raise Refused
    codes, names = _stratum_codes(strata)
    return Table(ids=ids, codes=codes, names=names), digest


# --- keys and candidates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Candidate thresholds per stratum index, as integers of a digest's first 8 bytes.

    digest < t (bytes) ⟺ head < below, where head is the digest's first 8 bytes big-endian and
    below is t's first 8 bytes, NUL padded; except when t is longer than 8 bytes, where
    head == below needs the full comparison (`exact`).
    """

    below: npt.NDArray[np.uint64]
    exact: Mapping[int, bytes]

    @classmethod
    def of(cls, thresholds: Sequence[bytes]) -> Limits:
        below = [int.from_bytes(t[:8].ljust(8, b"\0"), "big") for t in thresholds]
        exact = {code: t for code, t in enumerate(thresholds) if len(t) > 8}
        return cls(np.array(below, np.uint64), exact)


@dataclass(frozen=True)
class Found:
    """Candidates: entity indices, their 32-byte digests joined, and their walk starts.

    `starts[i, j]` is `assignment_start(…, id, j, roster size)` of candidate i (see
    `walk_starts`), computed along with the keys so that it runs in the hashing processes too;
    no columns when the caller asked for no starts.
    """

    indices: Ints
    digests: bytes
    starts: Ints

    @classmethod
    def join(cls, parts: Sequence[Found]) -> Found:
        return cls(
            np.concatenate([p.indices for p in parts]),
            b"".join(p.digests for p in parts),
            np.concatenate([p.starts for p in parts]),
        )

    def without(self, drop: npt.NDArray[np.bool_]) -> Found:
        keep = ~drop
        return Found(
            self.indices[keep],
            np.frombuffer(self.digests, "V32")[keep].tobytes(),
            self.starts[keep],
        )


@dataclass(frozen=True)
class _Job:
    table: Table
    prefix: bytes
    limits: Limits
    walks: tuple[int, int]  # (per_entity, roster size) for the starts; per_entity 0: none


# The job of the forked hashing workers: set just before they fork, read by them.
_JOB: _Job | None = None


def _candidates_between(job: _Job, lo: int, hi: int) -> Found:
    """The candidates among the entities lo ≤ i < hi."""
    found: list[Ints] = []
    digests: list[bytes] = []
    below, exact = job.limits.below, job.limits.exact
    for start in range(lo, hi, CHUNK):
        stop = min(hi, start + CHUNK)
        hashed = entity_digests(job.prefix, job.table.ids[start:stop].tolist(), HASH_CHUNK)
        blob = b"".join(hashed)
        head = np.frombuffer(blob, ">u8")[::4]
        codes = job.table.codes[start:stop]
        limit = below[codes]
        mask = head < limit
        if exact:
            for row in np.flatnonzero(head == limit).tolist():
                bound = exact.get(int(codes[row]))
                mask[row] = bound is not None and hashed[row] < bound
        rows = np.flatnonzero(mask)
        found.append(rows + start)
        digests.append(np.frombuffer(blob, "V32")[rows].tobytes())
    indices = np.concatenate(found) if found else np.zeros(0, np.int64)
    return Found(indices, b"".join(digests), starts_of(job.table, job.prefix, indices, job.walks))


def _worker(lo: int, hi: int) -> Found:
    assert _JOB is not None, "forked from candidates()"
    return _candidates_between(_JOB, lo, hi)


def candidates(
    table: Table,
    prefix: bytes,
    thresholds: Sequence[bytes],
    workers: int = 1,
    walks: tuple[int, int] = (0, 1),
) -> Found:
    """The entities whose key lies below its stratum's threshold, indices ascending.

    `thresholds[code]` as in `protocol._candidate_threshold`; `walks` = (per_entity, roster
    size) for their walk starts. With workers > 1 the population is cut into that many
    contiguous parts, hashed by forked processes (the table is inherited, not copied) and by
    this one; the result does not depend on it.
    """
    global _JOB
    job = _Job(table, prefix, Limits.of(thresholds), walks)
    size = len(table)
    if workers <= 1 or size < 2 * workers:
        return _candidates_between(job, 0, size)
    bounds = [size * k // workers for k in range(workers + 1)]
    _JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            futures = [pool.submit(_worker, a, b) for a, b in pairwise(bounds[:-1])]
            own = _candidates_between(job, bounds[-2], size)
            parts = [future.result() for future in futures] + [own]
    finally:
        _JOB = None
    return Found.join(parts)


def every_key(table: Table, prefix: bytes, indices: Ints, walks: tuple[int, int]) -> Found:
    """The given entities as candidates, whatever their keys (a short stratum's full redraw)."""
    digests = b"".join(entity_digests(prefix, table.ids[indices].tolist(), HASH_CHUNK))
    return Found(indices, digests, starts_of(table, prefix, indices, walks))


def key_order(indices: Ints, digests: bytes) -> Ints:
    """Positions of the candidates sorted by (key, id): by digest, the index deciding ties."""
    words = np.frombuffer(digests, ">u8").reshape(-1, 4)
    order = np.argsort(words[:, 0], kind="stable")
    head = words[order, 0]
    if len(head) > 1 and bool((head[1:] == head[:-1]).any()):  # equal first 8 bytes: all of it
        order = np.lexsort((indices, words[:, 3], words[:, 2], words[:, 1], words[:, 0]))
    return order.astype(np.int64)


def first_per_stratum(codes: Ints, want: Ints) -> Ints:
    """Positions, in order, of the first want[c] elements of each stratum c in `codes`."""
    count = len(codes)
    if not count:
        return np.zeros(0, np.int64)
    by_stratum = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes, minlength=len(want))
    group_start = np.cumsum(sizes) - sizes
    rank = np.empty(count, np.int64)
    rank[by_stratum] = np.arange(count, dtype=np.int64) - np.repeat(group_start, sizes)
    return np.flatnonzero(rank < want[codes]).astype(np.int64)


def hex_keys(digests: bytes) -> list[str]:
    """The hex text of each 32-byte digest in the joined `digests`."""
    text = digests.hex()
    return [text[k : k + 64] for k in range(0, len(text), 64)]


# --- assignment ---------------------------------------------------------------------------------


def starts_of(table: Table, prefix: bytes, indices: Ints, walks: tuple[int, int]) -> Ints:
    """`walk_starts` of the given entities; walks = (per_entity, roster size)."""
    per_entity, size = walks
    if not per_entity:
        return np.zeros((len(indices), 0), np.int64)
    return walk_starts(prefix, table.ids[indices].tolist(), per_entity, size)


def walk_starts(prefix: bytes, ids: Sequence[bytes], per_entity: int, size: int) -> Ints:
    """starts[e, j] = int(SHA-256 of prefix + id_e + `|j`) mod size, for 0 < size < 2**32.

    With `prefix` = `{seed}|{commitment}|` this is `protocol.assignment_start`.
    """
    count = len(ids)
    starts = np.zeros((count, per_entity), np.int64)
    modulus = np.uint64(size)
    for j in range(per_entity):
        suffixed = list(map(bytes.__add__, ids, repeat(f"|{j}".encode())))
        blob = b"".join(entity_digests(prefix, suffixed, HASH_CHUNK))
        words = np.frombuffer(blob, ">u4").reshape(count, 8).astype(np.uint64)
        rest = np.zeros(count, np.uint64)
        for k in range(8):  # rest < size < 2**32, so rest·2**32 + word fits in 64 bits
            rest = ((rest << np.uint64(32)) | words[:, k]) % modulus
        starts[:, j] = rest
    return starts


def first_steps(
    starts: Ints, conflicted: npt.NDArray[np.bool_], load: Ints, cap: int, lo: int, hi: int
) -> int:
    """Accept entities lo, lo+1, … < hi while every walk of theirs ends at its first step.

    An entity's j-th walk ends at its first step when the inspector at its start is below the
    cap (counting the earlier steps accepted with it), has no conflict with the entity (entities
    with a conflict at all are left to the walk) and is not already chosen for it. `load` grows
    by the accepted steps; returns the first entity not accepted (hi if all were).
    """
    window = starts[lo:hi]
    count, per_entity = window.shape
    steps = window.reshape(-1)
    order = np.argsort(steps.astype(np.uint16) if len(load) <= 1 << 16 else steps, kind="stable")
    ordered = steps[order]
    new_group = np.ones(len(steps), np.bool_)
    new_group[1:] = ordered[1:] != ordered[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(steps)), 0))
    earlier = np.empty(len(steps), np.int64)
    earlier[order] = np.arange(len(steps)) - group_start
    fine = (load[steps] + earlier < cap).reshape(count, per_entity)
    fine &= ~conflicted[lo:hi, None]
    for j in range(1, per_entity):
        for k in range(j):
            fine[:, j] &= window[:, j] != window[:, k]
    failed = np.flatnonzero(~fine.all(axis=1))
    accepted = int(failed[0]) if len(failed) else count
    load += np.bincount(steps[: accepted * per_entity], minlength=len(load))
    return lo + accepted
