"""APL 30 (age) and 31 (mental capacity): who may be punished, and who must or may be punished less.

Age is the age at the date of the violation. When someone counts as having “已满十四周岁” is a
parameter: by default the age is reached on the **day after** the birthday, as 最高人民法院
法释〔2006〕1号 第二条 rules for 刑法 (“从周岁生日的第二天起算”; recalled, not in shared/law — so a
person who acts on their 14th birthday is still under 14, the reading more favourable to the party).
Pass `reached_on_birthday=True` to count the birthday itself. A 29 February birthday falls on
28 February in a common year (`lawcore.law.dates.add_years`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lawcore.law.citations import Citation, apl
from lawcore.law.dates import add_years
from lawcore.law.errors import LawError
from lawcore.law.modality import Effect, Modality

AGE_OF_RESPONSIBILITY = 14
AGE_OF_MAJORITY = 18


@dataclass(frozen=True, slots=True)
class CapacityFinding:
    """The effect of the party's age or mental state on the penalty."""

    effect: Effect
    modality: Modality | None
    reason: str
    citation: Citation
    follow_up: str = ""  # e.g. 责令监护人加以管教


def birthday(birth_date: date, age: int, *, reached_on_birthday: bool = False) -> date:
    """The first day on which someone born on `birth_date` counts as having reached `age`."""
    anniversary = add_years(birth_date, age)
    return anniversary if reached_on_birthday else anniversary + timedelta(days=1)


def age_at(birth_date: date, on: date, *, reached_on_birthday: bool = False) -> int:
    """Age in full years on `on` (see the module docstring for the birthday rule)."""
    if on < birth_date:
        raise LawError(f"violation date {on} is before the birth date {birth_date}")
    age = on.year - birth_date.year
    while age > 0 and birthday(birth_date, age, reached_on_birthday=reached_on_birthday) > on:
        age -= 1
    return age


def age_capacity(
    birth_date: date, violation_date: date, *, reached_on_birthday: bool = False
) -> CapacityFinding:
    """APL 30: under 14 → not punishable; 14 to under 18 → shall be lighter or mitigated."""
    age = age_at(birth_date, violation_date, reached_on_birthday=reached_on_birthday)
    citation = apl(30, 1)
    if age < AGE_OF_RESPONSIBILITY:
        return CapacityFinding(
            Effect.NOT_PUNISHABLE,
            Modality.SHALL,
            f"当事人实施违法行为时不满十四周岁（{age}周岁），依法不予行政处罚。",
            citation,
            follow_up="责令监护人加以管教",
        )
    if age < AGE_OF_MAJORITY:
        return CapacityFinding(
            Effect.LIGHTER_OR_MITIGATED,
            Modality.SHALL,
            f"当事人实施违法行为时已满十四周岁不满十八周岁（{age}周岁），依法应当从轻或者减轻行政处罚。",
            citation,
        )
    return CapacityFinding(Effect.NONE, None, "当事人实施违法行为时已成年。", citation)


class MentalState(StrEnum):
    """The party's mental state at the time of the act (APL 31). Fact name: `mental_state`."""

    NORMAL = "normal"
    CANNOT_RECOGNISE_OR_CONTROL = "cannot_recognise_or_control"  # 不能辨认或者不能控制自己行为
    INTERMITTENT_WHILE_NORMAL = "intermittent_while_normal"  # 间歇性精神病人在精神正常时
    LIMITED = "limited"  # 尚未完全丧失辨认或者控制自己行为能力


def mental_capacity(state: MentalState | str) -> CapacityFinding:
    """APL 31: cannot recognise or control → not punishable; limited → may be lighter or mitigated."""
    try:
        state = MentalState(state)
    except ValueError:
        allowed = ", ".join(m.value for m in MentalState)
        raise LawError(f"mental_state must be one of {allowed}, got {state!r}") from None
    citation = apl(31, 1)
    if state is MentalState.CANNOT_RECOGNISE_OR_CONTROL:
        return CapacityFinding(
            Effect.NOT_PUNISHABLE,
            Modality.SHALL,
            "当事人系精神病人或者智力残疾人，在不能辨认或者不能控制自己行为时有违法行为，依法不予行政处罚。",
            citation,
            follow_up="责令其监护人严加看管和治疗",
        )
    if state is MentalState.LIMITED:
        return CapacityFinding(
            Effect.LIGHTER_OR_MITIGATED,
            Modality.MAY,
            "当事人系尚未完全丧失辨认或者控制自己行为能力的精神病人或者智力残疾人，可以从轻或者减轻行政处罚。",
            citation,
        )
    if state is MentalState.INTERMITTENT_WHILE_NORMAL:
        return CapacityFinding(
            Effect.NONE,
            Modality.SHALL,
            "当事人系间歇性精神病人，在精神正常时有违法行为，应当给予行政处罚。",
            citation,
        )
    return CapacityFinding(Effect.NONE, None, "当事人的辨认和控制能力正常。", citation)
