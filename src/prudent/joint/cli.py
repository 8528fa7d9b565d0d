"""`prudent joint share --year Y [--json]` — per enforcement field the number of inspections, of
joint ones and the share, then food, drugs and catering against the 20% target (R-INSP-3, CN 4).
Over every inspection of the platform (the CLI runs as the operator). Exit 0; 2 on a bad year."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: Any) -> None:
    joint = sub.add_parser("joint", help="部门联合检查").add_subparsers(
        dest="joint_cmd", required=True
    )
    share = joint.add_parser("share", help="joint share per enforcement field for a year (CN 4)")
    share.add_argument("--year", type=int, required=True)
    share.add_argument("--json", action="store_true", help="print JSON instead of a table")
    share.set_defaults(func=_share)


def _share(args: argparse.Namespace) -> int:
    if not 2000 <= args.year <= 2100:
        print(f"--year: 年度应为2000至2100之间的年份: {args.year}")
        return 2
    from prudent.cli import django_setup

    django_setup()
    from prudent.joint.selectors import joint_share

    s = joint_share(year=args.year)
    rows = [("field", r) for r in s.fields] + [("sector", r) for r in s.sectors]
    if args.json:
        print(
            json.dumps(
                {
                    "year": s.year,
                    "rows": [
                        {
                            "kind": kind,
                            "key": r.key,
                            "label": r.label,
                            "inspections": r.inspections,
                            "joint": r.joint,
                            "share": None if r.share is None else str(r.share),
                            "meets_target": r.meets_target,
                        }
                        for kind, r in rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{s.year}年 联合检查占比")
    print("领域\t检查次数\t联合检查\t占比\t目标≥20%")
    for kind, r in rows:
        target = (
            ""
            if kind == "field"
            else {None: "无检查", True: "达标", False: "未达标"}[r.meets_target]
        )
        print(f"{r.label}\t{r.inspections}\t{r.joint}\t{r.share_percent}\t{target}")
    return 0
