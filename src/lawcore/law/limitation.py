"""APL 36: limitation of prosecution (追责时效) — 2 years, 5 years in the aggravated case.

The period is 2 years; 5 years where the violation involves citizens' life and health safety or
financial safety AND had harmful consequences (both needed); a law may provide otherwise
(`years_by_other_law`, e.g. a special statute). It runs from the day of the act, or from the day the
act ended when it was continuing or continuous (连续或者继续状态).

Date arithmetic is by calendar years (`lawcore.law.dates.add_years`): the last day of the period is
the same month and day `years` later, 29 February → 28 February. A violation discovered on that
last day is still in time; discovered on the day after, it is out of time (`expired`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lawcore.law.citations import Citation, apl
from lawcore.law.dates import add_years
from lawcore.law.errors import LawError

ORDINARY_YEARS = 2
EXTENDED_YEARS = 5


@dataclass(frozen=True, slots=True)
class LimitationResult:
    expired: bool
    deadline: date  # last day on which discovery is still in time
    years: int
    runs_from: date
    reason: str
    citations: tuple[Citation, ...]


def limitation(
    act_date: date,
    discovery_date: date,
    *,
    act_ended: date | None = None,
    life_health_or_financial_safety: bool = False,
    harmful_consequences: bool = False,
    years_by_other_law: int | None = None,
) -> LimitationResult:
    """Was the violation discovered within the APL 36 period?

    `act_ended` is the end of a continuing or continuous act (None for a one-off act).
    """
    if act_ended is not None and act_ended < act_date:
        raise LawError(f"act_ended {act_ended} is before act_date {act_date}")
    runs_from = act_ended if act_ended is not None else act_date
    if discovery_date < act_date:
        raise LawError(f"discovery_date {discovery_date} is before act_date {act_date}")
    citations = [apl(36, 1), apl(36, 2)]
    if years_by_other_law is not None:
        if years_by_other_law <= 0:
            raise LawError(f"years_by_other_law must be positive, got {years_by_other_law}")
        years = years_by_other_law
        basis = f"法律另有规定的期限为{years}年"
    elif life_health_or_financial_safety and harmful_consequences:
        years = EXTENDED_YEARS
        basis = "违法行为涉及公民生命健康安全、金融安全且有危害后果，期限为五年"
    else:
        years = ORDINARY_YEARS
        basis = "期限为二年"
    deadline = add_years(runs_from, years)
    start = "行为终了之日" if act_ended is not None else "违法行为发生之日"
    expired = discovery_date > deadline
    outcome = "已超过追责期限，不再给予行政处罚" if expired else "未超过追责期限"
    reason = (
        f"{basis}，自{start}（{runs_from.isoformat()}）起计算，至{deadline.isoformat()}届满；"
        f"违法行为于{discovery_date.isoformat()}被发现，{outcome}。"
    )
    return LimitationResult(expired, deadline, years, runs_from, reason, tuple(citations))
