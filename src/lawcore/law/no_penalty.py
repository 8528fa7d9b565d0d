"""APL 33: when no penalty is given (不予行政处罚) — 轻微不罚, 首违不罚, 无过错不罚 — and education.

Facts used (docs/facts.md vocabulary):

- `minor` (bool) — 违法行为轻微;
- `harm` ∈ {"none", "slight", "general", "serious"} — 危害后果;
- `corrected_in_time` (bool) — 及时改正;
- `first_violation` (bool) — 初次违法;
- `no_fault_proven` (bool) — 当事人有证据足以证明没有主观过错.

Parts:

- `minor_corrected` — ¶1 sentence 1: minor AND corrected in time AND harm == "none" → SHALL NOT punish.
- `first_violation` — ¶1 sentence 2: first violation AND harm slight AND corrected in time → MAY NOT
  punish. Harm "none" also qualifies (a fortiori: no harm is less than slight harm).
- `no_fault` — ¶2: no fault proven → SHALL NOT punish, unless a law or administrative regulation
  provides otherwise (`no_fault_excluded_by_law=True`).
- ¶3: every no-penalty verdict carries the duty to educate the party (`education`).

Missing facts: a part is decided when all its facts are known, or when a known fact already rules it
out. If some part cannot be decided and no SHALL verdict has been found, `MissingFactError` names the
facts still needed. When a SHALL verdict exists the undecided parts cannot change the outcome (no
penalty) and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lawcore.law.citations import Citation, apl
from lawcore.law.errors import MissingFactError
from lawcore.law.facts import Facts, bool_fact, harm_fact
from lawcore.law.modality import Modality

NO_PENALTY_FACTS: tuple[str, ...] = (
    "minor",
    "harm",
    "corrected_in_time",
    "first_violation",
    "no_fault_proven",
)


class NoPenaltyPart(StrEnum):
    MINOR_CORRECTED = "minor_corrected"
    FIRST_VIOLATION = "first_violation"
    NO_FAULT = "no_fault"


EDUCATION: Citation = apl(33, 3)


@dataclass(frozen=True, slots=True)
class NoPenaltyVerdict:
    part: NoPenaltyPart
    modality: Modality
    reason: str
    citation: Citation
    education: Citation = EDUCATION


@dataclass(frozen=True, slots=True)
class NoPenaltyAssessment:
    """All the APL 33 verdicts that apply (strongest first). Empty `verdicts` → APL 33 does not apply."""

    verdicts: tuple[NoPenaltyVerdict, ...]

    @property
    def shall_not_punish(self) -> bool:
        return any(v.modality is Modality.SHALL for v in self.verdicts)

    @property
    def may_not_punish(self) -> bool:
        return bool(self.verdicts)

    @property
    def strongest(self) -> NoPenaltyVerdict | None:
        return self.verdicts[0] if self.verdicts else None


# Three-valued result of one part: True, False, or the names of the facts still needed.
_Outcome = bool | tuple[str, ...]


def _all(conditions: list[tuple[str, bool | None]]) -> _Outcome:
    if any(value is False for _, value in conditions):
        return False
    missing = tuple(name for name, value in conditions if value is None)
    return missing or True


def _harm_is(harm: str | None, levels: tuple[str, ...]) -> bool | None:
    return None if harm is None else harm in levels


def assess_no_penalty(
    facts: Facts, *, no_fault_excluded_by_law: bool = False
) -> NoPenaltyAssessment:
    """Apply APL 33 to `facts`. Raises `MissingFactError` or `InvalidFactError` (see module doc)."""
    minor = bool_fact(facts, "minor")
    corrected = bool_fact(facts, "corrected_in_time")
    first = bool_fact(facts, "first_violation")
    no_fault = bool_fact(facts, "no_fault_proven")
    harm = harm_fact(facts)

    outcomes: dict[NoPenaltyPart, _Outcome] = {
        NoPenaltyPart.MINOR_CORRECTED: _all(
            [
                ("minor", minor),
                ("corrected_in_time", corrected),
                ("harm", _harm_is(harm, ("none",))),
            ]
        ),
        NoPenaltyPart.FIRST_VIOLATION: _all(
            [
                ("first_violation", first),
                ("harm", _harm_is(harm, ("none", "slight"))),
                ("corrected_in_time", corrected),
            ]
        ),
        NoPenaltyPart.NO_FAULT: False
        if no_fault_excluded_by_law
        else _all([("no_fault_proven", no_fault)]),
    }
    verdicts = [_VERDICTS[part] for part in _ORDER if outcomes[part] is True]
    missing = [name for o in outcomes.values() if isinstance(o, tuple) for name in o]
    if missing and not any(v.modality is Modality.SHALL for v in verdicts):
        raise MissingFactError(missing, "APL 33 (不予行政处罚)")
    return NoPenaltyAssessment(tuple(verdicts))


_ORDER = (NoPenaltyPart.MINOR_CORRECTED, NoPenaltyPart.NO_FAULT, NoPenaltyPart.FIRST_VIOLATION)

_VERDICTS: dict[NoPenaltyPart, NoPenaltyVerdict] = {
    NoPenaltyPart.MINOR_CORRECTED: NoPenaltyVerdict(
        NoPenaltyPart.MINOR_CORRECTED,
        Modality.SHALL,
        "当事人违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚，并对当事人进行教育。",
        apl(33, 1, sentence=1),
    ),
    NoPenaltyPart.NO_FAULT: NoPenaltyVerdict(
        NoPenaltyPart.NO_FAULT,
        Modality.SHALL,
        "当事人有证据足以证明没有主观过错，依法不予行政处罚，并对当事人进行教育。",
        apl(33, 2),
    ),
    NoPenaltyPart.FIRST_VIOLATION: NoPenaltyVerdict(
        NoPenaltyPart.FIRST_VIOLATION,
        Modality.MAY,
        "当事人系初次违法，危害后果轻微并及时改正，可以不予行政处罚；不予处罚的，对当事人进行教育。",
        apl(33, 1, sentence=2),
    ),
}
