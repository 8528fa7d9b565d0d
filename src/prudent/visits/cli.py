"""`prudent visit alerts [--year Y]`: entities over the 公务入企 frequency thresholds (R-INSP-6).

Prints one line per entity (code, name, visits in the year, most visits in any window, which
threshold) and then the emergency visits not approved in time; counts cover every department.
Exit codes: 0 nothing over the thresholds, 1 at least one alert, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("visit", help="registered enterprise visits (公务入企登记)")
    commands = p.add_subparsers(dest="visit_cmd", required=True)
    c = commands.add_parser("alerts", help="entities over the visit-frequency thresholds")
    c.add_argument("--year", help="calendar year (default: this year)")
    c.set_defaults(func=_alerts)


def _alerts(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from django.utils import timezone

    from prudent.accounts.models import User
    from prudent.visits import selectors

    year = timezone.localdate().year
    if args.year:
        if not args.year.isdigit() or not 2000 <= int(args.year) <= 9999:
            print(f"--year: not a year: {args.year!r}", file=sys.stderr)
            return 2
        year = int(args.year)
    system = User(username="cli", is_superuser=True)  # reads only; the CLI sees all, like admin
    result = selectors.visit_alerts(system, year=year)
    lim = result.limits
    print(
        f"# {year}: more than {lim.window_max} visits in {lim.window_days} days, "
        f"or more than {lim.yearly_cap} in the year"
    )
    for a in result.entities:
        flags = [x for x, on in (("window", a.over_window), ("yearly-cap", a.over_cap)) if on]
        start = f" from {a.peak.start:%Y-%m-%d}" if a.peak.start else ""
        print(
            f"{a.entity.code}\t{a.entity.name}\tyear={a.total}\t"
            f"window={a.peak.count}{start}\t{','.join(flags)}"
        )
    for v in result.overdue_emergency:
        print(
            f"emergency-not-approved\t{v.entity.code}\t{v.entity.name}\t"
            f"{timezone.localtime(v.at):%Y-%m-%d %H:%M}\t{v.department.name}"
        )
    return 1 if result.entities or result.overdue_emergency else 0
