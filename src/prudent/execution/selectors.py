"""Reading execution data (R-CASE-9, R-CASE-10, R-CASE-11), always scoped through the case
(`Case.objects.restrict` / the models' `restrict`): department roles their department, the
judicial bureau all (read-only), an enterprise only its own cases.

`execution_summary(case, today)` computes what the case page and the API show: the fine, the due
date, the outstanding amount, the late-payment fine as of `today`, the arrangement, payments and
the date from which court enforcement may be applied for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from lawcore.calendar import add_days
from lawcore.law import PAYMENT_DAYS, EnforcementStart
from lawcore.rulebook.model import CommunityOffset
from lawcore.workflow import DecisionKind, ExecutionStatus
from prudent.cases.models import Case
from prudent.core.errors import NotFound
from prudent.core.permissions import Action
from prudent.execution import calc
from prudent.execution.models import (
    CommunityServiceOffset,
    ConfiscatedItem,
    DecisionCorrection,
    Payment,
    PaymentArrangement,
    ReviewPeriod,
    SettlementAgreement,
)

ZERO = Decimal("0.00")
MSG_NO_OFFSET = "本事项所依据的清单未规定公益抵罚"


def offset_rule(case: Case) -> tuple[bool, str, CommunityOffset | None]:
    """The 公益抵罚 rule of the case's rulebook item (as the engine picks it for the violation
    date): (allowed, message when not, the rule)."""
    from prudent.discretion import catalogue

    on = case.violation_on or case.decided_on or case.lead_received_on
    entry = catalogue.find_item(case.item_code, on, case.rulebook_id or None)
    rule = entry.item.community_offset if entry is not None else None
    if rule is None or not rule.allowed:
        return False, MSG_NO_OFFSET, rule
    return True, "", rule


@dataclass
class InstalmentRow:
    due: dt.date
    amount: Decimal
    cumulative: Decimal
    paid_by_due: Decimal
    met: bool | None  # None: not yet due


@dataclass
class ExecutionSummary:
    case: Case
    today: dt.date
    fine: Decimal | None
    penalty: bool
    revoked: bool
    served_on: dt.date | None
    original_due: dt.date | None
    due: dt.date | None
    arrangement: PaymentArrangement | None
    pending: list[PaymentArrangement]
    arrangements: list[PaymentArrangement]
    instalments: list[InstalmentRow]
    payments: list[Payment]
    paid_fine: Decimal
    outstanding_fine: Decimal
    fine_paid_on: dt.date | None
    late_until: dt.date | None
    late_fine: Decimal
    late_days: int
    suspended_days: int
    late_paid: Decimal
    late_waived: Decimal
    late_outstanding: Decimal
    court: EnforcementStart | None
    periods: list[ReviewPeriod]
    settlements: list[SettlementAgreement]
    corrections: list[DecisionCorrection]
    confiscated: list[ConfiscatedItem]
    status: ExecutionStatus
    community_offset_message: str = MSG_NO_OFFSET
    offsets: list[CommunityServiceOffset] = field(default_factory=list)
    offset_allowed: bool = False
    offset_share: Decimal | None = None
    offset_credit: Decimal = ZERO
    notes: list[str] = field(default_factory=list)

    @property
    def has_fine(self) -> bool:
        return self.penalty and not self.revoked and self.fine is not None and self.fine > 0

    @property
    def settled(self) -> bool:
        """Nothing left to pay: the fine and any late-payment fine (paid or waived)."""
        return self.has_fine and self.outstanding_fine == 0 and self.late_outstanding == 0

    @property
    def status_label(self) -> str:
        return self.status.label

    def to_json(self) -> dict[str, Any]:
        def money(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        court = self.court
        return {
            "case_id": self.case.pk,
            "today": self.today,
            "penalty": self.penalty,
            "revoked": self.revoked,
            "fine_yuan": money(self.fine),
            "served_on": self.served_on,
            "payment_due": self.original_due,
            "effective_due": self.due,
            "execution_status": self.status.value,
            "execution_status_label": self.status.label,
            "paid_fine_yuan": money(self.paid_fine),
            "outstanding_fine_yuan": money(self.outstanding_fine),
            "fine_paid_on": self.fine_paid_on,
            "late_fine_yuan": money(self.late_fine),
            "late_fine_counted_until": self.late_until,
            "late_days": self.late_days,
            "suspended_days": self.suspended_days,
            "late_fine_paid_yuan": money(self.late_paid),
            "late_fine_waived_yuan": money(self.late_waived),
            "late_fine_outstanding_yuan": money(self.late_outstanding),
            "court_enforcement_from": court.starts_on if court else None,
            "court_enforcement_reason": court.reason if court else "",
            "arrangement": _arrangement_json(self.arrangement) if self.arrangement else None,
            "arrangements": [_arrangement_json(a) for a in self.arrangements],
            "payments": [
                {
                    "id": p.pk,
                    "kind": p.kind,
                    "amount": str(p.amount),
                    "paid_on": p.paid_on,
                    "bank": p.bank,
                    "receipt_number": p.receipt_number,
                    "receipt_sha256": p.receipt_sha256,
                }
                for p in self.payments
            ],
            "review_periods": [
                {"id": r.pk, "kind": r.kind, "started_on": r.started_on, "ended_on": r.ended_on}
                for r in self.periods
            ],
            "settlements": [
                {
                    "id": s.pk,
                    "agreed_on": s.agreed_on,
                    "terms": s.terms,
                    "parties": s.parties,
                    "late_fine_waived": str(s.late_fine_waived),
                }
                for s in self.settlements
            ],
            "corrections": [
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "reasons": c.reasons,
                    "hearing_on": c.hearing_on,
                    "corrected_on": c.corrected_on,
                    "before": c.before,
                    "after": c.after,
                }
                for c in self.corrections
            ],
            "community_service_offset": {
                "allowed": self.offset_allowed,
                "message": "" if self.offset_allowed else self.community_offset_message,
                "max_share": None if self.offset_share is None else str(self.offset_share),
                "credited_yuan": money(self.offset_credit),
                "offsets": [
                    {
                        "id": o.pk,
                        "description": o.description,
                        "hours": o.hours,
                        "amount": str(o.offset_amount),
                        "status": o.status,
                        "applied_on": o.applied_on,
                        "approved_on": o.approved_on,
                        "completed_on": o.completed_on,
                    }
                    for o in self.offsets
                ],
            },
        }


def _arrangement_json(a: PaymentArrangement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "status": a.status,
        "applied_on": a.applied_on,
        "reason": a.reason,
        "deferral_until": a.deferral_until,
        "schedule": a.schedule,
        "approved_by": a.approved_by.display_name if a.approved_by else None,
        "approved_on": a.approved_on,
        "approval_note": a.approval_note,
        "end_date": a.end_date,
    }


def _money(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def execution_summary(case: Case, today: dt.date) -> ExecutionSummary:
    """Everything about the execution of `case` as of `today` (no scope check: callers have the
    case from a scoped selector or a locked row)."""
    snap = case.case_snapshot()
    decision = case.decision or {}
    revoked = bool(decision.get("revoked"))
    fine = _money(snap.fine_yuan)
    penalty = snap.decision_kind is DecisionKind.PENALTY
    payments = list(Payment.objects.filter(case=case).order_by("paid_on", "pk"))
    arrangements = list(
        PaymentArrangement.objects.filter(case=case).select_related("approved_by").order_by("pk")
    )
    approved = [a for a in arrangements if a.status == PaymentArrangement.Status.APPROVED]
    arrangement = approved[-1] if approved else None
    periods = list(ReviewPeriod.objects.filter(case=case).order_by("started_on", "pk"))
    settlements = list(SettlementAgreement.objects.filter(case=case).order_by("agreed_on", "pk"))
    corrections = list(
        DecisionCorrection.objects.filter(case=case).select_related("recorded_by").order_by("pk")
    )
    confiscated = list(ConfiscatedItem.objects.filter(case=case).order_by("pk"))

    original_due = add_days(snap.served_on, PAYMENT_DAYS).date if snap.served_on else None
    end = arrangement.end_date if arrangement else None
    due = end if end is not None else original_due

    fine_payments = [p for p in payments if p.kind == Payment.Kind.FINE]
    paid_fine = sum((p.amount for p in fine_payments), ZERO)
    offsets = list(CommunityServiceOffset.objects.filter(case=case).order_by("pk"))
    done = [o for o in offsets if o.status == CommunityServiceOffset.Status.COMPLETED]
    credit = sum((o.offset_amount for o in done), ZERO)
    allowed, offset_message, rule = offset_rule(case)
    fine_paid_on = None
    if fine is not None and fine > 0:
        running = ZERO
        credits = [(p.paid_on, p.amount) for p in fine_payments]
        credits += [(o.completed_on, o.offset_amount) for o in done if o.completed_on]
        for day, amount in sorted(credits, key=lambda c: c[0]):
            running += amount
            if running >= fine:
                fine_paid_on = day
                break
    outstanding = max(ZERO, (fine or ZERO) - paid_fine - credit) if not revoked else ZERO
    late, late_days, suspended = ZERO, 0, 0
    late_until = None
    if fine is not None and fine > 0 and due is not None and not revoked:
        late_until = fine_paid_on or today
        late, late_days, suspended = calc.late_fine(
            fine, due, late_until, [calc.Period(r.started_on, r.ended_on) for r in periods]
        )
    late_paid = sum((p.amount for p in payments if p.kind == Payment.Kind.LATE_FINE), ZERO)
    late_waived = sum((s.late_fine_waived for s in settlements), ZERO)
    late_outstanding = max(ZERO, late - late_paid - late_waived)
    court = None
    if original_due is not None and penalty and not revoked and fine:
        court = calc.court_enforcement(original_due, end if end and end >= original_due else None)
    instalments: list[InstalmentRow] = []
    if arrangement and arrangement.kind == PaymentArrangement.Kind.INSTALMENTS:
        cumulative = ZERO
        for row in arrangement.schedule:
            d = dt.date.fromisoformat(str(row["due"]))
            cumulative += Decimal(str(row["amount"]))
            by_due = sum((p.amount for p in fine_payments if p.paid_on <= d), ZERO)
            met = None if d >= today and by_due < cumulative else by_due >= cumulative
            instalments.append(
                InstalmentRow(d, Decimal(str(row["amount"])), cumulative, by_due, met)
            )
    return ExecutionSummary(
        case=case,
        today=today,
        fine=fine,
        penalty=penalty,
        revoked=revoked,
        served_on=snap.served_on,
        original_due=original_due,
        due=due,
        arrangement=arrangement,
        pending=[a for a in arrangements if a.status == PaymentArrangement.Status.APPLIED],
        arrangements=arrangements,
        instalments=instalments,
        payments=payments,
        paid_fine=paid_fine,
        outstanding_fine=outstanding,
        fine_paid_on=fine_paid_on,
        late_until=late_until,
        late_fine=late,
        late_days=late_days,
        suspended_days=suspended,
        late_paid=late_paid,
        late_waived=late_waived,
        late_outstanding=late_outstanding,
        court=court,
        periods=periods,
        settlements=settlements,
        corrections=corrections,
        confiscated=confiscated,
        status=snap.execution,
        community_offset_message=offset_message or MSG_NO_OFFSET,
        offsets=offsets,
        offset_allowed=allowed,
        offset_share=rule.max_share if allowed and rule is not None else None,
        offset_credit=credit,
    )


def case_for(*, user: Any, pk: object, action: Action = Action.VIEW) -> Case:
    try:
        pk_int = int(str(pk))
    except ValueError:
        raise NotFound("案件不存在。") from None
    case = (
        Case.objects.restrict(user, action).select_related("department", "party").filter(pk=pk_int)
    ).first()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。")
    return case


def execution_for(*, user: Any, pk: object, today: dt.date) -> ExecutionSummary:
    return execution_summary(case_for(user=user, pk=pk), today)


def confiscated_register(*, user: Any, disposed: str = "") -> QuerySet[ConfiscatedItem]:
    """The department-wide register (the judicial bureau sees every department's)."""
    qs = ConfiscatedItem.objects.restrict(user, Action.VIEW).select_related(
        "case", "department", "recorded_by", "disposed_by"
    )
    if disposed == "no":
        qs = qs.filter(disposal="")
    elif disposed == "yes":
        qs = qs.exclude(disposal="")
    return qs.order_by("-recorded_at", "-pk")


def arrangement_for(*, user: Any, pk: object, action: Action = Action.CHANGE) -> PaymentArrangement:
    try:
        row = PaymentArrangement.objects.restrict(user, action).filter(pk=int(str(pk))).first()
    except ValueError:
        row = None
    if row is None:
        raise NotFound("暂缓或分期缴纳申请不存在或不在您的办理范围内。")
    return row


def item_for(*, user: Any, pk: object, action: Action = Action.CHANGE) -> ConfiscatedItem:
    try:
        row = ConfiscatedItem.objects.restrict(user, action).filter(pk=int(str(pk))).first()
    except ValueError:
        row = None
    if row is None:
        raise NotFound("没收物品不存在或不在您的办理范围内。")
    return row


def payment_for(*, user: Any, pk: object) -> Payment:
    try:
        row = Payment.objects.restrict(user, Action.VIEW).filter(pk=int(str(pk))).first()
    except ValueError:
        row = None
    if row is None:
        raise NotFound("缴款记录不存在或不在您的查看范围内。")
    return row


def offset_for(*, user: Any, pk: object, action: Action = Action.CHANGE) -> CommunityServiceOffset:
    try:
        row = CommunityServiceOffset.objects.restrict(user, action).filter(pk=int(str(pk))).first()
    except ValueError:
        row = None
    if row is None:
        raise NotFound("公益抵罚记录不存在或不在您的办理范围内。")
    return row
