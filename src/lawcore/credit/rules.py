"""Credit records of penalty information: classification, windows, repair (R-CRED-1…5).

Sources: shared/data/procedure.md §6 (SAMR 45号令), §7 (NDRC credit repair), CONVENTIONS §6.3.
Pure: no I/O, no clock — every function takes the dates it needs.

Classification `classify(...)` — criteria implemented (in this order):

1. **No penalty → no record** (R-CRED-5; HY 二(三)): a decision imposing no penalty (不予行政处罚)
   is not penalty information; `creates_record` is False and `classify` refuses it.
2. **Serious 严重失信** when any of:
   - the party is on the 严重违法失信名单 (SAMR 44号令) — `on_serious_list`;
   - the deciding authority has determined the act 严重失信 under a law, regulation or rule that
     says so — `determined_serious` (the 2025 办法 leaves the determination to the sector's rules);
   - the decision imposes a kind that 45号令 Art. 14 ¶2 names as 较为严重 and bars from early stop:
     责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、吊销许可证件 — plus 责令关闭, heavier
     than those in APL 9's order;
   - the fine reaches a `serious_*_yuan` threshold of the dated parameters, where one is set
     (none is by default: no source ties seriousness to an amount).
3. **Minor 轻微失信** when any of:
   - only 警告 and/or 通报批评 (45号令 Art. 2: warning alone is not published; Art. 13: 通报批评 is
     published three months — the same ceiling as 轻微 in the 2025 办法);
   - a decision under the simple procedure (APL 51, 当场处罚);
   - only warning / 通报批评 / a fine not above the dated `minor_*_yuan` threshold (45号令 Art. 13
     较低数额罚款, which the province sets).
4. **General 一般失信** otherwise.

The sources are thin: the 2025 《信用修复管理办法》 is known only from news reports (procedure.md §7.3
PARTIAL) and none of them defines 轻微/一般/严重 by penalty. The criteria above are this project's
reading; the amounts are dated parameters (`CreditThresholds`, status UNVERIFIED) like the hearing
thresholds in `lawcore.law.procedure`, and the caller may pass its own table.

Windows `publication_window(...)` — the regime is chosen by the decision date (the period counts from
the decision, procedure.md §7.2/§7.3):

- NDRC 发改办财金〔2019〕527号, until 2026-03-31: 一般 3 months – 1 year; 严重 6 months – 3 years;
  the notice has no minor class, so a minor record is handled as general.
  (The 2023 58号令 in force 2023-05-01 is only PARTIAL in procedure.md §7.1 and gives no
  一般/严重 split; its periods are not modelled.)
- NDRC 《信用修复管理办法》, from 2026-04-01: 轻微 in principle not published (at most 3 months
  where the sector finds it necessary), repair once the legal duties are fulfilled; 一般 3 months –
  1 year; 严重 1 year – 3 years.

`min_end`/`max_end` are the last days of the minimum and maximum periods (add_months from the
decision date, as 公示截止日期 in `lawcore.publication`): repair may be applied for from the day
after `min_end`, and the record stops being published automatically the day after `max_end`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from lawcore.law.kinds import PartyKind, PenaltyKind
from lawcore.law.procedure import ParameterStatus
from lawcore.publication import add_months


class CreditError(ValueError):
    """Bad input to the credit rules (an unknown kind, a negative fine, no penalty…)."""


class Severity(StrEnum):
    MINOR = "minor"  # 轻微失信
    GENERAL = "general"  # 一般失信
    SERIOUS = "serious"  # 严重失信

    @property
    def label(self) -> str:
        return {
            Severity.MINOR: "轻微失信",
            Severity.GENERAL: "一般失信",
            Severity.SERIOUS: "严重失信",
        }[self]


#: 45号令 Art. 14 ¶2 kinds (较为严重, no early stop) plus 责令关闭.
SERIOUS_KINDS: frozenset[PenaltyKind] = frozenset(
    {
        PenaltyKind.SUSPEND_PRODUCTION,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.RESTRICT_PRACTICE,
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.ORDER_CLOSURE,
    }
)
_REPRIMAND_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.CIRCULATED_CRITICISM})
_LIGHT_KINDS = _REPRIMAND_KINDS | {PenaltyKind.FINE}
_LABELS: Mapping[PenaltyKind, str] = {
    PenaltyKind.SUSPEND_PRODUCTION: "责令停产停业",
    PenaltyKind.RESTRICT_BUSINESS: "限制开展生产经营活动",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
}


def _kinds(kinds: Iterable[PenaltyKind | str]) -> frozenset[PenaltyKind]:
    out = set()
    for kind in kinds:
        try:
            out.add(PenaltyKind(kind))
        except ValueError:
            raise CreditError(f"unknown penalty kind {kind!r}") from None
    return frozenset(out)


# ------------------------------------------------------------------------------ dated thresholds


@dataclass(frozen=True, slots=True)
class CreditThresholds:
    """One dated row of amounts for the classification (inclusive dates; None = open).

    A fine not above `minor_*_yuan` (with only warning/通报批评 besides) is minor; a fine at or above
    `serious_*_yuan`, where set, is serious."""

    effective_from: date | None
    effective_to: date | None
    minor_person_yuan: Decimal
    minor_organisation_yuan: Decimal
    status: ParameterStatus
    source: str
    serious_person_yuan: Decimal | None = None
    serious_organisation_yuan: Decimal | None = None

    def __post_init__(self) -> None:
        for name in (
            "minor_person_yuan",
            "minor_organisation_yuan",
            "serious_person_yuan",
            "serious_organisation_yuan",
        ):
            value = getattr(self, name)
            if value is None and name.startswith("serious"):
                continue
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise CreditError(f"{name} must be a non-negative Decimal, got {value!r}")
        if (
            self.effective_from is not None
            and self.effective_to is not None
            and self.effective_to < self.effective_from
        ):
            raise CreditError("effective_to is before effective_from")

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def minor_for(self, party: PartyKind) -> Decimal:
        return (
            self.minor_person_yuan if party is PartyKind.CITIZEN else self.minor_organisation_yuan
        )

    def serious_for(self, party: PartyKind) -> Decimal | None:
        if party is PartyKind.CITIZEN:
            return self.serious_person_yuan
        return self.serious_organisation_yuan


CREDIT_THRESHOLDS: tuple[CreditThresholds, ...] = (
    CreditThresholds(
        None,
        None,
        Decimal(200),
        Decimal(3000),
        ParameterStatus.UNVERIFIED,
        "No source defines 轻微失信 by amount. Stand-in: APL 51's simple-procedure limits (公民200元、"
        "法人或者其他组织3000元); 45号令 Art. 13 leaves 较低数额罚款 to the province. No serious amount.",
    ),
)


def select_thresholds(
    on: date, table: Iterable[CreditThresholds] = CREDIT_THRESHOLDS
) -> CreditThresholds:
    rows = [row for row in table if row.in_force(on)]
    if len(rows) != 1:
        raise CreditError(f"{len(rows)} credit threshold rows in force on {on}; exactly one needed")
    return rows[0]


# ------------------------------------------------------------------------------ classification


@dataclass(frozen=True, slots=True)
class Classification:
    severity: Severity
    #: Why, in Chinese, for the record and the party.
    reasons: tuple[str, ...]
    #: The threshold row used, with its status, so an UNVERIFIED basis can be shown.
    thresholds: CreditThresholds


def creates_record(penalty_kinds: Iterable[PenaltyKind | str]) -> bool:
    """R-CRED-5: only a decision that imposes a penalty creates a (negative) credit record."""
    return bool(_kinds(penalty_kinds))


def _serious_reasons(
    kinds: frozenset[PenaltyKind],
    fine: Decimal,
    party: PartyKind,
    row: CreditThresholds,
    on_serious_list: bool,
    determined_serious: bool,
) -> list[str]:
    serious: list[str] = []
    if on_serious_list:
        serious.append("当事人被列入严重违法失信名单")
    if determined_serious:
        serious.append("依法认定为严重失信行为")
    heavy = [_LABELS[k] for k in PenaltyKind if k in kinds & SERIOUS_KINDS]
    if heavy:
        serious.append(
            "受到"
            + "、".join(heavy)
            + "的行政处罚（《市场监督管理行政处罚信息公示规定》第十四条所列较为严重的行政处罚）"
        )
    limit = row.serious_for(party)
    if limit is not None and fine >= limit:
        serious.append(f"罚款{fine}元，达到严重失信标准{limit}元")
    return serious


def classify(
    penalty_kinds: Iterable[PenaltyKind | str],
    fine_yuan: Decimal | None,
    party: PartyKind | str,
    *,
    decided_on: date,
    simple_procedure: bool = False,
    on_serious_list: bool = False,
    determined_serious: bool = False,
    thresholds: Iterable[CreditThresholds] = CREDIT_THRESHOLDS,
) -> Classification:
    """Minor / general / serious per the criteria in the module docstring."""
    kinds = _kinds(penalty_kinds)
    if not kinds:
        raise CreditError("a decision imposing no penalty creates no credit record (R-CRED-5)")
    try:
        party = PartyKind(party)
    except ValueError:
        raise CreditError(f"unknown party kind {party!r}") from None
    if fine_yuan is not None and (not fine_yuan.is_finite() or fine_yuan < 0):
        raise CreditError(f"fine_yuan must be a non-negative amount, got {fine_yuan!r}")
    if PenaltyKind.FINE in kinds and fine_yuan is None:
        raise CreditError("fine_yuan is required when the penalty includes a fine")
    fine = fine_yuan if PenaltyKind.FINE in kinds and fine_yuan is not None else Decimal(0)
    row = select_thresholds(decided_on, thresholds)

    serious = _serious_reasons(kinds, fine, party, row, on_serious_list, determined_serious)
    if serious:
        return Classification(Severity.SERIOUS, tuple(serious), row)

    minor_limit = row.minor_for(party)
    if kinds <= _REPRIMAND_KINDS:
        return Classification(Severity.MINOR, ("仅受到警告或者通报批评",), row)
    if simple_procedure:
        return Classification(Severity.MINOR, ("适用简易程序当场作出的行政处罚",), row)
    if kinds <= _LIGHT_KINDS and fine <= minor_limit:
        return Classification(
            Severity.MINOR,
            (f"仅受到警告、通报批评或者较低数额罚款（{fine}元，不超过{minor_limit}元）",),
            row,
        )
    return Classification(Severity.GENERAL, ("受到一般行政处罚",), row)


# ------------------------------------------------------------------------------------ regimes


class RegimeId(StrEnum):
    NDRC_2019 = "ndrc_2019"
    NDRC_2025 = "ndrc_2025"


@dataclass(frozen=True, slots=True)
class Regime:
    id: RegimeId
    title: str
    effective_from: date | None
    effective_to: date | None
    #: (minimum, maximum) months per severity.
    months: Mapping[Severity, tuple[int, int]]
    #: Whether a minor record is published by default (the sector may still decide to).
    minor_published: bool
    #: Whether a minor record may be repaired as soon as the legal duties are fulfilled.
    minor_repair_without_minimum: bool
    status: ParameterStatus
    source: str
    notes: str = ""

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )


REGIMES: tuple[Regime, ...] = (
    Regime(
        RegimeId.NDRC_2019,
        "发改办财金〔2019〕527号《关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知》",
        None,
        date(2026, 3, 31),
        {
            Severity.MINOR: (3, 12),
            Severity.GENERAL: (3, 12),
            Severity.SERIOUS: (6, 36),
        },
        minor_published=True,
        minor_repair_without_minimum=False,
        status=ParameterStatus.PARTIAL,
        source="shared/data/procedure.md §7.2; CONVENTIONS.md §6.3",
        notes="The notice knows only 一般 and 严重; a minor record is handled as general.",
    ),
    Regime(
        RegimeId.NDRC_2025,
        "国家发展改革委《信用修复管理办法》（2025-11-19通过，2026-04-01施行）",
        date(2026, 4, 1),
        None,
        {
            Severity.MINOR: (0, 3),
            Severity.GENERAL: (3, 12),
            Severity.SERIOUS: (12, 36),
        },
        minor_published=False,
        minor_repair_without_minimum=True,
        status=ParameterStatus.PARTIAL,
        source="shared/data/procedure.md §7.3; CONVENTIONS.md §6.3",
        notes="轻微: 原则上不予公示；确有必要公示的最长不超过3个月，法定责任履行完毕即可申请修复。",
    ),
)


def regime_on(decided_on: date, regimes: Iterable[Regime] = REGIMES) -> Regime:
    rows = [r for r in regimes if r.in_force(decided_on)]
    if len(rows) != 1:
        raise CreditError(
            f"{len(rows)} credit regimes in force on {decided_on}; exactly one needed"
        )
    return rows[0]


@dataclass(frozen=True, slots=True)
class Window:
    #: Last day of the minimum period (repair from the day after); the decision date when none.
    min_end: date
    #: Last day of the maximum period (publication stops automatically the day after).
    max_end: date
    #: Published by default (a minor record under the 2025 rules is not).
    publish: bool
    regime: RegimeId
    min_months: int
    max_months: int

    def as_tuple(self) -> tuple[date, date]:
        return (self.min_end, self.max_end)


def publication_window(
    severity: Severity | str,
    decided_on: date,
    regime: Regime | None = None,
    *,
    restriction_months: int = 0,
    regimes: Iterable[Regime] = REGIMES,
) -> Window:
    """The window of a record decided on `decided_on` (the regime in force that day unless given).
    A restriction of practice or business longer than the maximum extends it to the restriction's
    length (45号令 Art. 13 ¶3)."""
    try:
        severity = Severity(severity)
    except ValueError:
        raise CreditError(f"unknown severity {severity!r}") from None
    if restriction_months < 0:
        raise CreditError("restriction_months must not be negative")
    regime = regime or regime_on(decided_on, regimes)
    low, high = regime.months[severity]
    high = max(high, restriction_months)
    publish = regime.minor_published or severity is not Severity.MINOR
    return Window(
        add_months(decided_on, low),
        add_months(decided_on, high),
        publish,
        regime.id,
        low,
        high,
    )


# ------------------------------------------------------------------------------------- repair


@dataclass(frozen=True, slots=True)
class RecordFacts:
    severity: Severity
    decided_on: date
    min_end: date
    max_end: date
    regime: RegimeId
    withdrawn_on: date | None = None
    #: False where a law, regulation or central policy bars repair (58号令 第二条).
    repairable: bool = True


@dataclass(frozen=True, slots=True)
class Eligible:
    pass


@dataclass(frozen=True, slots=True)
class NotYet:
    reasons: tuple[str, ...]
    #: The first day the minimum period allows an application, when that is one of the reasons.
    earliest: date | None = field(default=None)


def repair_eligibility(
    record: RecordFacts,
    on: date,
    obligations_fulfilled: bool,
    commitment_signed: bool,
    regimes: Iterable[Regime] = REGIMES,
) -> Eligible | NotYet:
    """The 2025 办法's conditions (procedure.md §7.3): （一）最短公示期届满; （二）完全履行义务;
    （三）作出信用承诺 — every unmet condition is listed. A minor record under the 2025 rules needs
    no minimum period. A withdrawn or unrepairable record cannot be repaired."""
    if record.withdrawn_on is not None and record.withdrawn_on <= on:
        return NotYet((f"该信用记录已于{record.withdrawn_on:%Y-%m-%d}停止公示，无需修复",))
    if not record.repairable:
        return NotYet(("依照法律、法规或者国家政策规定，该失信信息不可修复",))
    reasons: list[str] = []
    earliest: date | None = None
    regime = next((r for r in regimes if r.id == record.regime), None)
    no_minimum = (
        record.severity is Severity.MINOR
        and regime is not None
        and regime.minor_repair_without_minimum
    )
    if not no_minimum and on <= record.min_end:
        earliest = record.min_end + timedelta(days=1)
        reasons.append(
            f"最短公示期至{record.min_end:%Y-%m-%d}届满，{earliest:%Y-%m-%d}起方可申请信用修复"
        )
    if not obligations_fulfilled:
        reasons.append("尚未完全履行行政处罚决定规定的义务（纠正失信行为）")
    if not commitment_signed:
        reasons.append("尚未公开作出信用承诺")
    if reasons:
        return NotYet(tuple(reasons), earliest)
    return Eligible()
