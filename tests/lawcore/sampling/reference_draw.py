"""Independent reference for prudent-draw/1, written from docs/draw-protocol.md alone.

Usage: python reference_draw.py TASK POPULATION.csv INSPECTORS.csv PER_ENTITY SEED A=0.03 B=0.05 ...
Prints the result JSON. Plain Python: hashlib, json, decimal. Assumes well-formed input files.
"""

import hashlib
import json
import sys
from decimal import Decimal


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows(text):  # data lines as [field1, field2], stripped, blank lines skipped
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")[1:]
    return [[f.strip() for f in ln.split(",")] for ln in lines if ln.strip()]


def reference_draw(task, population_csv, inspectors_csv, quotas, per_entity, seed):
    pop = sorted(rows(population_csv))
    ins = {
        i: sorted({c.strip() for c in cs.split(";") if c.strip()}) for i, cs in rows(inspectors_csv)
    }
    roster = sorted(ins)
    com = {
        "protocol": "prudent-draw/1",
        "task": task,
        "per_entity": per_entity,
        "population": sha("".join(f"{i},{s}\n" for i, s in pop)),
        "inspectors": sha("".join(f"{i},{';'.join(ins[i])}\n" for i in roster)),
        "quotas": {s: format(Decimal(q).normalize(), "f") for s, q in quotas.items()},
    }
    c = sha(json.dumps(com, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    strata, drawn = {}, []
    for s, q in com["quotas"].items():
        members = sorted((sha(f"{seed}|{c}|{i}"), i) for i, t in pop if t == s)
        n = min(len(members), int((Decimal(q) * len(members)).to_integral_value("ROUND_CEILING")))
        strata[s] = {"size": len(members), "drawn": n}
        drawn += [{"id": i, "stratum": s, "key": k, "inspectors": []} for k, i in members[:n]]
    drawn.sort(key=lambda e: (e["key"], e["id"]))
    cap, load = -(-len(drawn) * per_entity // len(roster)), dict.fromkeys(roster, 0)
    for e in drawn:
        for j in range(per_entity):
            start = int(sha(f"{seed}|{c}|{e['id']}|{j}"), 16) % len(roster)
            walk = [roster[(start + k) % len(roster)] for k in range(len(roster))]
            ok = [r for r in walk if e["id"] not in ins[r] and r not in e["inspectors"]]
            pick = [r for r in ok if load[r] < cap] or ok
            if not pick:
                raise SystemExit(f"draw fails: entity {e['id']}")
            e["inspectors"].append(pick[0])
            load[pick[0]] += 1
    return {**com, "commitment": c, "seed": seed, "strata": strata, "selected": drawn}


if __name__ == "__main__":
    task, pop_file, ins_file, per, seed, *qs = sys.argv[1:]
    read = lambda p: open(p, encoding="utf-8").read()  # noqa: E731, SIM115
    quotas = dict(q.split("=", 1) for q in qs)
    print(
        json.dumps(
            reference_draw(task, read(pop_file), read(ins_file), quotas, int(per), seed),
            ensure_ascii=False,
            indent=2,
        )
    )
