"""Procedural deadlines of a case, computed with `lawcore.calendar` (R-CASE-1, R-CASE-3, R-CASE-5).

Working-day periods (APL 85: its 二日、三日、五日、七日; the SAMR 核查 and 审核 periods) are added
with `Calendar.add_working_days` and are **provisional** when they count a year whose holiday
schedule is not loaded. Calendar-day periods (90 + 30 days, 15 days) use `add_days`, are never
provisional and are not moved off holidays (the earlier, safer date is shown). The start day is
never counted (民法典 第二百零一条; docs/calendar.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lawcore.calendar import Calendar, Deadline, add_days
from lawcore.law import HEARING_REQUEST_PERIOD, PAYMENT_DAYS
from lawcore.workflow.snapshot import CaseSnapshot
from lawcore.workflow.states import ExecutionStatus, State

VERIFICATION_WORKING_DAYS = 15
VERIFICATION_EXTENSION_WORKING_DAYS = 15
DECISION_DAYS = 90
DECISION_EXTENSION_DAYS = 30
HEARING_REQUEST_WORKING_DAYS = HEARING_REQUEST_PERIOD.working_days  # 5
HEARING_NOTICE_WORKING_DAYS = 7
SERVICE_WORKING_DAYS = 7
WITHDRAWAL_WORKING_DAYS = 3
LEGAL_REVIEW_WORKING_DAYS = 10
PUBLIC_NOTICE_DAYS = 30


class DueKind(StrEnum):
    VERIFICATION = "verification"
    DECISION = "decision"
    HEARING_REQUEST = "hearing_request"
    LEGAL_REVIEW = "legal_review"
    SERVICE = "service"
    PAYMENT = "payment"
    PUBLICATION_WITHDRAWAL = "publication_withdrawal"
    COMMITMENT_REINSPECTION = "commitment_reinspection"
    CORRECTION_REINSPECTION = "correction_reinspection"

    @property
    def label(self) -> str:
        return {
            DueKind.VERIFICATION: "核查并决定是否立案",
            DueKind.DECISION: "作出处理决定",
            DueKind.HEARING_REQUEST: "当事人申请听证",
            DueKind.LEGAL_REVIEW: "完成法制审核",
            DueKind.SERVICE: "送达决定书",
            DueKind.PAYMENT: "缴纳罚款",
            DueKind.PUBLICATION_WITHDRAWAL: "撤回已公示的决定",
            DueKind.COMMITMENT_REINSPECTION: "承诺期满复查",
            DueKind.CORRECTION_REINSPECTION: "责令改正期满复查",
        }[self]

    @property
    def basis(self) -> str:
        return BASIS[self]


BASIS: dict[DueKind, str] = {
    DueKind.VERIFICATION: (
        "《市场监督管理行政处罚程序规定》第十八条：自发现线索或者收到材料之日起十五个工作日内予以核查，"
        "经负责人批准可以延长十五个工作日；检测、检验、检疫、鉴定等时间不计入"
    ),
    DueKind.DECISION: (
        "《中华人民共和国行政处罚法》第六十条：自立案之日起九十日内作出决定；《市场监督管理行政处罚程序规定》："
        "经负责人批准可以延长三十日，再延期由负责人集体讨论决定并确定合理期限；"
        "中止、听证、公告和检测等时间不计入"
    ),
    DueKind.HEARING_REQUEST: "《中华人民共和国行政处罚法》第六十四条第（一）项、第八十五条：告知后五个工作日内提出",
    DueKind.LEGAL_REVIEW: "市场监管案件审核：自接到审核材料之日起十个工作日内完成（流程图，PARTIAL）",
    DueKind.SERVICE: "《中华人民共和国行政处罚法》第六十一条、第八十五条：当事人不在场的，七个工作日内送达",
    DueKind.PAYMENT: (
        "《中华人民共和国行政处罚法》第六十七条第三款：自收到决定书之日起十五日内缴纳；"
        "经批准暂缓或分期缴纳的，以批准的期限为准（第六十六条第二款）"
    ),
    DueKind.PUBLICATION_WITHDRAWAL: (
        "《中华人民共和国行政处罚法》第四十八条、第八十五条；《市场监督管理行政处罚信息公示规定》第十一条："
        "决定被变更、撤销的，三个工作日内撤回公示"
    ),
    DueKind.COMMITMENT_REINSPECTION: "轻微违法行为告知承诺制：承诺期限届满即复查（R-CASE-3；常政办发〔2025〕5号 第1项）",
    DueKind.CORRECTION_REINSPECTION: "责令改正期限届满复查，不得一罚了之（R-CASE-5）",
}


@dataclass(frozen=True, slots=True)
class DueDate:
    kind: DueKind
    due: date
    provisional: bool
    basis: str
    years_provisional: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return self.kind.label

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "label": self.label,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "years_provisional": list(self.years_provisional),
            "basis": self.basis,
        }


# --------------------------------------------------------------------------- single periods


def verification_due(
    s: CaseSnapshot, calendar: Calendar, *, with_extension: bool | None = None
) -> Deadline | None:
    """15 working days from the lead (+15 with approval, + paused testing days)."""
    if s.lead_received_on is None:
        return None
    extended = s.verification_extended if with_extension is None else with_extension
    n = VERIFICATION_WORKING_DAYS + max(0, s.verification_paused_working_days)
    if extended:
        n += VERIFICATION_EXTENSION_WORKING_DAYS
    return calendar.add_working_days(s.lead_received_on, n)


def decision_due(
    s: CaseSnapshot,
    *,
    with_approved_extension: bool | None = None,
    collective_extensions: int | None = None,
) -> Deadline | None:
    """90 days from 立案, + suspended days, + 30 with approval, + each collective extension.

    `collective_extensions` limits how many of `s.collective_extension_days` count (default all);
    guards use it to find the deadline that an extension must beat."""
    if s.opened_on is None:
        return None
    approved = (
        s.decision_extension_approved
        if with_approved_extension is None
        else with_approved_extension
    )
    days = DECISION_DAYS + max(0, s.suspended_days)
    if approved:
        days += DECISION_EXTENSION_DAYS
        extra = s.collective_extension_days
        if collective_extensions is not None:
            extra = extra[:collective_extensions]
        days += sum(d for d in extra if d > 0)
    return add_days(s.opened_on, days)


def hearing_request_due(s: CaseSnapshot, calendar: Calendar) -> Deadline | None:
    if s.notice_served_on is None:
        return None
    return calendar.add_working_days(s.notice_served_on, HEARING_REQUEST_WORKING_DAYS)


def payment_due(s: CaseSnapshot) -> date | None:
    """APL 67: 15 days from receipt (service); an approved deferral replaces it (APL 66 ¶2)."""
    if s.deferral_approved and s.payment_deferred_until is not None:
        return s.payment_deferred_until
    if s.served_on is None:
        return None
    return add_days(s.served_on, PAYMENT_DAYS).date


# --------------------------------------------------------------------------- all of them

_BEFORE_DECISION: frozenset[State] = frozenset(
    {
        State.OPENED,
        State.INVESTIGATION,
        State.PROPOSED,
        State.NOTIFIED,
        State.HEARING,
        State.LEGAL_REVIEW,
        State.COLLECTIVE_DISCUSSION,
        State.FLEXIBLE,
        State.COMMITMENT,
        State.REINSPECTION,
    }
)


def _due(kind: DueKind, d: Deadline) -> DueDate:
    return DueDate(kind, d.date, d.provisional, kind.basis, d.years_provisional)


def _verification(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    v = verification_due(s, cal) if s.state in (State.LEAD, State.VERIFICATION) else None
    return None if v is None else _due(DueKind.VERIFICATION, v)


def _decision(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    d = decision_due(s) if s.state in _BEFORE_DECISION else None
    return None if d is None else _due(DueKind.DECISION, d)


def _hearing_request(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if (
        s.state is not State.NOTIFIED
        or s.proposal is None
        or not s.proposal.hearing_right
        or s.hearing_requested_on is not None
        or s.hearing_waived
    ):
        return None
    h = hearing_request_due(s, cal)
    return None if h is None else _due(DueKind.HEARING_REQUEST, h)


def _legal_review(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if (
        s.state is not State.LEGAL_REVIEW
        or s.legal_review_submitted_on is None
        or s.legal_review_passed is not None
    ):
        return None
    r = cal.add_working_days(s.legal_review_submitted_on, LEGAL_REVIEW_WORKING_DAYS)
    return _due(DueKind.LEGAL_REVIEW, r)


def _service(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if s.state is not State.DECIDED or s.decided_on is None:
        return None
    return _due(DueKind.SERVICE, cal.add_working_days(s.decided_on, SERVICE_WORKING_DAYS))


def _payment(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if (
        s.state not in (State.SERVED, State.EXECUTING)
        or s.fine_yuan is None
        or s.fine_yuan <= 0
        or s.paid_on is not None
        or s.execution is ExecutionStatus.COMPLETED
    ):
        return None
    p = payment_due(s)
    return None if p is None else DueDate(DueKind.PAYMENT, p, False, DueKind.PAYMENT.basis)


def _withdrawal(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if (
        s.published_on is None
        or s.decision_changed_on is None
        or s.publication_withdrawn_on is not None
    ):
        return None
    w = cal.add_working_days(s.decision_changed_on, WITHDRAWAL_WORKING_DAYS)
    return _due(DueKind.PUBLICATION_WITHDRAWAL, w)


def _commitment(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if s.state is not State.COMMITMENT or s.commitment_deadline is None:
        return None
    kind = DueKind.COMMITMENT_REINSPECTION
    return DueDate(kind, s.commitment_deadline, False, kind.basis)


def _correction(s: CaseSnapshot, cal: Calendar) -> DueDate | None:
    if (
        s.correction_deadline is None
        or s.correction_reinspected_on is not None
        or s.state in (State.CLOSED, State.ARCHIVED, State.TRANSFERRED)
    ):
        return None
    kind = DueKind.CORRECTION_REINSPECTION
    return DueDate(kind, s.correction_deadline, False, kind.basis)


_RULES: tuple[Callable[[CaseSnapshot, Calendar], DueDate | None], ...] = (
    _verification,
    _decision,
    _hearing_request,
    _legal_review,
    _service,
    _payment,
    _withdrawal,
    _commitment,
    _correction,
)


def deadlines(s: CaseSnapshot, calendar: Calendar) -> list[DueDate]:
    """Every deadline still running for the case in its current state, earliest first."""
    found = [d for rule in _RULES if (d := rule(s, calendar)) is not None]
    return sorted(found, key=lambda d: (d.due, d.kind.value))


def overdue(s: CaseSnapshot, today: date, calendar: Calendar) -> list[DueDate]:
    """The running deadlines whose last day is before `today` (the last day itself is in time)."""
    return [d for d in deadlines(s, calendar) if d.due < today]
