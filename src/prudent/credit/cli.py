"""`prudent credit sync` — create the missing credit records of decided penalty cases;
`prudent credit expire [--on DATE]` — withdraw records whose maximum period has ended (daily cron).
Exit 0 printing what was done; 2 on a bad date (R-CRED-1, R-CRED-4)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any


def register(sub: Any) -> None:
    credit = sub.add_parser("credit", help="信用记录").add_subparsers(
        dest="credit_cmd", required=True
    )
    sync = credit.add_parser("sync", help="create missing credit records for decided penalty cases")
    sync.set_defaults(func=_sync)
    expire = credit.add_parser("expire", help="withdraw records whose maximum period has ended")
    expire.add_argument("--on", metavar="YYYY-MM-DD", help="the day to run for (default: today)")
    expire.set_defaults(func=_expire)


def _sync(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.core.errors import ServiceError
    from prudent.credit.services import credit_sync

    try:
        done = credit_sync()
    except ServiceError as exc:
        print(f"nothing written: {exc.message} {exc.errors}")
        return 1
    for r in done:
        print(f"created record {r.pk} for case {r.case_id} ({r.severity}, max {r.max_end})")
    print(f"{len(done)} credit record(s) created")
    return 0


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
    from prudent.credit.services import credit_expire

    done = credit_expire(on=on)
    for r in done:
        print(f"withdrawn record {r.pk} (maximum period ended {r.max_end:%Y-%m-%d})")
    print(f"{len(done)} credit record(s) withdrawn")
    return 0
