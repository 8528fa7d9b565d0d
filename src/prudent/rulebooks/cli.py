"""`prudent rulebook check DIR`, `prudent rulebook diff A B` and `prudent rulebook import DIR|FILE` (issue #3 part 3; R-LIST-4, R-LIST-5,
R-LIST-7). Pure: no database.

check: loads every rulebook under DIR (scenario files under tests/ are skipped), runs the strict
loader and every set-level check (facts, statute brackets, hierarchy, overlaps, gaps, APL 33) and
prints each problem. Exit 0 clean, 1 problems found, 2 unreadable input.

diff: A and B are rulebook files, optionally with a version: ``FILE@VERSION``; without a version the
latest (by effective date) is used. Exit 0 when they are the same, 1 when they differ, 2 bad input.

import (needs the database): every file in one transaction, after the same checks against the stored
ancestors; a published version already stored is immutable. Exit 0 imported, 2 refused (nothing
stored).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lawcore.rulebook.diff import diff_versions
from lawcore.rulebook.model import Rulebook, RulebookVersion
from lawcore.rulebook.validation import check
from prudent.rulebooks.files import load_dir, read_file


def register(sub: Any) -> None:
    rulebook = sub.add_parser("rulebook", help="rulebooks: check and diff").add_subparsers(
        dest="rulebook_cmd", required=True
    )
    chk = rulebook.add_parser("check", help="load and check every rulebook under DIR")
    chk.add_argument("dir", metavar="DIR")
    chk.set_defaults(func=_check)
    dif = rulebook.add_parser(
        "diff", help="what changed between two versions (FILE or FILE@VERSION)"
    )
    dif.add_argument("a", metavar="A")
    dif.add_argument("b", metavar="B")
    dif.set_defaults(func=_diff)
    imp = rulebook.add_parser(
        "import", help="import rulebook YAML (a file or every file under DIR) into the database"
    )
    imp.add_argument("path", metavar="DIR|FILE")
    imp.add_argument("--department", help="owning department (name); default: by authority")
    imp.set_defaults(func=_import)
    from prudent.rulebooks.exporting import register_export

    register_export(rulebook)


def _check(args: argparse.Namespace) -> int:
    loaded = load_dir(Path(args.dir))
    for error in loaded.errors:
        print(f"ERROR {error}")
    if loaded.unreadable:
        print(f"{len(loaded.unreadable)} unreadable file(s)")
        return 2
    report = check(loaded.rulebooks)
    for error in report.errors:
        print(f"ERROR {error}")
    for finding in report.findings:
        print(f"FINDING {finding}")
    items = sum(len(v.items) for b in loaded.rulebooks for v in b.versions)
    rows = sum(len(i.rows) for b in loaded.rulebooks for v in b.versions for i in v.items)
    problems = len(loaded.errors) + len(report.errors) + len(report.findings)
    print(
        f"{len(loaded.rulebooks)} rulebook(s), {items} item version(s), {rows} row version(s): "
        f"{len(loaded.errors) + len(report.errors)} error(s), {len(report.findings)} finding(s)"
    )
    return 1 if problems else 0


def _resolve(ref: str) -> tuple[Rulebook, RulebookVersion] | str:
    path_text, _, version_id = ref.partition("@")
    path = Path(path_text)
    if not path.is_file():
        return f"{ref}: no such file"
    book, errors, _bad = read_file(path)
    if book is None:
        return "\n".join(str(e) for e in errors) or f"{ref}: unusable rulebook"
    if version_id:
        version = book.version(version_id)
        if version is None:
            known = ", ".join(v.version for v in book.versions)
            return f"{ref}: no version {version_id!r} (versions: {known})"
        return book, version
    if not book.versions:
        return f"{ref}: the rulebook has no versions"
    return book, max(book.versions, key=lambda v: v.effective_from)


def _diff(args: argparse.Namespace) -> int:
    left, right = _resolve(args.a), _resolve(args.b)
    for side in (left, right):
        if isinstance(side, str):
            print(f"ERROR {side}")
    if isinstance(left, str) or isinstance(right, str):
        return 2
    (book_a, a), (book_b, b) = left, right
    print(f"--- {book_a.id} {a.version} ({a.digest[:12]})")
    print(f"+++ {book_b.id} {b.version} ({b.digest[:12]})")
    changes = diff_versions(a, b)
    for change in changes:
        print(change)
    print(f"{len(changes)} change(s)")
    return 1 if changes else 0


def _import(args: argparse.Namespace) -> int:  # noqa: C901
    from prudent.cli import django_setup

    django_setup()
    from prudent.core.errors import ServiceError
    from prudent.organisations.models import Department
    from prudent.rulebooks import services
    from prudent.rulebooks.files import rulebook_files

    root = Path(args.path)
    if not root.exists():
        print(f"ERROR {root}: no such file or directory")
        return 2
    department = None
    if args.department:
        department = Department.objects.filter(name=args.department).first()
        if department is None:
            print(f"ERROR --department: no department named {args.department!r}")
            return 2
    files = []
    for path in rulebook_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"ERROR {path}: cannot read the file: {exc}")
            return 2
        files.append((text, str(path)))
    if not files:
        print(f"ERROR {root}: no rulebook files")
        return 2
    try:
        results = services.rulebooks_import(actor="cli", files=files, department=department)
    except ServiceError as exc:
        print(f"ERROR {exc.message} Nothing was imported.")
        for messages in exc.errors.values():
            for message in messages:
                print(f"ERROR {message}")
        return 2
    for r in results:
        print(
            f"{r.rulebook.book_id}: {len(r.created)} new, {len(r.replaced)} draft(s) replaced, "
            f"{len(r.unchanged)} unchanged"
        )
    return 0
