"""The two CSV inputs of `prudent-draw/1`, parsed into their canonical forms.

Population: header `id,stratum`, one entity per line. Inspectors: header `id,conflicts`, the
conflicts being entity ids separated by `;` (possibly none). Rules shared by both files:

- a line ends with `\\n` or `\\r\\n`; a UTF-8 byte-order mark before the header is ignored;
- a line is split at commas and must have exactly two fields; quoting is not supported, so a `"`
  anywhere is an error;
- leading and trailing whitespace (`str.strip()`) is removed from every field and conflict id;
- blank lines are skipped; line numbers in messages count every line, the header being line 1;
- ids must be non-empty and unique; a stratum must be non-empty; empty conflict entries are
  dropped and repeated ones count once.

The canonical population text is `id,stratum\\n` per entity sorted by id (code-point order); the
canonical inspector text is `id,c1;c2;…\\n` per inspector sorted by id with its conflicts sorted.
Their SHA-256 hex digests identify the inputs in the commitment.

Parsing is pure: it takes the text (or an iterable of lines) that the caller has read. A clean
population (no byte below ',' but the newline, no Unicode whitespace, one comma per line, no
empty field) takes a fast route built from whole-text operations: from `bulk.BULK_MIN` entities
on, the NumPy route of `lawcore.sampling.bulk`, which keeps the population as columns; below
it (or for lines longer than `bulk.MAX_LINE` bytes) `list.sort` of the lines, in several
processes for a very large file (see `lawcore.sampling.keys`). Anything else takes the
line-by-line route, which names the first bad line. All routes give the same result.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice, pairwise
from operator import eq

from lawcore.sampling import bulk
from lawcore.sampling.errors import DrawInputError
from lawcore.sampling.keys import default_workers

POPULATION_HEADER = ("id", "stratum")
INSPECTORS_HEADER = ("id", "conflicts")

# Bytes the fast route accepts: ',' and everything above it, the newline, and UTF-8 lead and
# continuation bytes (non-ASCII text is screened separately for Unicode whitespace).
_FAST_BYTES = bytes(range(0x2C, 0x100)) + b"\n"
_UNICODE_SPACE = re.compile(r"[^\S\n]")


class Population:
    """Entities sorted by id: `ids` and `strata` hold UTF-8 bytes, index for index; `digest` is
    the canonical text's SHA-256 and `sizes` the entities per stratum (strata in order).

    A large population read by the NumPy route is held as columns (`table`), and `ids` and
    `strata` are built from them only when asked for. Two populations are equal when they hold
    the same entities, however held. Read-only by convention.
    """

    __slots__ = ("_ids", "_strata", "digest", "sizes", "table")

    def __init__(
        self,
        *,
        digest: str,
        sizes: Mapping[str, int],
        ids: tuple[bytes, ...] | None = None,
        strata: tuple[bytes, ...] | None = None,
        table: bulk.Table | None = None,
    ) -> None:
        if table is None and (ids is None or strata is None):
            raise TypeError("Population needs ids and strata, or a table")
        self._ids = ids
        self._strata = strata
        self.digest = digest
        self.sizes = sizes
        self.table = table

    @property
    def ids(self) -> tuple[bytes, ...]:
        if self._ids is None:
            assert self.table is not None
            self._ids = tuple(self.table.ids.tolist())
        return self._ids

    @property
    def strata(self) -> tuple[bytes, ...]:
        if self._strata is None:
            assert self.table is not None
            self._strata = tuple(map(self.table.names.__getitem__, self.table.codes.tolist()))
        return self._strata

    def __len__(self) -> int:
        return len(self.table) if self.table is not None else len(self.ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Population):
            return NotImplemented
        return (
            self.digest == other.digest
            and dict(self.sizes) == dict(other.sizes)
            and self.ids == other.ids
            and self.strata == other.strata
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Population({len(self)} entities, sizes={dict(self.sizes)!r}, digest={self.digest!r})"
        )


@dataclass(frozen=True)
class Inspectors:
    """The roster (inspector ids sorted) and each inspector's conflicts."""

    roster: tuple[str, ...]
    conflicts: Mapping[str, frozenset[str]]
    digest: str


def _as_text(source: str | Iterable[str]) -> str:
    text = source if isinstance(source, str) else "\n".join(ln.rstrip("\r\n") for ln in source)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def _header(lines: list[str], expected: tuple[str, str], what: str) -> None:
    if not lines or not lines[0].strip():
        raise DrawInputError(f"{what}: line 1: missing header, expected '{','.join(expected)}'")
    found = tuple(f.strip() for f in lines[0].split(","))
    if found != expected:
        raise DrawInputError(
            f"{what}: line 1: header must be '{','.join(expected)}', found {lines[0]!r}"
        )


def _fields(raw: str, lineno: int, what: str, names: tuple[str, str]) -> tuple[str, str]:
    if '"' in raw:
        raise DrawInputError(f"{what}: line {lineno}: quoted fields are not supported: {raw!r}")
    fields = raw.split(",")
    if len(fields) != 2:
        raise DrawInputError(
            f"{what}: line {lineno}: expected 2 fields ({','.join(names)}), "
            f"found {len(fields)}: {raw!r}"
        )
    return fields[0].strip(), fields[1].strip()


def _rows(lines: list[str], what: str, names: tuple[str, str]) -> Iterable[tuple[int, str, str]]:
    """(line number, id, second field) of every non-blank data line; duplicate ids refused."""
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        ident, second = _fields(raw, lineno, what, names)
        if not ident:
            raise DrawInputError(f"{what}: line {lineno}: empty id")
        if ident in seen:
            raise DrawInputError(
                f"{what}: line {lineno}: duplicate id {ident!r} (first on line {seen[ident]})"
            )
        seen[ident] = lineno
        yield lineno, ident, second


def _digest(canonical: bytes) -> str:
    return hashlib.sha256(canonical).hexdigest()


def _population_from_lines(canonical_lines: list[str]) -> Population:
    """`canonical_lines`: `id,stratum` without line end, sorted by id, ids unique, clean."""
    canonical = ("\n".join(canonical_lines) + "\n").encode() if canonical_lines else b""
    del canonical_lines[:]
    digest = _digest(canonical)
    flat = canonical[:-1].replace(b"\n", b",").split(b",") if canonical else []
    del canonical
    ids = tuple(flat[0::2])
    strata = tuple(flat[1::2])
    del flat
    sizes = {k.decode(): v for k, v in sorted(Counter(strata).items())}
    return Population(ids=ids, strata=strata, digest=digest, sizes=sizes)


def _sorted_text(text: str) -> str:
    """Worker side of `_sorted_lines`: the lines of `text`, sorted, joined again."""
    lines = text.split("\n")
    lines.sort()
    return "\n".join(lines)


def _sorted_lines(body: str, workers: int) -> list[str]:
    """The lines of `body` (no final newline) sorted; with workers > 1, in that many processes.

    Each process sorts a contiguous part of the text; the sorted parts are then merged by one
    more `list.sort()`, which finds the sorted runs and merges them in linear time.
    """
    cuts = [0]
    for k in range(1, workers if len(body) > 1_000 else 1):
        cut = body.find("\n", max(cuts[-1], len(body) * k // workers))
        if cut < 0:
            break
        cuts.append(cut + 1)
    if len(cuts) == 1:
        lines = body.split("\n")
        lines.sort()
        return lines
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(cuts) - 1, mp_context=context) as pool:
        parts = [body[a : b - 1] for a, b in pairwise(cuts)]
        futures = [pool.submit(_sorted_text, part) for part in parts]
        del parts
        own = body[cuts[-1] :].split("\n")
        own.sort()
        merged: list[str] = []
        for future in futures:
            merged += future.result().split("\n")
    merged += own
    del own
    merged.sort()
    return merged


def _one_comma_and_two_fields(encoded: bytes, count: int) -> bool:
    """Whether each of the `count` lines has exactly one comma and no field is empty."""
    if encoded.translate(None, bytes(range(256)).translate(None, b",\n")) != b",\n" * count:
        return False  # a line without exactly one comma, or a blank line
    return not (encoded.startswith(b",") or b"\n," in encoded or b",\n" in encoded)


def _fast_population(body: str, workers: int | None = None) -> Population | None:
    """The whole-text route; None when the text is not plainly clean (the slow route decides)."""
    if not body:
        return _population_from_lines([])
    if not body.endswith("\n"):
        body += "\n"
    encoded = body.encode()
    if encoded.translate(None, _FAST_BYTES) or (not body.isascii() and _UNICODE_SPACE.search(body)):
        return None  # whitespace, quotes or characters below ','
    count = encoded.count(b"\n")
    if count >= bulk.BULK_MIN:
        try:
            made = bulk.population_table(encoded, count)
        except bulk.Refused:
            return None  # the slow route names the line
        if made is not None:
            table, digest = made
            return Population(digest=digest, sizes=table.sizes(), table=table)
    if not _one_comma_and_two_fields(encoded, count):
        return None
    del encoded
    # No id character sorts below ',', so sorting whole lines sorts by id.
    lines = _sorted_lines(body[:-1], default_workers(count) if workers is None else workers)
    population = _population_from_lines(lines)
    if any(map(eq, population.ids, islice(population.ids, 1, None))):
        return None  # a duplicate id: the slow route names its lines
    return population


def _slow_population(lines: list[str]) -> Population:
    rows = []
    for lineno, ident, stratum in _rows(lines, "population", POPULATION_HEADER):
        if not stratum:
            raise DrawInputError(f"population: line {lineno}: empty stratum for id {ident!r}")
        rows.append((ident, stratum))
    rows.sort()
    return _population_from_lines([f"{i},{s}" for i, s in rows])


def parse_population(source: str | Iterable[str], *, workers: int | None = None) -> Population:
    """Parse the population CSV (text or lines); raise DrawInputError naming the first bad line.

    `workers`: processes sorting a large clean file (None: automatic, one for small files; see
    `lawcore.sampling.keys.default_workers`); the result never depends on it.
    """
    text = _as_text(source)
    head, _newline, body = text.partition("\n")
    _header([head], POPULATION_HEADER, "population")
    fast = _fast_population(body, workers)
    if fast is not None:
        return fast
    return _slow_population(text.split("\n"))


def parse_inspectors(source: str | Iterable[str]) -> Inspectors:
    """Parse the inspectors CSV (text or lines); raise DrawInputError naming the first bad line."""
    lines = _as_text(source).split("\n")
    _header(lines, INSPECTORS_HEADER, "inspectors")
    conflicts: dict[str, frozenset[str]] = {}
    for _lineno, ident, field in _rows(lines, "inspectors", INSPECTORS_HEADER):
        conflicts[ident] = frozenset(c.strip() for c in field.split(";") if c.strip())
    roster = tuple(sorted(conflicts))
    canonical = "".join(f"{i},{';'.join(sorted(conflicts[i]))}\n" for i in roster)
    return Inspectors(roster=roster, conflicts=conflicts, digest=_digest(canonical.encode()))


def canonical_population_text(population: Population) -> str:
    """The canonical text whose SHA-256 is `population.digest` (for documentation and tests)."""
    return "".join(
        f"{i.decode()},{s.decode()}\n"
        for i, s in zip(population.ids, population.strata, strict=True)
    )
