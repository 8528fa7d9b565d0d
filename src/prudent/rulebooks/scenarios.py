"""YAML scenario tests of the shipped rulebooks (issue #3 part 9), collected by rulebooks/conftest.py.

A scenario file (``rulebooks/<book>/tests/*.yaml``) is a list of scenarios in the final shape the
decision engine answers::

    - name: 首次逾期申报，期限内改正 → 首违不罚
      rulebook: cn-tax-fwbf
      item: CN-TAX-FWBF-03
      violation_date: "2023-05-10"
      decision_date: "2023-06-01"
      facts: {first_violation: true, harm: slight, corrected_in_time: true, ...}
      history: []            # optional: earlier violations [{item, date, outcome}]
      expected:
        tier: no_penalty     # not_punishable | no_penalty | mitigated | lighter | ordinary | heavier
        fine: null           # or {min: …, max: …} in yuan (optionally proposed: …)
        rows: ["cn-tax-fwbf:A-03"]
        # or instead: error: unknown_item

:func:`run_scenario` is the one switch point: until ``lawcore.decision`` exists it runs
:func:`check_without_engine`, which checks what the data alone can show — the item exists in the version
in force at the violation date; the cited rows exist; their machine conditions hold on the facts and
their list gives the expected tier; with no row cited, no row of the item matches; the expected fine
range is the matching row's range, the matching benchmark level's range, or the tier's range in the
statute's bracket for these facts. The engine author replaces the body with a call to ``decide()``
and a comparison with ``expected``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lawcore.rulebook.conditions import MissingFact, evaluate
from lawcore.rulebook.loader import parse_yaml
from lawcore.rulebook.model import (
    LIST_TIER,
    FineUnit,
    ListKind,
    PenaltyItem,
    Range,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    Tier,
)
from lawcore.rulebook.validation import effective_tiers

_KEYS = {
    "name",
    "rulebook",
    "item",
    "violation_date",
    "decision_date",
    "facts",
    "history",
    "expected",
}
_EXPECTED = {"tier", "fine", "rows", "error"}


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str
    rulebook: str
    item: str
    violation_date: dt.date
    decision_date: dt.date
    facts: dict[str, Any]
    history: tuple[dict[str, Any], ...]
    tier: Tier | None
    fine: dict[str, Decimal] | None
    rows: tuple[str, ...]
    error: str | None


def _date(value: object, what: str) -> dt.date:
    return dt.date.fromisoformat(str(value)) if value is not None else _fail(f"{what} is missing")


def _fail(message: str) -> Any:
    raise ValueError(message)


def load_scenarios(path: Path) -> list[Scenario]:
    """The scenarios of one file (ValueError on a malformed file, naming the scenario)."""
    doc = parse_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(doc, list):
        raise ValueError(f"{path}: a scenario file is a list of scenarios")
    out = []
    for i, raw in enumerate(doc):
        name = raw.get("name", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        if (
            not isinstance(raw, dict)
            or set(raw) - _KEYS
            or set(raw.get("expected") or {}) - _EXPECTED
        ):
            raise ValueError(f"{path}: scenario {name}: unknown keys or not a mapping")
        expected = raw.get("expected") or {}
        fine = expected.get("fine")
        out.append(
            Scenario(
                name=str(name),
                source=str(path),
                rulebook=str(raw["rulebook"]),
                item=str(raw["item"]),
                violation_date=_date(raw.get("violation_date"), "violation_date"),
                decision_date=_date(raw.get("decision_date"), "decision_date"),
                facts=dict(raw.get("facts") or {}),
                history=tuple(raw.get("history") or ()),
                tier=Tier(expected["tier"]) if expected.get("tier") else None,
                fine={k: Decimal(v) for k, v in fine.items()} if fine else None,
                rows=tuple(expected.get("rows") or ()),
                error=expected.get("error"),
            )
        )
    return out


def run_scenario(scenario: Scenario, books: RulebookSet) -> list[str]:
    """Problems found (empty = the scenario passes). Switch to ``lawcore.decision.decide`` here."""
    return check_without_engine(scenario, books)


def _locate(
    scenario: Scenario, books: RulebookSet
) -> tuple[Rulebook, RulebookVersion, PenaltyItem] | str:
    book = books.get(scenario.rulebook)
    if book is None:
        return f"no rulebook {scenario.rulebook}"
    if scenario.decision_date < scenario.violation_date:
        return "decision_date is before violation_date"
    version = book.version_in_force(scenario.violation_date)
    item = version.item(scenario.item) if version else None
    if version is None or item is None:
        return f"no item {scenario.item} in {book.id} in force on {scenario.violation_date}"
    return book, version, item


def check_without_engine(scenario: Scenario, books: RulebookSet) -> list[str]:
    found = _locate(scenario, books)
    if scenario.error == "unknown_item":
        return [] if isinstance(found, str) else [f"expected unknown_item, found {scenario.item}"]
    if isinstance(found, str):
        return [found]
    book, version, item = found
    try:
        return _check_rows(scenario, books, book, version, item)
    except MissingFact as exc:
        return [f"the facts lack {exc.fact!r}, which the rows of {item.code} read"]


def _check_rows(
    scenario: Scenario,
    books: RulebookSet,
    book: Rulebook,
    version: RulebookVersion,
    item: PenaltyItem,
) -> list[str]:
    problems: list[str] = []
    cited = []
    for ref in scenario.rows:
        book_id, _, row_id = ref.rpartition(":")
        row = item.row(row_id) if book_id == book.id else None
        if row is None:
            problems.append(
                f"cited row {ref} is not a row of {item.code} in {book.id} {version.version}"
            )
        elif not evaluate(row.conditions, scenario.facts):
            problems.append(f"cited row {ref}: its conditions do not hold on the facts")
        else:
            cited.append(row)
    if problems:
        return problems
    penalty_rows = [r for r in item.rows if r.kind is not ListKind.NO_COERCION]
    if cited:
        tier = LIST_TIER.get(cited[0].kind)
        if tier is not scenario.tier:
            problems.append(f"row {cited[0].id} gives {tier}, the scenario expects {scenario.tier}")
        return problems + _check_fine(scenario, books, book, item, cited[0].range, tier)
    matching = [r.id for r in penalty_rows if evaluate(r.conditions, scenario.facts)]
    if matching:
        return [f"no row cited, but rows {', '.join(matching)} match the facts"]
    return _check_benchmark(scenario, books, book, item)


def _check_benchmark(
    scenario: Scenario, books: RulebookSet, book: Rulebook, item: PenaltyItem
) -> list[str]:
    resolved = books.resolve_item(book, item)
    levels = resolved.benchmark.levels if resolved.benchmark else ()
    hits = [
        lv for lv in levels if lv.conditions is not None and evaluate(lv.conditions, scenario.facts)
    ]
    tier = hits[0].tier if hits else Tier.ORDINARY
    problems = []
    if scenario.tier is not tier:
        problems.append(f"the benchmark gives {tier}, the scenario expects {scenario.tier}")
    level_range = hits[0].range if hits else None
    return problems + _check_fine(scenario, books, book, resolved, level_range, tier)


def _check_fine(
    scenario: Scenario,
    books: RulebookSet,
    book: Rulebook,
    item: PenaltyItem,
    explicit: Range | None,
    tier: Tier | None,
) -> list[str]:
    resolved = books.resolve_item(book, item)
    if tier in {Tier.NO_PENALTY, Tier.NOT_PUNISHABLE, None} or resolved.fine is None:
        return [] if scenario.fine is None else [f"expected a fine, but {tier} / no statutory fine"]
    index, bracket = resolved.fine.bracket_for(scenario.facts)
    if bracket.range is None:
        return [] if scenario.fine is None else ["expected a fine, but the statute gives none here"]
    rng: Range | None = explicit
    if rng is None:
        tiers = _tiers(books, book, item, index)
        rng = tiers.for_tier(tier) if tiers else None
    if rng is not None and bracket.unit is FineUnit.MULTIPLE and bracket.base is not None:
        rng = rng.scaled(Decimal(str(scenario.facts[bracket.base])))
    want = scenario.fine
    if want is None or rng is None:
        return (
            [] if want is None and rng is None else [f"fine: expected {want}, the data give {rng}"]
        )
    if (want.get("min"), want.get("max")) != (rng.low, rng.high):
        return [f"fine: expected {want.get('min')}–{want.get('max')}, the data give {rng}"]
    return []


def _tiers(books: RulebookSet, book: Rulebook, item: PenaltyItem, index: int) -> Any:
    resolved = books.resolve_item(book, item)
    return effective_tiers(book, resolved, index)
