"""Credit records of penalty information 行政处罚信息 (R-CRED-1…5): classification, publication
windows and repair eligibility. Pure rules — see `lawcore.credit.rules`."""

from lawcore.credit.rules import (
    CREDIT_THRESHOLDS,
    REGIMES,
    Classification,
    CreditError,
    CreditThresholds,
    Eligible,
    NotYet,
    RecordFacts,
    Regime,
    RegimeId,
    Severity,
    Window,
    classify,
    creates_record,
    publication_window,
    regime_on,
    repair_eligibility,
    select_thresholds,
)

__all__ = [
    "CREDIT_THRESHOLDS",
    "REGIMES",
    "Classification",
    "CreditError",
    "CreditThresholds",
    "Eligible",
    "NotYet",
    "RecordFacts",
    "Regime",
    "RegimeId",
    "Severity",
    "Window",
    "classify",
    "creates_record",
    "publication_window",
    "regime_on",
    "repair_eligibility",
    "select_thresholds",
]
