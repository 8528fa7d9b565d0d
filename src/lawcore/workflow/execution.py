"""Execution arithmetic for a case (R-CASE-9), from `lawcore.law.procedure` (APL 66, 67, 72, 73)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lawcore.calendar import add_days
from lawcore.law import (
    PAYMENT_DAYS,
    EnforcementStart,
    court_enforcement_period_start,
    late_payment_fine,
)
from lawcore.workflow.deadlines import payment_due
from lawcore.workflow.snapshot import CaseSnapshot


def late_fine(s: CaseSnapshot, today: date, suspended_days: int = 0) -> Decimal:
    """APL 72 ¶1 (一): 3 % a day after the due date (or the approved deferral), capped at the fine.

    Counted to the payment date if paid, else to `today`; `suspended_days` are days of 复议/诉讼
    (APL 73 ¶3). Zero without a fine or before service."""
    due = payment_due(s)
    if s.fine_yuan is None or due is None:
        return Decimal("0.00")
    until = s.paid_on if s.paid_on is not None else today
    return late_payment_fine(s.fine_yuan, due, until, suspended_days)


def court_enforcement_from(s: CaseSnapshot) -> EnforcementStart | None:
    """The day from which the period to apply for court enforcement runs (APL 72 ¶2)."""
    if s.served_on is None:
        return None
    due = add_days(s.served_on, PAYMENT_DAYS).date
    deferral = s.payment_deferred_until if s.deferral_approved else None
    return court_enforcement_period_start(due, deferral)
