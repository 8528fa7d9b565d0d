"""`prudent inspections export-population` and `export-inspectors`: the two inputs of
`prudent-draw/1` in their canonical CSV text (docs/draw-protocol.md; issue #5 part 1, R-INSP-1,
R-INSP-2, R-CRED-2). The files feed `prudent draw commit --population … --inspectors …` as they are.

Stratum = the credit class A/B/C/D (B when none was set); an entity on the serious-dishonesty list
on the day gets `S` instead, whatever its class. Inspector id = the 执法证号 in force on the day.
Exit codes: 0 written, 2 bad input (unknown department, bad date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("inspections", help="inspection directories (双随机名录库)")
    commands = p.add_subparsers(dest="inspections_cmd", required=True)
    for name, func, what in (
        ("export-population", _population, "entities as id,stratum"),
        ("export-inspectors", _inspectors, "inspectors as id,conflicts"),
    ):
        c = commands.add_parser(name, help=f"export {what} (canonical prudent-draw/1 CSV)")
        c.add_argument(
            "--department", help="department name or id (limits to its jurisdiction/staff)"
        )
        c.add_argument("--on", help="the day (YYYY-MM-DD; default today)")
        c.add_argument("--out", help="output file (default: standard output)")
        c.set_defaults(func=func)


def _prepare(args: argparse.Namespace) -> tuple[Any, dt.date] | None:
    from prudent.cli import django_setup

    django_setup()
    from django.utils import timezone

    from prudent.organisations.models import Department

    on = timezone.localdate()
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            print(f"--on: not a date (YYYY-MM-DD): {args.on!r}", file=sys.stderr)
            return None
    department = None
    if args.department:
        raw = args.department.strip()
        q = (
            Department.objects.filter(pk=int(raw))
            if raw.isdigit()
            else Department.objects.filter(name=raw)
        )
        department = q.first()
        if department is None:
            print(f"--department: no such department: {raw!r}", file=sys.stderr)
            return None
    return department, on


def _write(text: str, out: str | None) -> int:
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"wrote {text.count(chr(10)) - 1} rows to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _population(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if prepared is None:
        return 2
    from prudent.inspections.selectors import population_csv

    return _write(population_csv(on=prepared[1], department=prepared[0]), args.out)


def _inspectors(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if prepared is None:
        return 2
    from prudent.inspections.selectors import inspectors_csv

    return _write(inspectors_csv(on=prepared[1], department=prepared[0]), args.out)
