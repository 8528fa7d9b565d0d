"""The decision engine (R-DEC-1…5): ``decide(rulebooks, request) -> Decision``. Pure and deterministic.

Order of the rules (docs/decide.md):

1. limitation, APL 36 (when ``discovered_date`` is given) — expired → ``not_punishable``;
2. capacity, APL 30 — under 14 → ``not_punishable``; 14 to under 18 → at most ``lighter``;
3. first violation derived from ``history`` (same item or the items of its refinement chain, inside
   the lookback of the row, else the item, else the rulebook); a repeat after a no-penalty decision of
   the same item (at any time) follows the stricter standard: no ``first_violation`` row and not
   APL 33 ¶1 sentence 2 (R-DEC-3);
4. the statutory no-penalty grounds of APL 33 even when no list names the item (R-DEC-2);
5. the list rows whose conditions hold; rows with different outcomes are reported as a conflict and the
   most lenient is taken, citing all of them;
6. the benchmark's circumstance levels; 7. ``ordinary``.

APL 32 grounds (``reduced_harm``, ``coerced``, ``confessed``, ``meritorious``) cap the tier at
``lighter`` like age 14–18. Steps 3–7 are evaluated under the published version in force at the
violation date and at the decision date, and the lighter applies (APL 37, :mod:`lawcore.law.temporal`).
Drafts never decide.

Fine: the statutory bracket holding for the facts (``multiple`` brackets × the base fact), then the
tier's range — the matched row's range, else the benchmark level's, else
:func:`lawcore.rulebook.tiers.tier_ranges` (with the benchmark's explicit tier ranges). Proposed = the
midpoint of that range rounded down to whole yuan (never below its minimum).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from types import MappingProxyType
from typing import NamedTuple, cast

from lawcore.collector import collector_paused
from lawcore.decision.compiled import ABSENT, Scan, compile_scan
from lawcore.decision.index import (
    MAX_DATES,
    MEMO_SIZE,
    Index,
    ItemInfo,
    VersionItem,
    index_of,
)
from lawcore.decision.request import (
    DecisionInputError,
    DecisionRequest,
    HistoryEntry,
    check_request,
)
from lawcore.law import (
    Citation,
    LawError,
    MissingFactError,
    Modality,
    PartyKind,
    ThresholdError,
    age_at,
    age_capacity,
    apl,
    assess_no_penalty,
    collective_discussion,
    hearing_right,
    legal_review,
    lighter_of_old_and_new,
    limitation,
    mitigation_grounds,
    select_hearing_threshold,
    simple_procedure,
)
from lawcore.law.capacity import AGE_OF_MAJORITY
from lawcore.law.dates import add_years
from lawcore.law.limitation import EXTENDED_YEARS, ORDINARY_YEARS
from lawcore.law.no_penalty import NoPenaltyVerdict
from lawcore.law.procedure import HearingThresholds
from lawcore.law.temporal import Applied, TemporalChoice
from lawcore.rulebook.conditions import (
    All,
    AnyOf,
    Cmp,
    Condition,
    In,
    Not,
    Scalar,
    evaluate,
    facts_of,
)
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.model import (
    CIRCUMSTANCE_ZH,
    Benchmark,
    FineSpec,
    FineUnit,
    ListKind,
    ListRow,
    Lookback,
    NoPenaltyPart,
    PenaltyItem,
    PenaltyKind,
    Provision,
    Range,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    StatutoryPenalty,
    Tier,
)
from lawcore.rulebook.tiers import tier_ranges

TIER_ZH: Mapping[Tier, str] = MappingProxyType(
    {
        Tier.NOT_PUNISHABLE: "不予行政处罚（不予追究）",
        Tier.NO_PENALTY: "不予行政处罚",
        Tier.MITIGATED: "减轻行政处罚",
        Tier.LIGHTER: "从轻行政处罚",
        Tier.ORDINARY: "一般行政处罚",
        Tier.HEAVIER: "从重行政处罚",
    }
)
PART_ZH: Mapping[NoPenaltyPart, str] = MappingProxyType(
    {
        NoPenaltyPart.MINOR_CORRECTED: "轻微不罚",
        NoPenaltyPart.FIRST_VIOLATION: "首违不罚",
        NoPenaltyPart.NO_FAULT: "无过错不罚",
    }
)

PROCEDURE_FACTS: Mapping[str, FactSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            FactSpec("suspected_crime", FactType.BOOL, "是否涉嫌犯罪", "suspected crime: transfer"),
            FactSpec(
                "major_violation", FactType.BOOL, "是否属于重大违法行为", "major violation, APL 57"
            ),
            FactSpec(
                "complex_circumstances", FactType.BOOL, "案件情节是否复杂", "complex case, APL 57"
            ),
            FactSpec("major_public_interest", FactType.BOOL, "是否涉及重大公共利益", "APL 58 (一)"),
            FactSpec(
                "complex_multiple_relations",
                FactType.BOOL,
                "是否案件情况疑难复杂、涉及多个法律关系",
                "APL 58 (三)",
            ),
            FactSpec(
                "life_health_or_financial_safety",
                FactType.BOOL,
                "是否涉及公民生命健康安全、金融安全",
                "APL 36",
            ),
        )
    }
)
"""Facts every request may give besides the rulebook vocabulary: they steer the procedure and the
limitation period, never the tier."""

MITIGATION_FACTS: Mapping[str, str] = MappingProxyType(
    {
        "reduced_harm": "eliminated_or_reduced_harm",
        "coerced": "coerced_or_deceived",
        "confessed": "confessed_unknown_violation",
        "meritorious": "meritorious_cooperation",
    }
)
"""The fact vocabulary's APL 32 facts → the names ``lawcore.law.mitigation`` reads."""

CORRECTIONS: tuple[tuple[str, Scalar, str], ...] = (
    ("corrected_in_time", True, "在责令改正期限内改正"),
    ("reduced_harm", True, "主动消除或者减轻违法行为危害后果"),
    ("refused_to_correct", False, "按照责令改正要求改正（不再拒不改正）"),
)
"""Changes of facts the party can still make after discovery, tried for the corrective path."""

HEARING_AUTHORITY: Mapping[str, str] = MappingProxyType(
    {
        "market": "market_regulation",
        "food": "market_regulation",
        "public_security": "public_security",
    }
)
"""Rulebook ``field`` → the authority key of the APL 63 hearing thresholds (lawcore.law.procedure)."""

RE_INSPECTION_DAYS = 30
RETURN_VISIT_DAYS = 90
"""Default follow-up dates after a no-penalty decision (R-DEC-4), counted from the decision date."""

YUAN = Decimal(1)
_ZERO = Decimal(0)
_SEV: Mapping[Tier, int] = MappingProxyType({tier: tier.severity for tier in Tier})
"""``Tier.severity`` as a table (the property searches the enumeration on every call)."""


# ---------------------------------------------------------------- the decision


@dataclass(frozen=True, slots=True)
class Fine:
    min: Decimal
    max: Decimal
    proposed: Decimal
    rule: str


@dataclass(frozen=True, slots=True)
class Procedure:
    simple: bool
    hearing_right: bool
    legal_review_required: bool
    collective_discussion_required: bool
    transfer_to_police: bool
    notes: tuple[str, ...] = ()


class FollowUp(NamedTuple):
    """One follow-up measure (R-DEC-4). A named tuple, as are :class:`VersionUsed` and
    :class:`Decision`: immutable like a frozen dataclass, and built per request several times
    faster (issue #3, Performance; every decided request builds one of each)."""

    kind: str  # education / correction_order / re_inspection / return_visit / measure / guardian
    text: str
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    kind: str  # law / provision / row
    label: str
    text: str


class VersionUsed(NamedTuple):
    rulebook: str
    version: str
    digest: str
    date_role: str  # violation_date / decision_date
    date: dt.date
    applied: bool


@dataclass(frozen=True, slots=True)
class Conflict:
    rows: tuple[str, ...]
    tiers: tuple[Tier, ...]
    text: str


@dataclass(frozen=True, slots=True)
class CorrectivePath:
    changes: tuple[tuple[str, Scalar], ...]
    tier: Tier
    text: str


class Decision(NamedTuple):
    item: str
    item_name: str
    rulebook: str
    tier: Tier
    clause: str
    rows: tuple[str, ...]
    penalty_kinds: tuple[PenaltyKind, ...]
    fine: Fine | None
    procedure: Procedure
    follow_ups: tuple[FollowUp, ...]
    reasons: tuple[str, ...]
    citations: tuple[Cited, ...]
    corrective_path: CorrectivePath | None
    conflicts: tuple[Conflict, ...]
    versions: tuple[VersionUsed, ...]
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Plain JSON-able dict: Decimal → string, dates → ISO strings."""
        fine: dict[str, object] | None = None
        if self.fine is not None:
            fine = {
                "min": _money(self.fine.min),
                "max": _money(self.fine.max),
                "proposed": _money(self.fine.proposed),
                "rule": self.fine.rule,
            }
        path: dict[str, object] | None = None
        if self.corrective_path is not None:
            path = {
                "changes": {k: _scalar(v) for k, v in self.corrective_path.changes},
                "tier": self.corrective_path.tier.value,
                "text": self.corrective_path.text,
            }
        p = self.procedure
        return {
            "item": self.item,
            "item_name": self.item_name,
            "rulebook": self.rulebook,
            "tier": self.tier.value,
            "tier_zh": TIER_ZH[self.tier],
            "clause": self.clause,
            "rows": list(self.rows),
            "penalty_kinds": [k.value for k in self.penalty_kinds],
            "fine": fine,
            "procedure": {
                "simple": p.simple,
                "hearing_right": p.hearing_right,
                "legal_review_required": p.legal_review_required,
                "collective_discussion_required": p.collective_discussion_required,
                "transfer_to_police": p.transfer_to_police,
                "notes": list(p.notes),
            },
            "follow_ups": [
                {"kind": f.kind, "text": f.text, "due": f.due.isoformat() if f.due else None}
                for f in self.follow_ups
            ],
            "reasons": list(self.reasons),
            "citations": [
                {"kind": c.kind, "label": c.label, "text": c.text} for c in self.citations
            ],
            "corrective_path": path,
            "conflicts": [
                {"rows": list(c.rows), "tiers": [t.value for t in c.tiers], "text": c.text}
                for c in self.conflicts
            ],
            "versions": [
                {
                    "rulebook": v.rulebook,
                    "version": v.version,
                    "digest": v.digest,
                    "date_role": v.date_role,
                    "date": v.date.isoformat(),
                    "applied": v.applied,
                }
                for v in self.versions
            ],
            "warnings": list(self.warnings),
        }


def _money(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


def _scalar(value: Scalar) -> object:
    return format(value, "f") if isinstance(value, Decimal) else value


# ---------------------------------------------------------------- helpers


def _tv(condition: Condition, facts: Mapping[str, object]) -> bool | None:
    """Three-valued truth: None when a fact it needs is missing and the rest cannot decide."""
    if isinstance(condition, Cmp | In):
        return evaluate(condition, facts) if condition.fact in facts else None
    if isinstance(condition, Not):
        inner = _tv(condition.item, facts)
        return None if inner is None else not inner
    values = [_tv(c, facts) for c in condition.items]
    if isinstance(condition, All):
        if False in values:
            return False
        return None if None in values else True
    assert isinstance(condition, AnyOf)
    if True in values:
        return True
    return None if None in values else False


@functools.lru_cache(maxsize=512)
def _cite_law(c: Citation) -> Cited:
    return Cited("law", c.label(), c.text)


@functools.lru_cache(maxsize=1)
def _cite_apl_33_3() -> Cited:
    """APL 33 ¶3 (education), cited by every no-penalty decision."""
    return _cite_law(apl(33, 3))


@functools.lru_cache(maxsize=4096)
def _cite_provision(p: Provision) -> Cited:
    return Cited("provision", p.cite(), p.text)


def _row_label(book: Rulebook, version: RulebookVersion, row: ListRow) -> str:
    seq = f"第{row.seq}项" if row.seq is not None else row.id
    kind = {
        ListKind.NO_PENALTY: "不予处罚清单",
        ListKind.LIGHTER: "从轻处罚清单",
        ListKind.MITIGATED: "减轻处罚清单",
        ListKind.NO_COERCION: "免予行政强制清单",
    }[row.kind]
    part = f"（{PART_ZH[row.part]}）" if row.part is not None else ""
    return f"{book.name}（{version.version}）{kind}{part}{seq}〔{row.id}〕"


def _label(ctx: _Context, vi: VersionItem, version: RulebookVersion, row: ListRow) -> str:
    label = vi.labels.get(row.id)
    if label is None:
        label = vi.labels[row.id] = _row_label(ctx.book, version, row)
    return label


APL33_FACTS = ("minor", "corrected_in_time", "first_violation", "no_fault_proven", "harm")
"""The facts :func:`lawcore.law.assess_no_penalty` reads."""


@functools.lru_cache(maxsize=1024)
def _apl33(
    key: tuple[tuple[type, object], ...],
) -> tuple[tuple[NoPenaltyVerdict, ...], tuple[str, ...], str | None]:
    """APL 33 on the values of :data:`APL33_FACTS` ((type, value) pairs, None when absent):
    (verdicts, missing facts, error text)."""
    facts = {name: value for name, (_, value) in zip(APL33_FACTS, key, strict=True)}
    try:
        return assess_no_penalty(facts).verdicts, (), None
    except MissingFactError as exc:
        return (), exc.facts, None
    except LawError as exc:
        return (), (), str(exc)


@functools.lru_cache(maxsize=256)
def _mitigation(
    given: tuple[tuple[str, type, Scalar], ...],
) -> tuple[tuple[str, Citation], ...]:
    """APL 32 grounds present among ``given`` (law fact name, type, value) as (reason, citation);
    the type keeps ``True`` and ``Decimal(1)`` apart in the cache."""
    return tuple((m.reason, m.citation) for m in mitigation_grounds({n: v for n, _, v in given}))


def _floor_yuan(value: Decimal) -> Decimal:
    return value.quantize(YUAN, rounding=ROUND_FLOOR)


def _fine_in(tier_range: Range) -> Fine:
    """The fine of a tier range: proposed = its midpoint rounded down to whole yuan, never below
    its minimum."""
    low, high = tier_range.low, tier_range.high
    return Fine(
        low,
        high,
        max(_floor_yuan((low + high) / 2), low),
        "proposed = midpoint of the tier range, rounded down to whole yuan",
    )


def _error(path: str, en: str, zh: str) -> DecisionInputError:
    return DecisionInputError(path, en, zh)


# ---------------------------------------------------------------- resolution and facts


def _resolve(
    rulebooks: RulebookSet, request: DecisionRequest, index: Index | None = None
) -> Rulebook:
    """The rulebook deciding ``request`` (cached per item and rulebook id, errors included).
    ``index``: ``rulebooks``' tables when the caller has them already."""
    if index is None:
        index = index_of(rulebooks)
    key = (request.item, request.rulebook)
    found = index.resolved.get(key)
    if found is None:
        try:
            found = _resolve_uncached(rulebooks, request)
        except DecisionInputError as exc:
            found = (exc.path, exc.en, exc.zh)
        index.resolved[key] = found
    if isinstance(found, tuple):
        raise _error(*found)
    return found


def _resolve_uncached(rulebooks: RulebookSet, request: DecisionRequest) -> Rulebook:
    books = rulebooks.rulebooks
    if request.rulebook is not None:
        book = rulebooks.get(request.rulebook)
        if book is None:
            raise _error(
                "rulebook",
                f"unknown rulebook {request.rulebook!r}",
                f"未知的规则库 {request.rulebook}",
            )
        books = (book,)
    having = [b for b in books if any(v.item(request.item) for v in b.versions)]
    if not having:
        raise _error("item", f"unknown item {request.item!r}", f"未知的行政处罚事项 {request.item}")
    published = [
        b
        for b in having
        if any(v.item(request.item) for v in b.versions if v.status.value != "draft")
    ]
    if not published:
        raise _error(
            "item",
            f"item {request.item!r} is only in draft versions; drafts never decide",
            f"事项 {request.item} 仅见于草稿版本，草稿不得用于裁量",
        )
    deepest = max(b.level.rank for b in published)
    best = [b for b in published if b.level.rank == deepest]
    if len(best) > 1:
        names = ", ".join(sorted(b.id for b in best))
        raise _error(
            "rulebook",
            f"item {request.item!r} is in several rulebooks ({names}); name one",
            f"事项 {request.item} 见于多个规则库（{names}），请指定 rulebook",
        )
    return best[0]


def _check_fact(name: str, value: Scalar, spec: FactSpec) -> Scalar:
    path = f"facts.{name}"
    if spec.type is FactType.BOOL:
        if not isinstance(value, bool):
            raise _error(
                path, f"must be true or false, got {value!r}", f"事实“{spec.zh}”应为是或否"
            )
        return value
    if spec.type is FactType.ENUM:
        if not isinstance(value, str) or value not in spec.values:
            allowed = ", ".join(spec.values)
            raise _error(
                path,
                f"must be one of {allowed}, got {value!r}",
                f"事实“{spec.zh}”应为 {allowed} 之一",
            )
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise _error(path, f"must be a number, got {value!r}", f"事实“{spec.zh}”应为数值")
    if not value.is_finite():  # parse_fact's rule, for a request built in Python
        raise _error(
            path, f"must be a finite number, got {value!r}", f"事实“{spec.zh}”应为有限数值"
        )
    if spec.type is FactType.INTEGER and value != value.to_integral_value():
        raise _error(path, f"must be a whole number, got {value}", f"事实“{spec.zh}”应为整数")
    if spec.minimum is not None and value < spec.minimum:
        raise _error(
            path,
            f"must be at least {spec.minimum}, got {value}",
            f"事实“{spec.zh}”不得小于 {spec.minimum}",
        )
    return value


def _item_info(index: Index, book: Rulebook, code: str) -> ItemInfo:
    """The item as ``book`` holds it (first version holding it), its facts and refinement codes.

    One :class:`ItemInfo` an item, even when two threads make one at once (``setdefault``: the
    second gets the first's): its signature numbers (:func:`_signature`) are its own, and two
    in use for one item would give one number to two situations."""
    key = (book.id, code)
    info = index.items.get(key)
    if info is None:
        rulebooks = index.rulebooks
        item = next(i for v in book.versions for i in v.items if i.code == code)
        codes = frozenset(i.code for _, i in rulebooks.refinement_chain(book, item))
        specs = {**rulebooks.fact_specs(book, item), **PROCEDURE_FACTS}
        made = ItemInfo(
            item,
            MappingProxyType(specs),
            codes | {code},
            MappingProxyType(rulebooks.fact_specs(book)),
        )
        info = index.items.setdefault(key, made)
    return info


def _facts(info: ItemInfo, request: DecisionRequest) -> dict[str, Scalar]:
    specs = info.specs
    item = info.item
    out: dict[str, Scalar] = {}
    given = request.facts.items()
    odd = [name for name, _ in given if not isinstance(name, str)]
    if odd:  # a request built in Python (JSON names are always text)
        raise _error("facts", f"fact names must be text, got {odd[0]!r}", "事实名称应为文本")
    for name, value in sorted(given):
        spec = specs.get(name)
        if spec is None:
            raise _error(
                f"facts.{name}",
                f"unknown fact {name!r} for item {item.code}",
                f"事项 {item.code} 没有事实 {name}",
            )
        kind = spec.type
        if (kind is FactType.BOOL and value.__class__ is bool) or (
            kind is FactType.ENUM and value.__class__ is str and value in spec.values
        ):
            out[name] = value  # what _check_fact accepts unchanged
        else:
            out[name] = _check_fact(name, value, spec)
    out["party_kind"] = request.party_kind
    if request.birth_date is not None:
        out["age"] = Decimal(age_at(request.birth_date, request.violation_date))
    return out


def _copy(facts: Mapping[str, Scalar]) -> dict[str, Scalar]:
    """``dict(facts)``; for a read-only view of a dict (how requests hold their facts) by the
    dict's own C-level copy, several times faster than reading the view key by key."""
    if facts.__class__ is MappingProxyType:
        copied = facts.copy()
        if copied.__class__ is dict:
            return copied
    return dict(facts)


def _age_fact(birth_date: dt.date, violation_date: dt.date) -> Decimal:
    """The ``age`` fact the engine sets from a request's birth date."""
    return Decimal(age_at(birth_date, violation_date))


@functools.lru_cache(maxsize=65536)
def _window_start(lookback: Lookback, violation_date: dt.date) -> dt.date:
    """``lookback.window_start(violation_date)`` (a pure function, so cached)."""
    return lookback.window_start(violation_date)


class _History:
    """A request's history as the engine reads it: the entries of the same item (its own code or
    one it refines) inside a lookback, and those decided ``no_penalty`` (R-DEC-3). Each is
    asked two or three times a request — the situation key, the engine, the history reasons —
    so each is kept once computed. A plain class with slots, not a frozen dataclass: four in
    ten of the bench's requests make one, and the dataclass's generated ``__init__`` (a
    ``default_factory``, ``object.__setattr__`` per field) costs several times as much (issue
    #3, Performance)."""

    __slots__ = ("codes", "entries", "found", "no_penalty", "violation_date")

    def __init__(
        self, codes: frozenset[str], entries: tuple[HistoryEntry, ...], violation_date: dt.date
    ) -> None:
        self.codes = codes
        self.entries = entries
        self.violation_date = violation_date
        self.found: dict[int, tuple[Lookback | None, tuple[HistoryEntry, ...]]] = {}
        """The lookback's identity → the lookback and :meth:`earlier`. By identity, because a
        lookback's own hash is a Python-level call; the entry holds the lookback, so no other
        object can take its identity meanwhile."""
        self.no_penalty: tuple[HistoryEntry, ...] | None = None
        """:meth:`no_penalty_before`, once asked."""

    def earlier(self, lookback: Lookback | None) -> tuple[HistoryEntry, ...]:
        found = self.found.get(id(lookback))
        if found is not None and found[0] is lookback:
            return found[1]
        start = (
            _window_start(lookback, self.violation_date) if lookback is not None else dt.date.min
        )
        entries = tuple(
            h
            for h in self.entries
            if h.item in self.codes and start <= h.date <= self.violation_date
        )
        self.found[id(lookback)] = (lookback, entries)
        return entries

    def no_penalty_before(self) -> tuple[HistoryEntry, ...]:
        kept = self.no_penalty
        if kept is None:
            kept = self.no_penalty = tuple(
                h for h in self.entries if h.item in self.codes and h.tier is Tier.NO_PENALTY
            )
        return kept


# ---------------------------------------------------------------- one version


class _Scale(NamedTuple):
    """A fine in multiples of a base fact before the multiplication: the fine is
    :func:`_fine_in` of ``tier_range`` times the base, its reason :func:`_fine_reason` of
    ``statutory`` times the base. Lets the memos keep one entry for requests that differ only in
    the base amount (issue #3, Performance)."""

    tier_range: Range
    base: str
    statutory: Range
    """The bracket's statutory range in multiples."""
    tier: Tier
    reason_at: int
    """Where the fine's reason is among the outcome's reasons (-1: none written, lean)."""


def _fine_reason(statutory: Range | None, tier: Tier, fine: Fine) -> str:
    stat_text = f"{_money(statutory.low)}元至{_money(statutory.high)}元" if statutory else ""
    return (
        f"依法应处{stat_text}罚款；{TIER_ZH[tier]}的罚款幅度为{_money(fine.min)}元至{_money(fine.max)}元，"
        f"建议罚款{_money(fine.proposed)}元（幅度中间值，取整到元）。"
    )


@dataclass
class _Outcome:
    tier: Tier
    clause: str
    rows: tuple[str, ...] = ()
    kinds: tuple[PenaltyKind, ...] = ()
    fine: Fine | None = None
    reasons: list[str] = field(default_factory=list)
    citations: list[Cited] = field(default_factory=list)
    measures: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    list_based: bool = False
    version: RulebookVersion | None = None
    warnings: list[str] = field(default_factory=list)
    scale: _Scale | None = None
    """For a fine in multiples of a base fact: what the fine and its reason are made of."""

    def key(self) -> tuple[int, Decimal, Decimal]:
        if self.fine is None:
            return (_SEV[self.tier], _ZERO, _ZERO)
        return (_SEV[self.tier], self.fine.proposed, self.fine.max)


@dataclass(frozen=True, slots=True)
class _Context:
    rulebooks: RulebookSet
    book: Rulebook
    request: DecisionRequest
    facts: Mapping[str, Scalar]
    history: _History | None
    cap_reasons: tuple[tuple[str, Citation], ...]
    index: Index
    lean: bool = False
    """Only the tier, fine, clause and rows are read (:func:`_variant`): the row, fine and history
    reasons and the rows' citations and measures are not written."""


def _first_violation_facts(
    ctx: _Context, item: PenaltyItem, row: ListRow | None, *, note: bool = True
) -> tuple[Mapping[str, Scalar], str | None]:
    """The facts with ``first_violation`` derived from the history inside the lookback of
    ``row`` (else of ``item``), and the reason saying so; without a history, the request's
    facts (read only) and no reason."""
    if ctx.history is None:
        return ctx.facts, None
    facts = _copy(ctx.facts)
    lookback = ctx.book.lookback_for(item, row)
    earlier = ctx.history.earlier(lookback)
    facts["first_violation"] = not earlier
    if not note:
        return facts, None
    return facts, _history_note(lookback, earlier, ctx.request.violation_date)


def _history_note(
    lookback: Lookback | None, earlier: tuple[HistoryEntry, ...], violation_date: dt.date
) -> str:
    """The reason stating whether the party violated before inside ``lookback``."""
    window = (
        f"自{_window_start(lookback, violation_date).isoformat()}起" if lookback else "历史记录中"
    )
    if earlier:
        dates = "、".join(h.date.isoformat() for h in earlier)
        return f"当事人{window}已有同一违法行为记录（{dates}），不属于初次违法，不适用首违不罚。"
    return f"经查，当事人{window}无同一违法行为记录，系初次违法。"


def _stricter_note(no_penalty_before: tuple[HistoryEntry, ...]) -> str:
    """The reason for the stricter standard after a no-penalty decision (R-DEC-3)."""
    dates = "、".join(h.date.isoformat() for h in no_penalty_before)
    return (
        f"当事人曾因同一违法行为被决定不予行政处罚（{dates}），再次违法的，适用更严格的标准，"
        "不适用首违不罚清单及初次违法不予处罚的规定。"
    )


def _version_item(ctx: _Context, version: RulebookVersion) -> VersionItem | None:
    """``ctx``'s item in ``version`` with what it inherits (cached per version and item)."""
    return _version_item_at(ctx.index, ctx.book, ctx.request.item, version)


def _version_item_at(
    index: Index, book: Rulebook, code: str, version: RulebookVersion
) -> VersionItem | None:
    key = (id(version), code)
    table = index.version_items
    if key in table:
        return table[key]
    item = version.item(code)
    found = (
        None
        if item is None
        else VersionItem(item, *_inherited(index.rulebooks, book, item, version))
    )
    table[key] = found
    return found


def _inherited(
    rulebooks: RulebookSet, book: Rulebook, item: PenaltyItem, version: RulebookVersion
) -> tuple[FineSpec | None, tuple[StatutoryPenalty, ...], Provision | None, Benchmark | None]:
    """The fine, penalties and penalty provision of ``item``, taken from the items it refines when
    it does not state them itself (a county item narrowing a national one inherits the statute)."""
    fine, penalties, provision = item.fine, item.penalties, item.penalty_provision
    benchmark = item.benchmark
    for parent_book, parent_item in rulebooks.refinement_chain(book, item)[1:]:
        in_force = parent_book.version_in_force(version.effective_from)
        current = in_force.item(parent_item.code) if in_force is not None else None
        source = current or parent_item
        fine = fine or source.fine
        penalties = penalties or source.penalties
        provision = provision or source.penalty_provision
        benchmark = benchmark or source.benchmark
    return fine, penalties, provision, benchmark


def _evaluate(  # noqa: C901 - steps 3–7 in their legal order, kept together
    ctx: _Context, version: RulebookVersion
) -> _Outcome | None:
    vi = _version_item(ctx, version)
    if vi is None:
        return None
    item = vi.item
    truth_of = ctx.index.truth
    out_reasons: list[str] = []
    citations: list[Cited] = []
    warnings: list[str] = []
    missing: dict[str, set[str]] = {}

    def need(facts: Iterable[str], where: str) -> None:
        for name in facts:
            missing.setdefault(name, set()).add(where)

    fine_spec, penalties, penalty_provision, benchmark = (
        vi.fine,
        vi.penalties,
        vi.provision,
        vi.benchmark,
    )
    lean = ctx.lean
    facts, history_note = _first_violation_facts(ctx, item, None, note=not lean)
    if history_note:
        out_reasons.append(history_note)
    stricter = ctx.history is not None and bool(ctx.history.no_penalty_before())
    if stricter and ctx.history is not None:
        out_reasons.append(_stricter_note(ctx.history.no_penalty_before()))
    # APL 33 (R-DEC-2)
    # under the stricter standard first_violation is false (R-DEC-3)
    values33 = [False if stricter and n == "first_violation" else facts.get(n) for n in APL33_FACTS]
    statutory_shall = None
    statutory_may = None
    apl33_missing: tuple[str, ...] = ()
    verdicts, apl33_missing, apl33_error = _apl33(tuple([(v.__class__, v) for v in values33]))
    if apl33_error is not None:
        raise _error("facts", apl33_error, f"事实有误：{apl33_error}")
    for verdict in verdicts:
        if verdict.modality is Modality.SHALL and statutory_shall is None:
            statutory_shall = verdict
        elif verdict.modality is Modality.MAY and statutory_may is None:
            statutory_may = verdict
    # list rows
    matched: list[ListRow] = []
    skipped_first = False
    # a row without its own lookback reads first_violation as the item does; under the stricter
    # standard first_violation is false whatever the lookback
    shared_row_facts = {**facts, "first_violation": False} if stricter else facts
    for row in item.rows:
        if row.tier is None:
            continue
        if stricter and row.part is NoPenaltyPart.FIRST_VIOLATION:
            skipped_first = True
            continue
        if stricter or ctx.history is None or row.lookback is None:
            row_facts = shared_row_facts
        else:
            row_facts, _ = _first_violation_facts(ctx, item, row, note=False)
        truth = truth_of(row.conditions)(row_facts)
        if truth is None:
            need(sorted(facts_of(row.conditions) - row_facts.keys()), row.id)
        elif truth:
            matched.append(row)
    if skipped_first:
        out_reasons.append("本事项首违不罚清单条目因当事人系不予处罚后再次违法而不予适用。")
    no_penalty_rows = [r for r in matched if r.tier is Tier.NO_PENALTY]
    # APL 34: where a list row states the first-violation conditions for this item, the
    # discretionary APL 33 ¶1 sentence 2 applies through that row only (税务总局公告2021年第6号
    # 三: 不得变相扩大或者缩小“首违不罚”范围); the unmet rows are cited with the reason
    unmet_first = [
        r
        for r in item.rows
        if r.kind is ListKind.NO_PENALTY and r.part is NoPenaltyPart.FIRST_VIOLATION
    ]
    if statutory_may is not None and unmet_first and not no_penalty_rows:
        statutory_may = None
        out_reasons.append(
            f"本事项的首违不罚清单条目（{'、'.join(r.id for r in unmet_first)}）规定了初次违法不予处罚的"
            "具体条件，当事人的情形不符合该条件；依照公布的清单和裁量基准（《行政处罚法》第三十四条），"
            "不适用第三十三条第一款“可以不予行政处罚”的规定。"
        )
    else:
        unmet_first = []
    decided_no_penalty = (
        statutory_shall is not None or bool(no_penalty_rows) or statutory_may is not None
    )
    if apl33_missing and not decided_no_penalty:
        need(apl33_missing, "APL-33")
    # benchmark levels and fine bracket
    levels = []
    if benchmark is not None:
        for level in benchmark.levels:
            if level.conditions is None:
                continue
            truth = truth_of(level.conditions)(facts)
            if truth is None:
                need(
                    sorted(facts_of(level.conditions) - facts.keys()),
                    f"benchmark:{level.circumstance.value}",
                )
            elif truth:
                levels.append(level)
    bracket_index, bracket = None, None
    if fine_spec is not None:
        for index, candidate in enumerate(fine_spec.brackets):
            truth = truth_of(candidate.when)(facts)
            if truth is None:
                need(sorted(facts_of(candidate.when) - facts.keys()), "fine")
                break
            if truth:
                bracket_index, bracket = index, candidate
                break
        if bracket is not None and bracket.base is not None and bracket.base not in facts:
            need([bracket.base], "fine")
    if missing and not decided_no_penalty:
        names = tuple(sorted(missing))
        rows = tuple(sorted({w for n in names for w in missing[n]}))
        detail = "; ".join(f"{n} (needed by {', '.join(sorted(missing[n]))})" for n in names)
        raise DecisionInputError(
            f"facts.{names[0]}",
            f"missing fact(s): {detail}",
            "缺少事实：" + "；".join(f"{n}（{'、'.join(sorted(missing[n]))} 需要）" for n in names),
            facts=names,
            rows=rows,
        )
    # the tier
    conflicts: list[Conflict] = []
    rows_applied: tuple[str, ...] = ()
    measures: list[str] = []
    clause = "ordinary"
    list_based = False
    range_override: Range | None = None
    if not lean:  # a corrective-path variant's citations are never read
        if item.violated_provision is not None:
            citations.extend([_cite_provision(p) for p in item.violated_provisions])
        if penalty_provision is not None:
            citations.append(_cite_provision(penalty_provision))
    if statutory_shall is not None:
        tier = Tier.NO_PENALTY
        clause = f"APL 33 {statutory_shall.part.value}"
        out_reasons.append(statutory_shall.reason)
        citations.append(_cite_law(statutory_shall.citation))
        rows_applied = tuple(r.id for r in no_penalty_rows)
    elif matched or statutory_may is not None:
        tiers = sorted(
            {r.tier for r in matched if r.tier is not None}
            | ({Tier.NO_PENALTY} if statutory_may else set()),
            key=_SEV.__getitem__,
        )
        tier = tiers[0]
        chosen = [r for r in matched if r.tier is tier]
        rows_applied = tuple(r.id for r in chosen)
        list_based = bool(chosen)
        if len({r.tier for r in matched}) > 1:
            labels = tuple(r.id for r in matched)
            conflicts.append(
                Conflict(
                    labels,
                    tuple(
                        sorted(
                            {r.tier for r in matched if r.tier is not None},
                            key=_SEV.__getitem__,
                        )
                    ),
                    "多个清单条目同时适用且结果不同（"
                    + "、".join(f"{r.id}：{TIER_ZH[r.tier]}" for r in matched if r.tier is not None)
                    + f"），按有利于当事人的原则适用{TIER_ZH[tier]}。",
                )
            )
            out_reasons.append(conflicts[-1].text)
        if chosen:
            clause = chosen[0].id
            row = chosen[0]
            if row.range is not None:
                range_override = row.range
        elif statutory_may is not None:
            clause = f"APL 33 {statutory_may.part.value}"
        if tier is Tier.NO_PENALTY and statutory_may is not None and not chosen:
            out_reasons.append(statutory_may.reason)
            citations.append(_cite_law(statutory_may.citation))
        elif tier is Tier.NO_PENALTY and statutory_may is not None:
            citations.append(_cite_law(statutory_may.citation))
    elif levels:
        ordered = sorted(levels, key=lambda lv: _SEV[lv.tier])
        distinct = sorted({lv.tier for lv in levels}, key=_SEV.__getitem__)
        pick = ordered[-1] if ctx.book.settings.heavier_level_wins else ordered[0]
        if len(distinct) > 1 and not ctx.book.settings.heavier_level_wins:
            conflicts.append(
                Conflict(
                    tuple(f"benchmark:{lv.circumstance.value}" for lv in ordered),
                    tuple(distinct),
                    "裁量基准多个情节同时适用且阶次不同，按有利于当事人的原则适用较轻的阶次。",
                )
            )
            out_reasons.append(conflicts[-1].text)
        tier = pick.tier
        clause = f"benchmark:{pick.circumstance.value}"
        situations = "；".join(pick.situations)
        out_reasons.append(
            f"依据裁量基准，当事人的违法行为属于{CIRCUMSTANCE_ZH[pick.circumstance]}（{situations}），适用{TIER_ZH[tier]}。"
        )
        if pick.range is not None and pick.bracket == bracket_index:
            range_override = pick.range
    else:
        tier = Tier.ORDINARY
        out_reasons.append(
            "未发现法定或者清单规定的不予、减轻、从轻处罚情形，亦无从重情节，按一般情节裁量。"
        )
    for row in [] if lean else [r for r in matched if r.id in rows_applied]:
        label = _label(ctx, vi, version, row)
        citations.append(Cited("row", label, row.condition_text))
        basis = "、".join(row.basis)
        out_reasons.append(
            f"当事人的违法行为符合{label}规定的情形：“{row.condition_text}”"
            + (f"（依据：{basis}）" if basis else "")
            + f"，{TIER_ZH[row.tier] if row.tier else ''}。"
        )
        measures.extend(row.measures)
        for pre in version.preambles:
            if pre.kind is row.kind and (pre.part is None or pre.part is row.part):
                measures.extend(m for m in pre.measures if m not in measures)
    for row in [] if lean else unmet_first:
        citations.append(Cited("row", _label(ctx, vi, version, row), row.condition_text))
    for c in () if lean else conflicts:
        for rid in c.rows:
            found = item.row(rid)
            if found is not None and rid not in rows_applied:
                citations.append(
                    Cited("row", _label(ctx, vi, version, found), found.condition_text)
                )
    # capacity 14–18 and APL 32: at most lighter
    if ctx.cap_reasons and _SEV[tier] > _SEV[Tier.LIGHTER]:
        tier = Tier.LIGHTER
        clause = "APL 30/32"
        range_override = None
    for reason, citation in ctx.cap_reasons:
        out_reasons.append(reason)
        citations.append(_cite_law(citation))
    # kinds and fine
    kinds: list[PenaltyKind] = []
    fine: Fine | None = None
    scale: _Scale | None = None
    if tier is not Tier.NO_PENALTY:
        for penalty in penalties:
            if truth_of(penalty.when)(facts) is not False and penalty.kind not in kinds:
                kinds.append(penalty.kind)
        if bracket is not None and bracket.range is not None and bracket_index is not None:
            unit = bracket.unit
            floor = (
                item.mitigation_floor
                if item.mitigation_floor is not None
                else ctx.book.settings.mitigation_floor
            )
            ranges = vi.ranges.get(bracket_index)
            if ranges is None:
                ranges = vi.ranges[bracket_index] = tier_ranges(
                    bracket.range,
                    ctx.book.settings.tier_split,
                    benchmark,
                    bracket=bracket_index,
                    mitigation_floor=floor,
                    unit=unit,
                )
            chosen_range = range_override or ranges.for_tier(tier)
            unscaled = None
            if chosen_range is not None and unit is FineUnit.MULTIPLE and bracket.base is not None:
                unscaled = chosen_range
                chosen_range = chosen_range.scaled(Decimal(str(facts[bracket.base])))
            if chosen_range is not None:
                fine = _fine_in(chosen_range)
                if PenaltyKind.FINE not in kinds:
                    kinds.append(PenaltyKind.FINE)
                if not lean:
                    out_reasons.append(_fine_reason(bracket.amount_range(facts), tier, fine))
                if unscaled is not None and bracket.base is not None:
                    at = -1 if lean else len(out_reasons) - 1
                    scale = _Scale(unscaled, bracket.base, bracket.range, tier, at)
            else:
                kinds = [k for k in kinds if k is not PenaltyKind.FINE]
                out_reasons.append("法定罚款最低限为零，减轻处罚适用较轻的处罚种类。")
        else:
            kinds = [k for k in kinds if k is not PenaltyKind.FINE]
    if item.unverified:
        warnings.append(f"事项 {item.code} 的来源未经核实（UNVERIFIED）。")
    return _Outcome(
        tier=tier,
        clause=clause,
        rows=rows_applied,
        kinds=tuple(kinds),
        fine=fine,
        reasons=out_reasons,
        citations=citations,
        measures=tuple(measures),
        conflicts=tuple(conflicts),
        list_based=list_based,
        version=version,
        warnings=warnings,
        scale=scale,
    )


# ---------------------------------------------------------------- procedure and follow-ups


PROCEDURE_READS = (
    "suspected_crime",
    "major_public_interest",
    "complex_multiple_relations",
    "complex_circumstances",
    "major_violation",
)
"""The facts :func:`_procedure` reads (each as ``is True``)."""


@functools.lru_cache(maxsize=8192)
def _hearing_threshold(authority: str, on: dt.date) -> HearingThresholds | None:
    """The APL 63 threshold row in force (None when :func:`select_hearing_threshold` finds none)."""
    try:
        return select_hearing_threshold(authority, on)
    except ThresholdError:
        return None


def _procedure_inputs(ctx: _Context, outcome: _Outcome) -> _ProcedureInputs:
    """The arguments of :func:`_procedure_of` for ``outcome``."""
    facts = ctx.facts
    proposed = outcome.fine.proposed if outcome.fine is not None else None
    field = ctx.book.field
    return (
        tuple(facts.get(name) is True for name in PROCEDURE_READS),
        outcome.tier,
        outcome.kinds,
        outcome.list_based,
        proposed,
        None if proposed is None else str(proposed),
        ctx.request.party_kind,
        field,
        _hearing_threshold(HEARING_AUTHORITY.get(field, field), ctx.request.decision_date),
    )


_ProcedureInputs = tuple[
    tuple[bool, ...],
    Tier,
    tuple[PenaltyKind, ...],
    bool,
    Decimal | None,
    str | None,
    str,
    str,
    HearingThresholds | None,
]
"""The arguments of :func:`_procedure_of`; the party kind is the seventh."""
_Parts = tuple[tuple[Cited, ...], tuple[Cited, ...], _ProcedureInputs]
"""A decision's citations before the procedure's, those after, and the procedure's inputs."""


@dataclass(slots=True)
class _Record:
    """What :func:`decide` keeps of how a decision was made, for its template (filled by
    :func:`_core` and :func:`_corrective_path`)."""

    parts: _Parts | None = None
    """The citations and the procedure's inputs, to rebuild the procedure for another party
    kind or another fine."""
    scale: _Scale | None = None
    """The applied outcome's fine in multiples of a base, unmultiplied."""
    contested: bool = False
    """Whether more than one change of the corrective path's size reached its lightest tier:
    the lowest proposal then chooses, which may depend on the base amounts."""


@functools.lru_cache(maxsize=65536)
def _procedure_of(
    flags: tuple[bool, ...],
    tier: Tier,
    outcome_kinds: tuple[PenaltyKind, ...],
    list_based: bool,
    proposed: Decimal | None,
    proposed_text: str | None,
    party_kind: str,
    field: str,
    threshold: HearingThresholds | None,
) -> tuple[Procedure, tuple[Cited, ...]]:
    """The procedure from everything it depends on (a pure function, so cached): the
    :data:`PROCEDURE_READS` flags, the outcome, the party and the hearing threshold row in force
    at the decision date. ``proposed_text`` keeps equal amounts written differently apart."""
    del proposed_text
    police, major_public_interest, complex_relations, complex_circumstances, major = flags
    notes: list[str] = []
    cites: list[Cited] = []
    if police:
        notes.append("涉嫌犯罪，应当依法移送司法机关（行政处罚法第二十七条）。")
    punitive = tier not in {Tier.NOT_PUNISHABLE, Tier.NO_PENALTY} and bool(outcome_kinds)
    review = legal_review(
        major_public_interest=major_public_interest,
        complex_multiple_relations=complex_relations,
    )
    legal = review.required or list_based
    if list_based:
        notes.append("适用清单作出的处理决定，应当进行法制审核。")
    if not punitive:
        return Procedure(False, False, legal, False, police, tuple(notes)), ()
    kinds = [k.value for k in outcome_kinds]
    party = PartyKind(party_kind)
    simple = simple_procedure(party, kinds, fine_yuan=proposed)
    notes.append(simple.reason)
    try:
        if threshold is None:
            raise ThresholdError("no hearing threshold in force")
        hearing = hearing_right(party, kinds, fine_yuan=proposed, threshold=threshold)
    except ThresholdError:
        hearing = hearing_right(party, [k for k in kinds if k != "fine"] or ["warning"])
        if proposed is not None:
            notes.append(
                f"未找到“{field}”领域听证“较大数额”标准，未按罚款数额判断听证权利，请人工确认。"
            )
    collective = collective_discussion(
        party,
        kinds,
        fine_yuan=proposed,
        complex_circumstances=complex_circumstances,
        major_violation=major,
    )
    notes.extend(hearing.warnings)
    for c in (simple.citation, *hearing.citations):
        cites.append(_cite_law(c))
    return (
        Procedure(
            simple.allowed and not hearing.required,
            hearing.required,
            legal,
            collective.required,
            police,
            tuple(notes),
        ),
        tuple(cites),
    )


def _follow_ups(ctx: _Context, outcome: _Outcome) -> list[FollowUp]:
    d = ctx.request.decision_date
    if outcome.tier is not Tier.NO_PENALTY:
        return [FollowUp("correction_order", "责令当事人改正或者限期改正违法行为。")]
    corrected = ctx.facts.get("corrected_in_time") is True
    out = [
        FollowUp("education", "对当事人进行教育（行政处罚法第三十三条第三款），免罚不免责。"),
        FollowUp(
            "correction_order",
            "确认当事人已改正违法行为并留存证据。" if corrected else "责令当事人限期改正违法行为。",
        ),
        FollowUp(
            "re_inspection", "对改正情况进行复查。", d + dt.timedelta(days=RE_INSPECTION_DAYS)
        ),
        FollowUp(
            "return_visit",
            "对当事人进行回访，督促守法经营。",
            d + dt.timedelta(days=RETURN_VISIT_DAYS),
        ),
    ]
    out.extend(FollowUp("measure", m) for m in outcome.measures)
    return out


# ---------------------------------------------------------------- decide


def _not_punishable(
    book: Rulebook,
    request: DecisionRequest,
    reasons: list[str],
    citations: list[Cited],
    follow: list[FollowUp],
    clause: str,
) -> Decision:
    return Decision(
        item=request.item,
        item_name=next(
            (i.name for v in book.versions for i in v.items if i.code == request.item), ""
        ),
        rulebook=book.id,
        tier=Tier.NOT_PUNISHABLE,
        clause=clause,
        rows=(),
        penalty_kinds=(),
        fine=None,
        procedure=Procedure(
            False, False, False, False, request.facts.get("suspected_crime") is True
        ),
        follow_ups=tuple(follow),
        reasons=tuple(reasons),
        citations=tuple(citations),
        corrective_path=None,
        conflicts=(),
        versions=(),
    )


_Checked = tuple[Rulebook, ItemInfo, dict[str, Scalar]]
"""A request's rulebook, item and checked facts, as :func:`_prepare` would find them."""


def _prepare(  # noqa: C901 - the rules in their legal order, kept together
    rulebooks: RulebookSet,
    request: DecisionRequest,
    checked: _Checked | None = None,
    *,
    lean: bool = False,
) -> Decision | tuple[_Context, TemporalChoice[_Outcome]]:
    """Steps 1–7: a ``not_punishable`` decision (APL 36, APL 30), or the context and the APL 37
    choice between the outcomes under the versions in force at the two dates.

    ``checked``: the rulebook, item and facts :func:`decide` has already resolved and checked
    (:func:`_checked_situation` gives what :func:`_facts` gives); None: resolve and check here.
    ``lean``: see :attr:`_Context.lean`."""
    index = index_of(rulebooks)
    if checked is None:
        check_request(request)
        book = _resolve(rulebooks, request)
        info = _item_info(index, book, request.item)
        facts = _facts(info, request)
    else:
        book, info, facts = checked
    if request.discovered_date is not None:
        harm = facts.get("harm")
        lim = limitation(
            request.violation_date,
            request.discovered_date,
            life_health_or_financial_safety=facts.get("life_health_or_financial_safety") is True,
            harmful_consequences=harm is not None and harm != "none",
        )
        if lim.expired:
            return _not_punishable(
                book, request, [lim.reason], [_cite_law(c) for c in lim.citations], [], "APL 36"
            )
    cap: list[tuple[str, Citation]] = []
    if request.birth_date is not None:
        finding = age_capacity(request.birth_date, request.violation_date)
        if finding.effect.value == "not_punishable":
            follow = [FollowUp("guardian", finding.follow_up)] if finding.follow_up else []
            return _not_punishable(
                book, request, [finding.reason], [_cite_law(finding.citation)], follow, "APL 30"
            )
        if finding.effect.value == "lighter_or_mitigated":
            cap.append((finding.reason, finding.citation))
    cap.extend(
        _mitigation(
            tuple(
                (law, facts[ours].__class__, facts[ours])
                for ours, law in MITIGATION_FACTS.items()
                if ours in facts
            )
        )
    )
    history = None
    if request.history is not None:
        history = _History(info.codes, request.history, request.violation_date)
    ctx = _Context(
        rulebooks, book, request, MappingProxyType(facts), history, tuple(cap), index, lean
    )
    evaluated: dict[int, _Outcome | None] = {}

    def at(date: dt.date) -> _Outcome | None:
        # _evaluate reads the version, not the date: one evaluation per version
        version = _in_force(index, book, date)  # book.version_in_force(date), from the table
        if version is None:
            return None
        if id(version) not in evaluated:
            evaluated[id(version)] = _evaluate(ctx, version)
        return evaluated[id(version)]

    try:
        choice = lighter_of_old_and_new(
            at, request.violation_date, request.decision_date, _Outcome.key
        )
    except LawError:
        raise _error(
            "violation_date",
            f"no published version of {book.id} containing {request.item} is in force on the violation "
            f"date {request.violation_date} or the decision date {request.decision_date} (drafts never decide)",
            f"违法行为发生时和作出处罚决定时均无已发布的规则库 {book.id} 版本包含事项 {request.item}（草稿不得用于裁量）",
        ) from None
    return ctx, choice


def _core(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    checked: _Checked | None = None,
    record: _Record | None = None,
) -> tuple[Decision, _Context | None]:
    """The decision without its corrective path (and its context, None for ``not_punishable``).
    ``record``: where to note the citations before the procedure's, those after, the
    procedure's inputs (:func:`_procedure_of`) and the fine's scale, for :func:`decide`'s
    template."""
    prepared = _prepare(rulebooks, request, checked)
    if isinstance(prepared, Decision):
        return prepared, None
    ctx, choice = prepared
    book = ctx.book
    reasons: list[str] = []
    citations: list[Cited] = []
    outcome = choice.result
    assert outcome.version is not None
    versions: list[VersionUsed] = []
    same_day = request.violation_date == request.decision_date
    for role, date, o, applied in (
        ("violation_date", request.violation_date, choice.old, choice.applied is Applied.OLD),
        ("decision_date", request.decision_date, choice.new, choice.applied is Applied.NEW),
    ):
        if o is not None and o.version is not None:
            # the result evaluated at this date is the one applied (both on the same day)
            versions.append(
                VersionUsed(
                    book.id, o.version.version, o.version.digest, role, date, applied or same_day
                )
            )
    reasons.extend(outcome.reasons)
    old_v = choice.old.version if choice.old is not None else None
    new_v = choice.new.version if choice.new is not None else None
    if old_v is not new_v:
        reasons.append(choice.reason)
        citations.append(_cite_law(choice.citation))
    citations.extend(outcome.citations)
    inputs = _procedure_inputs(ctx, outcome)
    procedure, proc_cites = _procedure_of(*inputs)
    follow = _follow_ups(ctx, outcome)
    after = (_cite_apl_33_3(),) if outcome.tier is Tier.NO_PENALTY else ()
    unique = _unique((*citations, *proc_cites, *after))
    item = outcome.version.item(request.item)
    assert item is not None
    decision = Decision(
        item=request.item,
        item_name=item.name,
        rulebook=book.id,
        tier=outcome.tier,
        clause=outcome.clause,
        rows=outcome.rows,
        penalty_kinds=outcome.kinds,
        fine=outcome.fine,
        procedure=procedure,
        follow_ups=tuple(follow),
        reasons=tuple(reasons),
        citations=unique,
        corrective_path=None,
        conflicts=outcome.conflicts,
        versions=tuple(versions),
        warnings=tuple(outcome.warnings),
    )
    if record is not None:
        record.parts = (tuple(citations), after, inputs)
        record.scale = outcome.scale
    return decision, ctx


def _unique(citations: Iterable[Cited]) -> tuple[Cited, ...]:
    """``citations`` without repeats (same kind and label), in order."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in citations:
        if (c.kind, c.label) not in seen:
            seen.add((c.kind, c.label))
            unique.append(c)
    return tuple(unique)


def _corrective_path(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    current: Decision,
    ctx: _Context,
    checked: _Checked | None = None,
    situation: tuple[object, ...] | None = None,
    record: _Record | None = None,
) -> CorrectivePath | None:
    """The smallest change of :data:`CORRECTIONS` giving a lighter tier (the lightest, then the
    lowest proposal, among changes of that size). ``checked``: the request's rulebook, item and
    checked facts (see :func:`_changed`), or None to check each changed request afresh.
    ``situation``: the request's situation key (:func:`_key`), for the variant memo
    (:func:`_variant_cached`); None: evaluate every variant. ``record``: where to note whether
    the choice was contested (:attr:`_Record.contested`)."""
    specs = _item_info(ctx.index, ctx.book, request.item).book_specs  # rulebooks.fact_specs(book)
    options = [
        (name, value, text)
        for name, value, text in CORRECTIONS
        if name in specs and request.facts.get(name) != value
    ]
    for size in (1, 2, 3):
        best: tuple[tuple[int, Decimal], CorrectivePath] | None = None
        lightest = 0  # how many changes of this size reach the lightest tier yet found
        for combo in itertools.combinations(options, size):
            changes = {name: value for name, value, _ in combo}
            other = _changed_variant(rulebooks, request, changes, checked, situation)
            if other is None:
                continue
            if _SEV[other.tier] >= _SEV[current.tier]:
                continue
            key = (_SEV[other.tier], other.fine.proposed if other.fine else Decimal(0))
            if best is None or key[0] < best[0][0]:
                lightest = 1
            elif key[0] == best[0][0]:
                lightest += 1
            text = "、".join(t for _, _, t in combo) + " → " + _what(rulebooks, ctx, other)
            path = CorrectivePath(tuple((n, v) for n, v, _ in combo), other.tier, text)
            if best is None or key < best[0]:
                best = (key, path)
        if best is not None:
            if record is not None:
                record.contested = lightest > 1
            return best[1]
    return None


def _what(rulebooks: RulebookSet, ctx: _Context, other: _Variant) -> str:
    """The tier a change of the corrective path reaches, in words (首违不罚 named as such)."""
    if other.tier is Tier.NO_PENALTY:
        if "first_violation" in other.clause + " ".join(other.rows):
            return "首违不罚（不予处罚）"
        row_parts = [r.part for r in _rows_of(rulebooks, ctx.book, ctx.request.item, other.rows)]
        if NoPenaltyPart.FIRST_VIOLATION in row_parts:
            return "首违不罚（不予处罚）"
    return TIER_ZH[other.tier]


def _changed_variant(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    changes: Mapping[str, Scalar],
    checked: _Checked | None,
    situation: tuple[object, ...] | None,
) -> _Variant | None:
    """What ``request`` changed by ``changes`` would decide (None: it raises
    :class:`DecisionInputError`, so that change is no path). :func:`decide` (``checked`` given)
    evaluates it lean, from the variant memo when it has the situation key;
    :func:`decide_uncached`, the reference, builds everything, so the differential tests check
    the lean evaluation and the memo too."""
    changed = request.with_facts(**changes)
    changed_checked = _changed(checked, changes)
    try:
        if situation is not None and changed_checked is not None:
            return _variant_cached(rulebooks, changed, changed_checked, situation)
        return _variant(rulebooks, changed, changed_checked, lean=checked is not None)
    except DecisionInputError:
        return None


def _changed(checked: _Checked | None, changes: Mapping[str, Scalar]) -> _Checked | None:
    """The checked facts of a changed request of the corrective path, from its request's checked
    facts: :func:`_facts` takes a true/false value of a yes/no fact unchanged and the other facts
    were checked already, so this is what :func:`_facts` would give. None (check afresh, for the
    error) when a changed fact is not a yes/no fact of the item."""
    if checked is None:
        return None
    book, info, facts = checked
    for name in changes:
        spec = info.specs.get(name)
        if spec is None or spec.type is not FactType.BOOL:
            return None
    return book, info, {**facts, **changes}


@dataclass(frozen=True, slots=True)
class _Variant:
    """What the corrective path reads of the decision a changed request would get."""

    tier: Tier
    fine: Fine | None
    clause: str
    rows: tuple[str, ...]
    scale: _Scale | None = None
    """:attr:`_Outcome.scale` of the outcome applied."""


def _variant(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    checked: _Checked | None = None,
    *,
    lean: bool = False,
) -> _Variant:
    """The tier, fine, clause and rows ``decide`` would give ``request`` (the fields of
    :func:`_core`'s decision they come from), without building the procedure, follow-ups,
    reasons and citations of the whole decision (``lean``: nor the outcome's reasons)."""
    prepared = _prepare(rulebooks, request, checked, lean=lean)
    if isinstance(prepared, Decision):
        return _Variant(prepared.tier, prepared.fine, prepared.clause, prepared.rows)
    outcome = prepared[1].result
    return _Variant(outcome.tier, outcome.fine, outcome.clause, outcome.rows, outcome.scale)


def _variant_cached(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    checked: _Checked,
    situation: tuple[object, ...],
) -> _Variant | None:
    """:func:`_variant` (lean) of a changed request of the corrective path, or None where it
    raises :class:`DecisionInputError`, from a bounded memo.

    What a lean variant reads of its request, beyond what the situation key of the request it was
    changed from holds (rulebook, item, versions in force, age under 18, history windows, base
    amounts as :func:`_key` keeps them, the grid of every condition under every value of the :data:`SPECIAL_FACTS`, the
    missing facts): the special facts' values, the :data:`APL33_FACTS` values (APL 33's
    verdicts) and whether an APL 30/32 ground caps the tier (the age is in the key; the APL 32
    grounds are asked here). With one version deciding, the key holds only whether each base
    amount is given, and the entry its fine unmultiplied. Its key is that key without the signature (the directly read facts:
    the variant's own are added), so variants of requests that differ only in what the variant
    does not read — the APL 32 ground that caps, the procedure flags, the other corrections
    still open — share one entry."""
    facts = checked[2]
    grounds = _mitigation(
        tuple(
            (law, facts[ours].__class__, facts[ours])
            for ours, law in MITIGATION_FACTS.items()
            if ours in facts
        )
    )
    # the situation's base amounts are only whether each is given when one version decides:
    # they only multiply the fine's range, which the entry keeps unmultiplied (:func:`_key`)
    key = (
        situation[:_KEY_SIGNATURE],
        situation[_KEY_BASES:],
        tuple([(v.__class__, v) for v in map(facts.get, _VARIANT_FACTS)]),
        bool(grounds),
    )
    index = index_of(rulebooks)
    table = index.variants
    stored = table.get(key, _ABSENT)
    variant: _Variant | None
    if stored is _ABSENT:
        try:
            variant = _variant(rulebooks, request, checked, lean=True)
        except DecisionInputError:
            variant = None
        if len(table) >= MEMO_SIZE:
            table.clear()
        table[key] = variant
        return variant
    assert stored is None or isinstance(stored, _Variant)
    if stored is None or stored.scale is None:
        return stored
    scale = stored.scale
    fine = _fine_in(scale.tier_range.scaled(Decimal(str(facts[scale.base]))))
    return _Variant(stored.tier, fine, stored.clause, stored.rows, scale)


def _rows_of(
    rulebooks: RulebookSet, book: Rulebook, code: str, ids: tuple[str, ...]
) -> Iterator[ListRow]:
    del rulebooks
    for version in book.versions:
        item = version.item(code)
        if item is not None:
            for row in item.rows:
                if row.id in ids:
                    yield row
            return


def decide_uncached(rulebooks: RulebookSet, request: DecisionRequest) -> Decision:
    """:func:`decide` computed from scratch, without the situation memo (the reference the memo is
    checked against)."""
    return _decided(rulebooks, request, None)


def _decided(
    rulebooks: RulebookSet,
    request: DecisionRequest,
    checked: _Checked | None,
    record: _Record | None = None,
    situation: tuple[object, ...] | None = None,
) -> Decision:
    """The decision with its corrective path: :func:`decide_uncached` when ``checked`` is None;
    :func:`decide` passes the rulebook, item and facts it has resolved and checked already (and
    ``record``, see :func:`_core`)."""
    decision, ctx = _core(rulebooks, request, checked, record)
    if ctx is None or _SEV[decision.tier] <= _SEV[Tier.NO_PENALTY]:
        return decision
    path = _corrective_path(rulebooks, request, decision, ctx, checked, situation, record)
    if path is None:
        return decision
    return decision._replace(corrective_path=path)


# ---------------------------------------------------------------- the situation memo (issue #3)
#
# A decision is a pure function of the rulebooks and the request, and it reads the request only
# through: the rulebook and item; the party kind; the versions in force at the two dates (and
# whether the dates are the same day); the hearing threshold in force at the decision date; the
# age; whether the violation is time-barred; the truth of each condition of the item under every
# value the engine may give the facts it changes (first_violation from the history or the
# stricter standard; the corrective path's corrected_in_time, reduced_harm, refused_to_correct);
# the facts the engine reads directly (APL 32, 33, procedure); the base amounts of a ``multiple``
# fine; which facts the conditions need but the request lacks; and, from the history, whether an
# earlier violation lies inside each lookback and whether a no-penalty decision came before.
#
# The *situation key* (:func:`_key`) holds these, coarsened where the engine makes the same
# of different values: the conditions' truths come from a generated grid
# (:mod:`lawcore.decision.compiled`); the directly read facts are replaced by a number standing
# for what the engine makes of them (:func:`_signature`: APL 33's verdicts, the APL 32 grounds,
# the open corrections, the procedure flags); the age only under 18 (an adult's age changes
# nothing but conditions on it, in the grid); and the party kind is left out — it reaches the
# decision only through conditions (the grid) and the procedure, which the template recomputes
# for the other kind (:attr:`_Template.parts`); when one version decides, the base amounts of a
# fine in multiples only as given or not — the template multiplies its fine per request
# (:data:`_KEY_BASES`). Everything else in the output depends on the dates only in known places — the versions' dates, the follow-ups' due dates (decision date +
# days) and the history reasons (dates of the earlier violations, window start) — which
# :func:`_finish` fills per request.
#
# A key seen before is answered from its template; a new key is decided from scratch by
# :func:`decide_uncached`, and its template is kept only if :func:`_finish` rebuilds exactly that
# decision from it. Time-barred requests (APL 36: the reason states the dates) and errors other
# than a missing fact are always decided from scratch. ``tests/lawcore/decision/test_fast_path.py``
# checks all of this against :func:`decide_uncached` on the benchmark's own requests.

SPECIAL_FACTS = ("first_violation", "corrected_in_time", "reduced_harm", "refused_to_correct")
"""Facts the engine gives other values than the request's before evaluating conditions."""

_VARIANT_FACTS = tuple(dict.fromkeys((*SPECIAL_FACTS, *APL33_FACTS)))
"""The facts whose values key a variant besides its request's situation (:func:`_variant_cached`)."""

DIRECT_FACTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        (*APL33_FACTS, *MITIGATION_FACTS, *(n for n, _, _ in CORRECTIONS), *PROCEDURE_FACTS)
    )
)
"""Facts the engine reads itself, not only through conditions."""


class _Absent:
    """A fact the request does not give (in situation keys; hashable, one instance)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


_ABSENT = _Absent()
_ABSENTS = itertools.repeat(_ABSENT)
"""``dict.get``'s default for each name, for ``map`` over names."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the situation key reads for one item under the versions in force at the two dates."""

    conditions: tuple[tuple[tuple[str, ...], tuple[Condition, ...]], ...]
    """The conditions of the grid in its order: first those that mention none of
    :data:`SPECIAL_FACTS` (with ``()``), then each group mentioning the same special facts, whose
    truths the grid holds under every combination of true, false and absent for those facts."""
    facts: tuple[str, ...]
    """Every fact the conditions read (named in a missing-fact error when absent)."""
    lookbacks: tuple[Lookback | None, ...]
    """The item's and its rows' lookbacks in both versions."""
    bases: tuple[str, ...]
    """Base facts of ``multiple`` fine brackets."""
    scan: Scan
    """Generated (:func:`lawcore.decision.compiled.compile_scan`): the item's fact check, the
    facts the engine sets, the grid and the :data:`DIRECT_FACTS` in one pass over the facts."""


@dataclass(frozen=True, slots=True)
class _Template:
    """A decision (or missing-fact error) for one situation, with what :func:`_finish` replaces."""

    decision: Decision | None
    error: DecisionInputError | None
    codes: frozenset[str]
    prefix: int
    """Leading reasons rebuilt from the history: 0, 1 (first violation) or 2 (+ stricter)."""
    lookback: Lookback | None
    due_days: tuple[dt.timedelta | None, ...]
    """Per follow-up: how long after the decision date it is due, or None."""
    parts: _Parts | None = None
    """The citations before and after the procedure's and the procedure's inputs: the procedure
    and the citations for another party kind (None: they do not depend on it)."""
    party: str = ""
    """The party kind of the decision held."""
    scale: _Scale | None = None
    """The fine in multiples of a base, unmultiplied, when one version decides: :func:`_finish`
    multiplies it by the request's base amount and rebuilds its reason, the procedure and the
    citations (see :data:`_KEY_BASES`)."""
    by_party: dict[str, tuple[Procedure, tuple[Cited, ...]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Party kind → procedure and citations (filled on first use)."""
    version_roles: tuple[tuple[VersionUsed, bool], ...] = field(init=False, repr=False)
    """The decision's versions, each with whether it takes the violation date (else the
    decision date)."""
    dated: bool = field(init=False, repr=False)
    """Whether a follow-up has a due date."""

    def __post_init__(self) -> None:
        versions = self.decision.versions if self.decision is not None else ()
        roles = tuple((v, v.date_role == "violation_date") for v in versions)
        object.__setattr__(self, "version_roles", roles)
        object.__setattr__(self, "dated", any(days is not None for days in self.due_days))


def _plan(  # noqa: C901 - one loop per kind of condition
    index: Index,
    book: Rulebook,
    info: ItemInfo,
    code: str,
    old: RulebookVersion | None,
    new: RulebookVersion | None,
) -> _Plan:
    key = (id(book), code, id(old), id(new))
    found = index.plans.get(key)
    if isinstance(found, _Plan):
        return found
    conditions: dict[int, Condition] = {}
    lookbacks: list[Lookback | None] = []
    bases: list[str] = []

    def add(condition: Condition) -> None:
        conditions.setdefault(id(condition), condition)

    for version in (old, new):
        if version is None:
            continue
        vi = _version_item_at(index, book, code, version)
        if vi is None:
            continue
        for lb in (
            book.lookback_for(vi.item, None),
            *(book.lookback_for(vi.item, r) for r in vi.item.rows if r.lookback is not None),
        ):
            if lb not in lookbacks:
                lookbacks.append(lb)
        for row in vi.item.rows:
            add(row.conditions)
        if vi.benchmark is not None:
            for level in vi.benchmark.levels:
                if level.conditions is not None:
                    add(level.conditions)
        if vi.fine is not None:
            for bracket in vi.fine.brackets:
                add(bracket.when)
                if bracket.base is not None and bracket.base not in bases:
                    bases.append(bracket.base)
        for penalty in vi.penalties:
            add(penalty.when)
    plain: list[Condition] = []
    special: dict[tuple[str, ...], list[Condition]] = {}
    names: set[str] = set()
    for condition in conditions.values():
        read = facts_of(condition)
        names |= read
        mentioned = tuple(f for f in SPECIAL_FACTS if f in read)
        if mentioned:
            special.setdefault(mentioned, []).append(condition)
        else:
            plain.append(condition)
    groups = tuple(special.items())
    plan = _Plan(
        (((), tuple(plain)), *((m, tuple(c)) for m, c in groups)),
        tuple(sorted(names)),
        tuple(lookbacks),
        tuple(bases),
        compile_scan(
            plain,
            groups,
            info.specs,
            index.truth,
            DIRECT_FACTS,
            ("party_kind", "age", _age_fact),
        ),
    )
    index.plans[key] = plan
    return plan


_On = tuple[RulebookVersion | None, int]
"""The version of a rulebook in force on a date and the identity of the APL 63 threshold row
in force then (:func:`_threshold_id`)."""


def _dates(index: Index, book: Rulebook) -> dict[dt.date, _On]:
    """``book``'s table of what is in force on each date (:attr:`Index.dates`)."""
    table = index.dates.get(id(book))
    if table is None:
        table = index.dates[id(book)] = {}
    return table  # type: ignore[return-value]


def _on(index: Index, book: Rulebook, date: dt.date) -> _On:
    """What is in force for ``book`` on ``date``: both pure functions of the rulebooks and the
    date, so kept per book and date (at most :data:`MAX_DATES` dates a book)."""
    table = _dates(index, book)
    found = table.get(date)
    if found is None:
        if len(table) >= MAX_DATES:
            table.clear()
        authority = HEARING_AUTHORITY.get(book.field, book.field)
        found = table[date] = (book.version_in_force(date), _threshold_id(authority, date))
    return found


def _in_force(index: Index, book: Rulebook, date: dt.date) -> RulebookVersion | None:
    return _on(index, book, date)[0]


@functools.lru_cache(maxsize=8192)
def _threshold_id(authority: str, date: dt.date) -> int:
    """Identity of the APL 63 threshold row in force (0 when none: the engine notes it)."""
    try:
        return id(select_hearing_threshold(authority, date))
    except ThresholdError:
        return 0


def _time_barred(request: DecisionRequest, facts: Mapping[str, Scalar]) -> bool:
    """Whether APL 36 may bar the violation (exactly :func:`lawcore.law.limitation`'s test; a
    time-barred request is decided from scratch, and never kept as a template)."""
    if request.discovered_date is None:
        return False
    harm = facts.get("harm")
    years = (
        EXTENDED_YEARS
        if facts.get("life_health_or_financial_safety") is True
        and harm is not None
        and harm != "none"
        else ORDINARY_YEARS
    )
    return request.discovered_date > add_years(request.violation_date, years)


def _signature(info: ItemInfo, direct: tuple[Scalar | None, ...], derived: bool) -> int:
    """The number of what the engine makes of the :data:`DIRECT_FACTS` values ``direct`` (None:
    not given) for ``info``'s item, with ``first_violation`` derived from a history or not: the
    raw values of the facts it changes itself (:data:`SPECIAL_FACTS`, which pick the grid's
    combination), APL 33's answer for each value of ``first_violation`` and
    ``corrected_in_time`` it may use, the APL 32 grounds with ``reduced_harm`` as given and
    true, which corrections are open (the corrective path), whether the party corrected in time
    (follow-ups) and the procedure's flags. Requests with the same number get the same decision
    in the same situation otherwise — the rest of the key (:func:`_key`)."""
    d = dict(zip(DIRECT_FACTS, direct, strict=True))
    first = ABSENT if derived else d["first_violation"]
    corrected = d["corrected_in_time"]
    apl33 = tuple(
        _apl33(
            tuple((v.__class__, v) for v in (d["minor"], cit, fv, d["no_fault_proven"], d["harm"]))
        )
        for fv in ((True, False) if derived else (first,))
        for cit in (corrected, True)
    )
    grounds = tuple(
        _mitigation(
            tuple(
                (law, v.__class__, v)
                for ours, law in MITIGATION_FACTS.items()
                if (v := reduced if ours == "reduced_harm" else d[ours]) is not None
            )
        )
        for reduced in (d["reduced_harm"], True)
    )
    summary = (
        first,
        corrected,
        d["reduced_harm"],
        d["refused_to_correct"],
        apl33,
        grounds,
        tuple(name in info.book_specs and d[name] != value for name, value, _ in CORRECTIONS),
        corrected is True,
        tuple(d[name] is True for name in PROCEDURE_READS),
    )
    summaries, signatures = info.summaries, info.signatures
    number = summaries.get(summary)
    if number is None:
        if len(summaries) >= MAX_SIGNATURES:
            summaries.clear()
            signatures.clear()
        # a number never given before: the memo still holds templates keyed with the numbers
        # of the entries just dropped, and ``len(summaries)`` would give one of them again
        number = summaries[summary] = next(info.numbers)
    if len(signatures) >= MAX_SIGNATURES:
        signatures.clear()
    signatures[(direct, derived)] = number
    return number


MAX_SIGNATURES = 65_536
"""Signatures kept per item before its tables are emptied and refilled (they stay small: the
direct facts are yes/no facts and enumerations). Numbers are not given again after that
(:attr:`ItemInfo.numbers`)."""


_KEY_OLD, _KEY_NEW, _KEY_SIGNATURE, _KEY_BASES = 2, 3, 8, 9
"""Positions in the situation key (:func:`_key`) of the versions in force at the two dates
(their identities), the signature and the base amounts (read by :func:`_variant_cached`).

The base amounts of a fine in multiples are in the key as given when two versions are in force
(APL 37 compares the fines). When one version decides, the key holds only whether each is given:
the template keeps the fine unmultiplied (:attr:`_Template.scale`) and :func:`_finish`
multiplies it, writes its reason and settles the procedure for each request. Where the base
amounts could still change the decision otherwise — the corrective path choosing between two
changes of the same tier by their proposals (:attr:`_Record.contested`) — the key's entry is a
:class:`_ByBase`, and the template is kept under the key with the amounts added."""


@dataclass(frozen=True, slots=True)
class _ByBase:
    """A situation memo entry: this situation's decisions are kept per base amounts, under
    ``(key, amounts of names)``."""

    names: tuple[str, ...]


class _Route(NamedTuple):
    """What a request's item and rulebook id lead to (:attr:`Index.routes`)."""

    book: Rulebook
    info: ItemInfo
    dates: dict[dt.date, _On]
    """The book's table of what is in force on each date (:func:`_on`)."""
    plans: dict[tuple[int, int], _Plan]
    """The versions' identities at the two dates → their plan for the item (:func:`_plan`)."""


def _route(index: Index, rulebooks: RulebookSet, request: DecisionRequest) -> _Route:
    """The request's :class:`_Route` (raises :func:`_resolve`'s errors, which are not kept
    here)."""
    key = (request.item, request.rulebook)
    route = index.routes.get(key)
    if route is None:
        book = _resolve(rulebooks, request, index)
        info = _item_info(index, book, request.item)
        route = index.routes[key] = _Route(book, info, _dates(index, book), {})
    return route  # type: ignore[return-value]


def _plan_of(
    index: Index, route: _Route, request: DecisionRequest
) -> tuple[RulebookVersion | None, RulebookVersion | None, _Plan, int]:
    """The versions in force at the request's two dates, their plan for its item and the
    identity of the APL 63 threshold row in force at the decision date."""
    book, info, dates, plans = route
    violation, decision = request.violation_date, request.decision_date
    old, threshold = dates.get(violation) or _on(index, book, violation)
    if decision != violation:
        new, threshold = dates.get(decision) or _on(index, book, decision)
    else:
        new = old
    plan = plans.get((id(old), id(new)))
    if plan is None:
        plan = plans[(id(old), id(new))] = _plan(index, book, info, request.item, old, new)
    return old, new, plan, threshold


def _key(
    book: Rulebook,
    info: ItemInfo,
    request: DecisionRequest,
    facts: Mapping[str, Scalar],
    history: _History | None,
    old: RulebookVersion | None,
    new: RulebookVersion | None,
    plan: _Plan,
    grid: tuple[int, ...] | None,
    direct: tuple[Scalar | None, ...],
    threshold: int,
) -> tuple[object, ...] | None:
    """The situation key from the plan's ``grid`` and the ``direct`` facts' values (None:
    decide from scratch); the request is not time-barred."""
    if grid is None:
        return None
    bases: tuple[object, ...] = ()
    if plan.bases:
        bases = tuple(map(facts.get, plan.bases, _ABSENTS))
        if old is new or old is None or new is None:  # one version decides: _KEY_BASES
            bases = tuple([v is _ABSENT for v in bases])
    absent = tuple(f for f in plan.facts if f not in facts) if 1 in grid else ()
    past = None
    if history is not None:
        earlier = history.earlier
        past = (
            tuple([bool(earlier(lb)) for lb in plan.lookbacks]),
            bool(history.no_penalty_before()),
        )
    derived = history is not None
    signature = info.signatures.get((direct, derived))
    if signature is None:
        signature = _signature(info, direct, derived)
    age = None
    if request.birth_date is not None:
        age = facts["age"]
        if age >= AGE_OF_MAJORITY:  # type: ignore[operator]
            age = None  # an adult: APL 30 changes nothing (conditions on the age: the grid)
    return (  # no party kind: the template gives the procedure for each (the grid: conditions)
        id(book),
        request.item,
        id(old),
        id(new),
        request.decision_date == request.violation_date,
        threshold,
        age,
        past,
        signature,
        bases,
        grid,
        absent,
    )


_new_tuple = tuple.__new__
"""Builds a named tuple from a tuple of its fields (no per-field argument handling)."""


def _versions(
    roles: tuple[tuple[VersionUsed, bool], ...], violation: dt.date, decision: dt.date
) -> tuple[VersionUsed, ...]:
    """A template's versions with the request's dates (:attr:`_Template.version_roles`). A
    decision usually lists two: the version in force at each date under that date's role (the
    same version twice when nothing changed between them). One, when no version is in force on
    one of the dates, is written out without a comprehension's own frame."""
    if len(roles) == 1:
        ((v, at_violation),) = roles
        date = violation if at_violation else decision
        return (_new_tuple(VersionUsed, (v[0], v[1], v[2], v[3], date, v[5])),)
    return tuple(
        [
            _new_tuple(VersionUsed, (*v[:4], violation if at_violation else decision, v[5]))
            for v, at_violation in roles
        ]
    )


def _finish(
    template: _Template,
    request: DecisionRequest,
    facts: Mapping[str, Scalar],
    history: _History | None,
) -> Decision:
    """The decision of ``template``'s situation for ``request`` (its checked ``facts``): its
    dates, history reasons and, for a fine in multiples, its fine and what depends on it."""
    if template.error is not None:
        e = template.error
        raise DecisionInputError(e.path, e.en, e.zh, facts=e.facts, rows=e.rows)
    d = template.decision
    assert d is not None
    violation, decision = request.violation_date, request.decision_date
    versions = _versions(template.version_roles, violation, decision)
    follow = d.follow_ups
    if template.dated:
        follow = tuple(
            [
                f if days is None else _new_tuple(FollowUp, (f[0], f[1], decision + days))
                for f, days in zip(d.follow_ups, template.due_days, strict=True)
            ]
        )
    procedure, citations, fine = d.procedure, d.citations, d.fine
    parts = template.parts
    scale = template.scale
    if scale is not None and parts is not None:
        factor = Decimal(str(facts[scale.base]))
        fine = _fine_in(scale.tier_range.scaled(factor))
        before, after, inputs = parts
        procedure, proc_cites = _procedure_of(
            *inputs[:4], fine.proposed, str(fine.proposed), request.party_kind, *inputs[7:]
        )
        citations = _unique((*before, *proc_cites, *after))
    elif parts is not None and request.party_kind != template.party:
        found = template.by_party.get(request.party_kind)
        if found is None:
            before, after, inputs = parts
            procedure, proc_cites = _procedure_of(*inputs[:6], request.party_kind, *inputs[7:])
            found = template.by_party[request.party_kind] = (
                procedure,
                _unique((*before, *proc_cites, *after)),
            )
        procedure, citations = found
    reasons = d.reasons
    if template.prefix:
        assert history is not None
        notes = [_history_note(template.lookback, history.earlier(template.lookback), violation)]
        if template.prefix == 2:
            notes.append(_stricter_note(history.no_penalty_before()))
        reasons = (*notes, *d.reasons[template.prefix :])
    if scale is not None and fine is not None:
        at = scale.reason_at
        text = _fine_reason(scale.statutory.scaled(factor), scale.tier, fine)
        reasons = (*reasons[:at], text, *reasons[at + 1 :])
    return _new_tuple(
        Decision,
        (*d[:7], fine, procedure, follow, reasons, citations, d[12], d[13], versions, d[15]),
    )


def _template(
    book: Rulebook,
    info: ItemInfo,
    request: DecisionRequest,
    history: _History | None,
    facts: Mapping[str, Scalar],
    result: Decision | DecisionInputError,
    record: _Record,
    one: bool,
) -> _Template | None:
    """``result``'s template, or None when it is not kept (see the module comment). ``record``:
    what :func:`_core` and :func:`_corrective_path` noted; ``one``: whether one version decides
    (the fine is kept unmultiplied, :data:`_KEY_BASES`)."""
    if isinstance(result, DecisionInputError):
        if not result.facts:
            return None
        # a copy: ``result`` is raised again and would keep its traceback (the frames, their
        # requests and the whole batch of decide_many) alive for as long as the template
        kept = DecisionInputError(
            result.path, result.en, result.zh, facts=result.facts, rows=result.rows
        )
        template = _Template(None, kept, info.codes, 0, None, ())
        try:
            _finish(template, request, facts, history)
        except DecisionInputError as again:
            same = (again.path, again.en, again.zh, again.facts, again.rows) == (
                result.path,
                result.en,
                result.zh,
                result.facts,
                result.rows,
            )
            return template if same else None
        return None
    if result.clause == "APL 36":
        return None
    prefix, lookback = 0, None
    if history is not None and result.clause != "APL 30":
        prefix = 2 if history.no_penalty_before() else 1
        applied = next((v for v in result.versions if v.applied), None)
        version = book.version(applied.version) if applied is not None else None
        item = version.item(request.item) if version is not None else None
        if item is None:
            return None
        lookback = book.lookback_for(item, None)
    due = tuple(None if f.due is None else f.due - request.decision_date for f in result.follow_ups)
    scale = record.scale if one else None
    if scale is not None and (scale.reason_at < 0 or record.parts is None):
        return None
    template = _Template(
        result,
        None,
        info.codes,
        prefix,
        lookback,
        due,
        record.parts,
        request.party_kind,
        scale,
    )
    return template if _finish(template, request, facts, history) == result else None


def decide(rulebooks: RulebookSet, request: DecisionRequest) -> Decision:
    """The lawful outcome for ``request`` (see the module docstring). Raises
    :class:`DecisionInputError` for an unknown item, a missing or ill-typed fact, or no version in force.

    Same result as :func:`decide_uncached`, from a bounded memo of situations (module comment above
    :data:`SPECIAL_FACTS`)."""
    return _decide(index_of(rulebooks), rulebooks, request)


def _decide(index: Index, rulebooks: RulebookSet, request: DecisionRequest) -> Decision:
    """:func:`decide` with ``rulebooks``' tables (:func:`decide_many` looks them up once)."""
    check_request(request)  # before the memo: a template would answer what the check refuses
    route = _route(index, rulebooks, request)
    facts, history, situation = _checked_situation(index, route, request)
    book, info = route.book, route.info
    checked = (book, info, facts)
    if situation is None:
        return _decided(rulebooks, request, checked)
    key, found = _lookup(index, situation, facts)
    if found.__class__ is _Template:
        return _finish(found, request, facts, history)
    result: Decision | DecisionInputError
    record = _Record()
    try:
        result = _decided(rulebooks, request, checked, record, situation)
    except DecisionInputError as exc:
        result = exc
    old, new = situation[_KEY_OLD], situation[_KEY_NEW]  # the versions' identities
    one = old == new or id(None) in (old, new)
    template = _template(book, info, request, history, facts, result, record, one)
    if template is not None:
        entries: list[tuple[tuple[object, ...], object]] = [(key, template)]
        if key is situation and one and record.contested and situation[_KEY_BASES]:
            entries = _by_base(index, route, request, facts, situation, template)
        memo = index.memo
        with index.memo_lock:
            for k, v in entries:
                memo[k] = v
            while len(memo) > MEMO_SIZE:
                memo.popitem(last=False)
    if isinstance(result, DecisionInputError):
        try:
            raise result
        finally:  # else this frame, in the error's traceback, holds the error: a cycle
            del result
    return result


def _checked_situation(
    index: Index, route: _Route, request: DecisionRequest
) -> tuple[dict[str, Scalar], _History | None, tuple[object, ...] | None]:
    """The request's checked facts (what :func:`_facts` gives), its history and its situation
    key (None: decide from scratch), the facts read once by the plan's generated scan
    (:attr:`_Plan.scan`). A fact the scan does not take unchanged goes to :func:`_facts`, which
    raises its error — or takes it after all (a subclass of ``Decimal``, say): that request is
    decided from scratch, because the conditions (``_tv``) see such a value otherwise than the
    generated comparisons do, and a key made from those would answer another situation's
    template (``tests/lawcore/decision/test_fast_path.py``)."""
    old, new, plan, threshold = _plan_of(index, route, request)
    book, info = route.book, route.info
    violation = request.violation_date
    facts = _copy(request.facts)
    scanned = plan.scan(facts, request.party_kind, request.birth_date, violation)
    history = (
        _History(info.codes, request.history, violation) if request.history is not None else None
    )
    if scanned is None:  # the engine's own check names the error, or takes the fact after all
        return _facts(info, request), history, None
    if request.discovered_date is not None and _time_barred(request, facts):
        return facts, history, None
    grid, direct = scanned
    return (
        facts,
        history,
        _key(book, info, request, facts, history, old, new, plan, grid, direct, threshold),
    )


def _lookup(
    index: Index, situation: tuple[object, ...], facts: Mapping[str, Scalar]
) -> tuple[tuple[object, ...], object]:
    """The memo key of ``situation`` for these facts (with the base amounts where its entry is a
    :class:`_ByBase`) and its entry (None: none).

    A hit leaves the entry where it is: the memo drops the oldest entries first, not the least
    recently used (:attr:`lawcore.decision.index.Index.memo`). Moving a hit's entry to the end
    touches its neighbours in memory on every hit, about 2–3 % of a request in a large run,
    for an order that buys nothing measurable there: the memo barely fills in 1,000,000 of the
    bench's requests (docs/performance.md, "Seventh round")."""
    memo = index.memo
    with index.memo_lock:
        found = memo.get(situation)
        if found.__class__ is _ByBase:
            key = (situation, tuple(map(facts.get, found.names, _ABSENTS)))
            return key, memo.get(key)
    return situation, found


def _by_base(
    index: Index,
    route: _Route,
    request: DecisionRequest,
    facts: Mapping[str, Scalar],
    situation: tuple[object, ...],
    template: _Template,
) -> list[tuple[tuple[object, ...], object]]:
    """The memo entries of a situation whose decisions are kept per base amounts (:class:`_ByBase`)."""
    names = _plan_of(index, route, request)[2].bases
    amounts = tuple(map(facts.get, names, _ABSENTS))
    return [(situation, _ByBase(names)), ((situation, amounts), template)]


def _grouped(chunk: list[DecisionRequest]) -> list[int]:
    """The positions of ``chunk`` in the order :func:`decide_many` decides them: grouped by
    item, in request order within an item. One item's tables, generated functions and
    templates are then used again while they are still in the processor's caches: about 12 %
    less time a request in alternating chunks, 7–19 % more decisions/s in four of five pairs
    of 1,000,000-request runs (docs/performance.md, "Seventh round"). The answers do not
    depend on the order (the memo only ever answers what deciding in full would), and
    :func:`decide_many` gives them back in request order. A request whose item is not text
    (an error, answered in its place) is decided after the others."""
    items = [r.item if r.item.__class__ is str else "\U0010ffff" for r in chunk]
    return sorted(range(len(chunk)), key=items.__getitem__)


BULK_CHUNK = 10_000
"""Requests :func:`decide_many` decides at a time with the cyclic garbage collector paused."""


def decide_many(
    rulebooks: RulebookSet, requests: Iterable[DecisionRequest]
) -> Iterator[Decision | DecisionInputError]:
    """Decide each request in order; a bad request yields its error (without its traceback,
    which would hold this generator's frame and the caller's requests in a reference cycle)
    instead of stopping the run.

    Requests are taken :data:`BULK_CHUNK` at a time and decided with the cyclic garbage
    collector paused (:func:`lawcore.collector.collector_paused`): its automatic collections,
    which traverse the memo's templates again and again, cost a fifth of the time of a large
    run (issue #3, Performance). The pause never spans a ``yield``, so the caller's own work
    runs with the collector as it was. Within a chunk the requests are decided grouped by item
    (:func:`_grouped`) and answered in request order."""
    pending = iter(requests)
    while True:
        chunk: list[DecisionRequest] = []
        failed: BaseException | None = None
        try:  # the requests before one the caller's iterable fails to give are still answered
            chunk.extend(itertools.islice(pending, BULK_CHUNK))
        except Exception as exc:  # raised again below, after those answers
            failed = exc
        results: list[Decision | DecisionInputError | None] = [None] * len(chunk)
        index = index_of(rulebooks)
        with collector_paused():
            for at in _grouped(chunk):
                try:
                    results[at] = _decide(index, rulebooks, chunk[at])
                except DecisionInputError as exc:
                    # without its traceback: that holds this frame, which holds ``results``
                    # and the caller's requests — a cycle only a full collection would free
                    results[at] = exc.with_traceback(None)
        yield from cast(list[Decision | DecisionInputError], results)  # each position filled
        if failed is not None:
            raise failed
        if len(chunk) < BULK_CHUNK:
            return
