"""The decision engine (R-DEC-1…5): requests, ``decide`` and ``decide_many``. Pure: no I/O, no clock."""

from lawcore.decision.engine import (
    Cited,
    Conflict,
    CorrectivePath,
    Decision,
    Fine,
    FollowUp,
    Procedure,
    VersionUsed,
    decide,
    decide_many,
)
from lawcore.decision.request import (
    DecisionInputError,
    DecisionRequest,
    HistoryEntry,
    check_request,
    parse_request,
)

__all__ = [
    "Cited",
    "Conflict",
    "CorrectivePath",
    "Decision",
    "DecisionInputError",
    "DecisionRequest",
    "Fine",
    "FollowUp",
    "HistoryEntry",
    "Procedure",
    "VersionUsed",
    "check_request",
    "decide",
    "decide_many",
    "parse_request",
]
