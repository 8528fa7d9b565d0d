"""Pure execution arithmetic over plain values (no Django): suspended days of 复议/诉讼, the
instalment schedule, the late-payment fine and the court-enforcement date, from
`lawcore.law.procedure` (APL 66, 67, 72, 73). Every function takes the date it needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lawcore.law import EnforcementStart, court_enforcement_period_start, late_payment_fine

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Period:
    """A 复议/诉讼 period, both days inclusive; `end` None = still running."""

    start: dt.date
    end: dt.date | None


def suspended_days(periods: Iterable[Period], due: dt.date, until: dt.date) -> int:
    """Days d with due < d ≤ until that fall in any period (overlaps counted once): the days of
    delay during which no late-payment fine accrues (APL 73 ¶3)."""
    first, last = due + dt.timedelta(days=1), until
    spans = []
    for p in periods:
        start = max(p.start, first)
        end = min(p.end or last, last)
        if start <= end:
            spans.append((start, end))
    total, reach = 0, first - dt.timedelta(days=1)
    for start, end in sorted(spans):
        start = max(start, reach + dt.timedelta(days=1))
        if start <= end:
            total += (end - start).days + 1
            reach = end
    return total


@dataclass(frozen=True, slots=True)
class Instalment:
    due: dt.date
    amount: Decimal


def parse_schedule(  # noqa: C901 - one check per row and field, all reported
    raw: object, *, total: Decimal, not_before: dt.date
) -> tuple[list[Instalment], list[str]]:
    """An instalment schedule: a list of {due, amount}, dates strictly increasing and not before
    `not_before`, every amount positive, the amounts summing to `total`. Returns the rows and
    the Chinese errors (empty when valid)."""
    errors: list[str] = []
    rows: list[Instalment] = []
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) < 2:
        return [], ["分期计划至少应有两期，每期写明缴纳期限和金额"]
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            errors.append(f"第{i}期格式有误")
            continue
        try:
            due = dt.date.fromisoformat(str(item.get("due", "")).strip())
        except ValueError:
            errors.append(f"第{i}期的缴纳期限不是有效日期（应为YYYY-MM-DD）")
            continue
        try:
            amount = Decimal(str(item.get("amount", "")).strip())
        except InvalidOperation:
            errors.append(f"第{i}期的金额不是有效数字")
            continue
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(f"第{i}期的金额应为大于零的金额（元，最多两位小数）")
            continue
        if due < not_before:
            errors.append(f"第{i}期的缴纳期限早于{not_before.isoformat()}")
        if rows and due <= rows[-1].due:
            errors.append(f"第{i}期的缴纳期限应晚于上一期")
        rows.append(Instalment(due, amount))
    if not errors:
        s = sum((r.amount for r in rows), ZERO)
        if s != total:
            errors.append(f"各期金额合计{s}元，应等于应缴罚款{total}元")
    return rows, errors


def late_fine(
    fine: Decimal, due: dt.date, until: dt.date, periods: Iterable[Period] = ()
) -> tuple[Decimal, int, int]:
    """(late-payment fine, days of delay counted, suspended days) — APL 72 ¶1 (一) with the
    复议/诉讼 days left out (APL 73 ¶3)."""
    suspended = suspended_days(periods, due, until)
    amount = late_payment_fine(fine, due, until, suspended)
    days = max(0, (until - due).days - suspended)
    return amount, days, suspended


def court_enforcement(original_due: dt.date, deferral_end: dt.date | None) -> EnforcementStart:
    """APL 72 ¶2: counted from the end of an approved deferral or instalment period."""
    return court_enforcement_period_start(original_due, deferral_end)
