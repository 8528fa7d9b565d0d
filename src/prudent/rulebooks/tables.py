"""The four official list tables of a version (R-LIST-3, R-LIST-9): thin glue over the pure
:mod:`lawcore.rulebook.tables` (row building, cell → row changes, YAML edits).

:func:`tables_for_file` serves the CLI (a YAML file, optionally with a directory of rulebooks for the
parents); :func:`tables_for_stored` serves the pages (parents from the stored published versions);
:func:`table_context` lays the tables out for the templates (``rulebooks/tables/_table.html``), the
same columns and cell texts as the .xlsx/.docx export, for the table view and editor, the version
detail page and the public portal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lawcore.rulebook.model import Rulebook, RulebookSet, RulebookVersion
from lawcore.rulebook.tables import EDITABLE, VersionTables, build_tables, columns

__all__ = [
    "VersionTables",
    "build_tables",
    "rulebook_set_with",
    "table_context",
    "tables_for_file",
    "tables_for_stored",
]


def rulebook_set_with(book: Rulebook, others: RulebookSet | None) -> RulebookSet:
    """``others`` with ``book`` in place of its stored copy (for resolving the parents' items)."""
    books = [b for b in (others.rulebooks if others else ()) if b.id != book.id]
    return RulebookSet((*books, book))


def tables_for_file(
    path: Path, version_id: str | None = None, rulebooks_dir: Path | None = None
) -> tuple[Rulebook, RulebookVersion, VersionTables]:
    """Load ``path`` strictly (raises RulebookErrors / OSError / LookupError) and build the tables of
    ``version_id`` (default: the latest by effective date)."""
    from lawcore.rulebook.loader import load_text

    book = load_text(path.read_text(encoding="utf-8"), str(path))
    if version_id:
        version = book.version(version_id)
        if version is None:
            known = ", ".join(v.version for v in book.versions)
            raise LookupError(f"{path}: no version {version_id!r} (versions: {known})")
    elif book.versions:
        version = max(book.versions, key=lambda v: v.effective_from)
    else:
        raise LookupError(f"{path}: the rulebook has no versions")
    others = None
    if rulebooks_dir is not None:
        from prudent.rulebooks.files import load_dir

        others = RulebookSet(load_dir(rulebooks_dir).rulebooks)
    return book, version, build_tables(book, version, rulebook_set_with(book, others))


def tables_for_stored(stored: Any) -> tuple[Rulebook, RulebookVersion, VersionTables]:
    """The tables of a StoredVersion; parents' items come from the stored published versions."""
    from prudent.rulebooks import selectors

    book, version = selectors.parsed_version(stored)
    rulebooks = rulebook_set_with(book, selectors.published_rulebook_set())
    return book, version, build_tables(book, version, rulebooks)


def rulebooks_for_stored(stored: Any) -> RulebookSet:
    from prudent.rulebooks import selectors

    book, _version = selectors.parsed_version(stored)
    return rulebook_set_with(book, selectors.published_rulebook_set())


def table_context(tables: VersionTables, item_code: str | None = None) -> list[dict[str, Any]]:
    """The four tables as template context: per table its columns (key, header) and sections, per
    row its cells (key, header, value, editable). With ``item_code`` only that item's rows, and only
    the tables and sections that have some (a row keeps its 序号 in the whole list)."""
    out = []
    for table in tables.tables:
        cols = columns(table.kind)
        sections = []
        for s in table.sections:
            rows = [r for r in s.rows if item_code is None or r.code == item_code]
            if item_code is not None and not rows:
                continue
            sections.append(
                {
                    "heading": s.heading,
                    "rows": [
                        {
                            "row": r,
                            "cells": [
                                {
                                    "key": k,
                                    "header": h,
                                    "value": r.cell(k),
                                    "editable": k in EDITABLE,
                                }
                                for k, h in cols
                            ],
                        }
                        for r in rows
                    ],
                }
            )
        if item_code is not None and not sections:
            continue
        out.append({"table": table, "columns": cols, "sections": sections})
    return out
