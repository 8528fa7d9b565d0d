"""Canonical JSON of rulebook objects and the SHA-256 digest of a version (DESIGN.md "Legal data").

Canonical form: dataclasses as objects of their fields (in field order, then keys sorted by the JSON
dump), enums as their values, ``Decimal`` as plain decimal strings without exponent or trailing zeros
(``"50000"``, ``"0.3"``), dates as ISO strings, tuples as arrays, frozensets as sorted arrays,
conditions in their YAML form. A field whose metadata says ``omit_if_none`` is left out while it is
None (an optional key added later leaves the digests of versions without it unchanged). Dumped
with sorted keys, no spaces, UTF-8 (``ensure_ascii=False``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal
from enum import Enum

from lawcore.rulebook import conditions as c


def decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def to_jsonable(obj: object, *, skip: frozenset[str] = frozenset()) -> object:
    """A JSON-ready value of ``obj``; dataclass fields named in ``skip`` are left out."""
    if isinstance(obj, c.Cmp | c.In | c.All | c.AnyOf | c.Not):
        return c.to_json(obj)
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return decimal_text(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, frozenset):
        return sorted(str(x) for x in obj)
    if isinstance(obj, tuple | list):
        return [to_jsonable(x, skip=skip) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v, skip=skip) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_jsonable(getattr(obj, f.name), skip=skip)
            for f in dataclasses.fields(obj)
            if f.name not in skip
            and not (f.metadata.get("omit_if_none") and getattr(obj, f.name) is None)
        }
    return str(obj)


def canonical_json(obj: object, *, skip: frozenset[str] = frozenset()) -> str:
    return json.dumps(
        to_jsonable(obj, skip=skip), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def digest(obj: object) -> str:
    """SHA-256 (hex) of the canonical JSON, leaving out ``digest`` and ``source`` fields."""
    text = canonical_json(obj, skip=frozenset({"digest", "source"}))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
