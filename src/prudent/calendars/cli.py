"""`prudent calendar load FILE | show YEAR | add DATE N` (docs/calendar.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

LABELS = {"builtin": "built-in", "loaded": "loaded", "provisional": "PROVISIONAL"}


def register(sub: Any) -> None:
    calendar = sub.add_parser("calendar", help="the working-day calendar").add_subparsers(
        dest="calendar_cmd", required=True
    )
    load = calendar.add_parser("load", help="load a year's holiday schedule from a JSON file")
    load.add_argument(
        "file", help="JSON file: year, source, published_on, holidays, makeup_workdays"
    )
    load.set_defaults(func=_load)
    show = calendar.add_parser("show", help="list a year's holidays and make-up working days")
    show.add_argument("year", type=int)
    show.set_defaults(func=_show)
    add = calendar.add_parser("add", help="the N-th working day after DATE (DATE not counted)")
    add.add_argument("date", help="start date, YYYY-MM-DD")
    add.add_argument("n", type=int, help="number of working days")
    add.set_defaults(func=_add)


def _load(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    from prudent.cli import django_setup

    django_setup()
    from prudent.calendars.services import schedule_load_document
    from prudent.core.errors import ValidationFailed

    try:
        result = schedule_load_document(actor="cli", text=text)
    except ValidationFailed as exc:
        print(f"error: {args.file}: {exc.message} (nothing written)", file=sys.stderr)
        for field, messages in exc.errors.items():
            for message in messages:
                print(f"  {field}: {message}", file=sys.stderr)
        return 2
    row = result.schedule
    verb = "loaded" if result.created else "replaced"
    print(
        f"{verb} {row.year}: {len(row.holidays)} holidays, {len(row.makeup_workdays)} make-up "
        f"workdays; {result.recomputed} provisional deadlines recomputed"
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.calendars.models import HolidaySchedule
    from prudent.calendars.services import current_calendar

    schedule = current_calendar().schedules.get(args.year)
    if schedule is None:
        print(f"{args.year}: PROVISIONAL - no schedule loaded; only Saturdays and Sundays are off")
        return 0
    status = "loaded" if HolidaySchedule.objects.filter(year=args.year).exists() else "builtin"
    print(f"{args.year}: {LABELS[status]} ({schedule.source})")
    print(f"holidays ({len(schedule.holidays)}):")
    for d in sorted(schedule.holidays):
        print(f"  {d.isoformat()} {d.strftime('%a')}")
    print(f"make-up workdays ({len(schedule.makeup_workdays)}):")
    for d in sorted(schedule.makeup_workdays):
        print(f"  {d.isoformat()} {d.strftime('%a')}")
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        start = date.fromisoformat(args.date)
    except ValueError:
        print(f"error: date: {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    if args.n < 0:
        print(f"error: n: working days must not be negative, got {args.n}", file=sys.stderr)
        return 2
    from prudent.cli import django_setup

    django_setup()
    from prudent.calendars.services import current_calendar

    result = current_calendar().add_working_days(start, args.n)
    print(json.dumps(result.as_dict()))
    return 0
