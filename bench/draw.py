"""Benchmark of prudent-draw/1 (issue #5): commit + draw + assignment, verify, and bare SHA-256.

    .venv/bin/python bench/draw.py [--entities 10000000] [--inspectors 2000] [--sorted] [--workers N]

Generates the population in memory (ids "E%08d" in shuffled order unless --sorted; strata A/B/C/D
with shares 30/45/17/8 %), 2,000 inspectors with a few conflicts, quotas A 3 %, B 5 %, C 10 %,
D 20 %. Prints wall times, CPU times (this process plus its finished workers), peak RSS (ru_maxrss, of this process and of
its largest worker) and the ratio to hashing the same ids bare
(`hashlib.sha256(id.encode()).hexdigest()` for every id) in the same run. The bare hashing is timed
twice, before and after the draw, and the ratios use the mean, in wall time (the target) and in
CPU time (steadier when other jobs share the machine). `--workers` fixes the processes used to hash
(default: automatic, see `lawcore.sampling.keys.default_workers`). It also prints which route read
the population (`numpy`: `lawcore.sampling.bulk`, taken from `bulk.BULK_MIN` entities on).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import resource
import time

from lawcore.sampling import commit, draw, parse_inspectors, parse_population, verify

QUOTAS = {"A": "0.03", "B": "0.05", "C": "0.1", "D": "0.2"}
SHARES = {"A": 30, "B": 45, "C": 17, "D": 8}
SEED = "20260301093000123456789"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu() -> float:
    """CPU seconds of this process and of its finished workers (user + system)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bare_hashing(n: int) -> tuple[float, float]:
    """(wall, CPU) seconds of `sha256(id.encode()).hexdigest()` over n ids."""
    ids = [f"E{i:08d}" for i in range(n)]
    t0, c0 = time.perf_counter(), cpu()
    for ident in ids:
        hashlib.sha256(ident.encode()).hexdigest()
    return time.perf_counter() - t0, cpu() - c0


def make_inputs(n: int, n_inspectors: int, shuffled: bool) -> tuple[str, str]:
    rng = random.Random(5)
    order = list(range(n))
    if shuffled:
        rng.shuffle(order)
    strata = rng.choices(list(SHARES), weights=list(SHARES.values()), k=n)
    population = "id,stratum\n" + "".join(
        f"E{i:08d},{s}\n" for i, s in zip(order, strata, strict=True)
    )
    lines = ["id,conflicts"]
    for k in range(n_inspectors):
        conflicts = [f"E{rng.randrange(n):08d}" for _ in range(rng.choice([0, 0, 0, 1, 3]))]
        lines.append(f"I{k:05d},{';'.join(conflicts)}")
    return population, "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=10_000_000)
    parser.add_argument("--inspectors", type=int, default=2000)
    parser.add_argument(
        "--sorted", action="store_true", help="generate the population sorted by id"
    )
    parser.add_argument("--workers", type=int, default=None, help="processes (default: auto)")
    args = parser.parse_args()
    workers = args.workers
    population_csv, inspectors_csv = make_inputs(args.entities, args.inspectors, not args.sorted)
    gc.collect()
    base_mb = peak_mb()
    print(
        f"entities {args.entities:,}  inspectors {args.inspectors:,}  "
        f"order {'sorted' if args.sorted else 'shuffled'}  inputs generated, RSS {base_mb:.0f} MB"
    )

    bare_before = bare_hashing(args.entities)
    gc.collect()

    c0 = cpu()
    t0 = time.perf_counter()
    population = parse_population(population_csv, workers=workers)
    inspectors = parse_inspectors(inspectors_csv)
    commitment = commit("BENCH-2026-001", population, inspectors, QUOTAS, 2)
    t1 = time.perf_counter()
    c1 = cpu()
    result = draw(commitment, population, inspectors, SEED, workers=workers)
    t2 = time.perf_counter()
    c2 = cpu()
    selected = len(result.selected)
    route = "numpy" if population.table is not None else "plain"
    result_json = json.loads(json.dumps(result.as_dict()))
    del population, result
    gc.collect()
    run_mb = peak_mb()
    print(
        f"commit (parse, sort, digests)   {t1 - t0:7.2f} s   (CPU {c1 - c0:.2f} s; {route} route)"
    )
    print(f"draw + assignment ({selected:,} selected) {t2 - t1:7.2f} s   (CPU {c2 - c1:.2f} s)")
    print(f"commit + draw + assignment      {t2 - t0:7.2f} s   peak RSS {run_mb:.0f} MB")

    c3 = cpu()
    t3 = time.perf_counter()
    check = verify(result_json, population_csv, inspectors_csv, workers=workers)
    t4 = time.perf_counter()
    c4 = cpu()
    assert check.ok, check.message
    print(
        f"verify                          {t4 - t3:7.2f} s   (CPU {c4 - c3:.2f} s)   "
        f"peak RSS {peak_mb():.0f} MB"
    )

    bare_after = bare_hashing(args.entities)
    bare = (bare_before[0] + bare_after[0]) / 2
    bare_cpu = (bare_before[1] + bare_after[1]) / 2
    print(
        f"bare SHA-256 of the same ids    {bare:7.2f} s   (CPU {bare_cpu:.2f} s; wall before "
        f"{bare_before[0]:.2f} s, after {bare_after[0]:.2f} s)"
    )
    print(
        f"ratio commit+draw+assignment / bare  {(t2 - t0) / bare:5.2f}x wall   "
        f"{(c2 - c0) / bare_cpu:5.2f}x CPU"
    )
    print(
        f"ratio verify / bare                  {(t4 - t3) / bare:5.2f}x wall   "
        f"{(c4 - c3) / bare_cpu:5.2f}x CPU"
    )
    print(
        f"peak RSS of the whole run {peak_mb():.0f} MB (inputs alone {base_mb:.0f} MB; "
        f"largest worker {children_peak_mb():.0f} MB)"
    )


if __name__ == "__main__":
    main()
