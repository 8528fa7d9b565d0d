"""`prudent draws list` and `prudent draws export TASK --out DIR`: the published draws and their
files from the database, as the public page offers them (issue #5 part 3; R-INSP-1). The exported
directory is ready for `prudent draw verify result.json --population population.csv --inspectors
inspectors.csv`. Only committed (published) draws are listed or exported. Exit codes: 0 done,
2 unknown or unpublished task.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("draws", help="published double-random draws (双随机抽取公示)")
    commands = p.add_subparsers(dest="draws_cmd", required=True)
    lst = commands.add_parser("list", help="published draws: task, state, commitment")
    lst.set_defaults(func=_list)
    exp = commands.add_parser("export", help="write a draw's published files into a directory")
    exp.add_argument("task", help="the draw's task id (抽查任务编号)")
    exp.add_argument("--out", required=True, help="directory to write the files into")
    exp.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.draws.selectors import public_draws

    for d in public_draws():
        print(f"{d.task}\t{d.get_state_display()}\t{d.commitment}\t{d.name}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.draws.models import DrawState
    from prudent.draws.selectors import inspectors_csv, population_csv, public_draws

    row = public_draws().filter(task=args.task).first()
    if row is None:
        print(f"no published draw with task {args.task!r}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "population.csv": population_csv(row),
        "inspectors.csv": inspectors_csv(row),
        "commitment.json": row.commitment_json,
    }
    if row.state == DrawState.DRAWN:
        files["result.json"] = row.result_json
    for name, text in files.items():
        (out / name).write_bytes(text.encode("utf-8"))
        print(out / name)
    return 0
