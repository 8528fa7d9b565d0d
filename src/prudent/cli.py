"""`prudent …`: the command line for every core job.

Each area adds its commands from a `cli.py` module with a `register(subparsers)` function; the
module list below is the only place to touch when a new area arrives. Commands that need the
database call `django_setup()` themselves, so pure commands (identifier checks, draws) start fast
and work without a database. Exit codes: 0 success, 1 a negative result (invalid, broken), 2 bad
input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import uuid
from collections.abc import Sequence

COMMAND_MODULES = [
    "prudent.core.cli",
    "prudent.entities.cli",
    "prudent.calendars.cli",
    "prudent.identifiers_cli",
    "prudent.sampling_cli",
    "prudent.rulebooks.cli",
    "prudent.decision_cli",
    "prudent.publication.cli",
    "prudent.evidence.cli",
    "prudent.inspections.cli",
    "prudent.draws.cli",
    "prudent.credit.cli",
    "prudent.visits.cli",
    "prudent.joint.cli",
]


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prudent.config.settings.dev")
    import django

    django.setup()


def _manage(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["prudent manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prudent", description="Prudent 包容审慎监管执法平台")
    sub = parser.add_subparsers(dest="command", required=True)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_manage)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from prudent.core.context import acting

    try:
        with acting(f"cli-{uuid.uuid4().hex[:12]}", "cli"):
            code: int = args.func(args)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
