"""Enforcement certificates 执法证: may this officer act in this field on this day?

R-CASE-13 (持证上岗), R-SUP-8 (certificate register and expiry warnings).

持证上岗、亮证执法: an officer acts only while holding a certificate that is in force on the day of
the act and covers the enforcement field of the act. A certificate is in force from `valid_from` to
`valid_to`, both days included, unless it was revoked on or before the day in question; a
revocation dated after the day does not reach back, so past acts can be checked as they stood.

When no certificate serves, the refusal names the reason that matters to the officer:

- `missing`: the officer holds no certificate at all;
- `out_of_field`: no certificate covers the field (whether or not the others are in force, since
  renewing them would not help);
- among the certificates that cover the field: `not_yet_valid` if one of them is still to start
  (the officer can act from that day), otherwise the state of the most recent one (latest
  `valid_to`): `revoked` or `expired`.

The Chinese wording of each reason is composed by the caller; this module carries codes and facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

#: How many days ahead a certificate counts as "expiring soon" (到期预警).
EXPIRY_WARNING_DAYS = 30


class RefusalReason(StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    OUT_OF_FIELD = "out_of_field"


class CertificateState(StrEnum):
    """The state of one certificate on one day, for registers and warnings."""

    VALID = "valid"
    EXPIRING = "expiring"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class CertificateFacts:
    number: str
    valid_from: dt.date
    valid_to: dt.date
    fields: frozenset[str]
    revoked_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.valid_to < self.valid_from:
            raise ValueError(f"certificate {self.number}: valid_to is before valid_from")

    def revoked_by(self, on: dt.date) -> bool:
        """True if a revocation has taken effect on or before `on`."""
        return self.revoked_on is not None and self.revoked_on <= on

    def in_force_on(self, on: dt.date) -> bool:
        return not self.revoked_by(on) and self.valid_from <= on <= self.valid_to

    def covers(self, field: str) -> bool:
        return field in self.fields

    def days_left(self, on: dt.date) -> int:
        """Days from `on` to the last valid day: 0 on the last day, negative once expired."""
        return (self.valid_to - on).days


@dataclass(frozen=True)
class CertificateVerdict:
    ok: bool
    #: The certificate the officer acts under (ok), or the one the refusal is about (None when
    #: the officer holds none, or for `out_of_field`).
    certificate: CertificateFacts | None
    reason: RefusalReason | None = None


def _state_without_warning(cert: CertificateFacts, on: dt.date) -> CertificateState:
    if cert.revoked_by(on):
        return CertificateState.REVOKED
    if on < cert.valid_from:
        return CertificateState.NOT_YET_VALID
    if on > cert.valid_to:
        return CertificateState.EXPIRED
    return CertificateState.VALID


def certificate_state(
    cert: CertificateFacts, on: dt.date, days: int = EXPIRY_WARNING_DAYS
) -> CertificateState:
    """Valid, expiring within `days` days (the last valid day is at most `days` days away),
    not yet valid, expired or revoked, as of `on`."""
    state = _state_without_warning(cert, on)
    if state is CertificateState.VALID and cert.days_left(on) <= days:
        return CertificateState.EXPIRING
    return state


def certificate_check(
    certs: Iterable[CertificateFacts], field: str, on: dt.date
) -> CertificateVerdict:
    """May the holder of `certs` act in `field` on `on`? Reasons: see the module docstring."""
    certs = list(certs)
    if not certs:
        return CertificateVerdict(False, None, RefusalReason.MISSING)
    covering = [c for c in certs if c.covers(field)]
    usable = [c for c in covering if c.in_force_on(on)]
    if usable:
        best = max(usable, key=lambda c: (c.valid_to, c.valid_from, c.number))
        return CertificateVerdict(True, best, None)
    if not covering:
        return CertificateVerdict(False, None, RefusalReason.OUT_OF_FIELD)
    pending = [
        c for c in covering if _state_without_warning(c, on) is CertificateState.NOT_YET_VALID
    ]
    if pending:
        first = min(pending, key=lambda c: (c.valid_from, c.number))
        return CertificateVerdict(False, first, RefusalReason.NOT_YET_VALID)
    latest = max(covering, key=lambda c: (c.valid_to, c.valid_from, c.number))
    if latest.revoked_by(on):
        return CertificateVerdict(False, latest, RefusalReason.REVOKED)
    return CertificateVerdict(False, latest, RefusalReason.EXPIRED)


def expiring_within(
    certs: Iterable[CertificateFacts], on: dt.date, days: int = EXPIRY_WARNING_DAYS
) -> tuple[CertificateFacts, ...]:
    """Certificates in force on `on` whose last valid day is at most `days` days away.

    Soonest first.

    With `days=30`, a certificate valid to `on + 30 days` is listed and one valid to `on + 31 days`
    is not.
    """
    soon = [c for c in certs if c.in_force_on(on) and c.days_left(on) <= days]
    return tuple(sorted(soon, key=lambda c: (c.valid_to, c.number)))
