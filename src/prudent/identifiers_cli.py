"""`prudent id check VALUE`: validate a 统一社会信用代码, 身份证号码 or 行政区划代码.

Pure: no database, no Django setup. Prints the check as JSON and exits 0 when valid, 1 when not.
"""

from __future__ import annotations

import argparse
import datetime
import json
from typing import Any
from zoneinfo import ZoneInfo


def register(sub: Any) -> None:
    ident = sub.add_parser("id", help="identifiers: USCC, citizen ID, division code")
    cmds = ident.add_subparsers(dest="id_cmd", required=True)
    chk = cmds.add_parser("check", help="detect the kind of VALUE, validate it, print JSON")
    chk.add_argument("value", metavar="VALUE")
    chk.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="date that birth dates may not follow (default: today in Asia/Shanghai)",
    )
    chk.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from lawcore.identifiers import check

    today = args.today or datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    result = check(args.value, today=today)
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    return 0 if result.valid else 1
