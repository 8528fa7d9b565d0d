"""Small, line-based edits of rulebook YAML text that keep its comments and layout.

The stored source of a version is the YAML file's text (models.py). Creating a new draft appends a
version entry to the ``versions:`` block; publishing sets ``status`` and ``published_on`` of the
version and closes the period of the version it replaces (``effective_to``). Only block-style version
entries (``- version: "…"`` followed by ``key: value`` lines) can be edited; anything else is
:class:`SourceEditError`. The caller always re-parses the result with the strict loader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_VERSION = re.compile(
    r"""^(?P<indent> *)- version:\s*(?P<q>["']?)(?P<id>[^"'#\s]+)(?P=q)\s*(?:#.*)?$"""
)
_TOP_VERSIONS = re.compile(r"^versions:\s*(?:#.*)?$")


class SourceEditError(ValueError):
    pass


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _span(lines: Sequence[str], version_id: str) -> tuple[int, int, int]:
    """(first line, line after the entry, indentation of the entry's keys)."""
    for start, line in enumerate(lines):
        match = _VERSION.match(line)
        if match is None or match.group("id") != version_id:
            continue
        dash = len(match.group("indent"))
        end = start + 1
        while end < len(lines) and (not _meaningful(lines[end]) or _indent(lines[end]) > dash):
            end += 1
        return start, end, dash + 2
    raise SourceEditError(f"version {version_id!r} is not a block entry '- version: …' in the text")


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_version_fields(text: str, version_id: str, fields: Mapping[str, str | None]) -> str:
    """Set (or, with None, remove) header keys of one version entry."""
    lines = text.splitlines()
    for key, value in fields.items():
        start, end, keys = _span(lines, version_id)
        pattern = re.compile(rf"^ {{{keys}}}{re.escape(key)}:")
        found = next((i for i in range(start + 1, end) if pattern.match(lines[i])), None)
        new = None if value is None else f"{' ' * keys}{key}: {value}"
        if found is not None:
            if new is None:
                del lines[found]
            else:
                lines[found] = new
        elif new is not None:
            lines.insert(start + 1, new)
    return "\n".join(lines) + "\n"


def append_version(text: str, entry: Mapping[str, str]) -> str:
    """Append a version entry (header keys only) at the end of the top-level ``versions:`` block."""
    lines = text.splitlines()
    top = next((i for i, line in enumerate(lines) if _TOP_VERSIONS.match(line)), None)
    if top is None:
        raise SourceEditError("the text has no top-level 'versions:' block")
    dash = next((_indent(line) for line in lines[top + 1 :] if line.lstrip().startswith("- ")), 2)
    end = top + 1
    while end < len(lines) and (
        not _meaningful(lines[end])
        or _indent(lines[end]) > dash
        or (_indent(lines[end]) == dash and lines[end].lstrip().startswith("- "))
    ):
        end += 1
    while end > top + 1 and not lines[end - 1].strip():
        end -= 1
    keys = list(entry.items())
    block = [f"{' ' * dash}- {keys[0][0]}: {keys[0][1]}"]
    block += [f"{' ' * (dash + 2)}{k}: {v}" for k, v in keys[1:]]
    return "\n".join([*lines[:end], *block, *lines[end:]]) + "\n"
