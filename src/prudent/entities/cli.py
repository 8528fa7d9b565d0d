"""`prudent entity import FILE` and `prudent entity show CODE` (R-INSP-1).

Exit codes of `import`: 0 every row imported; 1 some rows were rejected (the others landed);
2 the file itself is unusable (not CSV/xlsx, bad encoding, unknown or missing columns) or
`--all-or-nothing` rejected it. Nothing is stored in the exit-2 cases.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
from typing import Any

SHOWN_ERRORS = 50


def register(sub: Any) -> None:
    entity = sub.add_parser("entity", help="the entity directory (市场主体名录库)")
    commands = entity.add_subparsers(dest="entity_cmd", required=True)
    imp = commands.add_parser("import", help="import entities from a CSV or xlsx file")
    imp.add_argument("file", help="CSV (UTF-8 or GB18030) or .xlsx file with a header row")
    imp.add_argument(
        "--format", choices=["csv", "xlsx"], help="file format (default: by the file extension)"
    )
    imp.add_argument(
        "--all-or-nothing", action="store_true", help="store nothing if any row is bad"
    )
    imp.add_argument(
        "--update", action="store_true", help="update entities whose code is already registered"
    )
    imp.add_argument("--report", metavar="CSV", help="write every row error to this CSV file")
    imp.set_defaults(func=_import)
    show = commands.add_parser("show", help="print one entity by its code")
    show.add_argument("code")
    show.set_defaults(func=_show)


def _import(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.entities.importing import ImportFileError, entity_import

    try:
        report = entity_import(
            actor=f"cli:{getpass.getuser()}",
            path_or_file=args.file,
            fmt=args.format,
            all_or_nothing=args.all_or_nothing,
            update=args.update,
        )
    except ImportFileError as exc:
        print(f"{args.file}: file not imported, nothing stored: {exc.message}", file=sys.stderr)
        return 2
    print(report.summary_line())
    if not report.stored:
        print("all-or-nothing: some rows are bad, so nothing was stored")
    for error in report.errors[:SHOWN_ERRORS]:
        print(error)
    if len(report.errors) > SHOWN_ERRORS:
        print(f"… and {len(report.errors) - SHOWN_ERRORS} more errors")
    if report.warning_count:
        print(f"{report.warning_count} warnings (rows imported; please check), e.g.:")
        for warning in report.warnings[:5]:
            print(f"  {warning}")
    if args.report:
        _write_report(args.report, report.errors)
        print(f"error report written to {args.report}")
    if not report.stored:
        return 2
    return 1 if report.rejected else 0


def _write_report(path: str, errors: list[Any]) -> None:
    # UTF-8 with BOM so that Excel on Chinese Windows opens it correctly.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["行号", "字段", "原因"])
        for error in errors:
            writer.writerow([error.line, error.field_label, error.message])


def _show(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.entities.models import Entity

    entity = Entity.objects.filter(code=args.code.strip().upper()).first()
    if entity is None:
        print(f"no entity with code {args.code}", file=sys.stderr)
        return 1
    rows = [
        ("code", entity.code),
        ("name", entity.name),
        ("kind", f"{entity.kind} ({entity.get_kind_display()})"),
        ("division_code", entity.division_code),
        ("address", entity.address),
        ("industry", entity.industry),
        ("registered_on", entity.registered_on.isoformat() if entity.registered_on else ""),
        ("updated_at", entity.updated_at.isoformat(timespec="seconds")),
    ]
    for key, value in rows:
        print(f"{key:<14} {value}")
    return 0
