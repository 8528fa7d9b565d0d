"""`prudent evidence verify [--case ID]`: re-hash the stored evidence files (R-CASE-7).

Exit 0 and `OK <n> files` when every file is present with its recorded SHA-256 and size; exit 1
listing each MISSING or CHANGED file with its case number and item id otherwise; 2 for an unknown
case."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    evidence = sub.add_parser("evidence", help="case evidence files").add_subparsers(
        dest="evidence_cmd", required=True
    )
    verify = evidence.add_parser(
        "verify", help="re-hash the stored files and name any that changed or went missing"
    )
    verify.add_argument("--case", type=int, metavar="ID", help="only this case (its id)")
    verify.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.cases.models import Case
    from prudent.evidence.services import evidence_verify

    if args.case is not None and not Case.objects.filter(pk=args.case).exists():
        print(f"no case with id {args.case}")
        return 2
    report = evidence_verify(case_id=args.case)
    for problem in report.problems:
        print(problem.line())
    if report.ok:
        print(f"OK {report.checked} files")
        return 0
    print(f"FAILED {len(report.problems)} of {report.checked} files")
    return 1
