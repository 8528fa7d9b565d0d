"""Publication of penalty decisions 行政处罚决定公开 (R-CASE-12, R-PUB-2; CONVENTIONS §6.3,
shared/data/procedure.md §6).

Pure rules, no I/O and no clock (every date is passed in):

- `publication_rule(party_kind, party_is_minor, penalty_kinds, procedure)` → `Publish` or
  `DoNotPublish(reason)`: nothing is published where the party is a minor (浙江 《行政处罚结果信息
  网上公开暂行办法》 Art. 5); a decision that imposes no penalty (不予行政处罚) is not 行政处罚信息;
  a penalty of only 警告 is not published, nor a decision under the simple procedure (市场监督管理
  行政处罚信息公示规定, 总局令第45号, Art. 2: “适用普通程序作出行政处罚决定的 … 仅受到警告行政处罚的
  不予公示”).
- `publication_severity(...)`: 45号令 Art. 13 — only 通报批评 or a 较低数额罚款 → `LOW` (published
  three months); anything else → `STANDARD` (three years); a 限制从业 / 限制开展生产经营活动 longer
  than the period → the actual restriction period. 较低数额 is set by the province: the limits are
  parameters.
- `publication_window(decided_on, published_on, severity, periods, calendar)`: publish within
  **20 working days** of the decision (45号令 Art. 9), show it up to 公示截止日期, the end of the period counted
  from the publication date; `withdrawal_due(changed_on, calendar)`: a changed / revoked decision
  is withdrawn within **3 working days** (APL 48, 85; 45号令 Art. 11).
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from lawcore.calendar import Calendar, Deadline
from lawcore.law.capacity import AGE_OF_MAJORITY, age_at
from lawcore.law.kinds import PenaltyKind

PUBLISH_WORKING_DAYS = 20
WITHDRAWAL_WORKING_DAYS = 3
NATURAL_PERSON = "natural_person"
INDIVIDUAL_BUSINESS = "individual_business"


class ProcedureKind(StrEnum):
    ORDINARY = "ordinary"  # 普通程序
    SIMPLE = "simple"  # 简易程序（当场处罚）


class Severity(StrEnum):
    """Publication period classes of 45号令 Art. 13 (keys of the configurable periods)."""

    LOW = "low"  # 仅受到通报批评或者较低数额罚款: 3 months
    STANDARD = "standard"  # 其他行政处罚信息: 3 years

    @property
    def label(self) -> str:
        return {Severity.LOW: "通报批评或较低数额罚款", Severity.STANDARD: "其他行政处罚"}[self]


#: Months per severity when nothing is configured (45号令 Art. 13; procedure.md §6).
DEFAULT_PERIOD_MONTHS: Mapping[Severity, int] = {Severity.LOW: 3, Severity.STANDARD: 36}


class RefusalReason(StrEnum):
    MINOR = "minor"
    NO_PENALTY = "no_penalty"
    WARNING_ONLY = "warning_only"
    SIMPLE_PROCEDURE = "simple_procedure"

    @property
    def text(self) -> str:
        return {
            RefusalReason.MINOR: "当事人是未成年人，其行政处罚决定不予公开（浙江省《行政处罚结果信息网上公开暂行办法》第五条）",
            RefusalReason.NO_PENALTY: "不予行政处罚决定不属于行政处罚信息，不予公示",
            RefusalReason.WARNING_ONLY: "仅受到警告行政处罚的不予公示（《市场监督管理行政处罚信息公示规定》第二条）",
            RefusalReason.SIMPLE_PROCEDURE: "适用简易程序作出的行政处罚决定不予公示（《市场监督管理行政处罚信息公示规定》第二条：普通程序）",
        }[self]


@dataclass(frozen=True, slots=True)
class Publish:
    """The decision is published, with the party shown as `party_display` says."""

    #: True when the party is a natural person, shown as 张某某 (a business is shown by name).
    anonymise_party: bool


@dataclass(frozen=True, slots=True)
class DoNotPublish:
    reason: RefusalReason

    @property
    def text(self) -> str:
        return self.reason.text


def _kinds(penalty_kinds: Iterable[PenaltyKind | str]) -> frozenset[PenaltyKind]:
    return frozenset(PenaltyKind(k) for k in penalty_kinds)


def publication_rule(
    party_kind: str,
    party_is_minor: bool,
    penalty_kinds: Iterable[PenaltyKind | str],
    procedure: ProcedureKind | str,
) -> Publish | DoNotPublish:
    """Whether a decision is published. The reasons are checked in this order: minor, no penalty,
    warning only, simple procedure — the first that applies is given."""
    kinds = _kinds(penalty_kinds)
    if party_is_minor:
        return DoNotPublish(RefusalReason.MINOR)
    if not kinds:
        return DoNotPublish(RefusalReason.NO_PENALTY)
    if kinds == {PenaltyKind.WARNING}:
        return DoNotPublish(RefusalReason.WARNING_ONLY)
    if ProcedureKind(procedure) is ProcedureKind.SIMPLE:
        return DoNotPublish(RefusalReason.SIMPLE_PROCEDURE)
    return Publish(anonymise_party=party_kind == NATURAL_PERSON)


def is_minor(birth_date: date | None, on: date) -> bool:
    """Under 18 on `on` (APL 30's age rule, `lawcore.law.capacity.age_at`). An unknown birth date
    is not a minor; a birth date after `on` (an inconsistent record) counts as a minor, the safe
    side for publication."""
    if birth_date is None:
        return False
    if on < birth_date:
        return True
    return age_at(birth_date, on) < AGE_OF_MAJORITY


_LOW_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.CIRCULATED_CRITICISM, PenaltyKind.FINE})
_RESTRICTIONS = frozenset({PenaltyKind.RESTRICT_PRACTICE, PenaltyKind.RESTRICT_BUSINESS})


def publication_severity(
    penalty_kinds: Iterable[PenaltyKind | str],
    fine_yuan: Decimal | None,
    low_fine_limit: Decimal,
) -> Severity:
    """45号令 Art. 13: only 通报批评 and/or a fine not above `low_fine_limit` (with or without a
    warning) → LOW; anything else → STANDARD."""
    kinds = _kinds(penalty_kinds)
    if not kinds <= _LOW_KINDS:
        return Severity.STANDARD
    if PenaltyKind.FINE in kinds and (fine_yuan is None or fine_yuan > low_fine_limit):
        return Severity.STANDARD
    return Severity.LOW


def add_months(d: date, months: int) -> date:
    """Same day `months` later; a day the month lacks → its last day (民法典 第二百零三条)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Window:
    #: The last day to publish: 20 working days after the decision (provisional without a schedule).
    due_by: Deadline
    #: 公示截止日期: the last day shown, the period counted from the publication date (牟定县:
    #: published 2025-01-24, 3 months, 公示截止日期 2025-04-24); withdrawn the day after.
    withdraw_on: date
    months: int


def period_months(
    severity: Severity,
    periods: Mapping[Severity, int] | Mapping[str, int] | None = None,
    restriction_months: int = 0,
) -> int:
    """The period for `severity` (configured, else `DEFAULT_PERIOD_MONTHS`); a restriction of
    practice or business longer than that → its actual length (45号令 Art. 13 ¶3)."""
    table = {Severity(k): int(v) for k, v in (periods or {}).items()}
    months = table.get(severity, DEFAULT_PERIOD_MONTHS[severity])
    if months <= 0:
        raise ValueError(f"publication period for {severity.value} must be positive")
    return max(months, restriction_months)


def publication_due(decided_on: date, calendar: Calendar) -> Deadline:
    """45号令 Art. 9: within 20 working days of the decision (the decision day not counted)."""
    return calendar.add_working_days(decided_on, PUBLISH_WORKING_DAYS)


def publication_window(
    decided_on: date,
    published_on: date,
    severity: Severity,
    calendar: Calendar,
    periods: Mapping[Severity, int] | Mapping[str, int] | None = None,
    restriction_months: int = 0,
) -> Window:
    if published_on < decided_on:
        raise ValueError("a decision cannot be published before it is made")
    months = period_months(severity, periods, restriction_months)
    return Window(publication_due(decided_on, calendar), add_months(published_on, months), months)


def withdrawal_due(changed_on: date, calendar: Calendar) -> Deadline:
    """APL 48 ¶2, 85; 45号令 Art. 11: withdraw within 3 working days of the change or revocation."""
    return calendar.add_working_days(changed_on, WITHDRAWAL_WORKING_DAYS)


def restricted_months(penalty_kinds: Iterable[PenaltyKind | str], months: int) -> int:
    """The restriction length that counts for the period (0 unless a restriction is imposed)."""
    return months if _kinds(penalty_kinds) & _RESTRICTIONS else 0
