"""Recompute a published draw from its inputs and name the first difference."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from lawcore.collector import collector_paused
from lawcore.sampling.errors import DrawInputError
from lawcore.sampling.inputs import parse_inspectors, parse_population
from lawcore.sampling.protocol import PROTOCOL, Commitment, DrawResult, Selected, commit, draw

_FIELDS = (
    "protocol",
    "task",
    "population",
    "inspectors",
    "quotas",
    "per_entity",
    "commitment",
    "seed",
    "strata",
    "selected",
)


@dataclass(frozen=True)
class Verification:
    ok: bool
    message: str
    selected: int = 0


def _differ(message: str) -> Verification:
    return Verification(False, message)


def _shape(result: Mapping[str, Any]) -> str | None:
    if not isinstance(result, Mapping):
        return "the result is not a JSON object"
    for name in _FIELDS:
        if name not in result:
            return f"field {name!r} is missing"
    extra = sorted(set(result) - set(_FIELDS))
    if extra:
        return f"unexpected field {extra[0]!r}"
    if result["protocol"] != PROTOCOL:
        return f"protocol is {result['protocol']!r}, expected {PROTOCOL!r}"
    if not isinstance(result["quotas"], Mapping):
        return "field 'quotas' is not an object"
    if not isinstance(result["selected"], list):
        return "field 'selected' is not a list"
    return None


_ENTRY = ("id", "stratum", "key", "inspectors")


def _same_selected(got: list[Any], selected: Sequence[Selected]) -> bool:
    """`got == [s.as_dict() for s in selected]`, column by column at C level (no dict built).

    An entry that is not an object with exactly the four fields makes it False (so does any
    difference); the entry-by-entry walk of `_compare_selected` then names it.
    """
    if len(got) != len(selected):
        return False
    try:
        if not all(map((4).__eq__, map(len, got))):
            return False
        columns = [list(map(itemgetter(name), got)) for name in _ENTRY]
    except (TypeError, KeyError, IndexError):
        return False
    ids, strata, keys, teams = columns
    return (
        ids == list(map(itemgetter(0), selected))
        and strata == list(map(itemgetter(1), selected))
        and keys == list(map(itemgetter(2), selected))
        and teams == list(map(list, map(itemgetter(3), selected)))
    )


def _compare_selected(got: list[Any], want: list[dict[str, Any]]) -> str | None:
    if got == want:
        return None
    for index, (g, w) in enumerate(zip(got, want, strict=False)):
        where = f"selected[{index}] ({w['id']})"
        if not isinstance(g, Mapping):
            return f"{where}: not an object"
        for name in ("id", "stratum", "key", "inspectors"):
            if g.get(name) != w[name]:
                why = " (SHA-256 of seed|commitment|id)" if name == "key" else ""
                return f"{where}: {name} is {g.get(name)!r}, the draw gives {w[name]!r}{why}"
        extra = sorted(set(g) - set(w))
        if extra:
            return f"{where}: unexpected field {extra[0]!r}"
    if len(got) != len(want):
        return f"selected has {len(got)} entries, the draw gives {len(want)}"
    return None


def _compare(result: Mapping[str, Any], redone: DrawResult) -> str | None:
    want = redone.fields()
    for name in _FIELDS:
        if name == "selected":
            if _same_selected(result[name], redone.selected):
                return None
            return _compare_selected(result[name], redone.as_dict()["selected"])
        if result[name] != want[name]:
            if name in ("population", "inspectors"):
                return (
                    f"{name}: the result names digest {result[name]!r} "
                    f"but the {name} file given has digest {want[name]!r}"
                )
            return f"{name} is {result[name]!r}, recomputed {want[name]!r}"
    return None


def verify(
    result: Mapping[str, Any],
    population_lines: str | Iterable[str],
    inspector_lines: str | Iterable[str],
    *,
    workers: int | None = None,
) -> Verification:
    """Redo the draw described by `result` on the given inputs; ok or the first difference.

    It takes the same routes as a draw (`workers` as for `parse_population` and `draw`).

    Malformed population or inspector files raise DrawInputError, as for a draw.
    """
    with collector_paused():
        return _verify(result, population_lines, inspector_lines, workers)


def _verify(
    result: Mapping[str, Any],
    population_lines: str | Iterable[str],
    inspector_lines: str | Iterable[str],
    workers: int | None,
) -> Verification:
    problem = _shape(result)
    if problem:
        return _differ(problem)
    population = parse_population(population_lines, workers=workers)
    inspectors = parse_inspectors(inspector_lines)
    for name, digest in (("population", population.digest), ("inspectors", inspectors.digest)):
        if result[name] != digest:
            return _differ(
                f"{name}: the result names digest {result[name]!r} "
                f"but the {name} file given has digest {digest!r}"
            )
    try:
        commitment: Commitment = commit(
            result["task"], population, inspectors, result["quotas"], result["per_entity"]
        )
        redone = draw(commitment, population, inspectors, result["seed"], workers=workers)
    except DrawInputError as exc:
        return _differ(f"the result's own fields cannot be drawn: {exc}")
    problem = _compare(result, redone)
    if problem:
        return _differ(problem)
    count = len(redone.selected)
    return Verification(True, f"result reproduced ({count} selected)", count)
