"""The Administrative Penalty Law (《中华人民共和国行政处罚法》, 2021) as code.

Pure functions over dates and facts; every result carries the `Citation`s it relied on. See
docs/law.md for the articles implemented and the status of their parameters.
"""

from lawcore.law.capacity import (
    AGE_OF_MAJORITY,
    AGE_OF_RESPONSIBILITY,
    CapacityFinding,
    MentalState,
    age_at,
    age_capacity,
    birthday,
    mental_capacity,
)
from lawcore.law.citations import (
    APL,
    APL_SOURCE,
    Citation,
    apl,
    apl_articles,
    apl_lines,
    chinese_number,
)
from lawcore.law.dates import add_years, full_years_between
from lawcore.law.errors import InvalidFactError, LawError, MissingFactError, ThresholdError
from lawcore.law.facts import HARM_LEVELS
from lawcore.law.kinds import PartyKind, PenaltyKind
from lawcore.law.limitation import EXTENDED_YEARS, ORDINARY_YEARS, LimitationResult, limitation
from lawcore.law.mitigation import MitigationFinding, MitigationGround, mitigation_grounds
from lawcore.law.modality import Effect, Modality
from lawcore.law.no_penalty import (
    EDUCATION,
    NO_PENALTY_FACTS,
    NoPenaltyAssessment,
    NoPenaltyPart,
    NoPenaltyVerdict,
    assess_no_penalty,
)
from lawcore.law.temporal import Applied, TemporalChoice, lighter_of_old_and_new

__all__ = [
    "AGE_OF_MAJORITY",
    "AGE_OF_RESPONSIBILITY",
    "APL",
    "APL_SOURCE",
    "EDUCATION",
    "EXTENDED_YEARS",
    "HARM_LEVELS",
    "NO_PENALTY_FACTS",
    "ORDINARY_YEARS",
    "Applied",
    "CapacityFinding",
    "Citation",
    "Effect",
    "InvalidFactError",
    "LawError",
    "LimitationResult",
    "MentalState",
    "MissingFactError",
    "MitigationFinding",
    "MitigationGround",
    "Modality",
    "NoPenaltyAssessment",
    "NoPenaltyPart",
    "NoPenaltyVerdict",
    "PartyKind",
    "PenaltyKind",
    "TemporalChoice",
    "ThresholdError",
    "add_years",
    "age_at",
    "age_capacity",
    "apl",
    "apl_articles",
    "apl_lines",
    "assess_no_penalty",
    "birthday",
    "chinese_number",
    "full_years_between",
    "lighter_of_old_and_new",
    "limitation",
    "mental_capacity",
    "mitigation_grounds",
]
