"""Procedure routing and execution: APL 51, 57, 58, 63 (+ hearing thresholds), 64, 66, 67, 72.

Amounts are `Decimal` yuan. Day counts of APL 64 are working days (APL 85) and are returned as
counts: adding working days needs the holiday calendar (`lawcore.calendar`), which callers apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from lawcore.law.citations import Citation, apl
from lawcore.law.errors import LawError, ThresholdError
from lawcore.law.kinds import PartyKind, PenaltyKind

FEN = Decimal("0.01")


def _amount(value: Decimal | None, name: str) -> Decimal:
    if value is None:
        return Decimal(0)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise LawError(f"{name} must be a finite Decimal amount in yuan, got {value!r}")
    if value < 0:
        raise LawError(f"{name} must not be negative, got {value}")
    return value


def _kinds(kinds: Iterable[PenaltyKind | str]) -> frozenset[PenaltyKind]:
    out = set()
    for kind in kinds:
        try:
            out.add(PenaltyKind(kind))
        except ValueError:
            raise LawError(f"unknown penalty kind {kind!r}") from None
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# APL 51 — simple procedure (当场作出行政处罚决定)

SIMPLE_PROCEDURE_FINE_LIMITS: Mapping[PartyKind, Decimal] = {
    PartyKind.CITIZEN: Decimal(200),
    PartyKind.ORGANISATION: Decimal(3000),
}


@dataclass(frozen=True, slots=True)
class SimpleProcedureFinding:
    allowed: bool  # the penalty MAY be decided on the spot (可以当场作出)
    reason: str
    citation: Citation


def simple_procedure(
    party: PartyKind,
    kinds: Iterable[PenaltyKind | str],
    *,
    fine_yuan: Decimal | None = None,
    facts_certain: bool = True,
) -> SimpleProcedureFinding:
    """APL 51: a warning, or a fine ≤ 200 yuan (citizen) / ≤ 3,000 yuan (organisation), on
    established facts with a legal basis (违法事实确凿并有法定依据). Limits are inclusive (以下)."""
    citation = apl(51, 1)
    party = PartyKind(party)
    kind_set = _kinds(kinds)
    fine = _amount(fine_yuan, "fine_yuan")
    limit = SIMPLE_PROCEDURE_FINE_LIMITS[party]
    who = "公民" if party is PartyKind.CITIZEN else "法人或者其他组织"
    if not kind_set:
        raise LawError("kinds must name at least one penalty kind")
    if PenaltyKind.FINE in kind_set and fine_yuan is None:
        raise LawError("fine_yuan is required when kinds include a fine")
    if not facts_certain:
        return SimpleProcedureFinding(
            False, "违法事实尚不确凿或者缺乏法定依据，不适用简易程序。", citation
        )
    other = kind_set - {PenaltyKind.WARNING, PenaltyKind.FINE}
    if other:
        names = "、".join(sorted(k.value for k in other))
        return SimpleProcedureFinding(
            False, f"拟作出警告、罚款以外的行政处罚（{names}），不适用简易程序。", citation
        )
    if PenaltyKind.FINE in kind_set and fine > limit:
        return SimpleProcedureFinding(
            False, f"对{who}拟处{fine}元罚款，超过{limit}元，不适用简易程序。", citation
        )
    return SimpleProcedureFinding(
        True, f"对{who}处以{limit}元以下罚款或者警告，可以当场作出行政处罚决定。", citation
    )


# --------------------------------------------------------------------------------------------
# Statuses of parameter rows, carried over verbatim from shared/data/*.md


class ParameterStatus(StrEnum):
    VERIFIED = "VERIFIED"
    PARTIAL = "PARTIAL"
    UNVERIFIED = "UNVERIFIED"


# --------------------------------------------------------------------------------------------
# APL 57 ¶2 — collective discussion (集体讨论)

HEAVY_KINDS: frozenset[PenaltyKind] = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.SUSPEND_PRODUCTION,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_PRACTICE,
    }
)


@dataclass(frozen=True, slots=True)
class MajorPenaltyThresholds:
    """The local definition of a 重大 penalty (the APL does not define it): fines or confiscations
    at or above these amounts, or any of `kinds`, make the case major. Supplied by the caller."""

    person_yuan: Decimal
    organisation_yuan: Decimal
    source: str
    kinds: frozenset[PenaltyKind] = HEAVY_KINDS
    status: ParameterStatus = ParameterStatus.UNVERIFIED


@dataclass(frozen=True, slots=True)
class ProcedureFinding:
    required: bool
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]
    warnings: tuple[str, ...] = ()


def collective_discussion(
    party: PartyKind,
    kinds: Iterable[PenaltyKind | str],
    *,
    fine_yuan: Decimal | None = None,
    confiscated_yuan: Decimal | None = None,
    complex_circumstances: bool = False,
    major_violation: bool = False,
    thresholds: MajorPenaltyThresholds | None = None,
) -> ProcedureFinding:
    """APL 57 ¶2: a penalty for a complex case or a major violation → the heads decide collectively.

    `major_violation` is the officer's own finding; `thresholds` adds the local amount/kind test.
    """
    party = PartyKind(party)
    kind_set = _kinds(kinds)
    fine = _amount(fine_yuan, "fine_yuan")
    confiscated = _amount(confiscated_yuan, "confiscated_yuan")
    reasons: list[str] = []
    warnings: list[str] = []
    if complex_circumstances:
        reasons.append("案件情节复杂")
    if major_violation:
        reasons.append("属于重大违法行为")
    if thresholds is not None:
        limit = (
            thresholds.person_yuan if party is PartyKind.CITIZEN else thresholds.organisation_yuan
        )
        if fine >= limit:
            reasons.append(f"拟罚款{fine}元，达到重大行政处罚标准{limit}元")
        if confiscated >= limit:
            reasons.append(f"拟没收{confiscated}元，达到重大行政处罚标准{limit}元")
        heavy = sorted(k.value for k in kind_set & thresholds.kinds)
        if heavy:
            reasons.append("拟作出" + "、".join(heavy) + "的行政处罚")
        if reasons and thresholds.status is ParameterStatus.UNVERIFIED:
            warnings.append(f"重大行政处罚标准未经核实（UNVERIFIED）：{thresholds.source}")
    required = bool(reasons)
    return ProcedureFinding(required, tuple(reasons), (apl(57, 2),), tuple(warnings))


# --------------------------------------------------------------------------------------------
# APL 58 — legal review (法制审核)


class LegalReviewGround(StrEnum):
    MAJOR_PUBLIC_INTEREST = "major_public_interest"  # （一）涉及重大公共利益
    MAJOR_RIGHTS_AFTER_HEARING = "major_rights_after_hearing"  # （二）重大权益，经过听证程序
    COMPLEX_MULTIPLE_RELATIONS = "complex_multiple_relations"  # （三）疑难复杂、多个法律关系
    OTHER_STATUTORY = "other_statutory"  # （四）法律、法规规定的其他情形


def legal_review(
    *,
    major_public_interest: bool = False,
    major_rights_affected: bool = False,
    hearing_held: bool = False,
    complex_multiple_relations: bool = False,
    other_statutory: bool = False,
) -> ProcedureFinding:
    """APL 58 ¶1: legal review before the decision when any ground holds. Ground (二) needs both
    that the case directly concerns major rights of the party or a third person AND that it went
    through a hearing."""
    grounds = [
        (LegalReviewGround.MAJOR_PUBLIC_INTEREST, major_public_interest, 1),
        (LegalReviewGround.MAJOR_RIGHTS_AFTER_HEARING, major_rights_affected and hearing_held, 2),
        (LegalReviewGround.COMPLEX_MULTIPLE_RELATIONS, complex_multiple_relations, 3),
        (LegalReviewGround.OTHER_STATUTORY, other_statutory, 4),
    ]
    hits = [(ground, item) for ground, held, item in grounds if held]
    citations = tuple(apl(58, 1, item=item) for _, item in hits)
    reasons = tuple(
        apl(58, 1, item=item).text.lstrip("（一二三四）").rstrip("；。") for _, item in hits
    )
    return ProcedureFinding(bool(hits), reasons, citations or (apl(58, 1),))


# --------------------------------------------------------------------------------------------
# APL 63 — hearing; the "large amount" (较大数额) thresholds are dated parameters


@dataclass(frozen=True, slots=True)
class HearingThresholds:
    """One dated row of 较大数额 thresholds for APL 63 (amounts at or above → hearing right).

    `effective_from`/`effective_to` are inclusive; None = open (not recorded in the source).
    `province` is a GB/T 2260 code or None for a national row. `confiscation_same_amount`: the
    same amounts apply to the value confiscated (没收违法所得、非法财物).
    """

    effective_from: date | None
    effective_to: date | None
    authority: str
    person_yuan: Decimal
    organisation_yuan: Decimal
    status: ParameterStatus
    source: str
    province: str | None = None
    authority_name: str = ""
    confiscation_same_amount: bool = False
    notes: str = ""

    def __post_init__(self) -> None:
        for name in ("person_yuan", "organisation_yuan"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
                raise ThresholdError(
                    f"{self.authority}: {name} must be a positive Decimal, got {value!r}"
                )
        if (
            self.effective_from is not None
            and self.effective_to is not None
            and self.effective_to < self.effective_from
        ):
            raise ThresholdError(f"{self.authority}: effective_to is before effective_from")
        if not self.authority:
            raise ThresholdError("authority must not be empty")
        ParameterStatus(self.status)

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def amount_for(self, party: PartyKind) -> Decimal:
        return self.person_yuan if party is PartyKind.CITIZEN else self.organisation_yuan


_PROC = "shared/data/procedure.md §3"

HEARING_THRESHOLDS: tuple[HearingThresholds, ...] = (
    HearingThresholds(
        None, None, "public_security", Decimal(2000), Decimal(10000), ParameterStatus.VERIFIED,
        f"{_PROC}: 《公安机关办理行政案件程序规定》第一百二十三条 (2019 text) — GitHub LawRefBook/Laws, "
        "部门规章/公安部/公安机关办理行政案件程序规定(2019-04-27).md",
        authority_name="公安机关",
        notes="违反边防出境入境管理的个人 ≥ 6000元; 依据地方性法规或者地方政府规章作出的罚款，"
        "适用听证的罚款数额按照地方规定执行. In-force dates not recorded.",
    ),
    HearingThresholds(
        None, None, "market_regulation", Decimal(10000), Decimal(100000), ParameterStatus.UNVERIFIED,
        f"{_PROC}: 《市场监督管理行政处罚听证办法》 (recollection; the copy read of the 2018 暂行办法, "
        "http://www.www28g.com/authority/regulations/65928.html, was cut before its 听证范围 article)",
        authority_name="市场监督管理部门",
        confiscation_same_amount=True,
        notes="没收违法所得和非法财物价值总额达到同样数额; 责令停产停业、责令关闭、限制从业; "
        "降低资质等级、吊销许可证件或者营业执照. In-force dates not recorded.",
    ),
    HearingThresholds(
        None, None, "local_government_unidentified", Decimal(5000), Decimal(100000),
        ParameterStatus.PARTIAL,
        f"{_PROC}: unnamed local government Q&A (site path /kpszfw/, province not identified) — "
        "http://otomorg.com/kpszfw/zmhd/cjwy/cg/content/post_3193672.html",
        authority_name="地方人民政府（省份不明）",
        confiscation_same_amount=True,
        notes="same amounts for 违法所得 / 非法财物",
    ),
    HearingThresholds(
        None, None, "industry_commerce_historical", Decimal(3000), Decimal(30000),
        ParameterStatus.PARTIAL,
        f"{_PROC}: 《工商行政管理机关执法监督规定》(2015) — 经济日报 report, "
        "http://finance.china.com.cn/roll/20150923/3355844.shtml (historical)",
        authority_name="原工商行政管理机关",
        notes="责令停业整顿、吊销营业执照、撤销商标注册等. Historical.",
    ),
    HearingThresholds(
        None, None, "commerce_ministry_draft_historical", Decimal(5000), Decimal(50000),
        ParameterStatus.PARTIAL,
        f"{_PROC}: 商务部《商务行政处罚程序规定（试行）》(2011 draft) — news "
        "http://8160816.com/html/news/zc/2011/1115/270.html (draft, historical)",
        authority_name="商务部门",
        notes="draft, historical",
    ),
    HearingThresholds(
        None, None, "securities_regulator", Decimal(50000), Decimal(300000),
        ParameterStatus.UNVERIFIED,
        f"{_PROC}: 证监会 — lawyer Q&A https://m.64365.com/ask/27877045.aspx "
        "(same page wrongly says the 行政处罚法 itself fixes 1千/3万)",
        authority_name="证券监督管理机构",
    ),
)  # fmt: skip

_THRESHOLD_KEYS = {
    "effective_from", "effective_to", "authority", "person_yuan", "organisation_yuan", "status",
    "source", "province", "authority_name", "confiscation_same_amount", "notes",
}  # fmt: skip
_THRESHOLD_REQUIRED = ("authority", "person_yuan", "organisation_yuan", "status", "source")


def _record_date(record: Mapping[str, object], key: str, where: str) -> date | None:
    value = record.get(key)
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ThresholdError(f"{where}: {key} must be an ISO date (YYYY-MM-DD), got {value!r}")


def _record_amount(record: Mapping[str, object], key: str, where: str) -> Decimal:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ThresholdError(
            f"{where}: {key} must be an amount in yuan (string or integer), got {value!r}"
        )
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ThresholdError(f"{where}: {key} is not a number: {value!r}") from None


def _record_str(
    record: Mapping[str, object], key: str, where: str, default: str | None
) -> str | None:
    value = record.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ThresholdError(f"{where}: {key} must be text, got {value!r}")
    return value


def hearing_thresholds_from_records(
    records: Iterable[Mapping[str, object]],
) -> tuple[HearingThresholds, ...]:
    """Build threshold rows from plain data (e.g. parsed YAML/JSON). Rejects unknown keys,
    missing keys, bad dates/amounts/statuses and overlapping rows for the same authority and
    province, naming the row and the field."""
    rows: list[HearingThresholds] = []
    for index, record in enumerate(records):
        where = f"hearing threshold row {index}"
        unknown = sorted(set(record) - _THRESHOLD_KEYS)
        if unknown:
            raise ThresholdError(f"{where}: unknown key(s) {', '.join(unknown)}")
        missing = [key for key in _THRESHOLD_REQUIRED if record.get(key) in (None, "")]
        if missing:
            raise ThresholdError(f"{where}: missing {', '.join(missing)}")
        status = record["status"]
        if status not in {s.value for s in ParameterStatus}:
            raise ThresholdError(
                f"{where}: status must be VERIFIED, PARTIAL or UNVERIFIED, got {status!r}"
            )
        same = record.get("confiscation_same_amount", False)
        if not isinstance(same, bool):
            raise ThresholdError(f"{where}: confiscation_same_amount must be true or false")
        rows.append(
            HearingThresholds(
                _record_date(record, "effective_from", where),
                _record_date(record, "effective_to", where),
                str(_record_str(record, "authority", where, None)),
                _record_amount(record, "person_yuan", where),
                _record_amount(record, "organisation_yuan", where),
                ParameterStatus(str(status)),
                str(_record_str(record, "source", where, None)),
                province=_record_str(record, "province", where, None),
                authority_name=str(_record_str(record, "authority_name", where, "")),
                confiscation_same_amount=same,
                notes=str(_record_str(record, "notes", where, "")),
            )
        )
    _check_no_overlap(rows)
    return tuple(rows)


def _overlaps(a: HearingThresholds, b: HearingThresholds) -> bool:
    a_start, b_start = a.effective_from or date.min, b.effective_from or date.min
    a_end, b_end = a.effective_to or date.max, b.effective_to or date.max
    return a_start <= b_end and b_start <= a_end


def _check_no_overlap(rows: list[HearingThresholds]) -> None:
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if (a.authority, a.province) == (b.authority, b.province) and _overlaps(a, b):
                raise ThresholdError(
                    f"hearing thresholds for {a.authority} (province {a.province or 'national'}) "
                    "have overlapping effective periods"
                )


def select_hearing_threshold(
    authority: str,
    on: date,
    *,
    province: str | None = None,
    table: Iterable[HearingThresholds] = HEARING_THRESHOLDS,
) -> HearingThresholds:
    """The row in force on `on` for `authority`: the province's own row if any, else the national."""
    rows = [row for row in table if row.authority == authority and row.in_force(on)]
    for level in (province, None) if province is not None else (None,):
        hits = [row for row in rows if row.province == level]
        if len(hits) > 1:
            raise ThresholdError(
                f"more than one hearing threshold for {authority} in force on {on}"
            )
        if hits:
            return hits[0]
    raise ThresholdError(
        f"no hearing threshold for {authority} (province {province or 'national'}) in force on {on}"
    )


class HearingGround(StrEnum):
    LARGE_FINE = "large_fine"  # （一）较大数额罚款
    LARGE_CONFISCATION = "large_confiscation"  # （二）没收较大数额违法所得、较大价值非法财物
    QUALIFICATION_OR_LICENCE = "qualification_or_licence"  # （三）降低资质等级、吊销许可证件
    SUSPENSION_CLOSURE_RESTRICTION = (
        "suspension_closure_restriction"  # （四）停产停业、关闭、限制从业
    )
    OTHER_HEAVIER = "other_heavier"  # （五）其他较重的行政处罚
    OTHER_STATUTORY = "other_statutory"  # （六）法律、法规、规章规定的其他情形


_HEARING_ITEM = {ground: index + 1 for index, ground in enumerate(HearingGround)}


@dataclass(frozen=True, slots=True)
class HearingFinding:
    """APL 63: whether the party must be told of the right to a hearing, and why."""

    required: bool
    grounds: tuple[HearingGround, ...]
    citations: tuple[Citation, ...]
    threshold: HearingThresholds | None
    unverified_threshold: bool  # True when an UNVERIFIED threshold row was used for the result
    warnings: tuple[str, ...] = field(default=())


def _amount_grounds(
    party: PartyKind, fine: Decimal, confiscated: Decimal, threshold: HearingThresholds | None
) -> tuple[list[HearingGround], list[str], bool]:
    """APL 63 (一)(二): the amount grounds, the warnings, and whether the threshold was used."""
    grounds: list[HearingGround] = []
    warnings: list[str] = []
    if threshold is None:
        return grounds, warnings, False
    used = fine > 0
    if fine > 0 and fine >= threshold.amount_for(party):
        grounds.append(HearingGround.LARGE_FINE)
    if confiscated > 0 and threshold.confiscation_same_amount:
        used = True
        if confiscated >= threshold.amount_for(party):
            grounds.append(HearingGround.LARGE_CONFISCATION)
    elif confiscated > 0:
        warnings.append(
            f"{threshold.authority}: 没收违法所得、非法财物的较大数额标准未规定，需人工判断是否告知听证权利"
        )
    return grounds, warnings, used


def hearing_right(
    party: PartyKind,
    kinds: Iterable[PenaltyKind | str],
    *,
    fine_yuan: Decimal | None = None,
    confiscated_yuan: Decimal | None = None,
    threshold: HearingThresholds | None = None,
    other_heavier: bool = False,
    other_statutory: bool = False,
) -> HearingFinding:
    """APL 63 ¶1. A fine or confiscation needs `threshold` (see `select_hearing_threshold`)."""
    party = PartyKind(party)
    kind_set = _kinds(kinds)
    fine = _amount(fine_yuan, "fine_yuan")
    confiscated = _amount(confiscated_yuan, "confiscated_yuan")
    if (fine > 0 or confiscated > 0) and threshold is None:
        raise ThresholdError(
            "a hearing threshold is needed to judge a fine or confiscation (APL 63)"
        )
    grounds, warnings, used = _amount_grounds(party, fine, confiscated, threshold)
    if kind_set & {PenaltyKind.LOWER_QUALIFICATION, PenaltyKind.REVOKE_LICENCE}:
        grounds.append(HearingGround.QUALIFICATION_OR_LICENCE)
    if kind_set & {
        PenaltyKind.SUSPEND_PRODUCTION,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_PRACTICE,
    }:
        grounds.append(HearingGround.SUSPENSION_CLOSURE_RESTRICTION)
    if other_heavier:
        grounds.append(HearingGround.OTHER_HEAVIER)
    if other_statutory:
        grounds.append(HearingGround.OTHER_STATUTORY)
    unverified = used and threshold is not None and threshold.status is ParameterStatus.UNVERIFIED
    if unverified and threshold is not None:
        warnings.append(f"听证“较大数额”标准未经核实（UNVERIFIED）：{threshold.source}")
    citations = tuple(apl(63, 1, item=_HEARING_ITEM[g]) for g in grounds) or (apl(63, 1),)
    return HearingFinding(
        bool(grounds),
        tuple(grounds),
        citations,
        threshold if used else None,
        unverified,
        tuple(warnings),
    )


# --------------------------------------------------------------------------------------------
# APL 64 + 85 — hearing periods (working days; add them with lawcore.calendar)


@dataclass(frozen=True, slots=True)
class WorkingDayPeriod:
    working_days: int
    counted_from: str
    citations: tuple[Citation, ...]


HEARING_REQUEST_PERIOD = WorkingDayPeriod(
    5, "行政机关告知听证权利后（当事人应在此期限内提出听证要求）", (apl(64, 1, item=1), apl(85, 1))
)
HEARING_NOTICE_PERIOD = WorkingDayPeriod(
    7, "举行听证之日前（行政机关应至迟在此之前通知当事人）", (apl(64, 1, item=2), apl(85, 1))
)


# --------------------------------------------------------------------------------------------
# APL 66, 67, 72 — payment, late-payment fine, court enforcement after a deferral

PAYMENT_DAYS = 15
LATE_RATE_PER_DAY = Decimal("0.03")


def payment_due_date(
    received_on: date, *, roll_forward: Callable[[date], date] | None = None
) -> date:
    """APL 67 ¶3: pay within 15 days of receiving the decision. The day of receipt is not counted
    (民法典 第二百零一条, recalled), so receipt on 1 March → last day 16 March. These are calendar
    days (APL 85 does not cover 15). `roll_forward` (e.g. from lawcore.calendar) may move a last day
    that falls on a statutory holiday to the next working day; none is applied by default."""
    due = received_on + timedelta(days=PAYMENT_DAYS)
    return roll_forward(due) if roll_forward is not None else due


def late_payment_days(due_date: date, paid_or_today: date, suspended_days: int = 0) -> int:
    """Days of delay after `due_date` (paying on the due date → 0), less `suspended_days` during
    which no late fine accrues (APL 73 ¶3: 行政复议/行政诉讼), never below 0."""
    if suspended_days < 0:
        raise LawError(f"suspended_days must not be negative, got {suspended_days}")
    return max(0, (paid_or_today - due_date).days - suspended_days)


def late_payment_fine(
    fine: Decimal, due_date: date, paid_or_today: date, suspended_days: int = 0
) -> Decimal:
    """APL 72 ¶1 (一): 3 % of the fine per day of delay, never more than the fine; yuan, rounded to
    fen (half up). Day 33 → 99 % of the fine; from day 34 on → the fine itself.

    With an approved deferral or instalments (APL 66 ¶2) pass the deferred due date as `due_date`.
    """
    amount = _amount(fine, "fine")
    days = late_payment_days(due_date, paid_or_today, suspended_days)
    late = min(amount * LATE_RATE_PER_DAY * days, amount)
    return late.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class EnforcementStart:
    starts_on: date
    deferred: bool
    reason: str
    citations: tuple[Citation, ...]


def court_enforcement_period_start(
    payment_due: date, deferral_end: date | None = None
) -> EnforcementStart:
    """The day from which the period for applying to the court for enforcement is counted.

    With an approved deferral or instalments (APL 66 ¶2) it is the end of the deferral or of the
    instalment period (APL 72 ¶2). Without one this returns the payment due date; the length of the
    period itself is set by 《行政强制法》 (not transcribed in shared/law, not modelled here).
    """
    if deferral_end is None:
        return EnforcementStart(
            payment_due,
            False,
            f"当事人应于{payment_due.isoformat()}前缴纳罚款；逾期不缴纳的，可依照《中华人民共和国行政强制法》申请人民法院强制执行。",
            (apl(66, 1), apl(72, 1, item=4)),
        )
    if deferral_end < payment_due:
        raise LawError(f"deferral_end {deferral_end} is before payment_due {payment_due}")
    return EnforcementStart(
        deferral_end,
        True,
        f"行政机关批准暂缓或者分期缴纳罚款，申请人民法院强制执行的期限自暂缓或者分期缴纳罚款期限结束之日（{deferral_end.isoformat()}）起计算。",
        (apl(66, 2), apl(72, 2)),
    )
