"""`prudent draw commit|run|verify`: the verifiable draw prudent-draw/1 on CSV files (R-INSP-1).

Pure: no database, no Django setup. Exit codes: 0 done / reproduced, 1 verify found a difference,
2 bad input (the message names the file, line or value).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    draw = sub.add_parser("draw", help="verifiable random draw prudent-draw/1 (双随机)")
    cmds = draw.add_subparsers(dest="draw_cmd", required=True)
    com = cmds.add_parser("commit", help="print the commitment JSON (publish it before the seed)")
    _inputs(com)
    com.set_defaults(func=_commit)
    run = cmds.add_parser("run", help="draw with the ceremony's seed and print the result JSON")
    _inputs(run)
    run.add_argument("--seed", required=True, help="at least 20 decimal digits")
    run.set_defaults(func=_run)
    ver = cmds.add_parser("verify", help="recompute a result JSON from its inputs")
    ver.add_argument("result", metavar="RESULT.json")
    ver.add_argument("--population", required=True, metavar="P.csv")
    ver.add_argument("--inspectors", required=True, metavar="I.csv")
    ver.set_defaults(func=_verify)


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--task", required=True)
    p.add_argument("--population", required=True, metavar="P.csv", help="CSV id,stratum")
    p.add_argument("--inspectors", required=True, metavar="I.csv", help="CSV id,conflicts")
    p.add_argument(
        "--quota", action="append", default=[], metavar="STRATUM=RATIO", help="repeat per stratum"
    )
    p.add_argument("--per-entity", type=int, default=2, help="inspectors per entity (default 2)")
    p.add_argument("--compact", action="store_true", help="print compact JSON")


class _BadInput(Exception):
    pass


def _read(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except OSError as exc:
        raise _BadInput(f"{what}: cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise _BadInput(f"{what}: {path} is not UTF-8 text (byte {exc.start})") from None


def _quotas(items: list[str]) -> dict[str, str]:
    quotas: dict[str, str] = {}
    for item in items:
        stratum, eq, ratio = item.partition("=")
        if not eq or not stratum.strip():
            raise _BadInput(f"--quota {item!r}: expected STRATUM=RATIO, e.g. A=0.03")
        if stratum.strip() in quotas:
            raise _BadInput(f"--quota: stratum {stratum.strip()!r} given twice")
        quotas[stratum.strip()] = ratio.strip()
    return quotas


def _print(obj: dict[str, Any], compact: bool) -> None:
    if compact:
        print(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    else:
        print(json.dumps(obj, ensure_ascii=False, indent=2))


def _guard(job: Any) -> int:
    from lawcore.sampling import DrawInputError

    try:
        code: int = job()
    except (DrawInputError, _BadInput) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return code


def _prepare(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from lawcore.sampling import commit, parse_inspectors, parse_population

    population = parse_population(_read(args.population, "population"))
    inspectors = parse_inspectors(_read(args.inspectors, "inspectors"))
    commitment = commit(args.task, population, inspectors, _quotas(args.quota), args.per_entity)
    return commitment, population, inspectors


def _commit(args: argparse.Namespace) -> int:
    def job() -> int:
        commitment, _, _ = _prepare(args)
        _print(commitment.as_dict(), args.compact)
        return 0

    return _guard(job)


def _run(args: argparse.Namespace) -> int:
    from lawcore.sampling import draw, validate_seed

    def job() -> int:
        validate_seed(args.seed)
        commitment, population, inspectors = _prepare(args)
        _print(draw(commitment, population, inspectors, args.seed).as_dict(), args.compact)
        return 0

    return _guard(job)


def _verify(args: argparse.Namespace) -> int:
    from lawcore.sampling import verify

    def job() -> int:
        try:
            result = json.loads(_read(args.result, "result"))
        except json.JSONDecodeError as exc:
            raise _BadInput(f"result: {args.result} is not JSON: {exc}") from None
        outcome = verify(
            result, _read(args.population, "population"), _read(args.inspectors, "inspectors")
        )
        if outcome.ok:
            print(f"OK: {outcome.message}")
            return 0
        print(f"DIFFERS: {outcome.message}")
        return 1

    return _guard(job)
