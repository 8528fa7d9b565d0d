"""Whether the law binds (应当 / 不予 = shall) or leaves discretion (可以 = may)."""

from __future__ import annotations

from enum import StrEnum


class Modality(StrEnum):
    SHALL = "shall"  # 应当 / 不予
    MAY = "may"  # 可以


class Effect(StrEnum):
    """What a ground does to the penalty."""

    NOT_PUNISHABLE = "not_punishable"  # 不予行政处罚 because of the person (APL 30, 31)
    NO_PENALTY = "no_penalty"  # 不予行政处罚 for the act (APL 33)
    LIGHTER_OR_MITIGATED = "lighter_or_mitigated"  # 从轻或者减轻
    NONE = "none"  # the rule does not change the penalty
