"""Errors of the strict loader and the validator: each names the file, the item, the row and the rule
broken (DESIGN.md "Legal data"; R-LIST-4, R-LIST-5). Loading collects every error, not just the
first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Rule identifiers (stable: tests, docs and the CLI use them).
YAML = "yaml"  # the text is not well-formed YAML
UNKNOWN_KEY = "unknown-key"
MISSING_KEY = "missing-key"
BAD_TYPE = "bad-type"
BAD_VALUE = "bad-value"
BAD_DATE = "bad-date"
DUPLICATE = "duplicate"
VERSION_OVERLAP = "version-overlap"
UNKNOWN_VERSION = "unknown-version"
BAD_RANGE = "bad-range"
RANGE_OUTSIDE_STATUTE = "range-outside-statute"
EXCLUDED_ON_LIST = "excluded-item-on-list"  # R-LIST-5
UNKNOWN_FACT = "unknown-fact"
FACT_TYPE = "fact-type"
UNKNOWN_PARENT = "unknown-parent"
PARENT_LEVEL = "parent-level"  # R-LIST-4: a child sits below its parent
UNKNOWN_REFINED = "unknown-refined"  # R-LIST-4: refines something the parent does not have
RANGE_OUTSIDE_PARENT = "range-outside-parent"  # R-LIST-4
CONDITION_WIDER = "condition-wider-than-parent"  # R-LIST-4
LOOKBACK_SHORTER = "lookback-shorter-than-parent"  # R-LIST-4
KIND_CHANGED = "kind-differs-from-parent"  # R-LIST-4
OFFSET_WIDER = "offset-wider-than-parent"  # R-LIST-4, R-CASE-10: 公益抵罚 the parent forbids
FINE_BRACKETS = (
    "fine-brackets"  # statute brackets must hold exactly once for every fact combination
)
FACT_SPACE = "fact-space-too-large"

RULE_REQUIREMENT = {
    EXCLUDED_ON_LIST: "R-LIST-5",
    UNKNOWN_PARENT: "R-LIST-4",
    PARENT_LEVEL: "R-LIST-4",
    UNKNOWN_REFINED: "R-LIST-4",
    RANGE_OUTSIDE_PARENT: "R-LIST-4",
    CONDITION_WIDER: "R-LIST-4",
    LOOKBACK_SHORTER: "R-LIST-4",
    KIND_CHANGED: "R-LIST-4",
    OFFSET_WIDER: "R-LIST-4",
    RANGE_OUTSIDE_STATUTE: "R-LIST-6",
}


@dataclass(frozen=True, slots=True)
class RulebookError:
    """One problem: the file (``source``), the place in it (``where``, a key path), the item code and
    row id when there is one, the rule broken and a message in plain words."""

    source: str
    rule: str
    message: str
    item: str | None = None
    row: str | None = None
    where: str = ""

    def __str__(self) -> str:
        place = [self.source]
        if self.item:
            place.append(f"item {self.item}")
        if self.row:
            place.append(f"row {self.row}")
        if self.where and not (self.item or self.row):
            place.append(self.where)
        req = RULE_REQUIREMENT.get(self.rule)
        rule = f"{self.rule}, {req}" if req else self.rule
        return f"{': '.join(place)}: {self.message} [{rule}]"


class RulebookErrors(ValueError):
    """Raised by :func:`lawcore.rulebook.loader.load_text` with every error found."""

    def __init__(self, errors: Sequence[RulebookError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
