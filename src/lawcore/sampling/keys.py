"""Entity keys of `prudent-draw/1` in bulk: the candidates below a per-stratum threshold.

Entity key = SHA-256 of `{seed}|{commitment}|{id}`. The prefix `{seed}|{commitment}|` is hashed
once; every id then costs a `copy()`, an `update()` and a `digest()`, run by C-level `map` over
chunks of ids (no Python call per id). Keys are compared as 32-byte digests, whose order is the
order of their hex texts; only the candidates (a little more than the drawn entities) are
written in hex, kept as three columns until then, and sorted by their hex key.

Large populations are hashed in several processes (`concurrent.futures` with the fork start
method, so no main module is re-imported): each worker gets a chunk of ids and strata as two
`\\n`-joined byte strings and returns only its candidates, hexed and sorted. This is
computation, not I/O, and gives exactly the same candidates, in the same order, as one process.
Small inputs (and the tests, by default) stay in one process, and so does a caller with several
threads, where forking is unsafe, or a platform without fork.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import compress, islice, pairwise, repeat
from operator import eq, itemgetter, lt

# (digest, id, stratum) of an entity whose key lies below its stratum's threshold.
Candidate = tuple[bytes, bytes, bytes]
# The same as text: (key hex, id, stratum); sorted, these are in selection order (key, then id).
Drawable = tuple[str, str, str]
Columns = tuple[list[bytes], list[bytes], list[bytes]]

CHUNK = 65_536  # ids hashed per C-level batch: bounds the memory held by hash objects
PARALLEL_MIN = 1_000_000  # below this many entities, one process is faster than several


def key_prefix(seed: str, commitment: str) -> bytes:
    return f"{seed}|{commitment}|".encode()


def entity_digests(prefix: bytes, ids: Sequence[bytes], chunk_size: int = CHUNK) -> list[bytes]:
    """SHA-256 digests of `prefix + id` for every id, in order."""
    base = hashlib.sha256(prefix)
    kind = type(base)
    out: list[bytes] = []
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        hashes = list(map(kind.copy, repeat(base, len(chunk))))
        deque(map(kind.update, hashes, chunk), maxlen=0)
        out += map(kind.digest, hashes)
    return out


def candidate_columns(
    prefix: bytes,
    ids: Sequence[bytes],
    strata: Sequence[bytes],
    thresholds: Mapping[bytes, bytes],
    chunk_size: int = CHUNK,
) -> Columns:
    """The candidates (see `candidates`) as three lists, digests, ids and strata.

    The below-threshold mask is applied to each list on its own, so no tuple is built per
    entity hashed.
    """
    digests_out: list[bytes] = []
    ids_out: list[bytes] = []
    strata_out: list[bytes] = []
    limit = thresholds.__getitem__
    for start in range(0, len(ids), chunk_size):
        chunk_ids = ids[start : start + chunk_size]
        chunk_strata = strata[start : start + chunk_size]
        digests = entity_digests(prefix, chunk_ids, chunk_size)
        mask = list(map(lt, digests, map(limit, chunk_strata)))
        digests_out += compress(digests, mask)
        ids_out += compress(chunk_ids, mask)
        strata_out += compress(chunk_strata, mask)
    return digests_out, ids_out, strata_out


def candidates(
    prefix: bytes,
    ids: Sequence[bytes],
    strata: Sequence[bytes],
    thresholds: Mapping[bytes, bytes],
    chunk_size: int = CHUNK,
) -> list[Candidate]:
    """(digest, id, stratum) of every entity whose digest is below its stratum's threshold."""
    return list(zip(*candidate_columns(prefix, ids, strata, thresholds, chunk_size), strict=True))


def in_key_order(found: list[Drawable]) -> list[Drawable]:
    """`found` sorted by (key, id), in place.

    Sorted on the key alone, `list.sort` compares plain ASCII strings (its fastest path) and
    not tuples; only if two keys were equal (never seen with SHA-256) is the list sorted again
    on the whole tuple, so that the ids decide.
    """
    found.sort(key=itemgetter(0))
    keys = list(map(itemgetter(0), found))
    if any(map(eq, keys, islice(keys, 1, None))):
        found.sort()
    return found


def drawable(columns: Columns) -> list[Drawable]:
    """(key hex, id, stratum) of the candidate columns, sorted by (key, id)."""
    digests, ids, strata = columns
    found = list(
        zip(
            map(bytes.hex, digests),
            map(bytes.decode, ids),
            map(bytes.decode, strata),
            strict=True,
        )
    )
    return in_key_order(found)


def _drawable_of_blobs(
    prefix: bytes, ids_blob: bytes, strata_blob: bytes, thresholds: Mapping[bytes, bytes]
) -> list[Drawable]:
    """Worker side of `all_drawable`: its candidates, hexed, decoded and sorted."""
    columns = candidate_columns(prefix, ids_blob.split(b"\n"), strata_blob.split(b"\n"), thresholds)
    return drawable(columns)


def default_workers(size: int) -> int:
    """Processes for `size` entities: one per CPU (at most 4) from PARALLEL_MIN on, else one.

    Always one in a process with other threads (a forked child could inherit a held lock) or
    where fork is not available.
    """
    if size < PARALLEL_MIN or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def all_drawable(
    prefix: bytes,
    ids: Sequence[bytes],
    strata: Sequence[bytes],
    thresholds: Mapping[bytes, bytes],
    workers: int = 1,
) -> list[Drawable]:
    """`drawable(candidate_columns(...))` over the whole population, in `workers` processes.

    Each worker gets a contiguous part as two `\\n`-joined byte strings (ids and strata contain
    no newline), and returns its drawable candidates already hexed and sorted; the sorted parts
    are merged by one more sort (it finds the sorted runs and merges them in linear time), so
    the result does not depend on the number of workers.
    """
    size = len(ids)
    if workers <= 1 or size < 2 * workers:
        return drawable(candidate_columns(prefix, ids, strata, thresholds))
    bounds = [size * k // workers for k in range(workers + 1)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        futures = [
            pool.submit(
                _drawable_of_blobs,
                prefix,
                b"\n".join(ids[a:b]),
                b"\n".join(strata[a:b]),
                dict(thresholds),
            )
            for a, b in pairwise(bounds[:-1])
        ]
        own = candidate_columns(prefix, ids[bounds[-2] :], strata[bounds[-2] :], thresholds)
        out = drawable(own)
        for future in futures:
            out += future.result()
    return in_key_order(out)
