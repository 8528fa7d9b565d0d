"""APL 32: the grounds on which the penalty SHALL be lighter or mitigated (应当从轻或者减轻).

Each ground is a boolean fact; its value in `MitigationGround` is the fact name. An absent fact means
the ground is not established (these are grounds the party or the file must show, unlike the
conditions of APL 33, whose absence is an error).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lawcore.law.citations import Citation, apl
from lawcore.law.facts import Facts, bool_fact
from lawcore.law.modality import Effect, Modality


class MitigationGround(StrEnum):
    """APL 32 items (一)–(五); the value is the fact name."""

    ELIMINATED_OR_REDUCED_HARM = "eliminated_or_reduced_harm"  # 主动消除或者减轻违法行为危害后果
    COERCED_OR_DECEIVED = "coerced_or_deceived"  # 受他人胁迫或者诱骗实施违法行为
    CONFESSED_UNKNOWN_VIOLATION = (
        "confessed_unknown_violation"  # 主动供述行政机关尚未掌握的违法行为
    )
    MERITORIOUS_COOPERATION = "meritorious_cooperation"  # 配合行政机关查处违法行为有立功表现
    OTHER_STATUTORY_GROUND = "other_statutory_ground"  # 法律、法规、规章规定的其他

    @property
    def item(self) -> int:
        return list(MitigationGround).index(self) + 1

    @property
    def citation(self) -> Citation:
        return apl(32, 1, item=self.item)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS: dict[MitigationGround, str] = {
    MitigationGround.ELIMINATED_OR_REDUCED_HARM: "主动消除或者减轻违法行为危害后果",
    MitigationGround.COERCED_OR_DECEIVED: "受他人胁迫或者诱骗实施违法行为",
    MitigationGround.CONFESSED_UNKNOWN_VIOLATION: "主动供述行政机关尚未掌握的违法行为",
    MitigationGround.MERITORIOUS_COOPERATION: "配合行政机关查处违法行为有立功表现",
    MitigationGround.OTHER_STATUTORY_GROUND: "法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形",
}


@dataclass(frozen=True, slots=True)
class MitigationFinding:
    ground: MitigationGround
    effect: Effect
    modality: Modality
    reason: str
    citation: Citation


def mitigation_grounds(facts: Facts) -> tuple[MitigationFinding, ...]:
    """The APL 32 grounds present in `facts`, in the order of the article (empty when none)."""
    return tuple(
        MitigationFinding(
            ground,
            Effect.LIGHTER_OR_MITIGATED,
            Modality.SHALL,
            f"当事人具有“{ground.label}”情形，依法应当从轻或者减轻行政处罚。",
            ground.citation,
        )
        for ground in MitigationGround
        if bool_fact(facts, ground.value)
    )
