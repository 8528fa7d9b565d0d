"""The Administrative Penalty Law (《中华人民共和国行政处罚法》, 2021) as code.

Pure functions over dates and facts; every result carries the `Citation`s it relied on. See
docs/law.md for the articles implemented and the status of their parameters.
"""

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
from lawcore.law.modality import Effect, Modality

__all__ = [
    "APL",
    "APL_SOURCE",
    "HARM_LEVELS",
    "Citation",
    "Effect",
    "InvalidFactError",
    "LawError",
    "MissingFactError",
    "Modality",
    "PartyKind",
    "PenaltyKind",
    "ThresholdError",
    "add_years",
    "apl",
    "apl_articles",
    "apl_lines",
    "chinese_number",
    "full_years_between",
]
