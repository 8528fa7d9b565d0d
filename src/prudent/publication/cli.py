"""`prudent publication expire [--on DATE]`: withdraw the publications whose period has ended
(R-CASE-12); meant for a daily cron. Exit 0, printing how many were withdrawn; 2 on a bad date."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any


def register(sub: Any) -> None:
    pub = sub.add_parser("publication", help="行政处罚决定公开").add_subparsers(
        dest="publication_cmd", required=True
    )
    expire = pub.add_parser("expire", help="withdraw publications whose period has ended")
    expire.add_argument("--on", metavar="YYYY-MM-DD", help="the day to run for (default: today)")
    expire.set_defaults(func=_expire)


def _expire(args: argparse.Namespace) -> int:
    on = None
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            print(f"--on: not a date (YYYY-MM-DD): {args.on}")
            return 2
    from prudent.cli import django_setup

    django_setup()
    from prudent.publication.services import publication_expire

    done = publication_expire(on=on)
    for p in done:
        print(f"withdrawn {p.number} (period ended {p.withdraw_on:%Y-%m-%d})")
    print(f"{len(done)} publication(s) withdrawn")
    return 0
