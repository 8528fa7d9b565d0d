"""Reading certificates: the register with each certificate's state and the expiry warnings (R-SUP-8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lawcore.certificates import (
    EXPIRY_WARNING_DAYS,
    CertificateState,
    certificate_state,
    expiring_within,
)
from prudent.certificates.models import Certificate
from prudent.core.permissions import Action

STATE_LABELS: dict[CertificateState, str] = {
    CertificateState.VALID: "有效",
    CertificateState.EXPIRING: f"{EXPIRY_WARNING_DAYS}天内到期",
    CertificateState.NOT_YET_VALID: "未生效",
    CertificateState.EXPIRED: "已过期",
    CertificateState.REVOKED: "已吊销",
}
STATE_BADGES: dict[CertificateState, str] = {
    CertificateState.VALID: "ok",
    CertificateState.EXPIRING: "warn",
    CertificateState.NOT_YET_VALID: "warn",
    CertificateState.EXPIRED: "bad",
    CertificateState.REVOKED: "bad",
}


@dataclass(frozen=True)
class RegisterRow:
    certificate: Certificate
    state: CertificateState
    days_left: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


@dataclass(frozen=True)
class Register:
    on: dt.date
    rows: list[RegisterRow]
    #: Certificates in force on `on` that end within the warning period, soonest first.
    expiring: list[RegisterRow]
    warning_days: int = EXPIRY_WARNING_DAYS


def certificate_list(*, user: Any) -> QuerySet[Certificate]:
    return (
        Certificate.objects.restrict(user, Action.VIEW)
        .select_related("holder", "holder__department")
        .order_by("holder__department__name", "holder__username", "-valid_to", "number")
    )


def certificate_register(*, user: Any, on: dt.date) -> Register:
    certs = list(certificate_list(user=user))
    rows = [
        RegisterRow(c, certificate_state(c.facts(), on), c.facts().days_left(on)) for c in certs
    ]
    by_number = {r.certificate.number: r for r in rows}
    soon = expiring_within([c.facts() for c in certs], on)
    return Register(on=on, rows=rows, expiring=[by_number[f.number] for f in soon])
