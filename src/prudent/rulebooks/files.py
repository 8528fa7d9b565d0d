"""Reading rulebook files from disk for `lawcore.rulebook.loader` (which does no I/O).

A rulebook directory holds one rulebook per YAML file (``*.yaml`` / ``*.yml``); files under a
``tests/`` directory are scenario tests, not rulebooks, and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lawcore.rulebook import errors as rules
from lawcore.rulebook.errors import RulebookError
from lawcore.rulebook.loader import parse_text
from lawcore.rulebook.model import Rulebook


@dataclass(frozen=True)
class LoadedDir:
    """What a directory held: the rulebooks that loaded cleanly, every error, and the files that
    could not be read at all (missing, not UTF-8, not YAML)."""

    rulebooks: tuple[Rulebook, ...]
    errors: tuple[RulebookError, ...]
    unreadable: tuple[RulebookError, ...]


def rulebook_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    files = [p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()]
    return sorted(p for p in files if "tests" not in p.relative_to(root).parts)


def read_file(
    path: Path, name: str | None = None
) -> tuple[Rulebook | None, tuple[RulebookError, ...], bool]:
    """Parse one file: (rulebook or None, errors, unreadable?)."""
    source = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, (RulebookError(source, rules.YAML, f"cannot read the file: {exc}"),), True
    book, errors = parse_text(text, source)
    unreadable = any(e.rule == rules.YAML for e in errors)
    return (book if not errors else None), errors, unreadable


def load_dir(root: Path) -> LoadedDir:
    """Every rulebook under ``root`` (or the one file ``root``)."""
    books: list[Rulebook] = []
    errors: list[RulebookError] = []
    unreadable: list[RulebookError] = []
    if not root.exists():
        missing = RulebookError(str(root), rules.YAML, "no such file or directory")
        return LoadedDir((), (missing,), (missing,))
    for path in rulebook_files(root):
        book, errs, bad = read_file(path)
        errors.extend(errs)
        if bad:
            unreadable.extend(errs)
        if book is not None:
            books.append(book)
    seen: dict[str, str] = {}
    for book in books:
        if book.id in seen:
            errors.append(
                RulebookError(
                    book.source,
                    rules.DUPLICATE,
                    f"rulebook id {book.id!r} is also used by {seen[book.id]}",
                )
            )
        seen.setdefault(book.id, book.source)
    return LoadedDir(tuple(books), tuple(errors), tuple(unreadable))
