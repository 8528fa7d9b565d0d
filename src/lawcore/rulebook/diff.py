"""What changed between two rulebook versions (``prudent rulebook diff A B``; R-LIST-7).

:func:`diff_versions` compares two :class:`~lawcore.rulebook.model.RulebookVersion` snapshots and
returns :class:`Change` entries, in a stable order: version fields (dates, status), items removed and
added, and for items present in both, each changed field — fine brackets, penalties, benchmark and
provisions as whole values, rows added, removed and changed field by field (conditions are compared
in their text form). Values are shown in canonical JSON form (lawcore.rulebook.canonical).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from lawcore.rulebook.canonical import to_jsonable
from lawcore.rulebook.conditions import Condition, to_text
from lawcore.rulebook.model import ListRow, PenaltyItem, RulebookVersion

_VERSION_FIELDS = (
    "effective_from",
    "effective_to",
    "published_on",
    "status",
    "references",
    "preambles",
)
_SKIP_ITEM = frozenset({"rows", "code"})
_SKIP_ROW = frozenset({"id", "own_conditions"})


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``what`` is ``added``, ``removed`` or ``changed``; ``field`` names the field
    (empty for a whole item or row); ``before``/``after`` are short text forms."""

    what: str
    item: str | None
    row: str | None
    field: str
    before: str
    after: str

    def __str__(self) -> str:
        place = " ".join(
            p
            for p in (
                f"item {self.item}" if self.item else "",
                f"row {self.row}" if self.row else "",
            )
            if p
        )
        place = place or "version"
        if self.what == "changed":
            return f"~ {place} {self.field}: {self.before} → {self.after}"
        sign = "+" if self.what == "added" else "-"
        text = self.after if self.what == "added" else self.before
        return f"{sign} {place}{(' ' + self.field) if self.field else ''}: {text}"


def _show(value: object) -> str:
    if _is_condition(value):
        return to_text(value)  # type: ignore[arg-type]
    data = to_jsonable(value)
    if isinstance(data, str):
        return data
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _is_condition(value: object) -> bool:
    from lawcore.rulebook import conditions as c

    return isinstance(value, c.Cmp | c.In | c.All | c.AnyOf | c.Not)


def _fields(obj: object, skip: frozenset[str]) -> list[tuple[str, object]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in skip]  # type: ignore[arg-type]


def _compare(
    item: str | None, row: str | None, a: object, b: object, skip: frozenset[str]
) -> list[Change]:
    out = []
    for (name, before), (_, after) in zip(_fields(a, skip), _fields(b, skip), strict=True):
        left, right = _show(before), _show(after)
        if left != right:
            out.append(Change("changed", item, row, name, left, right))
    return out


def _row_label(row: ListRow) -> str:
    return f"{row.kind}{'/' + row.part if row.part else ''}: {row.condition_text}"


def _diff_item(a: PenaltyItem, b: PenaltyItem) -> list[Change]:
    out = _compare(a.code, None, a, b, _SKIP_ITEM)
    rows_a = {r.id: r for r in a.rows}
    rows_b = {r.id: r for r in b.rows}
    for row_id, row in rows_a.items():
        if row_id not in rows_b:
            out.append(Change("removed", a.code, row_id, "", _row_label(row), ""))
    for row_id, row in rows_b.items():
        if row_id not in rows_a:
            out.append(Change("added", a.code, row_id, "", "", _row_label(row)))
        else:
            out.extend(_compare(a.code, row_id, rows_a[row_id], row, _SKIP_ROW))
    return out


def diff_versions(a: RulebookVersion, b: RulebookVersion) -> list[Change]:
    """The changes that turn version ``a`` into version ``b``."""
    out: list[Change] = []
    for name in _VERSION_FIELDS:
        left, right = _show(getattr(a, name)), _show(getattr(b, name))
        if left != right:
            out.append(Change("changed", None, None, name, left, right))
    items_a = {i.code: i for i in a.items}
    items_b = {i.code: i for i in b.items}
    for code, item in items_a.items():
        if code not in items_b:
            out.append(Change("removed", code, None, "", item.name, ""))
    for code, item in items_b.items():
        if code not in items_a:
            out.append(Change("added", code, None, "", "", item.name))
        else:
            out.extend(_diff_item(items_a[code], item))
    return out


def condition_changed(a: Condition, b: Condition) -> bool:
    return to_text(a) != to_text(b)
