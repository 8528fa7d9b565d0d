"""YAML scenario tests of the shipped rulebooks (issue #3 part 9), collected by rulebooks/conftest.py.

A scenario file (``rulebooks/<book>/tests/*.yaml``) is a list of scenarios, each a case description
the decision engine answers (docs/decide.md)::

    - name: 首次逾期申报，期限内改正 → 首违不罚
      rulebook: cn-tax-fwbf
      item: CN-TAX-FWBF-03
      violation_date: "2023-05-10"
      decision_date: "2023-06-01"
      facts: {first_violation: true, minor: false, harm: slight, corrected_in_time: true, ...}
      history: []            # optional: earlier violations [{item, date, outcome}]
      expected:
        tier: no_penalty     # not_punishable | no_penalty | mitigated | lighter | ordinary | heavier
        fine: null           # or {min: …, max: …} in yuan (optionally proposed: …)
        rows: ["cn-tax-fwbf:A-03"]
        # or instead: error: unknown_item | not_in_force

The facts state the case completely: every fact the engine needs for the rows, the benchmark and
《行政处罚法》第三十三条 (``minor``, ``harm``, ``corrected_in_time``, ``first_violation``,
``no_fault_proven``), so a scenario never passes because of a default. :func:`run_scenario` first
checks what the data alone show (the rulebook exists; each cited row is a row of the item in a
version in force at the violation or decision date), then decides the case with
``lawcore.decision.decide`` and compares the tier, the fine range (and proposal, when given) and the
cited rows with ``expected``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lawcore.decision import DecisionInputError, decide, parse_request
from lawcore.rulebook.loader import parse_yaml
from lawcore.rulebook.model import RulebookSet, Tier

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
# expected errors → the request field the engine's DecisionInputError names
ERRORS = {
    "unknown_item": frozenset({"item"}),  # no version of the rulebook has the item
    "not_in_force": frozenset({"violation_date", "decision_date"}),  # none in force at either date
}


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
        if expected.get("error") is not None and expected["error"] not in ERRORS:
            raise ValueError(f"{path}: scenario {name}: error must be one of {sorted(ERRORS)}")
        if not expected.get("error") and not expected.get("tier"):
            raise ValueError(f"{path}: scenario {name}: expected needs a tier or an error")
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
    """Problems found (empty = the scenario passes): the data checks, then the engine's answer."""
    return check_data(scenario, books) or check_with_engine(scenario, books)


def check_data(scenario: Scenario, books: RulebookSet) -> list[str]:
    """What the data alone show: the rulebook exists and every cited row is ``<rulebook>:<row>`` of
    the scenario's item in a published version in force at the violation or the decision date."""
    book = books.get(scenario.rulebook)
    if book is None:
        return [f"no rulebook {scenario.rulebook}"]
    versions = [book.version_in_force(d) for d in (scenario.violation_date, scenario.decision_date)]
    items = [v.item(scenario.item) for v in versions if v is not None]
    problems = []
    for ref in scenario.rows:
        book_id, _, row_id = ref.rpartition(":")
        if book_id != book.id or not any(i is not None and i.row(row_id) for i in items):
            problems.append(
                f"cited row {ref} is not a row of {scenario.item} in {book.id} in force"
            )
    return problems


def scenario_request(scenario: Scenario) -> dict[str, Any]:
    """The engine request of a scenario (docs/decide.md); a scenario's party is an organisation
    unless its facts say otherwise, and history entries may use ``outcome`` for ``tier``."""
    facts = dict(scenario.facts)
    party_kind = facts.pop("party_kind", "organisation")
    request: dict[str, Any] = {
        "item": scenario.item,
        "rulebook": scenario.rulebook,
        "party_kind": party_kind,
        "facts": facts,
        "violation_date": scenario.violation_date.isoformat(),
        "decision_date": scenario.decision_date.isoformat(),
    }
    if scenario.history:
        request["history"] = [
            {"item": h["item"], "date": str(h["date"]), "tier": h.get("tier", h.get("outcome"))}
            for h in scenario.history
        ]
    return request


def check_with_engine(scenario: Scenario, books: RulebookSet) -> list[str]:
    """Decide the scenario with ``lawcore.decision`` and compare tier, fine and cited rows."""
    try:
        decision = decide(books, parse_request(scenario_request(scenario)))
    except DecisionInputError as exc:
        if scenario.error is not None and exc.path in ERRORS[scenario.error]:
            return []
        return [f"the engine refused the request: {exc}"]
    if scenario.error is not None:
        return [f"expected the error {scenario.error}, the engine decided {decision.tier.value}"]
    problems = []
    if scenario.tier is not None and decision.tier is not scenario.tier:
        problems.append(f"tier: expected {scenario.tier.value}, engine gave {decision.tier.value}")
    fine = decision.fine
    got = {"min": fine.min, "max": fine.max, "proposed": fine.proposed} if fine else None
    if scenario.fine is None and got is not None:
        problems.append(f"fine: expected none, engine gave {got}")
    if scenario.fine is not None and (
        got is None or any(got.get(k) != v for k, v in scenario.fine.items())
    ):
        problems.append(f"fine: expected {scenario.fine}, engine gave {got}")
    cited = {f"{decision.rulebook}:{row}" for row in decision.rows}
    if set(scenario.rows) != cited:
        problems.append(f"rows: expected {sorted(scenario.rows)}, engine cited {sorted(cited)}")
    return problems
