"""Benchmark of prudent-draw/1 (issue #5): commit + draw + assignment, verify, and bare SHA-256.

    .venv/bin/python bench/draw.py [--entities 10000000] [--inspectors 2000] [--sorted]

Generates the population in memory (ids "E%08d" in shuffled order unless --sorted; strata A/B/C/D
with shares 30/45/17/8 %), 2,000 inspectors with a few conflicts, quotas A 3 %, B 5 %, C 10 %,
D 20 %. Prints wall times, peak RSS (ru_maxrss) and the ratio to hashing the same ids bare
(`hashlib.sha256(id.encode()).hexdigest()` for every id) in the same run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import resource
import time

from lawcore.sampling import commit, draw, parse_inspectors, parse_population, verify

QUOTAS = {"A": "0.03", "B": "0.05", "C": "0.1", "D": "0.2"}
SHARES = {"A": 30, "B": 45, "C": 17, "D": 8}
SEED = "20260301093000123456789"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    args = parser.parse_args()
    population_csv, inspectors_csv = make_inputs(args.entities, args.inspectors, not args.sorted)
    gc.collect()
    base_mb = peak_mb()
    print(
        f"entities {args.entities:,}  inspectors {args.inspectors:,}  "
        f"order {'sorted' if args.sorted else 'shuffled'}  inputs generated, RSS {base_mb:.0f} MB"
    )

    t0 = time.perf_counter()
    population = parse_population(population_csv)
    inspectors = parse_inspectors(inspectors_csv)
    commitment = commit("BENCH-2026-001", population, inspectors, QUOTAS, 2)
    t1 = time.perf_counter()
    result = draw(commitment, population, inspectors, SEED)
    t2 = time.perf_counter()
    selected = len(result.selected)
    result_json = json.loads(json.dumps(result.as_dict()))
    del population, result
    gc.collect()
    run_mb = peak_mb()
    print(f"commit (parse, sort, digests)   {t1 - t0:7.2f} s")
    print(f"draw + assignment ({selected:,} selected) {t2 - t1:7.2f} s")
    print(f"commit + draw + assignment      {t2 - t0:7.2f} s   peak RSS {run_mb:.0f} MB")

    t3 = time.perf_counter()
    check = verify(result_json, population_csv, inspectors_csv)
    t4 = time.perf_counter()
    assert check.ok, check.message
    print(f"verify                          {t4 - t3:7.2f} s   peak RSS {peak_mb():.0f} MB")

    ids = [f"E{i:08d}" for i in range(args.entities)]
    t5 = time.perf_counter()
    for ident in ids:
        hashlib.sha256(ident.encode()).hexdigest()
    t6 = time.perf_counter()
    bare = t6 - t5
    print(f"bare SHA-256 of the same ids    {bare:7.2f} s")
    print(f"ratio commit+draw+assignment / bare  {(t2 - t0) / bare:5.2f}x")
    print(f"ratio verify / bare                  {(t4 - t3) / bare:5.2f}x")
    print(f"peak RSS of the whole run {peak_mb():.0f} MB (inputs alone {base_mb:.0f} MB)")


if __name__ == "__main__":
    main()
