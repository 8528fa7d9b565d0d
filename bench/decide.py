"""Benchmark of the decision engine (issue #3, Performance): ``decide_many`` in bulk and ``decide`` alone.

    .venv/bin/python bench/decide.py [--requests 1000000] [--single 20000] [--chunk 50000] [--seed 3]
                                     [--floor] [--again]

Loads the shipped ``rulebooks/`` directory with ``prudent.rulebooks.files.load_dir`` and keeps the
published (or since repealed) versions only. Generates seeded, varied requests over every item of
every such version: each fact of the item's vocabulary (``RulebookSet.fact_specs``) drawn from its
spec — booleans, enumeration values, numbers in plausible ranges (amounts log-uniform up to
500,000 yuan, durations up to a year, pH 0–14 …) — a violation date inside the version's period, a
decision date 0–180 days later (so some requests straddle two versions, APL 37), citizens and
organisations, some birth dates (APL 30), discovery dates (APL 36) and histories (R-DEC-3).

Requests are generated chunk by chunk (``--chunk``) outside the timed region, so memory stays
bounded and only deciding is timed; each chunk goes through one ``decide_many`` call on this one
process (one core). Prints decisions/s, elapsed (and the process's CPU time, which other load on
a shared machine disturbs less), the tiers reached, peak RSS (``ru_maxrss``) and
the latency of single ``decide`` calls (p50/p95/p99, ``time.perf_counter_ns``) over ``--single``
fresh requests (fresh requests, but the situation memo is warm from the bulk run, as in a server).
Only producing the ``Decision`` objects is timed; ``to_json()`` is not.

``--floor`` also prints the least any engine in this interpreter does per request (visiting each
given fact once, building one ``Decision``) over a fresh chunk, and the throughput that bounds.

``--again`` also decides the last chunk of the bulk run again, three times, and prints the best
throughput: every situation is then in the memo, so it is what the bulk run would reach if
deciding new situations cost nothing — the ceiling of any work on the memo's misses.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import math
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from lawcore.decision import (
    Decision,
    DecisionInputError,
    DecisionRequest,
    HistoryEntry,
    decide,
    decide_many,
)
from lawcore.decision.index import MEMO_SIZE, index_of
from lawcore.rulebook.conditions import Scalar
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.model import (
    PenaltyItem,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    Status,
    Tier,
)
from prudent.rulebooks.files import load_dir

ROOT = Path(__file__).resolve().parent.parent
OPEN_END = dt.date(2026, 12, 31)
"""Last violation date drawn for a version without an end date."""
DERIVED = frozenset({"party_kind", "age"})
"""Facts the engine derives from the request itself."""
HISTORY_TIERS = (Tier.NO_PENALTY, Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER)
RARE = {
    "reduced_harm": 0.15,
    "coerced": 0.03,
    "confessed": 0.05,
    "meritorious": 0.03,
    "no_fault_proven": 0.1,
    "serious": 0.15,
    "refused_to_correct": 0.15,
    "emergency_period": 0.05,
    "food_safety_incident": 0.05,
}
"""Chance of ``true`` for booleans that are rare in practice (others: one in two)."""


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def published_set(root: Path) -> RulebookSet:
    loaded = load_dir(root)
    if loaded.errors:
        for error in loaded.errors:
            print(f"ERROR {error}", file=sys.stderr)
        raise SystemExit(f"the rulebooks under {root} do not load")
    books = tuple(
        dataclasses.replace(
            b, versions=tuple(v for v in b.versions if v.status is not Status.DRAFT)
        )
        for b in loaded.rulebooks
    )
    return RulebookSet(books)


@dataclasses.dataclass(frozen=True)
class Target:
    book: Rulebook
    version: RulebookVersion
    item: PenaltyItem
    specs: tuple[FactSpec, ...]
    codes: tuple[str, ...]
    """Item codes a history entry may name: this item, its parents', and a few others."""


def targets(books: RulebookSet) -> list[Target]:
    all_codes = sorted({i.code for b in books.rulebooks for v in b.versions for i in v.items})
    out = []
    for book in books.rulebooks:
        for version in book.versions:
            for item in version.items:
                specs = books.fact_specs(book, item)
                chain = [i.code for _, i in books.refinement_chain(book, item)]
                others = [c for c in all_codes if c not in chain][:3]
                out.append(
                    Target(
                        book,
                        version,
                        item,
                        tuple(s for n, s in sorted(specs.items()) if n not in DERIVED),
                        tuple(chain + others),
                    )
                )
    return out


_DECIMALS: dict[str, Decimal] = {}


def _dec(text: str) -> Decimal:
    """Interned Decimal values, as a parser reading many requests would share small numbers."""
    value = _DECIMALS.get(text)
    if value is None:
        value = _DECIMALS[text] = Decimal(text)
    return value


def number(rng: random.Random, spec: FactSpec) -> Decimal:
    name = spec.name
    integer = spec.type is FactType.INTEGER
    if name.endswith("_yuan"):
        value = 0.0 if rng.random() < 0.1 else math.exp(rng.uniform(0, math.log(500_000)))
        return _dec(str(int(value)) if rng.random() < 0.8 else f"{value:.2f}")
    if name == "duration_days":
        return _dec(str(rng.randint(0, 365)))
    if name == "repeat_count_2y":
        return _dec(str(rng.randint(1, 5)))
    if name == "ph_value":
        return _dec(f"{rng.uniform(0, 14):.1f}")
    if name.endswith("multiple"):
        return _dec(f"{rng.uniform(0, 6):.1f}")
    return _dec(str(rng.randint(0, 100)) if integer else f"{rng.uniform(0, 100):.1f}")


def fact_value(rng: random.Random, spec: FactSpec) -> Scalar:
    if spec.type is FactType.BOOL:
        return rng.random() < RARE.get(spec.name, 0.5)
    if spec.type is FactType.ENUM:
        return rng.choice(spec.values)
    return number(rng, spec)


def make_request(rng: random.Random, t: Target) -> DecisionRequest:
    v = t.version
    end = min(v.effective_to or OPEN_END, OPEN_END)
    span = max((end - v.effective_from).days, 0)
    violation = v.effective_from + dt.timedelta(days=rng.randint(0, span))
    decision = violation + dt.timedelta(days=rng.randint(0, 180))
    party = "citizen" if rng.random() < 0.4 else "organisation"
    facts = {s.name: fact_value(rng, s) for s in t.specs}
    if rng.random() < 0.02:  # an officer forgot a fact: some of these are errors naming it
        del facts[rng.choice(t.specs).name]
    birth = None
    if party == "citizen" and rng.random() < 0.2:
        birth = violation - dt.timedelta(days=rng.randint(12 * 365, 70 * 365))
    discovered = None
    if rng.random() < 0.2:
        discovered = violation + dt.timedelta(days=rng.randint(0, (decision - violation).days))
        if rng.random() < 0.05:  # an old violation found late: APL 36 may bar it
            violation = violation - dt.timedelta(days=rng.randint(365, 6 * 365))
    history = None
    if rng.random() < 0.4:
        entries = []
        for _ in range(rng.randint(0, 3)):
            when = violation - dt.timedelta(days=rng.randint(0, 4 * 365))
            entries.append(HistoryEntry(rng.choice(t.codes), when, rng.choice(HISTORY_TIERS)))
        history = tuple(sorted(entries, key=lambda h: (h.date, h.item, h.tier.severity)))
        facts.pop("first_violation", None)
    return DecisionRequest(
        item=t.item.code,
        party_kind=party,
        facts=MappingProxyType(facts),
        violation_date=violation,
        decision_date=decision,
        rulebook=t.book.id if rng.random() < 0.3 else None,
        birth_date=birth,
        discovered_date=discovered,
        history=history,
    )


def requests(rng: random.Random, ts: list[Target], n: int) -> Iterator[DecisionRequest]:
    for _ in range(n):
        yield make_request(rng, rng.choice(ts))


def pct(sorted_ns: list[int], p: float) -> float:
    index = min(len(sorted_ns) - 1, max(0, math.ceil(p / 100 * len(sorted_ns)) - 1))
    return sorted_ns[index] / 1000


def floor(chunk: list[DecisionRequest], sample: Decision) -> None:
    """Print the least any decision engine written in this interpreter does for each request of
    a freshly generated chunk, as the bulk run meets them: visit each fact the request gives
    once (the engine must check every one: an unknown or ill-typed fact is an error) and build
    one ``Decision`` (a named tuple, from fields made beforehand). Each loop is timed alone, with
    its own iteration; nothing is computed. The sum bounds the throughput from above, whatever
    the engine does besides (issue #3, Performance)."""
    gc.collect()
    t0 = time.perf_counter()
    for request in chunk:
        for _fact in request.facts.items():
            pass
    t1 = time.perf_counter()
    fields = tuple(sample)
    new = tuple.__new__
    for _request in chunk:
        new(Decision, fields)
    t2 = time.perf_counter()
    visit, build = (t1 - t0) / len(chunk) * 1e6, (t2 - t1) / len(chunk) * 1e6
    facts = sum(len(r.facts) for r in chunk) / len(chunk)
    print(
        f"floor over {len(chunk):,} fresh requests ({facts:.1f} facts each): visiting each "
        f"fact once {visit:.2f} µs, building one Decision {build:.2f} µs; together "
        f"{visit + build:.2f} µs, at most {1e6 / (visit + build):,.0f} decisions/s"
    )


def again(books: RulebookSet, chunk: list[DecisionRequest]) -> None:
    """Print the throughput of ``decide_many`` over the bulk run's last chunk decided again, best
    of three passes: each of its situations is then in the memo (the memo keeps a situation it
    can answer; the few it never keeps — a time-barred request, an error without missing facts —
    are decided in full again, as in the bulk run). It bounds what any change to deciding new
    situations could bring; the hits' own cost is the rest (issue #3, Performance)."""
    best = math.inf
    for _ in range(3):
        gc.collect()
        t0 = time.perf_counter()
        for _result in decide_many(books, chunk):
            pass
        best = min(best, time.perf_counter() - t0)
    print(
        f"again: the last chunk of {len(chunk):,} decided again (every situation known), best of "
        f"3: {len(chunk) / best:,.0f} decisions/s, {best / len(chunk) * 1e6:.1f} µs a request"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rulebooks", type=Path, default=ROOT / "rulebooks")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time the least any engine in this interpreter does per request (see floor())",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="also decide the last chunk again, every situation known (see again())",
    )
    args = parser.parse_args()

    t0 = time.perf_counter()
    books = published_set(args.rulebooks)
    ts = targets(books)
    print(
        f"rulebooks: {len(books.rulebooks)}, published versions: "
        f"{sum(len(b.versions) for b in books.rulebooks)}, (version, item) targets: {len(ts)}, "
        f"loaded in {time.perf_counter() - t0:.2f} s"
    )
    rng = random.Random(args.seed)
    tiers: Counter[str] = Counter()
    sample: Decision | None = None
    done = 0
    elapsed = 0.0
    cpu = 0.0
    generated = 0.0
    while done < args.requests:
        n = min(args.chunk, args.requests - done)
        g0 = time.perf_counter()
        chunk = list(requests(rng, ts, n))
        g1 = time.perf_counter()
        c1 = time.process_time()
        generated += g1 - g0
        for result in decide_many(books, chunk):
            if isinstance(result, DecisionInputError):
                tiers["error"] += 1
            else:
                tiers[result.tier.value] += 1
                sample = result
        elapsed += time.perf_counter() - g1
        cpu += time.process_time() - c1
        done += n
        if not (args.again and done >= args.requests):
            del chunk
    print(f"requests: {done:,} in chunks of {args.chunk:,} (generation {generated:.1f} s, untimed)")
    print(f"decide_many elapsed: {elapsed:.2f} s")
    print(f"decide_many throughput: {done / elapsed:,.0f} decisions/s (one process, one core)")
    print(
        f"decide_many CPU time of this process: {cpu:.2f} s, {done / cpu:,.0f} decisions per "
        "CPU-second (less sensitive to other load on a shared machine)"
    )
    print("timed: producing the Decision objects; to_json() is not included")
    memo = index_of(books).memo
    print(f"situation memo: {len(memo):,} templates kept (bound {MEMO_SIZE:,})")
    print("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(tiers.items())))
    print(f"peak RSS after bulk: {peak_mib():,.0f} MiB")
    if args.floor and sample is not None:
        floor(list(requests(rng, ts, args.chunk)), sample)
    if args.again and done:
        again(books, chunk)

    single = list(requests(random.Random(args.seed + 1), ts, args.single))
    gc.collect()
    times: list[int] = []
    for request in single:
        s0 = time.perf_counter_ns()
        try:  # noqa: SIM105 - no context manager inside the timed region
            decide(books, request)
        except DecisionInputError:
            pass
        times.append(time.perf_counter_ns() - s0)
    times.sort()
    print(
        f"single decide over {len(times):,} fresh requests: p50 {pct(times, 50):,.1f} µs, "
        f"p95 {pct(times, 95):,.1f} µs, p99 {pct(times, 99):,.1f} µs, max {times[-1] / 1000:,.1f} µs"
    )
    print(f"peak RSS: {peak_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
